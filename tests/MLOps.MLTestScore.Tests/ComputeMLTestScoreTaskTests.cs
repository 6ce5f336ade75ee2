using System.Globalization;
using Microsoft.Build.Utilities;
using MLOps.MLTestScore.Tasks;

namespace MLOps.MLTestScore.Tests;

/// <summary>The scoring task, run as MSBuild runs it, with a build engine that records what it logs.</summary>
public sealed class ComputeMLTestScoreTaskTests
{
    private static ComputeMLTestScore Task(RecordingBuildEngine engine, string reportDirectory, string? minimum = null) => new()
    {
        BuildEngine = engine,
        ResultFiles = new[] { new TaskItem(TestFiles.FixturePath("mstest", "results.trx")) },
        TestAssemblies = new[] { new TaskItem(TestFiles.FixturePath("mstest", "Fixture.MSTest.dll")) },
        ReportDirectory = reportDirectory,
        MinimumScore = minimum,
        ProjectFile = "/repo/Tests.csproj",
    };

    [Fact]
    public void ScoresWritesTheReportsAndTheRubricJUnitAndLogsTheSummary()
    {
        using var files = new TestFiles();
        var engine = new RecordingBuildEngine();
        var task = Task(engine, files.Directory, minimum: "1");

        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
        Assert.Equal("1.0", task.FinalScore);
        Assert.Equal(
            new[] { ".json", ".md", ".html", ".junit.xml" }.Select(e => Path.Combine(files.Directory, "ml-test-score" + e)),
            task.ReportFiles.Select(i => i.ItemSpec));
        Assert.All(task.ReportFiles, i => Assert.True(File.Exists(i.ItemSpec)));
        Assert.Contains(engine.Messages, m => m.Message!.StartsWith("ML Test Score 1 (", StringComparison.Ordinal));
        Assert.Empty(engine.Errors);
    }

    [Fact]
    public void BelowTheMinimumIsMLOPS9100OnTheJsonReport()
    {
        using var files = new TestFiles();
        var engine = new RecordingBuildEngine();
        var task = Task(engine, files.Directory, minimum: "1.5");

        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("MLOPS9100", error.Code);
        Assert.Equal(Path.Combine(files.Directory, "ml-test-score.json"), error.File);
        Assert.Contains("below the minimum 1.5 (MLTestScoreMinimum)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnInvalidMinimumIsMLOPS9101OnTheProjectAndNothingIsWritten()
    {
        using var files = new TestFiles();
        var engine = new RecordingBuildEngine();
        var task = Task(engine, files.Directory, minimum: "seven");

        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal(("MLOPS9101", "/repo/Tests.csproj", "MLTestScoreMinimum 'seven' is not a number from 0 to 7."), (error.Code, error.File, error.Message));
        Assert.Empty(Directory.GetFiles(files.Directory));
    }

    [Fact]
    public void AFolderThatCannotBeWrittenIsMLOPS9102OnTheFolder()
    {
        using var files = new TestFiles();
        var blocker = files.Write("reports", "a file where the report folder should be");
        var engine = new RecordingBuildEngine();
        var task = Task(engine, Path.Combine(blocker, "ml"));

        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("MLOPS9102", error.Code);
        Assert.Equal(Path.Combine(blocker, "ml"), error.File);
        Assert.StartsWith("The ML Test Score report could not be written to ", error.Message, StringComparison.Ordinal);
        Assert.Empty(task.ReportFiles);
    }

    [Fact]
    public void InputProblemsAreCodedWithTheirFileAndLineAndTheProjectWhenTheyHaveNone()
    {
        using var files = new TestFiles();
        var truncated = files.Write("shard.xml", "<?xml version=\"1.0\"?>\n<testsuites>\n  <testsuite name=\"s\">\n    <testcase classname=\"a\" name=\"b\">");
        var engine = new RecordingBuildEngine();
        var task = new ComputeMLTestScore
        {
            BuildEngine = engine,
            ResultFiles = new[] { new TaskItem(truncated) },
            ReportDirectory = files.Directory,
            ProjectFile = "/repo/Tests.csproj",
        };

        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("MLOPS9002", error.Code);
        Assert.Equal(truncated, error.File);
        Assert.True(error.LineNumber > 0);
        Assert.Contains(engine.Warnings, w => w.Code == ScoreDiagnosticCodes.NoResults && w.File == "/repo/Tests.csproj");
        Assert.Equal(0.0.ToString("0.0", CultureInfo.InvariantCulture), task.FinalScore);
    }
}
