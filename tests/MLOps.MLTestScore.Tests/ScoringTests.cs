using static MLOps.MLTestScore.Tests.TestFiles;

namespace MLOps.MLTestScore.Tests;

/// <summary>Hand computations of the 2017 rules: 1 point automated, 0.5 manual, section sums, final = min.</summary>
public class ScoringTests
{
    [Fact]
    public void Every_item_automated_gives_7_per_section_and_final_7()
    {
        using var files = new TestFiles();
        var cases = RubricCatalog.Items.Select(i => ("Ns.T.Test_" + i.Id.Replace('.', '_'), "pass", new[] { i.Id })).ToArray();
        var path = files.Write("all.xml", JUnit(cases));

        var result = Score(o => o.ResultFiles.Add(path));

        Assert.Equal(7, result.Report.FinalScore);
        Assert.All(result.Report.Sections, s => Assert.Equal(7, s.Score));
        Assert.Equal("> 5", result.Report.Band);
        Assert.Empty(result.Report.NextSteps);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Final_is_the_minimum_of_the_sections_with_half_points()
    {
        // Data: 3 automated = 3. Model: 1 automated + 1 manual = 1.5. Infra: 4 automated = 4.
        // Monitor: 2 automated = 2. Final = min = 1.5 -> band (1, 2].
        using var files = new TestFiles();
        var results = files.Write("r.xml", JUnit(
            ("Ns.DataTests.Schema", "pass", new[] { "Data.1" }),
            ("Ns.DataTests.Pii", "pass", new[] { "Data.5" }),
            ("Ns.DataTests.FeatureCode", "pass", new[] { "Data.7" }),
            ("Ns.ModelTests.Baseline", "pass", new[] { "Model.5" }),
            ("Ns.InfraTests.Seed", "pass", new[] { "Infra.1" }),
            ("Ns.InfraTests.Spec", "pass", new[] { "Infra.2" }),
            ("Ns.InfraTests.EndToEnd", "pass", new[] { "Infra.3" }),
            ("Ns.InfraTests.Gate", "pass", new[] { "Infra.4" }),
            ("Ns.MonitorTests.Invariants", "pass", new[] { "Monitor.2", "Monitor.5" })));
        var evidence = files.Write("evidence.json", """
            { "evidence": [ { "item": "Model.1", "date": "2026-10-01", "owner": "alice", "link": "https://example.invalid/review/1" } ] }
            """);

        var r = Score(o => { o.ResultFiles.Add(results); o.ManualEvidenceFile = evidence; }).Report;

        Assert.Equal(3, Section(r, "Data"));
        Assert.Equal(1.5, Section(r, "Model"));
        Assert.Equal(4, Section(r, "Infra"));
        Assert.Equal(2, Section(r, "Monitor"));
        Assert.Equal(1.5, r.FinalScore);
        Assert.Equal("Model", r.WeakestSection);
        Assert.Equal("(1, 2]", r.Band);
        Assert.Equal(ItemStatus.Manual, Item(r, "Model.1").Status);
        Assert.Equal(0.5, Item(r, "Model.1").Points);
        Assert.Equal("ML Test Score 1.5 (weakest: Model 1.5; Data 3, Infra 4, Monitor 2): a first pass at productionization; more investment is needed. Google MLOps level 1, Azure MLOps level 0.", ReportWriter.SummaryLine(r));
    }

    [Fact]
    public void One_failing_run_revokes_the_automated_point_and_manual_evidence_still_gives_half()
    {
        using var files = new TestFiles();
        var results = files.Write("r.xml", JUnit(
            ("Ns.Slices.Overall", "pass", new[] { "Model.6" }),
            ("Ns.Slices.Seniors", "fail", new[] { "Model.6" }),
            ("Ns.Infra.Seed", "fail", new[] { "Infra.1" })));
        var evidence = files.Write("e.json", """{ "evidence": [ { "item": "Model.6", "date": "2026-11-01", "owner": "bob", "link": "https://x.invalid" } ] }""");

        var r = Score(o => { o.ResultFiles.Add(results); o.ManualEvidenceFile = evidence; }).Report;

        Assert.Equal(ItemStatus.Failing, Item(r, "Model.6").Status);
        Assert.Equal(0.5, Item(r, "Model.6").Points);
        Assert.Equal(ItemStatus.Failing, Item(r, "Infra.1").Status);
        Assert.Equal(0, Item(r, "Infra.1").Points);
    }

    [Fact]
    public void Automated_and_manual_take_the_max_not_the_sum()
    {
        using var files = new TestFiles();
        var results = files.Write("r.xml", JUnit(("Ns.Spec.Reviewed", "pass", new[] { "Model.1" })));
        var evidence = files.Write("e.json", """{ "evidence": [ { "item": "Model.1", "date": "2026-11-01", "owner": "bob", "link": "https://x.invalid" } ] }""");

        var r = Score(o => { o.ResultFiles.Add(results); o.ManualEvidenceFile = evidence; }).Report;

        Assert.Equal(1, Item(r, "Model.1").Points);
        Assert.Equal(ItemStatus.Automated, Item(r, "Model.1").Status);
        Assert.Equal(1, Section(r, "Model"));
    }

    [Fact]
    public void Skipped_tests_neither_earn_nor_revoke()
    {
        using var files = new TestFiles();
        var results = files.Write("r.xml", JUnit(
            ("Ns.A.OnlySkipped", "skip", new[] { "Infra.1" }),
            ("Ns.A.Passes", "pass", new[] { "Infra.2" }),
            ("Ns.A.SkippedToo", "skip", new[] { "Infra.2" })));

        var r = Score(o => o.ResultFiles.Add(results)).Report;

        Assert.Equal(ItemStatus.Missing, Item(r, "Infra.1").Status);
        Assert.Equal(0, Item(r, "Infra.1").Points);
        Assert.Equal("NotExecuted", Item(r, "Infra.1").Tests.Single().Outcome);
        Assert.Equal(ItemStatus.Automated, Item(r, "Infra.2").Status);
        Assert.Equal(1, Item(r, "Infra.2").Points);
    }

    [Fact]
    public void Stale_manual_evidence_earns_nothing_and_warns()
    {
        using var files = new TestFiles();
        var evidence = files.Write("e.json", """
            {
              "evidence": [
                { "item": "Data.2", "date": "2026-01-01", "owner": "carol", "link": "https://x.invalid/ablation" },
                { "item": "Data.3", "date": "2026-06-04", "owner": "carol", "link": "https://x.invalid/cost" }
              ]
            }
            """);

        var result = Score(o => { o.ManualEvidenceFile = evidence; o.ManualEvidenceMaxAgeDays = 180; });

        // 2026-12-01 - 2026-01-01 = 334 days > 180: stale. 2026-12-01 - 2026-06-04 = 180 days: still fresh.
        Assert.Equal(ItemStatus.Stale, Item(result.Report, "Data.2").Status);
        Assert.Equal(0, Item(result.Report, "Data.2").Points);
        Assert.Equal(334, Item(result.Report, "Data.2").ManualEvidence!.AgeDays);
        Assert.Equal(ItemStatus.Manual, Item(result.Report, "Data.3").Status);
        var stale = Assert.Single(result.Diagnostics, d => d.Code == "MLOPS9011");
        Assert.Equal(3, stale.Line);
        Assert.EndsWith("e.json", stale.File);
    }

    [Fact]
    public void Theory_rows_and_shards_merge_into_one_test()
    {
        using var files = new TestFiles();
        var shard1 = files.Write("shard1.xml", JUnit(
            ("Ns.Features.Bucket(months: 0)", "pass", new[] { "Data.7" }),
            ("Ns.Features.Bucket(months: 12)", "pass", new[] { "Data.7" })));
        var shard2 = files.Write("shard2.xml", JUnit(("Ns.Features.Bucket(months: 48)", "fail", new[] { "Data.7" })));

        var r = Score(o => { o.ResultFiles.Add(shard1); o.ResultFiles.Add(shard2); }).Report;

        var test = Assert.Single(Item(r, "Data.7").Tests);
        Assert.Equal("Ns.Features.Bucket", test.Name);
        Assert.Equal(2, test.Passed);
        Assert.Equal(1, test.Failed);
        Assert.Equal(ItemStatus.Failing, Item(r, "Data.7").Status);
        Assert.Equal(3, r.Inputs.ResultCount);
        Assert.Equal(1, r.Inputs.TestCount);
    }

    [Fact]
    public void Same_file_given_twice_is_read_once()
    {
        using var files = new TestFiles();
        var path = files.Write("r.xml", JUnit(("Ns.A.B", "pass", new[] { "Data.1" })));

        var r = Score(o => { o.ResultFiles.Add(path); o.ResultFiles.Add(Path.Combine(files.Directory, ".", "r.xml")); }).Report;

        Assert.Equal(1, r.Inputs.ResultCount);
        Assert.Single(r.Inputs.ResultFiles);
    }

    [Fact]
    public void A_test_tagged_twice_with_one_id_counts_once_and_lists_both_sources()
    {
        using var files = new TestFiles();
        var results = files.Write("r.xml", JUnit(("Ns.Schema.Check", "pass", new[] { "Data.1", "data 1" })));
        var mapping = files.Write("map.json", """{ "mappings": [ { "tests": "Ns.Schema.*", "items": ["Data.1"] } ] }""");

        var result = Score(o => { o.ResultFiles.Add(results); o.MappingFile = mapping; });

        var item = Item(result.Report, "Data.1");
        var test = Assert.Single(item.Tests);
        Assert.Equal(new[] { "junit", "mapping" }, test.TagSources);
        Assert.Equal(1, item.Points);
        Assert.Equal(1, Section(result.Report, "Data"));
        Assert.Empty(result.Diagnostics);
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(0.5, "(0, 1]")]
    [InlineData(1, "(0, 1]")]
    [InlineData(1.5, "(1, 2]")]
    [InlineData(2, "(1, 2]")]
    [InlineData(3, "(2, 3]")]
    [InlineData(3.5, "(3, 5]")]
    [InlineData(5, "(3, 5]")]
    [InlineData(5.5, "> 5")]
    public void Bands_follow_the_paper(double score, string band) => Assert.Equal(band, Scorer.Band(score).Band);

    [Fact]
    public void No_inputs_gives_zero_and_a_warning_but_no_exception()
    {
        var result = Score(_ => { });

        Assert.Equal(0, result.Report.FinalScore);
        Assert.Equal("0", result.Report.Band);
        Assert.Equal(new[] { "Data", "Model", "Infra", "Monitor" }, result.Report.WeakestSections);
        Assert.Contains(result.Diagnostics, d => d.Code == "MLOPS9014");
        Assert.Equal(28, result.Report.NextSteps.Count);
    }

    [Fact]
    public void Untagged_results_warn_that_nothing_is_tagged()
    {
        using var files = new TestFiles();
        var path = files.Write("r.xml", JUnit(("Ns.A.B", "pass", Array.Empty<string>())));

        var result = Score(o => o.ResultFiles.Add(path));

        Assert.Contains(result.Diagnostics, d => d.Code == "MLOPS9015");
    }

    [Fact]
    public void Next_steps_cover_only_the_weakest_section_in_the_documented_order()
    {
        // Monitor is weakest (0.5): Monitor.1 failing, Monitor.2 stale, Monitor.3 skipped, Monitor.4 manual.
        using var files = new TestFiles();
        var cases = new List<(string, string, string[])>();
        foreach (var id in new[] { "Data.1", "Data.2", "Model.1", "Model.2", "Infra.1", "Infra.2" })
        {
            cases.Add(("Ns.T.T_" + id.Replace('.', '_'), "pass", new[] { id }));
        }

        cases.Add(("Ns.M.Deps", "fail", new[] { "Monitor.1" }));
        cases.Add(("Ns.M.Skew", "skip", new[] { "Monitor.3" }));
        var results = files.Write("r.xml", JUnit(cases.ToArray()));
        var evidence = files.Write("e.json", """
            { "evidence": [
              { "item": "Monitor.2", "date": "2025-01-01", "owner": "o", "link": "l" },
              { "item": "Monitor.4", "date": "2026-11-20", "owner": "o", "link": "l" } ] }
            """);

        var r = Score(o => { o.ResultFiles.Add(results); o.ManualEvidenceFile = evidence; }).Report;

        Assert.Equal(0.5, r.FinalScore);
        Assert.Equal(new[] { "Monitor" }, r.WeakestSections);
        Assert.Equal(
            new[] { "Monitor.1", "Monitor.2", "Monitor.3", "Monitor.5", "Monitor.6", "Monitor.7", "Monitor.4" },
            r.NextSteps.Select(s => s.Item).ToArray());
        Assert.Equal(
            new[] { "FixFailingTests", "RefreshManualEvidence", "RunSkippedTests", "AddEvidence", "AddEvidence", "AddEvidence", "Automate" },
            r.NextSteps.Select(s => s.Kind).ToArray());
        Assert.Equal(0.5, r.NextSteps[^1].Gain);
    }
}
