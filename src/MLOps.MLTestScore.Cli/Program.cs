using System.Globalization;
using System.Reflection;

namespace MLOps.MLTestScore.Cli;

/// <summary>
/// <c>mltestscore --results a.trx [--results b.xml ...] [--assembly Tests.dll ...] [--mapping m.json]
/// [--evidence e.json] [--max-age-days 180] [--repository DIR] [--out DIR] [--name ml-test-score]
/// [--min-score 2] [--project P] [--commit SHA] [--history FILE] [--baseline FILE] [--fail-on-regression true]
/// [--github-summary false] [--sarif obj/mlops.sarif ...] [--fail-on-contradiction]</c>, installed as a .NET tool
/// (package MLOps.MLTestScore.Cli). Exit codes: <see cref="Success"/>, <see cref="BelowMinimum"/> (also: fell against
/// the baseline, or a contradicted item under --fail-on-contradiction), <see cref="InputError"/>, <see cref="WriteError"/>.
/// </summary>
public static class Program
{
    /// <summary>0: scored, the reports are written, and the minimum (if any) is met.</summary>
    public const int Success = 0;

    /// <summary>
    /// 1: scored and written, but the final score is below <c>--min-score</c> (MLOPS9100), or, under
    /// <c>--fail-on-contradiction</c>, open analyzer findings contradict a passing item (MLOPS9110).
    /// </summary>
    public const int BelowMinimum = 1;

    /// <summary>
    /// 2: bad arguments, a named input that does not exist (nothing is scored or written), or an input
    /// that exists but has errors (MLOPS90xx: the reports are written without its contribution).
    /// </summary>
    public const int InputError = 2;

    /// <summary>3: the reports could not be written (MLOPS9102).</summary>
    public const int WriteError = 3;

    private const string MinScoreOption = "--min-score";

    private const string FailOnContradictionOption = "--fail-on-contradiction";

    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    internal static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var options = new ScoreOptions();
        var inputs = new List<(string Option, string Path)>();
        var outputDirectory = Directory.GetCurrentDirectory();
        var baseName = "ml-test-score";
        string? minimumText = null;
        var artifacts = new ScoreArtifactOptions();

        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            switch (name)
            {
                case "-h" or "--help" or "-?":
                    output.WriteLine(Usage);
                    return Success;
                case "--version":
                    output.WriteLine(Version);
                    return Success;
                case FailOnContradictionOption:
                    options.FailOnContradiction = true;
                    continue;
            }

