using System.Xml.Linq;
using static MLOps.MLTestScore.Tests.TestFiles;

namespace MLOps.MLTestScore.Tests;

/// <summary>What CI shows: the JUnit file of the 28 items, the GitHub job summary, the Azure Pipelines summary command, project and commit.</summary>
public sealed class CiOutputTests
{
    internal static ScoreReport Report(TestFiles files, string? commit = "0123456789abcdef0123456789abcdef01234567")
    {
        var results = files.Write("results.xml", JUnit(
            ("Ns.DataTests.Schema", "pass", new[] { "Data.1" }),
            ("Ns.ModelTests.Slices", "fail", new[] { "Model.6" }),
            ("Ns.InfraTests.Repro", "pass", new[] { "Infra.1" }),
            ("Ns.MonitorTests.Skew", "skip", new[] { "Monitor.3" })));
        var evidence = files.Write("evidence.json", """
            { "evidence": [
              { "item": "Model.1", "date": "2026-11-01", "owner": "ana", "link": "https://wiki/review" },
              { "item": "Infra.7", "date": "2020-01-01", "owner": "bo", "link": "https://wiki/rollback" } ] }
            """);
        return Score(o =>
        {
            o.ResultFiles.Add(results);
            o.ManualEvidenceFile = evidence;
            o.RepositoryRoot = files.Directory;
            o.ProjectName = "Churn.Tests";
            o.Commit = commit;
        }).Report;
    }

