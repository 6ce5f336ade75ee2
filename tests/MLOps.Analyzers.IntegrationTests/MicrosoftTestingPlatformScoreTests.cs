using System.Text.Json;
using System.Xml.Linq;
using Xunit;

namespace MLOps.Analyzers.IntegrationTests;

/// <summary>
/// The ML Test Score under Microsoft.Testing.Platform: no MSBuild target runs after the tests and VSTest
/// loggers are not used there, so the package compiles its MTP extension into the test app. `dotnet test`
/// in MTP mode (global.json) and the test app run directly both write the report, pass or fail.
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
        Assert.Contains("skipped: 1", result.Output, StringComparison.Ordinal);

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

        // MTP offers an extension no clean way to change the exit code: the gate is the printed error
        // (and _MLTestScoreCheckMinimum where an MSBuild target runs after the tests).
        Assert.True(run.ExitCode == 0, "every test passed: " + run);
    }
}
