using System.Text;
using MLOps.Analyzers.DocGenerator;
using Xunit;

namespace MLOps.Analyzers.Tests.Documentation;

/// <summary>
/// The README rule table, the rule page headers, the MLOPS9xxx table and the analysis-mode files are written by
/// the generator from the code. This test runs it in memory and fails, with the diff and the command that fixes
/// it, when any of them would change.
/// </summary>
public sealed class GeneratedDocumentationTests
{
    [Fact]
    public void GeneratedFilesAreUpToDate()
    {
        var root = MLOps.TestUtilities.Repository.FindRoot(AppContext.BaseDirectory);
        var report = new StringBuilder();
        foreach (var file in DocumentationGenerator.Generate(root))
        {
            var path = Path.Combine(root, file.Path);
            var current = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : string.Empty;
            if (current != file.Content)
            {
                report.AppendLine($"--- {file.Path} (committed)").AppendLine($"+++ {file.Path} (generated)").Append(Diff(current, file.Content));
            }
        }

        Assert.True(report.Length == 0, $"Generated documentation is out of date. Run from the repository root:\n\n    {DocumentationGenerator.Command}\n\nand commit the result.\n\n{report}");
    }

    /// <summary>The changed middle of two texts (common leading and trailing lines cut), with three lines of context.</summary>
    internal static string Diff(string before, string after)
    {
        var a = before.Split('\n');
        var b = after.Split('\n');
        var head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head])
        {
            head++;
        }

        var tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[^(tail + 1)] == b[^(tail + 1)])
        {
            tail++;
        }

        var diff = new StringBuilder().AppendLine($"@@ line {head + 1} @@");
        foreach (var line in a[Math.Max(0, head - 3)..head])
        {
            diff.AppendLine("  " + line);
        }

        foreach (var line in a[head..^tail])
        {
            diff.AppendLine("- " + line);
        }

        foreach (var line in b[head..^tail])
        {
            diff.AppendLine("+ " + line);
        }

        foreach (var line in a[^tail..].Take(3))
        {
            diff.AppendLine("  " + line);
        }

        return diff.ToString();
    }
}
