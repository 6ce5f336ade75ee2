using System.Text.RegularExpressions;
using Xunit;

namespace MLOps.Analyzers.IntegrationTests;

/// <summary>
/// The README promises a newcomer two commands. The first one, read from the README itself and run
/// exactly as written, must show the debt sample's warnings and then write the score report.
/// (The second is the command this test suite runs under.)
/// A newcomer has a fresh clone, so the samples' bin/ and obj/ are removed first: after an earlier build the
/// compiler would not run (the build is up to date), no warning would be printed, and the test would pass or fail
/// depending on what was built before. (The build cannot be sent to a fresh output with --artifacts-path or
/// BaseIntermediateOutputPath instead: the samples take the score task from src/MLOps.MLTestScore.Tasks/bin and the
/// package's targets put the SARIF log under $(MSBuildProjectDirectory)/$(IntermediateOutputPath).)
/// </summary>
public sealed partial class ReadmeCommandTests
{
    [Fact]
    public void SampleCommandShowsEveryRuleFamilyThenWritesTheScoreReport()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        var commands = ShellCommand().Matches(readme).Select(m => m.Groups["args"].Value.Trim()).ToList();
        Assert.True(commands.Count >= 2, "the README must hold the sample command and the test command");
        Assert.Contains("test MLOps.Analyzers.sln", commands);
        var sample = commands.Single(c => c.Contains("samples/", StringComparison.Ordinal));
        RemoveSampleBuildOutput();

        var result = DotNetCli.Run(Repository.Root, TimeSpan.FromMinutes(10), sample.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.True(result.ExitCode == 0, "the README's sample command failed: " + result);
        foreach (var id in new[] { "MLOPS101", "MLOPS201", "MLOPS301", "MLOPS401" })
        {
            Assert.Contains("warning " + id, result.Output, StringComparison.Ordinal);
        }

        var warningAt = result.Output.IndexOf("warning MLOPS", StringComparison.Ordinal);
        var scoreAt = result.Output.IndexOf("MLTestScore: ML Test Score", StringComparison.Ordinal);
        Assert.True(scoreAt > warningAt && warningAt >= 0, "the warnings come first, then the score line:\n" + result.Output);

        var output = Path.Combine(Repository.Samples, "HousePriceTraining.Tests", "bin", "Debug", "net10.0");
        foreach (var extension in new[] { ".json", ".md", ".html" })
        {
            Assert.True(File.Exists(Path.Combine(output, "ml-test-score" + extension)), $"ml-test-score{extension} is not in {output}");
        }
    }

    /// <summary>Deletes bin/ and obj/ of every sample project (what git ignores), as in a fresh clone.</summary>
    private static void RemoveSampleBuildOutput()
    {
        foreach (var project in Directory.EnumerateFiles(Repository.Samples, "*.csproj", SearchOption.AllDirectories).ToList())
        {
            foreach (var name in new[] { "bin", "obj" })
            {
                var directory = Path.Combine(Path.GetDirectoryName(project)!, name);
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
        }
    }

    [GeneratedRegex(@"^dotnet (?<args>test [^\n#]+)$", RegexOptions.Multiline)]
    private static partial Regex ShellCommand();
}
