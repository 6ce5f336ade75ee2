using System.Collections;
using System.Text.Json;
using Microsoft.Build.Framework;
using MLOps.MLTestScore.Tasks;
using static MLOps.MLTestScore.Tests.TestFiles;

namespace MLOps.MLTestScore.Tests;

/// <summary>The history file, the trend in the reports, the baseline and the regression gate.</summary>
public sealed class TrendTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A report whose every section has <paramref name="perSection"/> passing automated items (final score = perSection).</summary>
    private static ScoreReport Report(TestFiles files, int perSection, string commit = "c0ffee0")
    {
        var cases = new List<(string, string, string[])>();
        foreach (var section in new[] { "Data", "Model", "Infra", "Monitor" })
        {
            for (var i = 1; i <= perSection; i++)
            {
                cases.Add(($"Ns.{section}Tests.T{i}", "pass", new[] { $"{section}.{i}" }));
            }
        }

        cases.Add(("Ns.Other.Untagged", "pass", Array.Empty<string>()));
        var results = files.Write($"r{perSection}-{Guid.NewGuid():N}.xml", JUnit(cases.ToArray()));
        return Score(o => { o.ResultFiles.Add(results); o.Commit = commit; o.ProjectName = "P"; o.RepositoryRoot = files.Directory; }).Report;
    }

    private static ScoreArtifactOptions Options(TestFiles files, DateTimeOffset now) => new()
    {
        ReportDirectory = Path.Combine(files.Directory, "out"),
        RepositoryRoot = files.Directory,
        Now = now,
    };

    private static string HistoryPath(TestFiles files) => Path.Combine(files.Directory, "out", "ml-test-score.history.jsonl");

    [Fact]
    public void Each_run_appends_one_compact_json_line_beside_the_report()
    {
        using var files = new TestFiles();
        ScoreArtifacts.Write(Report(files, 1, "aaa1111"), Options(files, Monday));
        ScoreArtifacts.Write(Report(files, 2, "bbb2222"), Options(files, Monday.AddHours(1)));

        var lines = File.ReadAllLines(HistoryPath(files));
        Assert.Equal(2, lines.Length);
        Assert.Equal(
            """{"time":"2026-11-30T09:00:00Z","project":"P","commit":"aaa1111","sections":{"Data":1,"Model":1,"Infra":1,"Monitor":1},"finalScore":1,"maturity":{"google":0,"azure":0}}""",
            ReplaceLevels(lines[0]));
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal(2, second.RootElement.GetProperty("finalScore").GetDouble());
        Assert.Equal("2026-11-30T10:00:00Z", second.RootElement.GetProperty("time").GetString());
        Assert.Equal("bbb2222", second.RootElement.GetProperty("commit").GetString());
    }

    private static string ReplaceLevels(string line)
    {
        // The maturity levels depend on the CI evidence of the machine; the rest of the line is exact.
        using var document = JsonDocument.Parse(line);
        var maturity = document.RootElement.GetProperty("maturity");
        Assert.Equal(JsonValueKind.Number, maturity.GetProperty("google").ValueKind);
        Assert.Equal(JsonValueKind.Number, maturity.GetProperty("azure").ValueKind);
        var cut = line.IndexOf("\"maturity\"", StringComparison.Ordinal);
        return line[..cut] + "\"maturity\":{\"google\":0,\"azure\":0}}";
    }

    [Fact]
    public void History_goes_where_the_property_points_and_can_be_switched_off()
    {
        using var files = new TestFiles();
        var options = Options(files, Monday);
        options.HistoryFile = Path.Combine(files.Directory, "cache", "nested", "score.jsonl");
        ScoreArtifacts.Write(Report(files, 1), options);
        Assert.Single(File.ReadAllLines(options.HistoryFile));
        Assert.False(File.Exists(HistoryPath(files)));

        var off = Options(files, Monday);
        off.WriteHistory = false;
        ScoreArtifacts.Write(Report(files, 1), off);
        Assert.False(File.Exists(HistoryPath(files)));
    }

    [Fact]
    public void A_corrupt_history_line_is_skipped_with_a_warning_naming_file_and_line()
    {
        using var files = new TestFiles();
        var history = HistoryPath(files);
        Directory.CreateDirectory(Path.GetDirectoryName(history)!);
        File.WriteAllText(history,
            """{"time":"2026-11-28T09:00:00Z","sections":{"Data":1},"finalScore":1,"maturity":{"google":0,"azure":0}}""" + "\n"
            + "{not json\n"
            + "\n"
            + """{"time":"2026-11-29T09:00:00Z","finalScore":9}""" + "\n"
            + """{"time":"2026-11-29T10:00:00Z","sections":{"Data":3},"finalScore":0.5,"maturity":{"google":1,"azure":1}}""" + "\n");

        var outcome = ScoreArtifacts.Write(Report(files, 2), Options(files, Monday));

        Assert.Collection(
            outcome.Diagnostics,
            d => { Assert.Equal(ScoreDiagnosticCodes.UnreadableHistory, d.Code); Assert.Equal(history, d.File); Assert.Equal(2, d.Line); Assert.Equal(ScoreDiagnosticSeverity.Warning, d.Severity); },
            d => { Assert.Equal(ScoreDiagnosticCodes.UnreadableHistory, d.Code); Assert.Equal(4, d.Line); });
        Assert.Equal(0.5, outcome.Trend.Previous!.FinalScore);
        Assert.Equal(new[] { 1, 0.5, 2 }, outcome.Trend.Recent.Select(r => r.FinalScore));
        Assert.Equal(6, File.ReadAllLines(history).Length); // appended, nothing rewritten
    }

    [Fact]
    public void A_torn_last_line_is_closed_before_the_next_record_is_appended()
    {
        using var files = new TestFiles();
        var history = files.Write("h.jsonl", """{"time":"2026-11-28T09:00:00Z","finalScore":1}""" + "\n" + """{"time":"2026-11-29T09:0""");

        var record = ScoreHistoryRecord.FromReport(Report(files, 2), Monday);
        ScoreHistory.Append(history, record);

        var diagnostics = new List<ScoreDiagnostic>();
        var records = ScoreHistory.Read(history, diagnostics);
        Assert.Equal(new[] { 1.0, 2.0 }, records.Select(r => r.FinalScore));
        Assert.Equal(2, Assert.Single(diagnostics).Line);
    }

    [Fact]
    public void Concurrent_appends_keep_every_line_whole()
    {
        using var files = new TestFiles();
        var history = Path.Combine(files.Directory, "h.jsonl");
        var record = ScoreHistoryRecord.FromReport(Report(files, 1), Monday);

        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ => ScoreHistory.Append(history, record));

        var diagnostics = new List<ScoreDiagnostic>();
        Assert.Equal(16, ScoreHistory.Read(history, diagnostics).Count);
        Assert.Empty(diagnostics);
    }

    [Fact]
    public void Unreadable_history_file_is_a_warning_not_a_crash()
    {
        using var files = new TestFiles();
        var history = HistoryPath(files);
        Directory.CreateDirectory(history); // a folder where the file should be

        var outcome = ScoreArtifacts.Write(Report(files, 1), Options(files, Monday));

        Assert.Contains(outcome.Diagnostics, d => d.Code == ScoreDiagnosticCodes.UnreadableHistory || d.Code == ScoreDiagnosticCodes.CiOutputNotWritten);
        Assert.True(File.Exists(Path.Combine(files.Directory, "out", "ml-test-score.json")));
    }

    [Fact]
    public void Markdown_and_html_show_the_change_since_the_previous_run_and_the_baseline()
    {
        using var files = new TestFiles();
        var baselineDirectory = Path.Combine(files.Directory, "baseline");
        ReportWriter.WriteAll(Report(files, 3, "base000"), baselineDirectory);
        ScoreArtifacts.Write(Report(files, 1, "prev111"), Options(files, Monday));

        var options = Options(files, Monday.AddDays(1));
        options.BaselineFile = Path.Combine(baselineDirectory, "ml-test-score.json");
        var outcome = ScoreArtifacts.Write(Report(files, 2, "this222"), options);

        Assert.Empty(outcome.Diagnostics);
        var md = File.ReadAllText(Path.Combine(options.ReportDirectory, "ml-test-score.md"));
        Assert.Contains("## Trend", md);
        Assert.Contains("| change since the previous run (2026-11-30T09:00:00Z, prev111) | +1 | +1 | +1 | +1 | +1 |", md);
        Assert.Contains("| change since the baseline baseline/ml-test-score.json (2026-12-01T00:00:00Z, base000) | -1 | -1 | -1 | -1 | -1 |", md);
        Assert.Contains("Last 2 runs (final score, oldest first): 1 → 2", md);

        var html = File.ReadAllText(Path.Combine(options.ReportDirectory, "ml-test-score.html"));
        Assert.Contains("<h2>Trend</h2>", html);
        Assert.Contains("<td>change since the previous run (2026-11-30T09:00:00Z, prev111)</td><td>+1</td>", html);
        Assert.Contains("<svg class=\"sparkline\"", html);
        Assert.Contains("<polyline", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(files.Directory, html); // repository-relative names only
        Assert.DoesNotContain(files.Directory, md);
    }

    [Fact]
    public void History_and_baseline_strings_are_escaped_in_markdown_and_html()
    {
        using var files = new TestFiles();
        var history = HistoryPath(files);
        Directory.CreateDirectory(Path.GetDirectoryName(history)!);
        File.WriteAllText(history, """{"time":"<script>alert(1)</script>","commit":"|x|<img src=y>","sections":{"Data":1,"<b>":2},"finalScore":1}""" + "\n");

        var outcome = ScoreArtifacts.Write(Report(files, 1), Options(files, Monday));

        var html = File.ReadAllText(outcome.ReportFiles[2]);
        var md = File.ReadAllText(outcome.ReportFiles[1]);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", md, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", md, StringComparison.OrdinalIgnoreCase);
        // Every trend row keeps the header's column count: an unescaped pipe would add cells.
        var rows = md.Split('\n').SkipWhile(l => l != "## Trend").Skip(2).TakeWhile(l => l.StartsWith('|')).ToList();
        Assert.Equal(4, rows.Count); // header, separator, this run, the previous run
        Assert.All(rows, r => Assert.Equal(rows[0].Replace("\\|", "", StringComparison.Ordinal).Count(c => c == '|'), r.Replace("\\|", "", StringComparison.Ordinal).Count(c => c == '|')));
    }

    [Fact]
    public void The_first_run_says_there_is_nothing_to_compare_with()
    {
        using var files = new TestFiles();
        var outcome = ScoreArtifacts.Write(Report(files, 1), Options(files, Monday));

        Assert.Null(outcome.Trend.Previous);
        var md = File.ReadAllText(outcome.ReportFiles[1]);
        Assert.Contains("_First recorded run: no previous run to compare with._", md);
        Assert.DoesNotContain("change since", md);
    }

    [Fact]
    public void Sparkline_scales_scores_into_the_box_and_marks_the_last_run()
    {
        var svg = ScoreTrend.Sparkline(new[] { 0.0, 7, 3.5 });

        Assert.Contains("points=\"4,44 120,4 236,24\"", svg);
        Assert.Contains("<circle cx=\"236\" cy=\"24\"", svg);
        Assert.Contains("aria-label=\"Final score of the last 3 runs: 0, 7, 3.5\"", svg);

        var single = ScoreTrend.Sparkline(new[] { 2.0 });
        Assert.DoesNotContain("<polyline", single);
        Assert.Contains("<circle", single);
    }

    [Fact]
    public void Sparkline_shows_at_most_the_last_twenty_runs()
    {
        var history = Enumerable.Range(0, 30).Select(i => new ScoreHistoryRecord { FinalScore = i % 8 }).ToList();
        var trend = ScoreTrend.Create(new ScoreHistoryRecord { FinalScore = 1 }, history);

        Assert.Equal(ScoreTrend.SparklineRuns, trend.Recent.Count);
        Assert.Same(history[^1], trend.Previous);
    }

    [Fact]
    public void A_history_shared_by_several_projects_compares_each_with_its_own_runs()
    {
        var history = new List<ScoreHistoryRecord>
        {
            new() { Project = "A", FinalScore = 1 },
            new() { FinalScore = 1.5 },
            new() { Project = "B", FinalScore = 3 },
        };

        var trend = ScoreTrend.Create(new ScoreHistoryRecord { Project = "A", FinalScore = 2 }, history);

        Assert.Equal(1.5, trend.Previous!.FinalScore);
        Assert.Equal(new[] { 1, 1.5, 2 }, trend.Recent.Select(r => r.FinalScore));
    }

    [Fact]
    public void Baseline_reads_a_report_json_a_history_line_or_the_last_line_of_a_history_file()
    {
        using var files = new TestFiles();
        var directory = Path.Combine(files.Directory, "b");
        ReportWriter.WriteAll(Report(files, 2, "rep2222"), directory);
        var line = files.Write("line.json", """{"time":"t","commit":"l1","sections":{"Data":1},"finalScore":1,"maturity":{"google":1,"azure":2}}""");
        var history = files.Write("h.jsonl", """{"finalScore":1}""" + "\n" + "oops\n" + """{"finalScore":3,"commit":"last"}""" + "\n");
        var diagnostics = new List<ScoreDiagnostic>();

        var fromReport = ScoreHistory.ReadBaseline(Path.Combine(directory, "ml-test-score.json"), diagnostics)!;
        Assert.Equal(2, fromReport.FinalScore);
        Assert.Equal("rep2222", fromReport.Commit);
        Assert.Equal(2, fromReport.Section("Monitor"));
        Assert.True(fromReport.GoogleLevel >= 0);

        var fromLine = ScoreHistory.ReadBaseline(line, diagnostics)!;
        Assert.Equal(2, fromLine.AzureLevel);
        Assert.Empty(diagnostics);

        var fromHistory = ScoreHistory.ReadBaseline(history, diagnostics)!;
        Assert.Equal("last", fromHistory.Commit);
        Assert.Equal(2, Assert.Single(diagnostics).Line);
    }

    [Fact]
    public void A_missing_or_empty_baseline_is_a_warning_and_no_comparison()
    {
        using var files = new TestFiles();
        var options = Options(files, Monday);
        options.BaselineFile = Path.Combine(files.Directory, "nope.json");
        options.FailOnRegression = true;

        var outcome = ScoreArtifacts.Write(Report(files, 1), options);

        var warning = Assert.Single(outcome.Diagnostics);
        Assert.Equal(ScoreDiagnosticCodes.UnreadableHistory, warning.Code);
        Assert.Null(outcome.Trend.Baseline);

        var diagnostics = new List<ScoreDiagnostic>();
        Assert.Null(ScoreHistory.ReadBaseline(files.Write("empty.json", ""), diagnostics));
        Assert.Single(diagnostics);
    }

    [Fact]
    public void Regression_gate_fails_only_when_opted_in_and_the_final_score_fell()
    {
        using var files = new TestFiles();
        var baseline = files.Write("baseline.json", """{"commit":"abc1234","sections":{"Data":2,"Model":2,"Infra":2,"Monitor":2},"finalScore":2}""");

        var lower = Options(files, Monday);
        lower.BaselineFile = baseline;
        lower.FailOnRegression = true;
        var fell = ScoreArtifacts.Write(Report(files, 1), lower);
        var error = Assert.Single(fell.Diagnostics);
        Assert.Equal("MLOPS9104", error.Code);
        Assert.Equal(ScoreDiagnosticSeverity.Error, error.Severity);
        Assert.Equal(baseline, error.File);
        Assert.Contains("fell from 2 to 1 against the baseline baseline.json (commit abc1234)", error.Message);
        Assert.Contains("Data 2 -> 1", error.Message);

        var notOptedIn = Options(files, Monday);
        notOptedIn.BaselineFile = baseline;
        Assert.Empty(ScoreArtifacts.Write(Report(files, 1), notOptedIn).Diagnostics);

        var equal = Options(files, Monday);
        equal.BaselineFile = baseline;
        equal.FailOnRegression = true;
        Assert.Empty(ScoreArtifacts.Write(Report(files, 2), equal).Diagnostics);
    }

    [Fact]
    public void Check_task_fails_the_build_with_MLOPS9104_when_the_written_report_fell_against_the_baseline()
    {
        using var files = new TestFiles();
        var directory = Path.Combine(files.Directory, "out");
        ReportWriter.WriteAll(Report(files, 1), directory);
        var baseline = files.Write("baseline.json", """{"sections":{"Data":2,"Model":2,"Infra":2,"Monitor":2},"finalScore":2}""");
        var engine = new RecordingBuildEngine();
        var task = new CheckMLTestScore { BuildEngine = engine, ReportFile = Path.Combine(directory, "ml-test-score.json"), BaselineFile = baseline, FailOnRegression = true };

        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("MLOPS9104", error.Code);
        Assert.Equal(baseline, error.File);

        var off = new CheckMLTestScore { BuildEngine = new RecordingBuildEngine(), ReportFile = task.ReportFile, BaselineFile = baseline };
        Assert.True(off.Execute());
    }

    [Fact]
    public void Check_task_leaves_the_ratchet_to_the_in_run_scorer_whose_errors_it_replays()
    {
        using var files = new TestFiles();
        var directory = Path.Combine(files.Directory, "out");
        ReportWriter.WriteAll(Report(files, 1), directory);
        var baseline = files.Write("baseline.json", """{"finalScore":2}""");
        var errors = files.Write("ml-test-score.errors.tsv", "MLOPS9104\t0\t0\t" + baseline + "\tThe ML Test Score fell from 2 to 1.\n");
        var engine = new RecordingBuildEngine();
        var task = new CheckMLTestScore { BuildEngine = engine, ReportFile = Path.Combine(directory, "ml-test-score.json"), BaselineFile = baseline, FailOnRegression = true, RunErrorsFile = errors };

        Assert.False(task.Execute());
        Assert.Equal("MLOPS9104", Assert.Single(engine.Errors).Code); // once, not twice
    }

    [Fact]
    public void Compute_task_writes_history_and_junit_and_logs_history_warnings_as_build_warnings()
    {
        using var files = new TestFiles();
        var results = files.Write("r.xml", JUnit(("Ns.T.A", "pass", new[] { "Data.1" })));
        var history = files.Write("cache/h.jsonl", "garbage\n");
        var engine = new RecordingBuildEngine();
        var task = new ComputeMLTestScore
        {
            BuildEngine = engine,
            ResultFiles = new ITaskItem[] { new Microsoft.Build.Utilities.TaskItem(results) },
            ReportDirectory = Path.Combine(files.Directory, "out"),
            HistoryFile = history,
            ProjectName = "P",
            Commit = "abc1234",
            GitHubSummary = false,
        };

        Assert.True(task.Execute());
        Assert.Contains(task.ReportFiles, f => f.ItemSpec.EndsWith("ml-test-score.junit.xml", StringComparison.Ordinal));
        Assert.Equal(2, File.ReadAllLines(history).Length);
        var warning = Assert.Single(engine.Warnings, w => w.Code == "MLOPS9019");
        Assert.Equal(history, warning.File);
        Assert.Equal(1, warning.LineNumber);
        Assert.Contains("\"commit\": \"abc1234\"", File.ReadAllText(Path.Combine(files.Directory, "out", "ml-test-score.json")));
    }

    [Fact]
    public void Run_configuration_carries_the_ci_settings_to_the_in_run_scorers()
    {
        using var files = new TestFiles();
        var config = files.Write("c.config", $"ReportDirectory={files.Directory}/out\nProjectName=Churn.Tests\nCommit=abc\nHistoryFile={files.Directory}/h.jsonl\nHistory=false\nBaselineFile={files.Directory}/b.json\nFailOnRegression=true\nGitHubSummary=false\n");

        var configuration = MLOps.MLTestScore.Runs.ScoreRunConfiguration.Read(config);

        Assert.Equal("Churn.Tests", configuration.ProjectName);
        Assert.Equal("abc", configuration.Commit);
        Assert.Equal($"{files.Directory}/h.jsonl", configuration.Artifacts.HistoryFile);
        Assert.False(configuration.Artifacts.WriteHistory);
        Assert.Equal($"{files.Directory}/b.json", configuration.Artifacts.BaselineFile);
        Assert.True(configuration.Artifacts.FailOnRegression);
        Assert.False(configuration.Artifacts.GitHubSummary);
        Assert.Equal($"{files.Directory}/out", configuration.Artifacts.ReportDirectory);
    }

    [Fact]
    public void In_run_scorer_records_the_regression_for_the_gate_after_the_run()
    {
        using var files = new TestFiles();
        var baseline = files.Write("b.json", """{"finalScore":3}""");
        var config = files.Write("c.config", $"ReportDirectory={files.Directory}/out\nBaselineFile={baseline}\nFailOnRegression=true\nGitHubSummary=false\n");
        var configuration = MLOps.MLTestScore.Runs.ScoreRunConfiguration.Read(config);
        var results = new[] { new MLOps.MLTestScore.Runs.RunTestResult("Ns.T", "A", MLOps.MLTestScore.Runs.RunTestOutcome.Passed, TimeSpan.Zero, null, new[] { new KeyValuePair<string, string>("MLTestScore", "Data.1") }) };

        var outcome = MLOps.MLTestScore.Runs.TestRunScorer.Score(configuration, results, Array.Empty<string>(), "vstest");

        Assert.Contains(outcome.Messages, m => m.Kind == MLOps.MLTestScore.Runs.RunMessageKind.Error && m.Text.Contains("MLOPS9104", StringComparison.Ordinal));
        var recorded = MLOps.MLTestScore.Runs.RunErrorsFile.Read(Path.Combine(files.Directory, "out", "ml-test-score.errors.tsv"));
        Assert.Equal("MLOPS9104", Assert.Single(recorded).Code);
        Assert.True(File.Exists(Path.Combine(files.Directory, "out", "ml-test-score.history.jsonl")));
        Assert.True(File.Exists(Path.Combine(files.Directory, "out", "ml-test-score.junit.xml")));
    }

    private sealed class RecordingBuildEngine : IBuildEngine
    {
        public List<BuildErrorEventArgs> Errors { get; } = new();

        public List<BuildWarningEventArgs> Warnings { get; } = new();

        public bool ContinueOnError => false;

        public int LineNumberOfTaskNode => 0;

        public int ColumnNumberOfTaskNode => 0;

        public string ProjectFileOfTaskNode => "test.csproj";

        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => false;

        public void LogCustomEvent(CustomBuildEventArgs e)
        {
        }

        public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(e);

        public void LogMessageEvent(BuildMessageEventArgs e)
        {
        }

        public void LogWarningEvent(BuildWarningEventArgs e) => Warnings.Add(e);
    }
}
