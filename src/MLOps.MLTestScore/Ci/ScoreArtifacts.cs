using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace MLOps.MLTestScore;

/// <summary>What <see cref="ScoreArtifacts.Write"/> writes besides the three reports, and where.</summary>
public sealed class ScoreArtifactOptions
{
    /// <summary>Where the reports go (required).</summary>
    public string ReportDirectory { get; set; } = string.Empty;

    /// <summary>File name of the reports without extension.</summary>
    public string ReportBaseName { get; set; } = "ml-test-score";

    /// <summary>Write &lt;base&gt;.junit.xml (the 28 items as JUnit test cases). Default true.</summary>
    public bool JUnit { get; set; } = true;

    /// <summary>The history file (JSON Lines). Empty: &lt;base&gt;.history.jsonl beside the reports.</summary>
    public string? HistoryFile { get; set; }

    /// <summary>Append this run to the history. Default true.</summary>
    public bool WriteHistory { get; set; } = true;

    /// <summary>A report JSON or history line (or file: its last line) to compare with. Empty: none.</summary>
    public string? BaselineFile { get; set; }

    /// <summary>Fail (<see cref="ScoreDiagnosticCodes.ScoreRegressed"/>) when the final score is below the baseline's.</summary>
    public bool FailOnRegression { get; set; }

    /// <summary>Append the Markdown report to $GITHUB_STEP_SUMMARY when that variable is set. Default true.</summary>
    public bool GitHubSummary { get; set; } = true;

    /// <summary>Repository root: the baseline is named relative to it.</summary>
    public string? RepositoryRoot { get; set; }

    /// <summary>The time recorded in the history. Default: now.</summary>
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>Environment variables (GITHUB_STEP_SUMMARY, TF_BUILD). Empty by default: callers copy the process environment in.</summary>
    public IDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
}

/// <summary>What was written and what to tell the user.</summary>
public sealed class ScoreArtifactsOutcome
{
    internal ScoreArtifactsOutcome(IReadOnlyList<string> reportFiles, IReadOnlyList<ScoreDiagnostic> diagnostics, IReadOnlyList<string> logLines, ScoreTrend trend)
    {
        ReportFiles = reportFiles;
        Diagnostics = diagnostics;
        LogLines = logLines;
        Trend = trend;
    }

    /// <summary>The files written: .json, .md, .html first, then the JUnit file.</summary>
    public IReadOnlyList<string> ReportFiles { get; }

    /// <summary>Warnings (unreadable history lines, outputs not written) and the regression error, if any.</summary>
    public IReadOnlyList<ScoreDiagnostic> Diagnostics { get; }

    /// <summary>Lines to print as they are (Azure Pipelines' <c>##vso[task.uploadsummary]</c> command).</summary>
    public IReadOnlyList<string> LogLines { get; }

    /// <summary>The trend shown in the reports.</summary>
    public ScoreTrend Trend { get; }
}

/// <summary>
/// Writes everything a run leaves: the JSON, Markdown and HTML reports (with the trend since the previous run and the
/// baseline), the JUnit file of the 28 items, the history line, the GitHub job summary and the Azure Pipelines summary
/// command; checks the regression gate. Reports that cannot be written are an MLOPS9102 error and
/// stop the rest; every other output's failure is a warning.
/// </summary>
public static class ScoreArtifacts
{
    /// <summary>Writes the outputs of <paramref name="report"/> under <paramref name="options"/>.</summary>
    public static ScoreArtifactsOutcome Write(ScoreReport report, ScoreArtifactOptions options)
    {
        if (report is null)
        {
            throw new ArgumentNullException(nameof(report));
        }

        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        var diagnostics = new List<ScoreDiagnostic>();
        var logLines = new List<string>();
        var historyFile = string.IsNullOrWhiteSpace(options.HistoryFile)
            ? Path.Combine(options.ReportDirectory, ScoreHistory.FileName(options.ReportBaseName))
            : options.HistoryFile!;

        var history = options.WriteHistory ? ScoreHistory.Read(historyFile, diagnostics) : new List<ScoreHistoryRecord>();
        ScoreHistoryRecord? baseline = null;
        string? baselineName = null;
        if (!string.IsNullOrWhiteSpace(options.BaselineFile))
        {
            baseline = ScoreHistory.ReadBaseline(options.BaselineFile!, diagnostics);
            baselineName = Scorer.RelativeToRepository(options.BaselineFile, new ScoreOptions { RepositoryRoot = options.RepositoryRoot });
            if (baselineName is not null && Path.IsPathRooted(baselineName))
            {
                baselineName = Path.GetFileName(baselineName); // Outside the repository: no build machine's path in the report.
            }
        }

        var current = ScoreHistoryRecord.FromReport(report, options.Now);
        var trend = ScoreTrend.Create(current, history, baseline, baselineName);

        // The reports first; when they cannot be written (MLOPS9102, recorded like an input error) nothing else is.
        if (!ReportWriter.TryWriteAll(report, options.ReportDirectory, options.ReportBaseName, trend, out var reports, out var notWritten))
        {
            diagnostics.Add(notWritten!);
            return new ScoreArtifactsOutcome(Array.Empty<string>(), diagnostics, logLines, trend);
        }

        var markdown = ReportWriter.ToMarkdown(report, trend);
        var written = new List<string>(reports);
        if (options.JUnit)
        {
            var path = Path.Combine(options.ReportDirectory, RubricJUnitWriter.FileName(options.ReportBaseName));
            if (Try(() => AtomicFile.WriteAllText(path, RubricJUnitWriter.ToJUnit(report)), "JUnit file", path, diagnostics))
            {
                written.Add(path);
            }
        }

        if (options.WriteHistory)
        {
            Try(() => ScoreHistory.Append(historyFile, current), "score history line", historyFile, diagnostics);
        }

        if (options.GitHubSummary && Variable(options, "GITHUB_STEP_SUMMARY") is string summary)
        {
            Try(() => File.AppendAllText(summary, markdown + "\n", new UTF8Encoding(false)), "GitHub job summary", summary, diagnostics);
        }

        if (string.Equals(Variable(options, "TF_BUILD"), "True", StringComparison.OrdinalIgnoreCase))
        {
            // Azure Pipelines shows the file as a tab of the run's summary page.
            logLines.Add("##vso[task.uploadsummary]" + Path.GetFullPath(written[1]));
        }

        if (options.FailOnRegression && baseline is not null && ScoreRegression.Check(current, baseline, baselineName) is string fell)
        {
            diagnostics.Add(new ScoreDiagnostic(ScoreDiagnosticCodes.ScoreRegressed, ScoreDiagnosticSeverity.Error, fell, options.BaselineFile));
        }

        return new ScoreArtifactsOutcome(written, diagnostics, logLines, trend);
    }

    private static string? Variable(ScoreArtifactOptions options, string name)
        => options.Environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    private static bool Try(Action write, string what, string path, List<ScoreDiagnostic> diagnostics)
    {
        try
        {
            write();
            return true;
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException || ex is System.Security.SecurityException)
        {
            diagnostics.Add(new ScoreDiagnostic(ScoreDiagnosticCodes.CiOutputNotWritten, ScoreDiagnosticSeverity.Warning, "The " + what + " could not be written: " + ex.Message, path));
            return false;
        }
    }
}
