using static MLOps.MLTestScore.Tests.TestFiles;

namespace MLOps.MLTestScore.Tests;

/// <summary>
/// Real runner outputs from tests/fixtures (branch score/fixtures). The fixture suites tag:
/// Data.1, Data.5, Data.7 (theory + fact), Monitor.2 and Infra.4 on passing tests; Model.6 on one
/// passing and one failing test; Infra.1 on a skipped test; Model.5 through [MLTest] only;
/// and the unknown ID Data.9.
/// </summary>
public class FixtureTests
{
    private static readonly string V2Trx = FixturePath("xunit-v2", "results.trx");
    private static readonly string V2JUnit = FixturePath("xunit-v2", "results.junit.xml");
    private static readonly string V2Dll = FixturePath("xunit-v2", "Fixture.XunitV2.dll");
    private static readonly string V3Xml = FixturePath("xunit-v3", "results.xunit.xml");
    private static readonly string V3Trx = FixturePath("xunit-v3", "results.mtp.trx");
    private static readonly string V3Dll = FixturePath("xunit-v3", "Fixture.XunitV3.dll");

    [Fact]
    public void Classic_trx_alone_loses_xunit_traits_so_nothing_scores()
    {
        var result = Score(o => o.ResultFiles.Add(V2Trx));

        Assert.Equal("trx", result.Report.Inputs.ResultFiles.Single().Format);
        Assert.Equal(14, result.Report.Inputs.ResultCount);
        Assert.Equal(11, result.Report.Inputs.TestCount); // the theory's 4 rows are one test
        Assert.Equal(0, result.Report.FinalScore);
        Assert.Contains(result.Diagnostics, d => d.Code == "MLOPS9015");
    }

    [Fact]
    public void Classic_trx_joined_to_the_assembly_scores_every_tag()
    {
        var result = Score(o => { o.ResultFiles.Add(V2Trx); o.TestAssemblies.Add(V2Dll); });
        var r = result.Report;

        // Data: Data.1 + Data.5 + Data.7 = 3. Model: Model.5 (assembly only) = 1, Model.6 failing = 0.
        // Infra: Infra.4 = 1, Infra.1 skipped = 0. Monitor: Monitor.2 = 1. Final = min = 1.
        Assert.Equal(3, Section(r, "Data"));
        Assert.Equal(1, Section(r, "Model"));
        Assert.Equal(1, Section(r, "Infra"));
        Assert.Equal(1, Section(r, "Monitor"));
        Assert.Equal(1, r.FinalScore);
        Assert.Equal("(0, 1]", r.Band);
        Assert.Equal(ItemStatus.Failing, Item(r, "Model.6").Status);
        Assert.Equal(ItemStatus.Missing, Item(r, "Infra.1").Status);
        var data7 = Assert.Single(Item(r, "Data.7").Tests, t => t.Name == "Fixture.XunitV2.FeatureSchemaTests.TenureBucket_MapsMonthsToBucket");
        Assert.Equal(4, data7.Passed);
        Assert.Equal(new[] { "assembly" }, Item(r, "Model.5").Tests.Single().TagSources);
        Assert.Contains(result.Diagnostics, d => d.Code == "MLOPS9006" && d.File == V2Dll && d.Message.Contains("Data.9"));
    }

    [Fact]
    public void JUnit_keeps_traits_but_not_MLTest_on_xunit_v2()
    {
        var result = Score(o => o.ResultFiles.Add(V2JUnit));
        var r = result.Report;

        Assert.Equal("junit", r.Inputs.ResultFiles.Single().Format);
        Assert.Equal(3, Section(r, "Data"));
        Assert.Equal(0, Section(r, "Model")); // Model.6 failing, Model.5 invisible without the assembly
        Assert.Equal(1, Section(r, "Infra"));
        Assert.Equal(1, Section(r, "Monitor"));
        Assert.Equal(0, r.FinalScore);
        Assert.Equal(new[] { "Model" }, r.WeakestSections);
        var unknown = Assert.Single(result.Diagnostics, d => d.Code == "MLOPS9006");
        Assert.Equal(V2JUnit, unknown.File);
        Assert.True(unknown.Line > 0);
    }

    [Theory]
    [InlineData("results.xunit.xml", "xunit")]
    [InlineData("results.mtp.trx", "trx")]
    public void Xunit_v3_outputs_carry_every_tag_including_MLTest(string file, string format)
    {
        var path = FixturePath("xunit-v3", file);
        var result = Score(o => o.ResultFiles.Add(path));
        var r = result.Report;

        Assert.Equal(format, r.Inputs.ResultFiles.Single().Format);
        Assert.Equal(3, Section(r, "Data"));
        Assert.Equal(1, Section(r, "Model"));
        Assert.Equal(1, Section(r, "Infra"));
        Assert.Equal(1, Section(r, "Monitor"));
        Assert.Equal(1, r.FinalScore);
        Assert.Equal(ItemStatus.Automated, Item(r, "Infra.4").Status); // "infra 4" normalised
        Assert.Single(result.Diagnostics, d => d.Code == "MLOPS9006");
    }

    [Fact]
    public void All_v3_sources_together_count_each_test_once_per_item()
    {
        var r = Score(o => { o.ResultFiles.Add(V3Xml); o.ResultFiles.Add(V3Trx); o.TestAssemblies.Add(V3Dll); }).Report;

        Assert.Equal(1, r.FinalScore);
        Assert.Equal(3, Section(r, "Data"));
        var model5 = Assert.Single(Item(r, "Model.5").Tests);
        Assert.Equal(new[] { "assembly", "trx", "xunit" }, model5.TagSources);
        Assert.Equal(2, model5.Passed); // one run per result file
    }

    [Fact]
    public void Assembly_reader_finds_trait_and_MLTest_tags_without_loading()
    {
        var tags = new Reading.AssemblyTags();
        var diagnostics = new List<ScoreDiagnostic>();

        var report = Reading.AssemblyTagReader.Read(V2Dll, tags, diagnostics);

        Assert.Equal("assembly", report.Format);
        Assert.Equal(new[] { "Model.5" }, tags.Methods["Fixture.XunitV2.ModelQualityTests.Candidate_BeatsBaseline"]);
        Assert.Equal(new[] { "Data.7", "Monitor.2" }, tags.Methods["Fixture.XunitV2.FeatureSchemaTests.NormalizedIncome_StaysInUnitRange"].OrderBy(x => x));
        Assert.Equal(new[] { "Infra.4" }, tags.Methods["Fixture.XunitV2.ModelQualityTests.Auc_OnHoldout_MeetsReleaseThreshold"]);
        Assert.False(tags.Methods.ContainsKey("Fixture.XunitV2.FeatureSchemaTests.ParseCsvLine_TrimsFields"));
    }
}
