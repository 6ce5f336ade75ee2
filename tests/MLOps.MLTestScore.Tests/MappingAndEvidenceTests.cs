using static MLOps.MLTestScore.Tests.TestFiles;

namespace MLOps.MLTestScore.Tests;

public class MappingAndEvidenceTests
{
    [Fact]
    public void Mapping_globs_tag_matching_tests_case_insensitively()
    {
        using var files = new TestFiles();
        var results = files.Write("r.xml", JUnit(
            ("MyCompany.Ml.Tests.SchemaTests.Columns", "pass", Array.Empty<string>()),
            ("MyCompany.Ml.Tests.SchemaTests.Ranges", "pass", Array.Empty<string>()),
            ("MyCompany.Ml.Tests.LatencyTests.P99", "pass", Array.Empty<string>()),
            ("MyCompany.Ml.Tests.LatencyTests.P50", "pass", Array.Empty<string>())));
        var mapping = files.Write("map.json", """
            {
              // comments are allowed
              "mappings": [
                { "tests": "mycompany.ml.tests.schematests.*", "items": ["Data.1", "monitor 2"] },
                { "tests": ["MyCompany.Ml.Tests.LatencyTests.P9?"], "items": "Monitor.6" },
              ]
            }
            """);

        var result = Score(o => { o.ResultFiles.Add(results); o.MappingFile = mapping; });
        var r = result.Report;

        Assert.Equal(2, Item(r, "Data.1").Tests.Count);
        Assert.Equal(2, Item(r, "Monitor.2").Tests.Count);
        Assert.Equal("MyCompany.Ml.Tests.LatencyTests.P99", Assert.Single(Item(r, "Monitor.6").Tests).Name);
        Assert.Equal(new[] { "mapping" }, Item(r, "Monitor.6").Tests[0].TagSources);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Mapping_reports_unknown_ids_and_globs_that_match_nothing_with_lines()
    {
        using var files = new TestFiles();
        var results = files.Write("r.xml", JUnit(("Ns.A.B", "pass", Array.Empty<string>())));
        var mapping = files.Write("map.json", """
            { "mappings": [
              { "tests": "Ns.A.*", "items": ["Data.1"] },
              { "tests": "Ns.A.*",
                "items": ["Model.42"] },
              { "tests": "Other.*", "items": ["Infra.1"] },
              { "items": ["Infra.2"] }
            ] }
            """);

        var result = Score(o => { o.ResultFiles.Add(results); o.MappingFile = mapping; });

        // Line and 1-based column of the offending value, so an IDE can jump to it.
        var unknown = Assert.Single(result.Diagnostics, d => d.Code == "MLOPS9006");
        Assert.Equal((4, 15), (unknown.Line, unknown.Column));
        var nothing = Assert.Single(result.Diagnostics, d => d.Code == "MLOPS9009");
        Assert.Equal((5, 14), (nothing.Line, nothing.Column));
        var incomplete = Assert.Single(result.Diagnostics, d => d.Code == "MLOPS9008");
        Assert.Equal((6, 15), (incomplete.Line, incomplete.Column));
        Assert.Equal(ItemStatus.Automated, Item(result.Report, "Data.1").Status);
    }

    [Fact]
    public void Globs_full_of_stars_match_in_bounded_time_instead_of_timing_out()
    {
        // Found with RobustnessFuzzTests' hostile globs: a glob became a regex of ".*" runs whose
        // backtracking on a long test name hit the 1 s regex timeout; the
        // RegexMatchTimeoutException escaped as MLOPS9099 and the mapping was lost.
        const string name = "MyCompany.Ml.Tests.FeatureSelectionTests.ReferenceSelection_RemovesEveryFeatureWhoseCoverageIsBelowTheThreshold_EvenWhenTheyAreRelevant";
        using var files = new TestFiles();
        var results = files.Write("r.xml", JUnit((name, "pass", Array.Empty<string>())));
        var stars = string.Concat(Enumerable.Repeat("*?", 40));
        var cases = new (string Glob, bool Matches)[]
        {
            (stars + "!*", false),
            (string.Concat(Enumerable.Repeat("*.", 20)) + "#*", false),
            (string.Concat(Enumerable.Repeat("*e", 25)) + "x", false),
            (string.Concat(Enumerable.Repeat("*e", 12)) + "*", true),
            (stars, true),
            ("*", true),
            ("**", true),
            ("mycompany.ml.tests.*selection*.reference?election_*", true),
            ("*_EvenWhenTheyAreRelevant", true),
            ("*_EvenWhenTheyAreRelevan", false),
            (name + "?", false),
            ("", false),
        };

        foreach (var (glob, matches) in cases)
        {
            var mapping = files.Write("map.json", "{ \"mappings\": [ { \"tests\": " + System.Text.Json.JsonSerializer.Serialize(glob) + ", \"items\": [\"Data.2\"] } ] }");

            var result = Score(o => { o.ResultFiles.Add(results); o.MappingFile = mapping; });

            Assert.DoesNotContain(result.Diagnostics, d => d.Code == "MLOPS9099");
            Assert.True(matches == (Item(result.Report, "Data.2").Status == ItemStatus.Automated), $"glob '{glob}' should {(matches ? string.Empty : "not ")}match");
            Assert.Equal(!matches, result.Diagnostics.Any(d => d.Code == "MLOPS9009"));
        }
    }

    [Fact]
    public void Mapped_test_that_fails_revokes_like_any_tagged_test()
    {
        using var files = new TestFiles();
        var results = files.Write("r.xml", JUnit(("Ns.Canary.Compare", "fail", Array.Empty<string>())));
        var mapping = files.Write("map.json", """{ "mappings": [ { "tests": "Ns.Canary.*", "items": ["Infra.6"] } ] }""");

        Assert.Equal(ItemStatus.Failing, Item(Score(o => { o.ResultFiles.Add(results); o.MappingFile = mapping; }).Report, "Infra.6").Status);
    }

    [Fact]
    public void Evidence_warns_about_missing_owner_link_and_date()
    {
        using var files = new TestFiles();
        var evidence = files.Write("e.json", """
            { "evidence": [
              { "item": "Model.1", "date": "2026-11-01" },
              { "item": "Model.2", "owner": "dana", "link": "https://x.invalid" },
              { "item": "Model.3", "date": "next tuesday", "owner": "dana", "link": "https://x.invalid" },
              { "item": "Model.8", "date": "2026-11-01", "owner": "dana", "link": "https://x.invalid" }
            ] }
            """);

        var result = Score(o => o.ManualEvidenceFile = evidence);
        var r = result.Report;

        // Missing owner/link: still counts. Missing or unreadable date: cannot be shown fresh.
        Assert.Equal(0.5, Item(r, "Model.1").Points);
        Assert.Equal(0, Item(r, "Model.2").Points);
        Assert.Equal(ItemStatus.Stale, Item(r, "Model.2").Status);
        Assert.Equal(0, Item(r, "Model.3").Points);
        var incomplete = result.Diagnostics.Where(d => d.Code == "MLOPS9012").ToList();
        Assert.Equal(new[] { 2, 3, 4 }, incomplete.Select(d => d.Line).ToArray());
        Assert.Equal(13, incomplete[0].Column);
        Assert.Contains("owner, link", incomplete[0].Message);
        // An unreadable date is named, at its own position, not reported as missing.
        Assert.Contains("'next tuesday'", incomplete[2].Message);
        Assert.DoesNotContain("lacks", incomplete[2].Message);
        Assert.Equal(32, incomplete[2].Column);
        Assert.Single(result.Diagnostics, d => d.Code == "MLOPS9006" && d.Line == 5);
        Assert.Equal(3, r.Inputs.ManualEvidenceCount);
    }

    [Fact]
    public void Newest_fresh_entry_wins_and_future_dates_warn()
    {
        using var files = new TestFiles();
        var evidence = files.Write("e.json", """
            { "evidence": [
              { "item": "Infra.7", "date": "2025-01-01", "owner": "old", "link": "l" },
              { "item": "Infra.7", "date": "2026-11-15", "owner": "new", "link": "l" },
              { "item": "Infra.5", "date": "2027-06-01", "owner": "eve", "link": "l" }
            ] }
            """);

        var result = Score(o => o.ManualEvidenceFile = evidence);

        Assert.Equal("new", Item(result.Report, "Infra.7").ManualEvidence!.Owner);
        Assert.Equal(ItemStatus.Manual, Item(result.Report, "Infra.7").Status);
        Assert.Equal(ItemStatus.Manual, Item(result.Report, "Infra.5").Status);
        Assert.Single(result.Diagnostics, d => d.Code == "MLOPS9013");
        Assert.Single(result.Diagnostics, d => d.Code == "MLOPS9011"); // the old Infra.7 entry
    }

    [Fact]
    public void Max_age_is_configurable()
    {
        using var files = new TestFiles();
        var evidence = files.Write("e.json", """{ "evidence": [ { "item": "Data.6", "date": "2026-10-01", "owner": "o", "link": "l" } ] }""");

        Assert.Equal(ItemStatus.Manual, Item(Score(o => { o.ManualEvidenceFile = evidence; o.ManualEvidenceMaxAgeDays = 61; }).Report, "Data.6").Status);
        Assert.Equal(ItemStatus.Stale, Item(Score(o => { o.ManualEvidenceFile = evidence; o.ManualEvidenceMaxAgeDays = 60; }).Report, "Data.6").Status);
    }

    [Theory]
    [InlineData("mapping", "{ \"mappings\": [ ")]
    [InlineData("mapping", "{ \"mappings\": [ { \"tests\": \"Ns.*\" ] }")]
    [InlineData("mapping", "{ \"mappings\": [\n  { \"tests\": \"Ns.*\" },\n  { \"items\": [\"Nope.1\"], \"tests\": \"Zz.*\" },\n  { }\n] }")]
    [InlineData("mapping", "{ \"other\": 1 }")]
    [InlineData("evidence", "{ \"evidence\": [ { \"item\": \"Model.1\", \"date\": \"2026-11-01\" ")]
    [InlineData("evidence", "{ \"evidence\": [\n  { \"date\": \"2026-11-01\" },\n  { \"item\": \"Model.9\" },\n  { \"item\": \"Model.1\", \"date\": \"1st of May\" },\n  { \"item\": \"Model.2\", \"date\": \"1990-01-01\", \"owner\": \"o\", \"link\": \"l\" }\n] }")]
    [InlineData("evidence", "{ \"evidence\": 7 }")]
    public void Every_diagnostic_on_a_mapping_or_evidence_file_has_a_line_and_a_1_based_column_and_one_position_only(string kind, string content)
    {
        using var files = new TestFiles();
        var results = files.Write("r.xml", JUnit(("Ns.A.B", "pass", Array.Empty<string>())));
        var path = files.Write(kind + ".json", content);

        var result = Score(o =>
        {
            o.ResultFiles.Add(results);
            if (kind == "mapping")
            {
                o.MappingFile = path;
            }
            else
            {
                o.ManualEvidenceFile = path;
            }
        });

        var own = result.Diagnostics.Where(d => d.File == path).ToList();
        Assert.NotEmpty(own);
        Assert.All(own, d =>
        {
            Assert.True(d.Line >= 1 && d.Column >= 1, $"{d.Code} at ({d.Line},{d.Column}): {d.Message}");
            // The parser's own, 0-based position is not repeated in the text.
            Assert.DoesNotContain("LineNumber", d.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("BytePositionInLine", d.Message, StringComparison.Ordinal);
        });
    }
}
