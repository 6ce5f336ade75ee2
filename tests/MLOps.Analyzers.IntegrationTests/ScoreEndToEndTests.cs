using System.Globalization;
using System.Text.Json;
using Xunit;

namespace MLOps.Analyzers.IntegrationTests;

/// <summary>
/// The ML Test Score as a user gets it: `dotnet test` on a generated test project that uses the packed
/// package writes the report into the build output, pass or fail, and scores it as a hand computation says.
/// </summary>
public sealed class ScoreEndToEndTests : IClassFixture<PackedPackageFixture>
{
    /// <summary>Eight tagged xunit tests; SLICE_VALUE decides whether the Model.6 test passes (>= 0.75).</summary>
    internal const string TaggedTests = """
        using Xunit;

        namespace Churn.Model.Tests;

        public sealed class ChurnModelTests
        {
            [Fact, Trait("MLTestScore", "Data.1")]
            public void SchemaHasTheExpectedColumns() => Assert.Equal(new[] { "Tenure", "Plan", "Churned" }, new[] { "Tenure", "Plan", "Churned" });

            [Fact, Trait("MLTestScore", "Data.7")]
            public void TenureBucketsAreContiguous() => Assert.InRange(12 / 6, 1, 3);

            [Fact, Trait("MLTestScore", "Model.5")]
            public void BeatsTheMajorityClassBaseline() => Assert.True(0.81 > 0.64);

            [Fact, Trait("MLTestScore", "Model.6")]
            public void QualityHoldsOnTheSmallBusinessSlice() => Assert.True(QUALITY_ON_SLICE >= 0.75, "AUC on the small-business slice is below 0.75");

            [Fact, Trait("MLTestScore", "Infra.1")]
            public void TrainingIsReproducible() => Assert.Equal(0.8125, 0.8125);

            [Fact, Trait("MLTestScore", "Infra.4")]
            public void ModelIsValidatedBeforeItIsSaved() => Assert.True(true);

            [Fact(Skip = "needs the nightly data set"), Trait("MLTestScore", "Infra.3")]
            public void PipelineRunsEndToEnd() { }

            [Fact, Trait("MLTestScore", "Monitor.5")]
            public void PredictionsAreFinite() => Assert.False(double.IsNaN(0.42));

            private const double QUALITY_ON_SLICE = SLICE_VALUE;
        }
        """;

    private readonly PackedPackageFixture _fixture;

    public ScoreEndToEndTests(PackedPackageFixture fixture)
    {
        _fixture = fixture;
        Assert.True(fixture.PackResult.ExitCode == 0, "dotnet pack failed: " + fixture.PackResult);
    }

