using System.Collections;
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

    private sealed class RecordingBuildEngine : IBuildEngine
    {
        public List<BuildErrorEventArgs> Errors { get; } = new();

        public bool ContinueOnError => false;

        public int LineNumberOfTaskNode => 0;

        public int ColumnNumberOfTaskNode => 0;

        public string ProjectFileOfTaskNode => "test.csproj";

        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => false;

        public void LogCustomEvent(CustomBuildEventArgs e)
        {
        }

        public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(e);

        public void LogMessageEvent(BuildMessageEventArgs e)
        {
        }

        public void LogWarningEvent(BuildWarningEventArgs e)
        {
        }
    }
}
