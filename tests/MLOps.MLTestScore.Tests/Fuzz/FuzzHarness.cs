using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace MLOps.MLTestScore.Tests.Fuzz;

/// <summary>How the harness decides whether a mutant is still well-formed, to demand a parse-error diagnostic with a line when it is not.</summary>
internal enum Syntax
{
    None,
    Xml,
    Json,
}

/// <summary>
/// Runs ScoreEngine.Compute on one mutant (plus untouched other inputs), writes the reports with
/// ReportWriter and checks the engine's contract. Collects every violation, so one run lists them all.
/// </summary>
internal sealed partial class FuzzHarness : IDisposable
{
    /// <summary>Diagnostics about the run as a whole, not about one file.</summary>
    private static readonly HashSet<string> RunLevelCodes = new(StringComparer.Ordinal)
    {
        ScoreDiagnosticCodes.NoResults,
        ScoreDiagnosticCodes.NoTaggedTests,
        ScoreDiagnosticCodes.TaggedTestsNotRun,
    };

    private static readonly HashSet<string> KnownCodes = typeof(ScoreDiagnosticCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (string)f.GetValue(null)!)
        .ToHashSet(StringComparer.Ordinal);

    private static readonly string[] SectionNames = { "Data", "Model", "Infra", "Monitor" };

    private readonly TestFiles files = new();
    private readonly List<string> failures = new();
    private int failureCount;

    public string Directory => files.Directory;

    public int MutantCount { get; private set; }

    public string Write(string name, string content) => files.Write(name, content);

    /// <summary>Writes the mutant as <paramref name="fileName"/> in the temp directory, scores it and checks the contract.</summary>
    public void Run(string fixture, Mutant mutant, string fileName, Syntax syntax, Action<ScoreOptions, string> configure)
    {
        MutantCount++;
        var path = Path.Combine(files.Directory, "mutants", fileName);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, mutant.Bytes);

        var options = new ScoreOptions { Now = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero) };
        configure(options, path);
        var inputs = new HashSet<string>(options.ResultFiles.Concat(options.TestAssemblies), StringComparer.Ordinal);
        foreach (var single in new[] { options.MappingFile, options.ManualEvidenceFile })
        {
            if (single is not null)
            {
                inputs.Add(single);
            }
        }

        Assert.Contains(path, inputs); // the scenario must feed the mutant in

        var problems = new List<string>();
        ScoreResult? result = null;
        try
        {
            result = ScoreEngine.Compute(options);
        }
#pragma warning disable CA1031 // The point of the harness: any exception is a finding.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            problems.Add("ScoreEngine.Compute threw " + ex);
        }

        if (result is not null)
        {
            CheckDiagnostics(result.Diagnostics, path, inputs, syntax, problems);
            CheckInvariants(result.Report, problems);
            try
            {
                CheckReports(ReportWriter.WriteAll(result.Report, Path.Combine(files.Directory, "report")), problems);
            }
#pragma warning disable CA1031
            catch (Exception ex)
#pragma warning restore CA1031
            {
                problems.Add("ReportWriter.WriteAll threw " + ex);
            }
        }

        foreach (var problem in problems)
        {
            failureCount++;
            if (failures.Count < 30)
            {
                failures.Add($"[{fixture}] {mutant.Description}\n    => {problem}");
            }
        }
    }

    /// <summary>Fails with every violation found (the first 30 in full), each naming fixture, mutation and problem.</summary>
    public void AssertNoFailures()
    {
        Assert.True(MutantCount > 0, "no mutant was run");
        if (failureCount > 0)
        {
            Assert.Fail($"{failureCount} contract violation(s) in {MutantCount} mutants:\n" + string.Join("\n", failures));
        }
    }

    public void Dispose() => files.Dispose();

    private static void CheckDiagnostics(IReadOnlyList<ScoreDiagnostic> diagnostics, string mutant, HashSet<string> inputs, Syntax syntax, List<string> problems)
    {
        foreach (var d in diagnostics)
        {
            if (!CodePattern().IsMatch(d.Code) || !KnownCodes.Contains(d.Code))
            {
                problems.Add($"diagnostic with an unknown code: {d}");
            }

            if (d.Code == ScoreDiagnosticCodes.InternalError)
            {
                problems.Add($"InternalError (a bug): {d}");
            }

            if (!RunLevelCodes.Contains(d.Code) && (d.File is null || !inputs.Contains(d.File)))
            {
                problems.Add($"diagnostic does not name the input file it is about: {d}");
            }

            if ((d.Code == ScoreDiagnosticCodes.MalformedXml || d.Code == ScoreDiagnosticCodes.ProhibitedXml) && d.Line < 1)
            {
                problems.Add($"XML parse error without a line: {d}");
            }
        }

        var parseError = syntax switch
        {
            Syntax.Xml => XmlError(mutant),
            Syntax.Json => JsonError(mutant),
            _ => null,
        };
        if (parseError is not null)
        {
            var codes = syntax == Syntax.Xml
                ? new[] { ScoreDiagnosticCodes.MalformedXml, ScoreDiagnosticCodes.ProhibitedXml }
                : new[] { ScoreDiagnosticCodes.InvalidMappingFile, ScoreDiagnosticCodes.InvalidEvidenceFile };
            if (!diagnostics.Any(d => d.File == mutant && codes.Contains(d.Code) && d.Severity == ScoreDiagnosticSeverity.Error && d.Line >= 1))
            {
                problems.Add($"the file does not parse ({parseError}) but no {string.Join("/", codes)} error with a line names it; its diagnostics: {string.Join(" | ", diagnostics.Where(d => d.File == mutant))}");
            }
        }
    }

    /// <summary>The reader's verdict with the engine's own safe settings; null when the document is well-formed.</summary>
    private static string? XmlError(string path)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersFromEntities = 1024 };
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = XmlReader.Create(stream, settings);
            XDocument.Load(reader);
            return null;
        }
