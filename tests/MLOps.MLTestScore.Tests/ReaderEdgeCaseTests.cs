using static MLOps.MLTestScore.Tests.TestFiles;

namespace MLOps.MLTestScore.Tests;

public class ReaderEdgeCaseTests
{
    private const string Ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    [Fact]
    public void Trx_joins_results_to_definitions_case_insensitively_and_ignores_counters()
    {
        using var files = new TestFiles();
        var path = files.Write("r.trx", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <TestRun xmlns="{Ns}">
              <Results>
                <UnitTestResult testId="ABCDEF01-0000-0000-0000-000000000001" testName="Seed(1)" outcome="Passed" />
                <UnitTestResult testId="abcdef01-0000-0000-0000-000000000002" testName="Seed(2)" outcome="NotExecuted" />
                <UnitTestResult testId="abcdef01-0000-0000-0000-000000000003" testName="Gate" outcome="Passed">
                  <InnerResults>
                    <UnitTestResult testId="abcdef01-0000-0000-0000-000000000003" testName="Gate row" outcome="Failed" />
                  </InnerResults>
                </UnitTestResult>
              </Results>
              <TestDefinitions>
                <UnitTest name="Seed(1)" id="abcdef01-0000-0000-0000-000000000001">
                  <TestCategory><TestCategoryItem TestCategory="MLTestScore:Infra.1" /><TestCategoryItem TestCategory="Slow" /></TestCategory>
                  <TestMethod className="Ml.Tests.TrainingTests, Ml.Tests, Version=1.0.0.0" name="Seed" />
                </UnitTest>
                <UnitTest name="Seed(2)" id="ABCDEF01-0000-0000-0000-000000000002">
                  <TestMethod className="Ml.Tests.TrainingTests" name="Seed(2)" />
                </UnitTest>
                <UnitTest name="Gate" id="abcdef01-0000-0000-0000-000000000003">
                  <Properties><Property><Key>mltestscore</Key><Value>Infra.4; Infra.2</Value></Property></Properties>
                  <TestMethod className="Ml.Tests.ReleaseTests" name="Gate" />
                </UnitTest>
              </TestDefinitions>
              <ResultSummary outcome="Completed"><Counters total="99" executed="99" passed="99" failed="0" /></ResultSummary>
            </TestRun>
            """);

        var r = Score(o => o.ResultFiles.Add(path)).Report;

        Assert.Equal(3, r.Inputs.ResultCount);
        var seed = Assert.Single(Item(r, "Infra.1").Tests);
        Assert.Equal("Ml.Tests.TrainingTests.Seed", seed.Name);
        Assert.Equal(1, seed.Passed);
        Assert.Equal(1, seed.NotExecuted);
        Assert.Equal(ItemStatus.Automated, Item(r, "Infra.1").Status);
        Assert.Equal(ItemStatus.Automated, Item(r, "Infra.4").Status); // the parent result counts, not InnerResults
        Assert.Equal(ItemStatus.Automated, Item(r, "Infra.2").Status);
    }

    [Theory]
    [InlineData("Failed", ItemStatus.Failing)]
    [InlineData("Error", ItemStatus.Failing)]
    [InlineData("Timeout", ItemStatus.Failing)]
    [InlineData("Passed", ItemStatus.Automated)]
    [InlineData("NotExecuted", ItemStatus.Missing)]
    [InlineData("Inconclusive", ItemStatus.Missing)]
    public void Trx_outcomes_map_to_item_status(string outcome, ItemStatus expected)
    {
        using var files = new TestFiles();
        var path = files.Write("r.trx", $"""
            <TestRun xmlns="{Ns}"><Results><UnitTestResult testId="1" testName="T" outcome="{outcome}" /></Results>
            <TestDefinitions><UnitTest id="1" name="T"><TestCategory><TestCategoryItem TestCategory="MLTestScore:Monitor.5" /></TestCategory><TestMethod className="N.C" name="T" /></UnitTest></TestDefinitions></TestRun>
            """);

        Assert.Equal(expected, Item(Score(o => o.ResultFiles.Add(path)).Report, "Monitor.5").Status);
    }

    [Fact]
    public void JUnit_children_in_any_order_and_category_properties()
    {
        using var files = new TestFiles();
        var path = files.Write("r.xml", """
            <testsuite name="pytest">
              <testcase classname="tests.test_schema" name="test_columns[csv]">
                <properties><property name="MLTestScore" value="Data.1"/></properties>
                <failure message="x"/>
              </testcase>
              <testcase classname="tests.test_schema" name="test_columns[parquet]">
                <properties><property name="MLTestScore" value="Data.1"/></properties>
              </testcase>
              <testcase classname="Ml.Tests.Skew" name="Ml.Tests.Skew.SameFeatures">
                <skipped/>
                <properties><property name="Category" value="MLTestScore:Monitor.3"/></properties>
                <error message="setup"/>
              </testcase>
              <testcase classname="Ml.Tests.Other" name="Unrelated">
                <properties><property name="Category" value="Integration"/><property name="Owner" value="Data.1"/></properties>
              </testcase>
            </testsuite>
            """);

        var r = Score(o => o.ResultFiles.Add(path)).Report;

        var schema = Assert.Single(Item(r, "Data.1").Tests);
        Assert.Equal("tests.test_schema.test_columns", schema.Name);
        Assert.Equal(1, schema.Failed);
        Assert.Equal(ItemStatus.Failing, Item(r, "Data.1").Status);
        var skew = Assert.Single(Item(r, "Monitor.3").Tests);
        Assert.Equal("Ml.Tests.Skew.SameFeatures", skew.Name);
        Assert.Equal("Failed", skew.Outcome); // an error wins over skipped
    }

    [Fact]
    public void Xunit_xml_uses_type_and_method_and_maps_results()
    {
        using var files = new TestFiles();
        var path = files.Write("r.xml", """
            <assemblies><assembly name="T.dll"><collection name="c">
              <test name="Display name chosen by the author" type="Ml.Tests.Stability" method="LossIsFinite" result="Pass"><traits><trait name="MLTestScore" value="monitor-5"/><trait name="Category" value="MLTestScore:Monitor.6"/></traits></test>
              <test name="Ml.Tests.Stability.LossIsFinite(seed: 2)" type="Ml.Tests.Stability" method="LossIsFinite" result="NotRun"><traits><trait name="MLTestScore" value="Monitor.5"/></traits></test>
              <test name="Ml.Tests.Stability.Other" result="Fail"><traits><trait name="MLTestScore" value="Monitor.7"/></traits></test>
            </collection></assembly></assemblies>
            """);

        var r = Score(o => o.ResultFiles.Add(path)).Report;

        var stability = Assert.Single(Item(r, "Monitor.5").Tests);
        Assert.Equal("Ml.Tests.Stability.LossIsFinite", stability.Name);
        Assert.Equal((1, 0, 1), (stability.Passed, stability.Failed, stability.NotExecuted));
        Assert.Equal(ItemStatus.Automated, Item(r, "Monitor.6").Status);
        Assert.Equal(ItemStatus.Failing, Item(r, "Monitor.7").Status);
    }

    [Fact]
    public void Unknown_ids_warn_with_file_and_line_and_are_ignored()
    {
        using var files = new TestFiles();
        var path = files.Write("r.xml", JUnit(("Ns.A.B", "pass", new[] { "Data.8" }), ("Ns.A.C", "pass", new[] { "Quality.1" })));

        var result = Score(o => o.ResultFiles.Add(path));

        var warnings = result.Diagnostics.Where(d => d.Code == "MLOPS9006").ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Equal(ScoreDiagnosticSeverity.Warning, w.Severity));
        Assert.Equal(new[] { 5, 10 }, warnings.Select(w => w.Line).ToArray());
        Assert.Equal(0, result.Report.Inputs.TaggedTestCount);
    }

    [Fact]
    public void Class_level_tags_in_the_assembly_apply_to_each_test_of_the_class()
    {
        using var files = new TestFiles();
        var dll = CompiledAssembly.Build(files, "ClassTags", """
            namespace Xunit { public sealed class TraitAttribute : System.Attribute { public TraitAttribute(string name, string value) { } } }
            namespace Ml.Tests
            {
                [Xunit.Trait("MLTestScore", "Infra.3")]
                public class PipelineTests
                {
                    public void EndToEnd() { }
                    public class Nested { [Xunit.Trait("MLTestScore", "Infra.5")] public void Explain() { } }
                }
            }
            """);
        var results = files.Write("r.xml", JUnit(("Ml.Tests.PipelineTests.EndToEnd", "pass", Array.Empty<string>()), ("Ml.Tests.PipelineTests+Nested.Explain", "pass", Array.Empty<string>())));

        var r = Score(o => { o.ResultFiles.Add(results); o.TestAssemblies.Add(dll); }).Report;

        Assert.Equal(ItemStatus.Automated, Item(r, "Infra.3").Status);
        Assert.Equal("Ml.Tests.PipelineTests.EndToEnd", Assert.Single(Item(r, "Infra.3").Tests).Name);
        Assert.Equal("Ml.Tests.PipelineTests.Nested.Explain", Assert.Single(Item(r, "Infra.5").Tests).Name);
    }
}
