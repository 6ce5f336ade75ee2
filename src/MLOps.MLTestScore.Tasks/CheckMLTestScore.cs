using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace MLOps.MLTestScore.Tasks;

/// <summary>
/// The gates on an ML Test Score report that was already written (by the VSTest logger during
/// <c>dotnet test</c>, or by an earlier, incremental run of the MLTestScore target), without recomputing
/// it: the input errors the in-run scorer recorded, and the minimum score. Runs on every build that
/// asks for it, so a gate cannot be slipped by an up-to-date check.
/// </summary>
public sealed class CheckMLTestScore : Task
{
    [Required]
    public string ReportFile { get; set; } = string.Empty;

    public string? MinimumScore { get; set; }

    /// <summary>
    /// Input errors recorded by the in-run scorer (<see cref="MLOps.MLTestScore.Runs.RunErrorsFile"/>): each becomes a
    /// build error with its code, file, line and column. Missing file: no errors recorded.
    /// </summary>
    public string? RunErrorsFile { get; set; }

    /// <summary>A report JSON or history line to compare the report with (MLTestScoreBaseline).</summary>
    public string? BaselineFile { get; set; }

    /// <summary>Fail when the report's final score is below the baseline's (MLTestScoreFailOnRegression).</summary>
    public bool FailOnRegression { get; set; }

    [Output]
    public string FinalScore { get; private set; } = string.Empty;

    public override bool Execute()
    {
        if (!string.IsNullOrEmpty(RunErrorsFile))
        {
            foreach (var diagnostic in MLOps.MLTestScore.Runs.RunErrorsFile.Read(RunErrorsFile!))
            {
                TaskLogging.Log(Log, diagnostic, ReportFile);
            }
        }

        if (!ScoreThreshold.TryParse(MinimumScore, ScoreThreshold.PropertyName, ReportFile, out var minimum, out var invalid))
        {
            TaskLogging.Log(Log, invalid!, ReportFile);
            return false;
        }

        // After an in-run scoring (the VSTest logger) the ratchet was judged there and its error is among those
        // just replayed: checked here only for a report whose scorer recorded no errors file.
        if (FailOnRegression && !string.IsNullOrWhiteSpace(BaselineFile) && (string.IsNullOrEmpty(RunErrorsFile) || !File.Exists(RunErrorsFile)))
        {
            CheckRegression();
        }

        if (minimum is not double bar)
        {
            return !Log.HasLoggedErrors;
        }

        if (!File.Exists(ReportFile))
        {
            Log.LogError(null, ScoreThreshold.ReportMissingCode, TaskLogging.HelpKeyword, ReportFile, 0, 0, 0, 0,
                "MLTestScoreMinimum is set, but no ML Test Score report was written by the test run: check that the tests ran (dotnet test) and that the test project references MLOps.Analyzers.");
            return false;
        }

        if (!ReportReader.TryRead(ReportFile, out var report, out var unreadable))
        {
            TaskLogging.Log(Log, unreadable!, ReportFile);
            return false;
        }

        FinalScore = report!.FinalScore.ToString("0.0", CultureInfo.InvariantCulture);
        if (ScoreThreshold.Check(report, bar) is string failure)
        {
            Log.LogError(null, ScoreThreshold.BelowMinimumCode, TaskLogging.HelpKeyword, ReportFile, 0, 0, 0, 0, failure);
        }

        return !Log.HasLoggedErrors;
    }

    /// <summary>The ratchet on the written report: its final score may not be below the baseline's.</summary>
    private void CheckRegression()
    {
        var diagnostics = new List<ScoreDiagnostic>();
        var baseline = ScoreHistory.ReadBaseline(BaselineFile!, diagnostics);
        var report = File.Exists(ReportFile) ? ScoreHistory.ReadBaseline(ReportFile, diagnostics) : null;
        foreach (var diagnostic in diagnostics)
        {
            TaskLogging.Log(Log, diagnostic, ReportFile);
        }

        if (report is null)
        {
            Log.LogError(null, ScoreThreshold.ReportMissingCode, TaskLogging.HelpKeyword, ReportFile, 0, 0, 0, 0,
                "MLTestScoreFailOnRegression is set, but no readable ML Test Score report was written by the test run: check that the tests ran (dotnet test) and that the test project references MLOps.Analyzers.");
        }
        else if (baseline is not null && ScoreRegression.Check(report, baseline, Path.GetFileName(BaselineFile)) is string fell)
        {
            Log.LogError(null, ScoreDiagnosticCodes.ScoreRegressed, TaskLogging.HelpKeyword, BaselineFile!, 0, 0, 0, 0, fell);
        }
    }
}
