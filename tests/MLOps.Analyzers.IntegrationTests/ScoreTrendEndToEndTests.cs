using System.IO.Compression;
using System.Text.Json;
using Xunit;

namespace MLOps.Analyzers.IntegrationTests;

/// <summary>
/// The CI outputs and the ratchet as a user gets them from the packed package: `dotnet test` writes the JUnit
/// file of the rubric and a history line beside the reports, and a build whose score fell against the
/// baseline fails with MLOPS9104 when MLTestScoreFailOnRegression is set, though every test passed.
/// </summary>
public sealed class ScoreTrendEndToEndTests : IClassFixture<PackedPackageFixture>
{
    private readonly PackedPackageFixture _fixture;

    public ScoreTrendEndToEndTests(PackedPackageFixture fixture)
    {
        _fixture = fixture;
        Assert.True(fixture.PackResult.ExitCode == 0, "dotnet pack failed: " + fixture.PackResult);
    }

    [Fact]
    public void HistoryJUnitAndTheRatchetWorkThroughDotnetTestAndTheSchemaIsPacked()
    {
        using (var archive = ZipFile.OpenRead(_fixture.PackagePath))
        {
            Assert.Contains(archive.Entries, e => e.FullName == "rules/ml-test-score.schema.json");
        }

        var consumer = _fixture.CreateTestConsumer("RatchetConsumer", ScoreEndToEndTests.TaggedTests.Replace("SLICE_VALUE", "0.83", StringComparison.Ordinal));
        var output = Path.Combine(consumer, "bin", "Debug", "net10.0");

        var first = _fixture.Run(consumer, "test");
        Assert.True(first.ExitCode == 0, "the first run passes: " + first);
        Assert.True(File.Exists(Path.Combine(output, "ml-test-score.junit.xml")), "no JUnit file\n" + first);
        Assert.Single(File.ReadAllLines(Path.Combine(output, "ml-test-score.history.jsonl")));
        using (var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "ml-test-score.json"))))
        {
            Assert.Equal("RatchetConsumer", report.RootElement.GetProperty("project").GetString());
            Assert.Equal(1.0, report.RootElement.GetProperty("finalScore").GetDouble());
        }

        // Main's report becomes the baseline; then the only Monitor test loses its tag: Monitor 1 -> 0.
        File.Copy(Path.Combine(output, "ml-test-score.json"), Path.Combine(consumer, "baseline.json"));
        var tests = Path.Combine(consumer, "Tests.cs");
        File.WriteAllText(tests, File.ReadAllText(tests).Replace("Trait(\"MLTestScore\", \"Monitor.5\")", "Trait(\"Area\", \"Monitor\")", StringComparison.Ordinal));

        var fell = _fixture.Run(consumer, "test", "-p:MLTestScoreBaseline=baseline.json", "-p:MLTestScoreFailOnRegression=true");
        Assert.Contains("Passed!  - Failed:     0, Passed:     7, Skipped:     1", fell.Output, StringComparison.Ordinal);
        Assert.True(fell.ExitCode != 0, "a score that fell against the baseline fails the run: " + fell);
        Assert.Contains("error MLOPS9104", fell.Output, StringComparison.Ordinal);
        Assert.Contains("fell from 1 to 0", fell.Output, StringComparison.Ordinal);

        Assert.Equal(2, File.ReadAllLines(Path.Combine(output, "ml-test-score.history.jsonl")).Length);
        var markdown = File.ReadAllText(Path.Combine(output, "ml-test-score.md"));
        Assert.Contains("change since the previous run", markdown, StringComparison.Ordinal);
        Assert.Contains("change since the baseline", markdown, StringComparison.Ordinal);
        Assert.Contains("<svg class=\"sparkline\"", File.ReadAllText(Path.Combine(output, "ml-test-score.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void DotnetTestAppendsTheMarkdownReportToTheGitHubStepSummaryUnlessSwitchedOff()
    {
        var consumer = _fixture.CreateTestConsumer("GitHubSummaryConsumer", ScoreEndToEndTests.TaggedTests.Replace("SLICE_VALUE", "0.83", StringComparison.Ordinal));
        var output = Path.Combine(consumer, "bin", "Debug", "net10.0");

        // The job summary of a GitHub Actions step: a file that earlier steps may already have written to.
        var summary = Path.Combine(consumer, "step-summary.md");
        const string earlierStep = "## Build\n\nDone.\n";
        File.WriteAllText(summary, earlierStep);
        var environment = new Dictionary<string, string?> { ["GITHUB_STEP_SUMMARY"] = summary };

        var on = _fixture.Run(consumer, environment, "test");
        Assert.True(on.ExitCode == 0, "the run passes: " + on);
        var text = File.ReadAllText(summary).ReplaceLineEndings("\n");
        Assert.StartsWith(earlierStep, text, StringComparison.Ordinal);
        Assert.Contains("# ML Test Score: 1\n", text, StringComparison.Ordinal);
        Assert.Contains("| Section | Score (of 7) |", text, StringComparison.Ordinal);
        foreach (var (section, score) in new[] { ("Data", 2), ("Model", 2), ("Infra", 2), ("Monitor", 1) })
        {
            Assert.Contains($"| {section} | {score} |", text, StringComparison.Ordinal);
        }

        Assert.Contains("## Next steps", text, StringComparison.Ordinal);
        // Exactly once, and the same Markdown as the report beside the build output.
        Assert.Equal(earlierStep + File.ReadAllText(Path.Combine(output, "ml-test-score.md")).ReplaceLineEndings("\n") + "\n", text);

        var before = File.ReadAllBytes(summary);
        var off = _fixture.Run(consumer, environment, "test", "-p:MLTestScoreGitHubSummary=false");
        Assert.True(off.ExitCode == 0, "the run passes: " + off);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(output, "ml-test-score.history.jsonl")).Length); // it did score again
        Assert.Equal(before, File.ReadAllBytes(summary));
    }
}
