using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace MLOps.MLTestScore.Tasks;

/// <summary>
/// Computes the ML Test Score from test result files and test assemblies, writes the JSON, Markdown
/// and HTML reports, prints the summary line, and fails under <see cref="MinimumScore"/>.
/// Bad input never throws: it becomes a coded warning or error with file and line.
/// </summary>
public sealed class ComputeMLTestScore : Task
{
    /// <summary>TRX, JUnit or xunit v3 XML files; several are merged.</summary>
    public ITaskItem[] ResultFiles { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Built test assemblies whose attributes carry rubric tags.</summary>
    public ITaskItem[] TestAssemblies { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The compilers' SARIF error logs whose MLOPS findings are the report's debt section.</summary>
    public ITaskItem[] SarifFiles { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>True: a passing item contradicted by open findings of a rule protecting it is an error (MLOPS9110).</summary>
    public bool FailOnContradiction { get; set; }

    public string? MappingFile { get; set; }

    public string? ManualEvidenceFile { get; set; }

    public int ManualEvidenceMaxAgeDays { get; set; } = 180;

    public string? RepositoryRoot { get; set; }

    [Required]
    public string ReportDirectory { get; set; } = string.Empty;

    public string ReportBaseName { get; set; } = "ml-test-score";

    /// <summary>Empty: no threshold. Otherwise the build fails when the final score is lower.</summary>
    public string? MinimumScore { get; set; }

    /// <summary>The project named in the report (MLTestScoreProjectName, default the project's name).</summary>
    public string? ProjectName { get; set; }

    /// <summary>The commit named in the report (MLTestScoreCommit); empty: the CI's variable or git rev-parse HEAD.</summary>
    public string? Commit { get; set; }

    /// <summary>The history file (JSON Lines); empty: &lt;base&gt;.history.jsonl beside the reports.</summary>
    public string? HistoryFile { get; set; }

    /// <summary>Append this run to the history (MLTestScoreHistory, default true).</summary>
    public bool WriteHistory { get; set; } = true;

    /// <summary>A report JSON or history line to compare with (MLTestScoreBaseline).</summary>
    public string? BaselineFile { get; set; }

    /// <summary>Fail when the final score falls against the baseline (MLTestScoreFailOnRegression).</summary>
    public bool FailOnRegression { get; set; }

    /// <summary>Append the Markdown to $GITHUB_STEP_SUMMARY when set (MLTestScoreGitHubSummary, default true).</summary>
    public bool GitHubSummary { get; set; } = true;

    /// <summary>The project file, named in diagnostics that have no file of their own.</summary>
    public string? ProjectFile { get; set; }

    [Output]
    public ITaskItem[] ReportFiles { get; private set; } = Array.Empty<ITaskItem>();

    [Output]
    public string FinalScore { get; private set; } = string.Empty;

    public override bool Execute()
    {
        if (!ScoreThreshold.TryParse(MinimumScore, ScoreThreshold.PropertyName, ProjectFile ?? string.Empty, out var minimum, out var invalid))
        {
            TaskLogging.Log(Log, invalid!, ProjectFile ?? string.Empty);
            return false;
        }

        var options = new ScoreOptions
        {
            MappingFile = NullIfEmpty(MappingFile),
            ManualEvidenceFile = NullIfEmpty(ManualEvidenceFile),
            ManualEvidenceMaxAgeDays = ManualEvidenceMaxAgeDays,
            RepositoryRoot = NullIfEmpty(RepositoryRoot),
            ProjectName = NullIfEmpty(ProjectName),
            Commit = NullIfEmpty(Commit),
            FailOnContradiction = FailOnContradiction,
        };
        foreach (var item in SarifFiles)
        {
            options.SarifFiles.Add(item.GetMetadata("FullPath"));
        }

        foreach (var item in ResultFiles)
        {
            options.ResultFiles.Add(item.GetMetadata("FullPath"));
        }

        foreach (var item in TestAssemblies)
        {
            options.TestAssemblies.Add(item.GetMetadata("FullPath"));
        }

        options.CopyProcessEnvironment();

        var result = ScoreEngine.Compute(options);
        foreach (var diagnostic in result.Diagnostics)
        {
            TaskLogging.Log(Log, diagnostic, ProjectFile ?? string.Empty);
        }

        var artifactOptions = new ScoreArtifactOptions
        {
            ReportDirectory = ReportDirectory,
            ReportBaseName = ReportBaseName,
            HistoryFile = NullIfEmpty(HistoryFile),
            WriteHistory = WriteHistory,
            BaselineFile = NullIfEmpty(BaselineFile),
            FailOnRegression = FailOnRegression,
            GitHubSummary = GitHubSummary,
            RepositoryRoot = NullIfEmpty(RepositoryRoot),
        };
        foreach (var variable in options.Environment)
        {
            artifactOptions.Environment[variable.Key] = variable.Value;
        }

        var artifacts = ScoreArtifacts.Write(result.Report, artifactOptions);
        var written = artifacts.ReportFiles;
        foreach (var diagnostic in artifacts.Diagnostics)
        {
            TaskLogging.Log(Log, diagnostic, ProjectFile ?? string.Empty);
        }

        foreach (var line in artifacts.LogLines)
        {
            Log.LogMessage(MessageImportance.High, line);
        }

        if (written.Count == 0)
        {
            return false;
        }

        var files = new List<ITaskItem>();
        foreach (var path in written)
        {
            files.Add(new TaskItem(path));
        }

        ReportFiles = files.ToArray();
        FinalScore = result.Report.FinalScore.ToString("0.0", CultureInfo.InvariantCulture);
        Log.LogMessage(MessageImportance.High, ReportWriter.SummaryLine(result.Report) + " Report: " + Path.Combine(ReportDirectory, ReportBaseName + ".html"));

        if (minimum is double bar && ScoreThreshold.Check(result.Report, bar) is string failure)
        {
            Log.LogError(null, ScoreThreshold.BelowMinimumCode, TaskLogging.HelpKeyword, written.Count > 0 ? written[0] : ReportDirectory, 0, 0, 0, 0, failure);
        }

        return !Log.HasLoggedErrors;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
