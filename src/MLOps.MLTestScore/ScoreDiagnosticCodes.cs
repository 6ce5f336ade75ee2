using System.Collections.Generic;

namespace MLOps.MLTestScore;

/// <summary>
/// Every diagnostic code the engine reports. <see cref="All"/> is written into the table of rules/ml-test-score.md
/// by the documentation generator (tests/MLOps.Analyzers.DocGenerator).
/// </summary>
public static class ScoreDiagnosticCodes
{
    /// <summary>An input file (results, assembly, mapping, evidence) does not exist.</summary>
    public const string FileNotFound = "MLOPS9001";

    /// <summary>A result file is not well-formed XML (malformed or truncated).</summary>
    public const string MalformedXml = "MLOPS9002";

    /// <summary>A result file contains a DTD or is larger than the reader's limit (hostile XML).</summary>
    public const string ProhibitedXml = "MLOPS9003";

    /// <summary>A result file's root element is not TRX, JUnit or xunit XML.</summary>
    public const string UnknownResultFormat = "MLOPS9004";

    /// <summary>A result file holds no test result.</summary>
    public const string EmptyRun = "MLOPS9005";

    /// <summary>A tag names a rubric ID that does not exist.</summary>
    public const string UnknownRubricId = "MLOPS9006";

    /// <summary>A test assembly cannot be read as a .NET assembly.</summary>
    public const string UnreadableAssembly = "MLOPS9007";

    /// <summary>The mapping file is not valid.</summary>
    public const string InvalidMappingFile = "MLOPS9008";

    /// <summary>A mapping entry matched no test result.</summary>
    public const string MappingMatchedNothing = "MLOPS9009";

    /// <summary>The manual evidence file is not valid.</summary>
    public const string InvalidEvidenceFile = "MLOPS9010";

    /// <summary>Manual evidence is older than the allowed age.</summary>
    public const string StaleEvidence = "MLOPS9011";

    /// <summary>Manual evidence lacks its owner, link or date.</summary>
    public const string IncompleteEvidence = "MLOPS9012";

    /// <summary>Manual evidence is dated in the future.</summary>
    public const string FutureEvidence = "MLOPS9013";

    /// <summary>No result file was given, or none could be read.</summary>
    public const string NoResults = "MLOPS9014";

    /// <summary>Results were read but no executed test carries a rubric tag.</summary>
    public const string NoTaggedTests = "MLOPS9015";

    /// <summary>A test assembly carries rubric tags on tests that have no result in any result file.</summary>
    public const string TaggedTestsNotRun = "MLOPS9016";

    /// <summary>
    /// An in-run scorer (the VSTest logger, the Microsoft.Testing.Platform extension) was given no
    /// configuration file, or the file does not exist: the package's targets did not run for the test
    /// project, so nothing is scored and no report is written.
    /// </summary>
    public const string NoRunConfiguration = "MLOPS9017";

    /// <summary>A line of the score history file, or the baseline file, cannot be read: it is skipped.</summary>
    public const string UnreadableHistory = "MLOPS9019";

    /// <summary>A CI output (history line, JUnit file, job summary) could not be written; the reports were.</summary>
    public const string CiOutputNotWritten = "MLOPS9018";

    /// <summary>The final score fell against the baseline and <c>MLTestScoreFailOnRegression</c> is set.</summary>
    public const string ScoreRegressed = "MLOPS9104";

    /// <summary>A compiler's SARIF log (the analyzers' findings) is missing, too large, not valid JSON or not SARIF: the debt section misses it.</summary>
    public const string UnreadableSarif = "MLOPS9030";

    /// <summary>
    /// The package's targets run under .NET Framework MSBuild (Visual Studio, MSBuild.exe), where the task is not
    /// supported: the target that would load it is skipped (raised by the targets, not by the engine).
    /// </summary>
    public const string UnsupportedMSBuildHost = "MLOPS9040";

    /// <summary>
    /// A passing tagged test claims a rubric item while unsuppressed findings of a rule that protects the item
    /// remain: a warning, or an error under MLTestScoreFailOnContradiction=true (the points never change).
    /// </summary>
    public const string ContradictedItem = "MLOPS9110";

    /// <summary>An unexpected internal error; please report it.</summary>
    public const string InternalError = "MLOPS9099";

