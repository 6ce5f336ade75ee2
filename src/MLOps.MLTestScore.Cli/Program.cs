using System.Globalization;

namespace MLOps.MLTestScore.Cli;

/// <summary>
/// <c>mltestscore --results a.trx [--results b.xml ...] [--assembly Tests.dll ...] [--mapping m.json]
/// [--evidence e.json] [--max-age-days 180] [--repository DIR] [--out DIR] [--name ml-test-score]
/// [--min-score 2] [--project P] [--commit SHA] [--history FILE] [--baseline FILE] [--fail-on-regression true]
/// [--github-summary false]</c>. Exit codes: 0 scored (and met the minimum), 1 below the minimum or fell against the baseline,
/// 2 bad arguments or an input error, 3 the report could not be written.
/// </summary>
public static class Program
{
    public const int Success = 0;
    public const int BelowMinimum = 1;
    public const int InputError = 2;
    public const int WriteError = 3;

    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    internal static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var options = new ScoreOptions();
        var outputDirectory = Directory.GetCurrentDirectory();
        var baseName = "ml-test-score";
        string? minimumText = null;
        var artifacts = new ScoreArtifactOptions();

        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                output.WriteLine(Usage);
                return Success;
            }

            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                error.WriteLine($"mltestscore: {name} needs a value.\n{Usage}");
                return InputError;
            }

            var value = args[++i];
            switch (name)
            {
                case "--results": options.ResultFiles.Add(Path.GetFullPath(value)); break;
                case "--assembly": options.TestAssemblies.Add(Path.GetFullPath(value)); break;
                case "--mapping": options.MappingFile = Path.GetFullPath(value); break;
                case "--evidence": options.ManualEvidenceFile = Path.GetFullPath(value); break;
                case "--repository": options.RepositoryRoot = Path.GetFullPath(value); break;
                case "--out": outputDirectory = Path.GetFullPath(value); break;
                case "--name": baseName = value; break;
                case "--min-score": minimumText = value; break;
                case "--project": options.ProjectName = value; break;
                case "--commit": options.Commit = value; break;
                case "--history": artifacts.HistoryFile = Path.GetFullPath(value); break;
                case "--baseline": artifacts.BaselineFile = Path.GetFullPath(value); break;
                case "--fail-on-regression": artifacts.FailOnRegression = string.Equals(value, "true", StringComparison.OrdinalIgnoreCase); break;
                case "--github-summary": artifacts.GitHubSummary = !string.Equals(value, "false", StringComparison.OrdinalIgnoreCase); break;
                case "--max-age-days":
                    if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var days) || days < 0)
                    {
                        error.WriteLine($"mltestscore: --max-age-days '{value}' is not a whole number of days.");
                        return InputError;
                    }

                    options.ManualEvidenceMaxAgeDays = days;
                    break;
                default:
                    error.WriteLine($"mltestscore: unknown option {name}.\n{Usage}");
                    return InputError;
            }
        }

        if (options.ResultFiles.Count == 0 && options.TestAssemblies.Count == 0 && options.ManualEvidenceFile is null)
        {
            error.WriteLine($"mltestscore: give at least one --results, --assembly or --evidence.\n{Usage}");
            return InputError;
        }

        if (!ScoreThreshold.TryParse(minimumText, out var minimum))
        {
            error.WriteLine($"error {ScoreThreshold.InvalidMinimumCode}: --min-score '{minimumText}' is not a number between 0 and 7.");
            return InputError;
        }

        foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            options.Environment[(string)variable.Key] = variable.Value as string;
        }

        var result = ScoreEngine.Compute(options);
        foreach (var diagnostic in result.Diagnostics)
        {
            (diagnostic.Severity == ScoreDiagnosticSeverity.Error ? error : output).WriteLine(diagnostic.ToString());
        }

        artifacts.ReportDirectory = outputDirectory;
        artifacts.ReportBaseName = baseName;
        artifacts.RepositoryRoot = options.RepositoryRoot;
        foreach (var variable in options.Environment)
        {
            artifacts.Environment[variable.Key] = variable.Value;
        }

        IReadOnlyList<string> written;
        ScoreArtifactsOutcome outcome;
        try
        {
            outcome = ScoreArtifacts.Write(result.Report, artifacts);
            written = outcome.ReportFiles;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"{outputDirectory}: error {ScoreThreshold.ReportNotWrittenCode}: the report could not be written: {ex.Message}");
            return WriteError;
        }

        output.WriteLine(ReportWriter.SummaryLine(result.Report));
        output.WriteLine("Report: " + string.Join(", ", written));
        foreach (var line in outcome.LogLines)
        {
            output.WriteLine(line);
        }

        var regressed = false;
        foreach (var diagnostic in outcome.Diagnostics)
        {
            (diagnostic.Severity == ScoreDiagnosticSeverity.Error ? error : output).WriteLine(diagnostic.ToString());
            regressed |= diagnostic.Code == ScoreDiagnosticCodes.ScoreRegressed;
        }

        if (minimum is double bar && ScoreThreshold.Check(result.Report, bar) is string failure)
        {
            error.WriteLine($"{written[0]}: error {ScoreThreshold.BelowMinimumCode}: {failure}");
            return BelowMinimum;
        }

        if (regressed)
        {
            return BelowMinimum;
        }

        return result.Diagnostics.Any(d => d.Severity == ScoreDiagnosticSeverity.Error) ? InputError : Success;
    }

    private const string Usage = """
        Usage: mltestscore --results <file> [--results <file> ...] [--assembly <test.dll> ...]
                           [--mapping <mapping.json>] [--evidence <evidence.json>] [--max-age-days <n>]
                           [--repository <dir>] [--out <dir>] [--name <base name>] [--min-score <0-7>]
                           [--project <name>] [--commit <sha>] [--history <file.jsonl>] [--baseline <file>]
                           [--fail-on-regression true] [--github-summary false]
        Reads TRX, JUnit and xunit v3 XML results (merged), tags from test assemblies, a mapping file and
        manual evidence; writes <name>.json, .md, .html and .junit.xml to --out (default: the current
        folder), appends a line to the history (default <name>.history.jsonl there) and shows the change
        since the previous run and the --baseline (a report JSON or a history line).
        Exit codes: 0 scored, 1 below --min-score or (with --fail-on-regression true) below the baseline,
        2 bad arguments or input errors, 3 report not written.
        """;
}
