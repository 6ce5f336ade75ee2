using Microsoft.Build.Framework;
using MLOps.MLTestScore.Tasks;
using Xunit;

namespace MLOps.MLTestScore.Tests;

/// <summary>The minimum gate task, run as MSBuild runs it, with a build engine that records what it logs.</summary>
public sealed class CheckMLTestScoreTaskTests
{
    [Fact]
    public void AMinimumWithoutAReportIsMLOPS9103OnTheReportFile()
    {
        using var files = new TestFiles();
        var engine = new RecordingBuildEngine();
        var report = Path.Combine(files.Directory, "ml-test-score.json");
        var task = new CheckMLTestScore { BuildEngine = engine, ReportFile = report, MinimumScore = "2" };

        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("MLOPS9103", error.Code);
        Assert.Equal(report, error.File);
    }

    [Fact]
    public void NoMinimumAndNoReportIsNotAnError()
    {
        using var files = new TestFiles();
        var engine = new RecordingBuildEngine();
        var task = new CheckMLTestScore { BuildEngine = engine, ReportFile = Path.Combine(files.Directory, "ml-test-score.json") };

        Assert.True(task.Execute());
        Assert.Empty(engine.Errors);
    }

    [Fact]
    public void AReportBelowTheMinimumIsMLOPS9100WordedAsTheComputingTaskWordsIt()
    {
        using var files = new TestFiles();
        var computed = TestFiles.Score(o => o.ResultFiles.Add(TestFiles.FixturePath("pytest", "results.junit.xml"))).Report;
        var report = ReportWriter.WriteAll(computed, files.Directory)[0];
        var engine = new RecordingBuildEngine();
        var task = new CheckMLTestScore { BuildEngine = engine, ReportFile = report, MinimumScore = "6.5" };

        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("MLOPS9100", error.Code);
        Assert.Equal(report, error.File);
        Assert.Equal(ScoreThreshold.Check(computed, 6.5), error.Message);
        Assert.Contains("Next step: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(computed.FinalScore.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture), task.FinalScore);
    }

    [Fact]
    public void AReportThatMeetsTheMinimumPassesAndGivesItsScore()
    {
        using var files = new TestFiles();
        var computed = TestFiles.Score(o =>
        {
            o.ResultFiles.Add(TestFiles.FixturePath("mstest", "results.trx"));
            o.TestAssemblies.Add(TestFiles.FixturePath("mstest", "Fixture.MSTest.dll"));
        }).Report;
        var report = ReportWriter.WriteAll(computed, files.Directory)[0];
        var engine = new RecordingBuildEngine();
        var task = new CheckMLTestScore { BuildEngine = engine, ReportFile = report, MinimumScore = "1" };

        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
        Assert.Equal("1.0", task.FinalScore);
    }

    [Theory]
    [InlineData("eight")]
    [InlineData("7.5")]
    [InlineData("-1")]
    public void AnInvalidMinimumIsMLOPS9101InTheOneWording(string minimum)
    {
        var engine = new RecordingBuildEngine();
        var task = new CheckMLTestScore { BuildEngine = engine, ReportFile = "r.json", MinimumScore = minimum };

        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("MLOPS9101", error.Code);
        Assert.Equal($"MLTestScoreMinimum '{minimum}' is not a number from 0 to 7.", error.Message);
        Assert.Equal("r.json", error.File);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{ \"schemaVersion\": 1 }")]
    [InlineData("{ \"finalScore\": \"high\" }")]
    [InlineData("null")]
    public void AnUnreadableReportIsMLOPS9103NotAnException(string content)
    {
        using var files = new TestFiles();
        var report = files.Write("ml-test-score.json", content);
        var engine = new RecordingBuildEngine();
        var task = new CheckMLTestScore { BuildEngine = engine, ReportFile = report, MinimumScore = "1" };

        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("MLOPS9103", error.Code);
        Assert.StartsWith("The ML Test Score report could not be read: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(report, error.File);
    }

    [Fact]
    public void RecordedRunErrorsBecomeBuildErrorsWithTheirPlaceEvenWithoutAMinimum()
    {
        using var files = new TestFiles();
        var errors = Path.Combine(files.Directory, "ml-test-score.errors.tsv");
        MLOps.MLTestScore.Runs.RunErrorsFile.Write(errors, new[]
        {
            new ScoreDiagnostic("MLOPS9008", ScoreDiagnosticSeverity.Error, "bad mapping", "/repo/m.json", 3, 14),
        });
        var engine = new RecordingBuildEngine();
        var task = new CheckMLTestScore { BuildEngine = engine, ReportFile = Path.Combine(files.Directory, "ml-test-score.json"), RunErrorsFile = errors };

        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal(("MLOPS9008", "/repo/m.json", 3, 14, "bad mapping"), (error.Code, error.File, error.LineNumber, error.ColumnNumber, error.Message));
    }
}