    /// <summary>Every code the package reports (the engine's and the minimum-score gate's), with its meaning and remedy.</summary>
    public static IReadOnlyList<ScoreDiagnosticCodeInfo> All { get; } = new ScoreDiagnosticCodeInfo[]
    {
        new(FileNotFound, ScoreDiagnosticSeverity.Error, "an input file (results, assembly, mapping, evidence) does not exist or cannot be read", "fix the path; make sure the test run wrote its report"),
        new(MalformedXml, ScoreDiagnosticSeverity.Error, "a result file is not well-formed XML (malformed, truncated, empty)", "rerun the tests to regenerate it"),
        new(ProhibitedXml, ScoreDiagnosticSeverity.Error, "a result file contains a DTD, or is larger than 512 MB (hostile XML; refused unread)", "regenerate it with the runner's own logger; split a huge run into shards"),
        new(UnknownResultFormat, ScoreDiagnosticSeverity.Error, "the root element is not TRX, JUnit or xunit XML", "pass test result files only"),
        new(EmptyRun, ScoreDiagnosticSeverity.Warning, "a result file holds no test result", "check test filters and discovery"),
        new(UnknownRubricId, ScoreDiagnosticSeverity.Warning, "a tag, mapping or evidence entry names an unknown rubric ID (reported once per value and file)", "use Data.1 .. Monitor.7"),
        new(UnreadableAssembly, ScoreDiagnosticSeverity.Error, "a test assembly cannot be read as a .NET assembly", "pass the built test .dll"),
        new(InvalidMappingFile, ScoreDiagnosticSeverity.Error, "the mapping file is invalid (JSON, shape, entry without tests/items)", "see \"Mapping file\""),
        new(MappingMatchedNothing, ScoreDiagnosticSeverity.Warning, "a mapping glob matches no test result", "fix or remove the glob"),
        new(InvalidEvidenceFile, ScoreDiagnosticSeverity.Error, "the manual evidence file is invalid", "see \"Manual evidence file\""),
        new(StaleEvidence, ScoreDiagnosticSeverity.Warning, "manual evidence is older than the allowed age (0 points)", "redo the check and update the date, or automate it"),
        new(IncompleteEvidence, ScoreDiagnosticSeverity.Warning, "manual evidence lacks owner, link or date (no date: 0 points)", "complete the entry"),
        new(FutureEvidence, ScoreDiagnosticSeverity.Warning, "manual evidence is dated in the future (counted)", "check the date"),
        new(NoResults, ScoreDiagnosticSeverity.Warning, "no result file was given, or none could be read", "pass TRX/JUnit/xunit results"),
        new(NoTaggedTests, ScoreDiagnosticSeverity.Warning, "results were read but no executed test carries a rubric tag", "tag tests, pass the test assemblies, or add a mapping file"),
        new(TaggedTestsNotRun, ScoreDiagnosticSeverity.Warning, "tagged test methods in an assembly have no result", "pass every shard's results; check filters"),
        new(NoRunConfiguration, ScoreDiagnosticSeverity.Warning, "the VSTest logger or the Microsoft.Testing.Platform extension has no configuration file (none given, or it does not exist): nothing is scored, no report written", "rebuild the test project so that the package's targets write the file; check that it references the package"),
        new(CiOutputNotWritten, ScoreDiagnosticSeverity.Warning, "the history line, the JUnit file or the CI job summary could not be written (the reports were)", "check the path and its permissions"),
        new(UnreadableHistory, ScoreDiagnosticSeverity.Warning, "a line of the score history (`MLTestScoreHistoryFile`) or the baseline (`MLTestScoreBaseline`) cannot be read, or the baseline does not exist; the line is skipped, the message names file and line", "fix or delete the line; point the baseline at a report JSON or a history line"),
        new(UnreadableSarif, ScoreDiagnosticSeverity.Warning, "a compiler's SARIF log (the analyzers' findings, `ErrorLog`) is missing, empty, larger than 128 MB, not valid JSON or not SARIF: the debt section misses that project", "build the project so that the compiler writes it; pass the compiler's error log only"),
        new(UnsupportedMSBuildHost, ScoreDiagnosticSeverity.Error, "the package's MSBuild task does not run under .NET Framework MSBuild (Visual Studio, `MSBuild.exe`), so the target that would load it was skipped: an error for the `MLTestScore` target; after a VSTest run a warning, or an error when `MLTestScoreMinimum` or `MLTestScoreFailOnRegression` is set (the gate was not checked)", "run `dotnet test`, `dotnet build -t:MLTestScore` or `dotnet msbuild` (the .NET SDK's MSBuild)"),
        new(ContradictedItem, ScoreDiagnosticSeverity.Warning, "a passing tagged test claims a rubric item while unsuppressed findings of an MLOPS rule that protects it remain (e.g. Infra.1 with MLOPS101); the points do not change. An error, failing the build, under `MLTestScoreFailOnContradiction=true` (the CLI's `--fail-on-contradiction`)", "fix or suppress (with a justification) the findings the message names"),
        new(InternalError, ScoreDiagnosticSeverity.Error, "unexpected internal error", "report it"),
        new(ScoreThreshold.BelowMinimumCode, ScoreDiagnosticSeverity.Error, "the final score is below `MLTestScoreMinimum`; the message names the weakest section and the next step", "raise the weakest section, or lower the minimum"),
        new(ScoreThreshold.InvalidMinimumCode, ScoreDiagnosticSeverity.Error, "`MLTestScoreMinimum` (the CLI's `--min-score`) is not a number from 0 to 7; one wording in every adapter, naming the setting used", "fix the property or option"),
        new(ScoreThreshold.ReportNotWrittenCode, ScoreDiagnosticSeverity.Error, "the report could not be written to `MLTestScoreReportDirectory` (by the task, the in-run scorers, or the CLI's `--out`); after a test run it is recorded and fails the build like an input error", "check the folder and its permissions"),
        new(ScoreThreshold.ReportMissingCode, ScoreDiagnosticSeverity.Error, "a minimum is set but no report was written by the test run, or it cannot be read", "run the tests with `dotnet test`; check that the project references the package"),
        new(ScoreRegressed, ScoreDiagnosticSeverity.Error, "`MLTestScoreFailOnRegression` is set and the final score fell against the baseline (`MLTestScoreBaseline`); the message names the sections that fell", "restore the lost points, or move the baseline on purpose"),
    };
}

/// <summary>What a diagnostic code means and what to do about it (the rows of rules/ml-test-score.md's table).</summary>
public sealed class ScoreDiagnosticCodeInfo
{
    /// <summary>Creates a row.</summary>
    public ScoreDiagnosticCodeInfo(string code, ScoreDiagnosticSeverity severity, string meaning, string remedy)
    {
        Code = code;
        Severity = severity;
        Meaning = meaning;
        Remedy = remedy;
    }

    /// <summary>MLOPS9xxx.</summary>
    public string Code { get; }

    /// <summary>The severity it is reported with.</summary>
    public ScoreDiagnosticSeverity Severity { get; }

    /// <summary>What it means.</summary>
    public string Meaning { get; }

    /// <summary>What to do.</summary>
    public string Remedy { get; }
}