            if (!name.StartsWith("-", StringComparison.Ordinal) || !IsOption(name))
            {
                error.WriteLine($"mltestscore: unknown option '{name}'. Run 'mltestscore --help' for the options.");
                return InputError;
            }

            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                error.WriteLine($"mltestscore: {name} needs a value. Run 'mltestscore --help' for the options.");
                return InputError;
            }

            var value = args[++i];
            switch (name)
            {
                case "--results": options.ResultFiles.Add(Input(name, value)); break;
                case "--assembly": options.TestAssemblies.Add(Input(name, value)); break;
                case "--sarif": options.SarifFiles.Add(Input(name, value)); break;
                case "--mapping": options.MappingFile = Input(name, value); break;
                case "--evidence": options.ManualEvidenceFile = Input(name, value); break;
                case "--repository": options.RepositoryRoot = Path.GetFullPath(value); break;
                case "--out": outputDirectory = Path.GetFullPath(value); break;
                case "--name": baseName = value; break;
                case MinScoreOption: minimumText = value; break;
                case "--project": options.ProjectName = value; break;
                case "--commit": options.Commit = value; break;
                case "--history": artifacts.HistoryFile = Path.GetFullPath(value); break;
                case "--baseline": artifacts.BaselineFile = Path.GetFullPath(value); break;
                case "--fail-on-regression": artifacts.FailOnRegression = string.Equals(value, "true", StringComparison.OrdinalIgnoreCase); break;
                case "--github-summary": artifacts.GitHubSummary = !string.Equals(value, "false", StringComparison.OrdinalIgnoreCase); break;
                case "--max-age-days":
                    if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var days) || days < 0)
                    {
                        error.WriteLine($"mltestscore: --max-age-days '{value}' is not a whole number of days (0 or more).");
                        return InputError;
                    }

                    options.ManualEvidenceMaxAgeDays = days;
                    break;
            }
        }

        if (options.ResultFiles.Count == 0 && options.TestAssemblies.Count == 0 && options.ManualEvidenceFile is null)
        {
            error.WriteLine("mltestscore: give at least one --results, --assembly or --evidence. Run 'mltestscore --help' for the options.");
            return InputError;
        }

        if (!ScoreThreshold.TryParse(minimumText, MinScoreOption, null, out var minimum, out var invalid))
        {
            error.WriteLine(invalid!.ToString());
            return InputError;
        }

        // A missing input is a mistake on the command line, not a finding: a report without it would
        // score the project lower than it is and overwrite a good one.
        var missing = inputs.Where(input => !File.Exists(input.Path)).ToList();
        if (missing.Count > 0)
        {
            foreach (var (option, path) in missing)
            {
                error.WriteLine($"{path}: error {ScoreDiagnosticCodes.FileNotFound}: {option} names a file that does not exist.");
            }

            error.WriteLine("mltestscore: nothing scored, no report written.");
            return InputError;
        }

        options.CopyProcessEnvironment();
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

        var outcome = ScoreArtifacts.Write(result.Report, artifacts);
        var written = outcome.ReportFiles;
        if (written.Count == 0)
        {
            foreach (var diagnostic in outcome.Diagnostics)
            {
                error.WriteLine(diagnostic.ToString());
            }

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

        if (minimum is double bar && ScoreThreshold.Check(result.Report, bar, MinScoreOption) is string failure)
        {
            error.WriteLine(new ScoreDiagnostic(ScoreThreshold.BelowMinimumCode, ScoreDiagnosticSeverity.Error, failure, written[0]).ToString());
            return BelowMinimum;
        }

        if (result.Diagnostics.Any(d => d.Severity == ScoreDiagnosticSeverity.Error && d.Code != ScoreDiagnosticCodes.ContradictedItem))
        {
            return InputError;
        }

        // A score that fell against the baseline, and under --fail-on-contradiction MLOPS9110 as an error: gates that
        // failed, like the minimum.
        return regressed || result.Diagnostics.Any(d => d.Severity == ScoreDiagnosticSeverity.Error) ? BelowMinimum : Success;

        string Input(string option, string path)
        {
            var full = Path.GetFullPath(path);
            inputs.Add((option, full));
            return full;
        }
    }

    private static bool IsOption(string name) => name is "--results" or "--sarif" or "--assembly" or "--mapping" or "--evidence" or "--repository"
        or "--out" or "--name" or MinScoreOption or "--max-age-days" or "--project" or "--commit" or "--history" or "--baseline"
        or "--fail-on-regression" or "--github-summary";

    /// <summary>The tool's version: the informational version without the source revision.</summary>
    internal static string Version
    {
        get
        {
            var version = typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? typeof(Program).Assembly.GetName().Version?.ToString()
                ?? "0.0.0";
            var plus = version.IndexOf('+', StringComparison.Ordinal);
            return plus > 0 ? version[..plus] : version;
        }
    }

    internal const string Usage = """
        mltestscore: the ML Test Score (Breck et al. 2017) of a test run, from its result files.

        Usage: mltestscore --results <file> [--results <file> ...] [--assembly <test.dll> ...]
                           [--mapping <mapping.json>] [--evidence <evidence.json>] [--max-age-days <n>]
                           [--repository <dir>] [--out <dir>] [--name <base name>] [--min-score <0-7>]
                           [--project <name>] [--commit <sha>] [--history <file.jsonl>] [--baseline <file>]
                           [--fail-on-regression true] [--github-summary false]
                           [--sarif <compiler.sarif> ...] [--fail-on-contradiction]
               mltestscore --help | --version

        Options:
          --results <file>       TRX, JUnit or xunit v3 XML results; repeat for shards (merged)
          --assembly <test.dll>  a built test assembly whose attributes carry rubric tags; repeatable
          --mapping <file>       JSON mapping of test-name globs to rubric IDs
          --evidence <file>      JSON manual evidence (half points)
          --max-age-days <n>     manual evidence older than n days earns nothing (default 180)
          --repository <dir>     repository root: CI detection, relative paths in the report
          --out <dir>            where <name>.json, .md, .html and .junit.xml are written (default: current folder)
          --name <base name>     report file name without extension (default ml-test-score)
          --min-score <0-7>      fail (exit 1) when the final score is lower
          --project <name>       the project named in the report and the history
          --commit <sha>         the commit named in the report (default: CI variables, then git)
          --history <file>       the history file a line is appended to (default <name>.history.jsonl in --out)
          --baseline <file>      a report JSON or history line to compare with
          --fail-on-regression true   fail (exit 1) when the final score fell against the baseline (MLOPS9104)
          --github-summary false no Markdown appended to $GITHUB_STEP_SUMMARY
          --sarif <file>         a compiler's SARIF error log (ErrorLog): its MLOPS findings are the
                                 report's debt section; repeat for each project
          --fail-on-contradiction  fail (exit 1) when a passing item is contradicted by open findings
                                 of a rule protecting it (MLOPS9110)
          -h, --help             this text
          --version              the tool's version

        Give at least one --results, --assembly or --evidence. Every file named must exist.

        Exit codes:
          0  scored and written; the minimum, if any, is met
          1  scored and written; the final score is below --min-score (MLOPS9100), fell against
             --baseline with --fail-on-regression true (MLOPS9104), or an item is contradicted
             under --fail-on-contradiction (MLOPS9110)
          2  bad arguments or a missing input file (nothing written), or an input with errors
             (MLOPS90xx; the reports are written without its contribution)
          3  the reports could not be written (MLOPS9102)
        """;
}