    private static ScoreArtifactOptions Options(TestFiles files) => new()
    {
        ReportDirectory = Path.Combine(files.Directory, "out"),
        RepositoryRoot = files.Directory,
        Now = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public void JUnit_has_the_28_items_as_test_cases_with_the_section_as_classname()
    {
        using var files = new TestFiles();
        var xml = XDocument.Parse(RubricJUnitWriter.ToJUnit(Report(files)));

        var cases = xml.Descendants("testcase").ToList();
        Assert.Equal(28, cases.Count);
        Assert.Equal(new[] { "Data", "Model", "Infra", "Monitor" }, xml.Root!.Elements("testsuite").Select(s => (string?)s.Attribute("name")));
        Assert.All(cases, c => Assert.Contains((string?)c.Attribute("classname"), new[] { "Data", "Model", "Infra", "Monitor" }));
        Assert.Equal("28", (string?)xml.Root.Attribute("tests"));
        Assert.Equal(cases.Count(c => c.Element("failure") is not null).ToString(), (string?)xml.Root.Attribute("failures"));
        Assert.Equal(cases.Count(c => c.Element("skipped") is not null).ToString(), (string?)xml.Root.Attribute("skipped"));
    }

    [Fact]
    public void JUnit_maps_each_status_to_pass_fail_or_skip_with_status_and_points_properties()
    {
        using var files = new TestFiles();
        var xml = XDocument.Parse(RubricJUnitWriter.ToJUnit(Report(files)));
        XElement Case(string id) => xml.Descendants("testcase").Single(c => ((string)c.Attribute("name")!).StartsWith(id + " ", StringComparison.Ordinal));
        string? Prop(XElement c, string name) => (string?)c.Element("properties")!.Elements("property").Single(p => (string?)p.Attribute("name") == name).Attribute("value");

        var automated = Case("Data.1");
        Assert.Null(automated.Element("failure"));
        Assert.Null(automated.Element("skipped"));
        Assert.Equal("Automated", Prop(automated, "status"));
        Assert.Equal("1", Prop(automated, "points"));
        Assert.Equal("Data", (string?)automated.Attribute("classname"));
        Assert.Equal("Data.1 Feature expectations are captured in a schema", (string?)automated.Attribute("name"));

        var manual = Case("Model.1"); // half point: passed, the half in its properties
        Assert.Null(manual.Element("failure"));
        Assert.Null(manual.Element("skipped"));
        Assert.Equal("Manual", Prop(manual, "status"));
        Assert.Equal("0.5", Prop(manual, "points"));

        var failing = Case("Model.6");
        Assert.Equal("Failing", (string?)failing.Element("failure")!.Attribute("type"));
        Assert.Contains("Ns.ModelTests.Slices: Failed", failing.Element("failure")!.Value);
        Assert.Equal("0", Prop(failing, "points"));

        var stale = Case("Infra.7");
        Assert.Equal("Stale", (string?)stale.Element("failure")!.Attribute("type"));

        var missing = Case("Monitor.1");
        Assert.NotNull(missing.Element("skipped"));
        Assert.Equal("Missing", Prop(missing, "status"));

        var data = xml.Root!.Elements("testsuite").First();
        Assert.Contains(data.Element("properties")!.Elements("property"), p => (string?)p.Attribute("name") == "commit" && ((string?)p.Attribute("value"))!.StartsWith("0123456789ab", StringComparison.Ordinal));
    }

    [Fact]
    public void JUnit_drops_characters_xml_cannot_carry()
    {
        using var files = new TestFiles();
        var results = files.Write("r.xml", JUnit(("Ns.T.A", "fail", new[] { "Data.1" })));
        var report = Score(o => { o.ResultFiles.Add(results); o.ProjectName = "bad\u0001name"; }).Report;

        var xml = XDocument.Parse(RubricJUnitWriter.ToJUnit(report));
        Assert.Contains(xml.Descendants("property"), p => (string?)p.Attribute("value") == "badname");
    }

    [Fact]
    public void Artifacts_write_the_junit_file_beside_the_reports()
    {
        using var files = new TestFiles();
        var outcome = ScoreArtifacts.Write(Report(files), Options(files));

        var names = outcome.ReportFiles.Select(Path.GetFileName).ToList();
        Assert.Equal(new[] { "ml-test-score.json", "ml-test-score.md", "ml-test-score.html", "ml-test-score.junit.xml" }, names);
        Assert.All(outcome.ReportFiles, f => Assert.True(File.Exists(f)));
        Assert.Empty(outcome.Diagnostics);
        Assert.Empty(outcome.LogLines);
    }

    [Fact]
    public void GitHub_step_summary_gets_the_markdown_appended_when_the_variable_is_set()
    {
        using var files = new TestFiles();
        var summary = files.Write("step-summary.md", "earlier step\n");
        var options = Options(files);
        options.Environment["GITHUB_STEP_SUMMARY"] = summary;

        ScoreArtifacts.Write(Report(files), options);

        var text = File.ReadAllText(summary);
        Assert.StartsWith("earlier step\n# ML Test Score: ", text);
        Assert.Contains("## Trend", text);
        Assert.Equal(File.ReadAllText(Path.Combine(options.ReportDirectory, "ml-test-score.md")) + "\n", text["earlier step\n".Length..]);
    }

    [Fact]
    public void GitHub_step_summary_is_left_alone_when_switched_off()
    {
        using var files = new TestFiles();
        var summary = files.Write("step-summary.md", "earlier step\n");
        var options = Options(files);
        options.Environment["GITHUB_STEP_SUMMARY"] = summary;
        options.GitHubSummary = false;

        ScoreArtifacts.Write(Report(files), options);

        Assert.Equal("earlier step\n", File.ReadAllText(summary));
    }

    [Fact]
    public void A_step_summary_that_cannot_be_written_is_a_warning_not_a_crash()
    {
        using var files = new TestFiles();
        var options = Options(files);
        options.Environment["GITHUB_STEP_SUMMARY"] = Path.Combine(files.Directory, "no-such-dir", "summary.md");

        var outcome = ScoreArtifacts.Write(Report(files), options);

        var warning = Assert.Single(outcome.Diagnostics);
        Assert.Equal("MLOPS9018", warning.Code); // the published code (rules/ml-test-score.md), not only the constant
        Assert.Equal(ScoreDiagnosticCodes.CiOutputNotWritten, warning.Code);
        Assert.Equal(ScoreDiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains("no-such-dir", warning.Message, StringComparison.Ordinal);
        Assert.Equal(4, outcome.ReportFiles.Count);
    }

    [Fact]
    public void Azure_pipelines_gets_an_uploadsummary_command_naming_the_markdown()
    {
        using var files = new TestFiles();
        var options = Options(files);
        options.Environment["TF_BUILD"] = "True";

        var outcome = ScoreArtifacts.Write(Report(files), options);

        var line = Assert.Single(outcome.LogLines);
        Assert.Equal("##vso[task.uploadsummary]" + Path.Combine(options.ReportDirectory, "ml-test-score.md"), line);
    }

    [Fact]
    public void Report_names_project_and_commit_in_every_format()
    {
        using var files = new TestFiles();
        var report = Report(files);

        Assert.Equal("Churn.Tests", report.Project);
        Assert.Equal("0123456789abcdef0123456789abcdef01234567", report.Commit);
        Assert.Contains("\"project\": \"Churn.Tests\"", ReportWriter.ToJson(report));
        Assert.Contains("Project Churn.Tests, Commit 0123456789abcdef0123456789abcdef01234567.", ReportWriter.ToMarkdown(report));
        Assert.Contains("Project Churn.Tests, Commit 0123456789abcdef0123456789abcdef01234567.", ReportWriter.ToHtml(report));
    }

    [Fact]
    public void Commit_comes_from_the_ci_variable_when_not_given()
    {
        using var files = new TestFiles();
        var results = files.Write("r.xml", JUnit(("Ns.T.A", "pass", new[] { "Data.1" })));
        var report = Score(o => { o.ResultFiles.Add(results); o.Environment["GITHUB_SHA"] = "feedfacefeedfacefeedfacefeedfacefeedface"; }).Report;

        Assert.Equal("feedfacefeedfacefeedfacefeedfacefeedface", report.Commit);
    }

    [Fact]
    public void Commit_comes_from_git_in_the_repository_root_and_is_null_without_one()
    {
        using var files = new TestFiles();
        var results = files.Write("r.xml", JUnit(("Ns.T.A", "pass", new[] { "Data.1" })));

        // This test project is built inside a git work tree: git rev-parse HEAD answers there.
        var repository = AppContext.BaseDirectory;
        var inGit = Score(o => { o.ResultFiles.Add(results); o.RepositoryRoot = repository; }).Report;
        var expected = SourceControl.GitHead(repository);
        Assert.Equal(expected, inGit.Commit);
        if (expected is not null)
        {
            Assert.Matches("^[0-9a-f]{40,64}$", expected);
        }

        var outside = Score(o => { o.ResultFiles.Add(results); o.RepositoryRoot = Path.Combine(files.Directory, "no-such-folder"); }).Report;
        Assert.Null(outside.Commit);
    }
}
