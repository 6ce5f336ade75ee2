using System.Text.Json;
using System.Xml.Linq;
using Xunit;

namespace MLOps.Analyzers.IntegrationTests;

/// <summary>
/// The ML Test Score under Microsoft.Testing.Platform: no MSBuild target runs after the tests and VSTest
/// loggers are not used there, so the package compiles its MTP extension into the test app. `dotnet test`
/// in MTP mode (global.json) and the test app run directly both write the report, pass or fail, and
/// show the verdict as the result of one extra test, "ML Test Score": skipped with the summary as its
/// reason, or failed with the errors (which fails the run).
/// </summary>
public sealed class MicrosoftTestingPlatformScoreTests : IClassFixture<PackedPackageFixture>
{
    private readonly PackedPackageFixture _fixture;

    public MicrosoftTestingPlatformScoreTests(PackedPackageFixture fixture)
    {
        _fixture = fixture;
        Assert.True(fixture.PackResult.ExitCode == 0, "dotnet pack failed: " + fixture.PackResult);
    }

    [Fact]
    public void DotnetTestInTestingPlatformModeWritesTheReportWhenATaggedTestFails()
    {
        var consumer = _fixture.CreateTestingPlatformConsumer("MtpFailingScoreConsumer", ScoreEndToEndTests.TaggedTests.Replace("SLICE_VALUE", "0.61", StringComparison.Ordinal));
        ScoreEndToEndTests.WriteEvidence(consumer, "Monitor.7");

        var result = _fixture.RunAsIs(consumer, "test");

        // MTP's own summary proves the run was in MTP mode and that the failing test failed it.
        Assert.True(result.ExitCode == 2, "MTP exit code 2 (a test failed) expected: " + result);
        Assert.Contains("failed: 1", result.Output, StringComparison.Ordinal);
        Assert.Contains("succeeded: 6", result.Output, StringComparison.Ordinal);
        // The user's skipped test and the "ML Test Score" result that carries the summary line.
        Assert.Contains("skipped: 2", result.Output, StringComparison.Ordinal);
        Assert.Contains("skipped ML Test Score", result.Output, StringComparison.Ordinal);
        Assert.Contains("MLTestScore: ML Test Score 1 (weakest: Model 1;", result.Output, StringComparison.Ordinal);

        var output = Path.Combine(consumer, "bin", "Debug", "net10.0");
        foreach (var extension in new[] { ".json", ".md", ".html" })
        {
            var report = Path.Combine(output, "ml-test-score" + extension);
            Assert.True(File.Exists(report), $"ml-test-score{extension} missing from the build output\n{result}");
            // Published as session artifacts, so `dotnet test` lists them.
            Assert.Contains(report, result.Output, StringComparison.Ordinal);
        }

        // The extension saw every final result with its MTP metadata (the traits), not only the assembly's attributes.
        var junit = XDocument.Load(Path.Combine(consumer, "obj", "Debug", "net10.0", "mltestscore", "ml-test-score.results.junit.xml"));
        var cases = junit.Descendants("testcase").ToList();
        Assert.Equal(8, cases.Count);
        var slice = cases.Single(c => (string?)c.Attribute("name") == "QualityHoldsOnTheSmallBusinessSlice");
        Assert.Equal("Churn.Model.Tests.ChurnModelTests", (string?)slice.Attribute("classname"));
        Assert.NotNull(slice.Element("failure"));
        Assert.Contains(slice.Descendants("property"), p => (string?)p.Attribute("name") == "MLTestScore" && (string?)p.Attribute("value") == "Model.6");
        Assert.NotNull(cases.Single(c => (string?)c.Attribute("name") == "PipelineRunsEndToEnd").Element("skipped"));

        // Hand computation, as in the VSTest run: Data 1+1 = 2; Model 1 (Model.5) + 0 (Model.6 fails) = 1;
        // Infra 1+1 (Infra.3 skipped earns nothing) = 2; Monitor 1 (Monitor.5) + 0.5 (manual Monitor.7) = 1.5.
        // Final = min = 1, the weakest section is Model.
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "ml-test-score.json")));
        var root = document.RootElement;
        Assert.Equal(1.0, root.GetProperty("finalScore").GetDouble());
        Assert.Equal("Model", root.GetProperty("weakestSection").GetString());
        Assert.Equal(new[] { 2.0, 1.0, 2.0, 1.5 }, root.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("score").GetDouble()));
        var items = root.GetProperty("sections").EnumerateArray().SelectMany(s => s.GetProperty("items").EnumerateArray())
            .ToDictionary(i => i.GetProperty("id").GetString()!, i => i);
        Assert.Equal("Failing", items["Model.6"].GetProperty("status").GetString());
        Assert.Equal(0.0, items["Infra.3"].GetProperty("points").GetDouble());
        Assert.Equal(0.5, items["Monitor.7"].GetProperty("points").GetDouble());
    }

    [Fact]
    public void TestAppRunDirectlyPrintsTheSummaryAndTheMinimumScoreError()
    {
        var consumer = _fixture.CreateTestingPlatformConsumer("MtpThresholdConsumer", ScoreEndToEndTests.TaggedTests.Replace("SLICE_VALUE", "0.83", StringComparison.Ordinal));

        var build = _fixture.Run(consumer, "build", "-p:MLTestScoreMinimum=2.5");
        Assert.True(build.ExitCode == 0, build.ToString());

        var output = Path.Combine(consumer, "bin", "Debug", "net10.0");
        var run = _fixture.RunAsIs(output, "exec", Path.Combine(output, "MtpThresholdConsumer.dll"));

        // Data 2, Model 2, Infra 2, Monitor 1 (Monitor.5 only): final 1, below the minimum 2.5.
        Assert.Contains("MLTestScore: ML Test Score 1", run.Output, StringComparison.Ordinal);
        Assert.Contains("error MLOPS9100", run.Output, StringComparison.Ordinal);
        Assert.Contains("the weakest is Monitor at 1.0", run.Output, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "ml-test-score.json")));
        Assert.Equal(1.0, document.RootElement.GetProperty("finalScore").GetDouble());

        // Every test of the user's passed: the failed "ML Test Score" result alone fails the run (exit code 2).
        Assert.True(run.ExitCode == 2, "the minimum gate fails the run: " + run);
    }

    /// <summary>Per runner: a passing, a failing, a skipped and a data-driven (two rows) test, each tagged.</summary>
    internal static string RunnerTests(TestRunner runner) => runner switch
    {
        TestRunner.XunitV3 => """
            using Xunit;
            namespace Churn.Tests;
            public sealed class ChurnTests
            {
                [Fact, Trait("MLTestScore", "Data.1")] public void SchemaHolds() => Assert.True(true);
                [Fact, Trait("MLTestScore", "Model.6")] public void SliceQuality() => Assert.True(0.61 >= 0.75, "slice AUC below 0.75");
                [Fact(Skip = "needs the nightly data set"), Trait("MLTestScore", "Infra.3")] public void EndToEnd() { }
                [Theory, Trait("MLTestScore", "Monitor.5"), InlineData(0.1), InlineData(0.2)] public void Finite(double x) => Assert.False(double.IsNaN(x));
            }
            """,
        TestRunner.MSTest => """
            using Microsoft.VisualStudio.TestTools.UnitTesting;
            namespace Churn.Tests;
            [TestClass]
            public sealed class ChurnTests
            {
                [TestMethod, TestProperty("MLTestScore", "Data.1")] public void SchemaHolds() => Assert.IsTrue(true);
                [TestMethod, TestCategory("MLTestScore:Model.6")] public void SliceQuality() => Assert.IsTrue(0.61 >= 0.75, "slice AUC below 0.75");
                [TestMethod, Ignore("needs the nightly data set"), TestProperty("MLTestScore", "Infra.3")] public void EndToEnd() { }
                [TestMethod, TestProperty("MLTestScore", "Monitor.5"), DataRow(0.1), DataRow(0.2)] public void Finite(double x) => Assert.IsFalse(double.IsNaN(x));
            }
            """,
        TestRunner.NUnit => """
            using NUnit.Framework;
            namespace Churn.Tests;
            public sealed class ChurnTests
            {
                [Test, Property("MLTestScore", "Data.1")] public void SchemaHolds() => Assert.That(true);
                [Test, Category("MLTestScore:Model.6")] public void SliceQuality() => Assert.That(0.61, Is.GreaterThanOrEqualTo(0.75), "slice AUC below 0.75");
                [Test, Ignore("needs the nightly data set"), Property("MLTestScore", "Infra.3")] public void EndToEnd() { }
                [Property("MLTestScore", "Monitor.5"), TestCase(0.1), TestCase(0.2)] public void Finite(double x) => Assert.That(double.IsNaN(x), Is.False);
            }
            """,
        _ => throw new ArgumentOutOfRangeException(nameof(runner)),
    };

    [Theory]
    [InlineData(TestRunner.XunitV3)]
    [InlineData(TestRunner.MSTest)]
    [InlineData(TestRunner.NUnit)]
    public void EachRunnersNewProjectIsScoredWithNoPropertySetAndItsMinimumFailsEveryRun(TestRunner runner)
    {
        var consumer = _fixture.CreateRunnerConsumer("Runner" + runner, runner, RunnerTests(runner));
        var output = Path.Combine(consumer, "bin", "Debug", "net10.0");
        var report = Path.Combine(output, "ml-test-score.json");

        // An existing build with the score off; then it is switched on (by default) without a clean build.
        var off = _fixture.Run(consumer, "build", "-p:MLTestScoreEnabled=false");
        Assert.True(off.ExitCode == 0, off.ToString());
        Assert.False(File.Exists(report), "the score was off");

        var result = _fixture.RunAsIs(consumer, "test");

        Assert.DoesNotContain("FileNotFoundException", result.Output, StringComparison.Ordinal);
        Assert.True(result.ExitCode == 2, "exit code 2 (the failing test) expected: " + result);
        Assert.Contains("failed: 1", result.Output, StringComparison.Ordinal);
        Assert.Contains("succeeded: 3", result.Output, StringComparison.Ordinal);
        Assert.Contains("skipped: 2", result.Output, StringComparison.Ordinal);
        Assert.Contains("skipped ML Test Score", result.Output, StringComparison.Ordinal);
        Assert.Contains("MLTestScore: ML Test Score 0 (weakest: Model, Infra 0; Data 1, Monitor 1)", result.Output, StringComparison.Ordinal);
        Assert.Contains(report, result.Output, StringComparison.Ordinal);

        // Every row of the data-driven test, the skip and the failure reached the scorer with its tags.
        var cases = XDocument.Load(Path.Combine(consumer, "obj", "Debug", "net10.0", "mltestscore", "ml-test-score.results.junit.xml")).Descendants("testcase").ToList();
        Assert.Equal(new[] { "EndToEnd", "Finite", "Finite", "SchemaHolds", "SliceQuality" }, cases.Select(c => (string)c.Attribute("name")!).Order(StringComparer.Ordinal));
        Assert.All(cases, c => Assert.Equal("Churn.Tests.ChurnTests", (string?)c.Attribute("classname")));

        // Hand computation: Data 1 (Data.1); Model 0 (Model.6 fails); Infra 0 (Infra.3 skipped earns nothing);
        // Monitor 1 (Monitor.5, both rows pass). Final = min = 0.
        using (var document = JsonDocument.Parse(File.ReadAllText(report)))
        {
            var root = document.RootElement;
            Assert.Equal(0.0, root.GetProperty("finalScore").GetDouble());
            Assert.Equal(new[] { 1.0, 0.0, 0.0, 1.0 }, root.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("score").GetDouble()));
            var items = root.GetProperty("sections").EnumerateArray().SelectMany(s => s.GetProperty("items").EnumerateArray())
                .ToDictionary(i => i.GetProperty("id").GetString()!, i => i);
            Assert.Equal("Failing", items["Model.6"].GetProperty("status").GetString());
            Assert.Equal(1.0, items["Monitor.5"].GetProperty("points").GetDouble());
            Assert.Equal(0.0, items["Infra.3"].GetProperty("points").GetDouble());
            Assert.Equal(4, root.GetProperty("inputs").GetProperty("taggedTestCount").GetInt32());
        }

        // A run that selects no test still ends on the platform's "zero tests" exit code (8): the "ML Test
        // Score" result is not published for it, so it does not count as a test.
        if (runner == TestRunner.XunitV3)
        {
            var none = _fixture.RunAsIs(consumer, "test", "--filter-method", "NoSuchTest");
            Assert.True(none.ExitCode == 8, "zero tests: " + none);
            Assert.DoesNotContain("skipped ML Test Score", none.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("failed ML Test Score", none.Output, StringComparison.Ordinal);
        }

        // The minimum is checked on every run, not once: the gate is a failed "ML Test Score" result each time.
        for (var run = 1; run <= 2; run++)
        {
            var gated = _fixture.RunAsIs(consumer, "test", "-p:MLTestScoreMinimum=2");
            Assert.True(gated.ExitCode == 2, $"run {run}: " + gated);
            Assert.Contains("failed ML Test Score", gated.Output, StringComparison.Ordinal);
            Assert.Contains("error MLOPS9100", gated.Output, StringComparison.Ordinal);
            Assert.Contains("failed: 2", gated.Output, StringComparison.Ordinal);
        }
    }
}