    [Fact]
    public void FailingTaggedTestStillGetsAReportAndLosesItsCredit()
    {
        var consumer = _fixture.CreateTestConsumer("FailingScoreConsumer", TaggedTests.Replace("SLICE_VALUE", "0.61", StringComparison.Ordinal));
        WriteEvidence(consumer, "Monitor.7");

        var result = _fixture.Run(consumer, "test");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Failed!  - Failed:     1, Passed:     6, Skipped:     1", result.Output, StringComparison.Ordinal);
        Assert.Contains("MLTestScore: ML Test Score 1", result.Output, StringComparison.Ordinal);

        var output = Path.Combine(consumer, "bin", "Debug", "net10.0");
        foreach (var extension in new[] { ".json", ".md", ".html" })
        {
            Assert.True(File.Exists(Path.Combine(output, "ml-test-score" + extension)), $"ml-test-score{extension} missing from the build output\n{result}");
        }

        // Hand computation: Data 1+1 = 2; Model 1 (Model.5) + 0 (Model.6 fails) = 1;
        // Infra 1+1 (Infra.3 skipped earns nothing) = 2; Monitor 1 (Monitor.5) + 0.5 (manual Monitor.7) = 1.5.
        // Final = min = 1, the weakest section is Model.
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "ml-test-score.json")));
        var root = report.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(1.0, root.GetProperty("finalScore").GetDouble());
        Assert.Equal("Model", root.GetProperty("weakestSection").GetString());
        Assert.Equal(new[] { 2.0, 1.0, 2.0, 1.5 }, root.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("score").GetDouble()));

        var items = root.GetProperty("sections").EnumerateArray().SelectMany(s => s.GetProperty("items").EnumerateArray())
            .ToDictionary(i => i.GetProperty("id").GetString()!, i => i);
        Assert.Equal(28, items.Count);
        Assert.Equal("Failing", items["Model.6"].GetProperty("status").GetString());
        Assert.Equal(0.0, items["Model.6"].GetProperty("points").GetDouble());
        Assert.Equal("Manual", items["Monitor.7"].GetProperty("status").GetString());
        Assert.Equal(0.5, items["Monitor.7"].GetProperty("points").GetDouble());
        Assert.Equal(0.0, items["Infra.3"].GetProperty("points").GetDouble());
        Assert.Equal(1.0, items["Infra.4"].GetProperty("points").GetDouble());
    }

    [Fact]
    public void MinimumScoreBreaksAPassingBuildAndNamesTheWeakestSection()
    {
        var consumer = _fixture.CreateTestConsumer("ThresholdConsumer", TaggedTests.Replace("SLICE_VALUE", "0.83", StringComparison.Ordinal));

        var below = _fixture.Run(consumer, "test", "-p:MLTestScoreMinimum=2.5");
        Assert.NotEqual(0, below.ExitCode);
        Assert.Contains("Passed!  - Failed:     0, Passed:     7, Skipped:     1", below.Output, StringComparison.Ordinal);
        Assert.Contains("error MLOPS9100", below.Output, StringComparison.Ordinal);
        Assert.Contains("the weakest is Monitor at 1.0", below.Output, StringComparison.Ordinal);

        var met = _fixture.Run(consumer, "test", "-p:MLTestScoreMinimum=1");
        Assert.True(met.ExitCode == 0, "a score of 1 meets a minimum of 1: " + met);
        Assert.DoesNotContain("MLOPS9100", met.Output, StringComparison.Ordinal);

        // A minimum that is no score at all is the user's mistake, said with its own code, not a silent pass.
        var invalid = _fixture.Run(consumer, "test", "-p:MLTestScoreMinimum=seven");
        Assert.NotEqual(0, invalid.ExitCode);
        Assert.Contains("error MLOPS9101", invalid.Output, StringComparison.Ordinal);

        // A broken mapping file: the logger prints the error, and the run fails on it instead of ending
        // on "Passed!" alone, with the file, line and column a user can click.
        File.WriteAllText(Path.Combine(consumer, "ml-test-score.mapping.json"), "{ \"mappings\": [ { \"tests\": \"Churn.*\", \"items\": [\"Data.1\"] } ");
        var broken = _fixture.Run(consumer, "test");
        Assert.Contains("Passed!  - Failed:     0, Passed:     7, Skipped:     1", broken.Output, StringComparison.Ordinal);
        Assert.True(broken.ExitCode != 0, "a broken mapping file fails the run: " + broken);
        Assert.Matches(@"ml-test-score\.mapping\.json\(\d+,\d+\): error MLOPS9008", broken.Output);
    }

    [Fact]
    public void ExplicitTargetScoresOtherRunnersFilesIncrementallyAndReportsBrokenInputWithCodeFileAndLine()
    {
        var consumer = _fixture.CreateTestConsumer("OtherRunnerConsumer", TaggedTests.Replace("SLICE_VALUE", "0.83", StringComparison.Ordinal), """
            </PropertyGroup>
            <ItemGroup>
              <MLTestScoreResultFile Include="results/*.xml" />
            </ItemGroup>
            <PropertyGroup>
            """);
        var results = Directory.CreateDirectory(Path.Combine(consumer, "results")).FullName;
        File.WriteAllText(Path.Combine(results, "pytest.xml"), """
            <?xml version="1.0" encoding="utf-8"?>
            <testsuites><testsuite name="pytest" tests="2" failures="0" errors="0" skipped="0">
              <testcase classname="tests.test_serving" name="test_latency_budget" time="0.2">
                <properties><property name="MLTestScore" value="Monitor.6" /></properties>
              </testcase>
              <testcase classname="tests.test_serving" name="test_rollback" time="0.1">
                <properties><property name="MLTestScore" value="Infra.7" /></properties>
              </testcase>
            </testsuite></testsuites>
            """);
        File.WriteAllText(Path.Combine(results, "shard-2.xml"), "<?xml version=\"1.0\"?>\n<testsuites>\n  <testsuite name=\"shard-2\">\n    <testcase classname=\"a\" name=\"b\">");

        var first = _fixture.Run(consumer, "build", "-t:Build;MLTestScore", "-v:n");
        Assert.True(first.ExitCode != 0, "a truncated result file is an error: " + first);
        Assert.Matches(@"shard-2\.xml\(\d+,\d+\): error MLOPS9002", first.Output);

        // Nothing changed, and the error is still there: an up-to-date check must not turn it into a pass.
        var again = _fixture.Run(consumer, "build", "-t:MLTestScore", "-v:n");
        Assert.True(again.ExitCode != 0, "the same broken input fails the second run too: " + again);
        Assert.Matches(@"shard-2\.xml\(\d+,\d+\): error MLOPS9002", again.Output);

        File.Delete(Path.Combine(results, "shard-2.xml"));
        var second = _fixture.Run(consumer, "build", "-t:Build;MLTestScore", "-v:n");
        Assert.True(second.ExitCode == 0, second.ToString());
        using (var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(consumer, "bin", "Debug", "net10.0", "ml-test-score.json"))))
        {
            var items = report.RootElement.GetProperty("sections").EnumerateArray().SelectMany(s => s.GetProperty("items").EnumerateArray())
                .ToDictionary(i => i.GetProperty("id").GetString()!, i => i.GetProperty("points").GetDouble());
            Assert.Equal(1.0, items["Monitor.6"]);
            Assert.Equal(1.0, items["Infra.7"]);
        }

        var third = _fixture.Run(consumer, "build", "-t:MLTestScore", "-v:n");
        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.Contains("Skipping target \"MLTestScore\" because all output files are up-to-date", third.Output, StringComparison.Ordinal);

        // The minimum is a gate on every run, scored or skipped (Data and Model have no results: final 0).
        for (var run = 1; run <= 2; run++)
        {
            var gated = _fixture.Run(consumer, "build", "-t:MLTestScore", "-p:MLTestScoreMinimum=2", "-v:n");
            Assert.True(gated.ExitCode != 0, $"run {run}: " + gated);
            Assert.Contains("error MLOPS9100", gated.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void NUnitTestNamesWithParenthesesJoinTheirMethodsWithoutAPhantomTest()
    {
        // Classic VSTest: NUnit puts a TestName into the fully qualified name; cut at its first '(' it
        // joined no method, and the tagged method stayed behind as a not-executed test.
        var consumer = _fixture.CreateRunnerConsumer("NUnitTestNameConsumer", TestRunner.NUnit, """
            using NUnit.Framework;
            namespace Churn.Tests;
            public sealed class ChurnTests
            {
                [TestCase(TestName = "Quality holds (small business slice)"), Property("MLTestScore", "Model.6")] public void SliceQuality() => Assert.That(true);
                [Test, Property("MLTestScore", "Data.1")] public void SchemaHolds() => Assert.That(true);
                [Property("MLTestScore", "Monitor.5"), TestCase(0.1), TestCase(0.2, TestName = "Finite at (0.2)")] public void Finite(double x) => Assert.That(double.IsNaN(x), Is.False);
            }
            """, testingPlatform: false);

        var result = _fixture.Run(consumer, "test");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Passed!  - Failed:     0, Passed:     4, Skipped:     0, Total:     4", result.Output, StringComparison.Ordinal);
        Assert.Contains("MLTestScore: ML Test Score 0 (weakest: Infra 0; Data 1, Model 1, Monitor 1)", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("MLOPS9016", result.Output, StringComparison.Ordinal);

        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(consumer, "bin", "Debug", "net10.0", "ml-test-score.json")));
        var inputs = report.RootElement.GetProperty("inputs");
        Assert.Equal((4, 3, 3), (inputs.GetProperty("resultCount").GetInt32(), inputs.GetProperty("testCount").GetInt32(), inputs.GetProperty("taggedTestCount").GetInt32()));
        var items = report.RootElement.GetProperty("sections").EnumerateArray().SelectMany(s => s.GetProperty("items").EnumerateArray())
            .ToDictionary(i => i.GetProperty("id").GetString()!, i => i);
        var slice = Assert.Single(items["Model.6"].GetProperty("tests").EnumerateArray());
        Assert.Equal(("Churn.Tests.ChurnTests.SliceQuality", "Passed"), (slice.GetProperty("name").GetString(), slice.GetProperty("outcome").GetString()));
        var finite = Assert.Single(items["Monitor.5"].GetProperty("tests").EnumerateArray());
        Assert.Equal(2, finite.GetProperty("passed").GetInt32());
    }

    internal static void WriteEvidence(string consumer, string item)
    {
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        File.WriteAllText(Path.Combine(consumer, "ml-test-score.evidence.json"), $$"""
            { "evidence": [ { "item": "{{item}}", "date": "{{today}}", "owner": "ml-platform", "link": "https://wiki.example.com/ml/churn/quality-review", "note": "weekly review of served-prediction quality" } ] }
            """);
    }
}