#pragma warning disable CA1031
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ex.GetType().Name + ": " + ex.Message;
        }
    }

    private static string? JsonError(string path)
    {
        try
        {
            using var _ = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 32 });
            return null;
        }
        catch (JsonException ex)
        {
            return ex.Message;
        }
    }

    private static void CheckInvariants(ScoreReport r, List<string> problems)
    {
        var names = r.Sections.Select(s => s.Name).ToArray();
        if (!names.SequenceEqual(SectionNames))
        {
            problems.Add($"sections are [{string.Join(", ", names)}], expected [{string.Join(", ", SectionNames)}]");
        }

        var ids = r.Sections.SelectMany(s => s.Items).Select(i => i.Id).ToList();
        if (ids.Count != 28 || ids.Distinct(StringComparer.Ordinal).Count() != 28)
        {
            problems.Add($"{ids.Count} items ({ids.Distinct(StringComparer.Ordinal).Count()} distinct), expected 28");
        }

        foreach (var s in r.Sections)
        {
            var sum = s.Items.Sum(i => i.Points);
            if (s.Items.Count != 7 || s.Score < 0 || s.Score > 7 || s.Score * 2 != Math.Floor(s.Score * 2) || s.Score != sum)
            {
                problems.Add($"section {s.Name}: {s.Items.Count} items, score {s.Score}, sum of points {sum}");
            }

            foreach (var i in s.Items)
            {
                if (i.Points is not (0 or 0.5 or 1))
                {
                    problems.Add($"item {i.Id} has {i.Points} points");
                }
            }
        }

        var min = r.Sections.Count == 0 ? double.NaN : r.Sections.Min(s => s.Score);
        if (r.FinalScore != min)
        {
            problems.Add($"final score {r.FinalScore} is not the minimum of the sections ({min})");
        }
    }

    private static void CheckReports(IReadOnlyList<string> written, List<string> problems)
    {
        if (written.Count != 3 || written.Any(p => !File.Exists(p) || new FileInfo(p).Length == 0))
        {
            problems.Add($"reports not all written: {string.Join(", ", written)}");
            return;
        }

        var json = written.Single(p => p.EndsWith(".json", StringComparison.Ordinal));
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(json, Encoding.UTF8));
            if (doc.RootElement.GetProperty("sections").GetArrayLength() != 4)
            {
                problems.Add("the JSON report does not hold four sections");
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            problems.Add("the JSON report is not valid: " + ex.Message);
        }

        if (!File.ReadAllText(written.Single(p => p.EndsWith(".html", StringComparison.Ordinal))).TrimEnd().EndsWith("</html>", StringComparison.Ordinal))
        {
            problems.Add("the HTML report is incomplete");
        }
    }

    [GeneratedRegex("^MLOPS9[0-9]{3}$")]
    private static partial Regex CodePattern();
}
