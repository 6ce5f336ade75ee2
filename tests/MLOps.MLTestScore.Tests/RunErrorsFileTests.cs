using MLOps.MLTestScore.Runs;
using Xunit;

namespace MLOps.MLTestScore.Tests;

/// <summary>
/// The in-run scorers record their input errors so that the gate after the run (the MSBuild target after
/// VSTest) can fail the build: a VSTest logger can print an error but not change the run's outcome.
/// </summary>
public sealed class RunErrorsFileTests
{
    [Fact]
    public void ErrorsRoundTripWithCodeFileLineAndColumnAndWarningsAreLeftOut()
    {
        using var files = new TestFiles();
        var path = Path.Combine(files.Directory, RunErrorsFile.FileName("ml-test-score"));
        RunErrorsFile.Write(path, new[]
        {
            new ScoreDiagnostic("MLOPS9008", ScoreDiagnosticSeverity.Error, "bad\tglob\non line", "/repo/ml-test-score.mapping.json", 3, 14),
            new ScoreDiagnostic("MLOPS9011", ScoreDiagnosticSeverity.Warning, "stale", "/repo/ml-test-score.evidence.json", 2, 5),
            new ScoreDiagnostic("MLOPS9002", ScoreDiagnosticSeverity.Error, "truncated", null, 0, 0),
        });

        var errors = RunErrorsFile.Read(path);

        Assert.Equal(2, errors.Count);
        Assert.Equal(("MLOPS9008", "/repo/ml-test-score.mapping.json", 3, 14, "bad glob on line"), (errors[0].Code, errors[0].File, errors[0].Line, errors[0].Column, errors[0].Message));
        Assert.All(errors, e => Assert.Equal(ScoreDiagnosticSeverity.Error, e.Severity));
        Assert.Null(errors[1].File);
    }

    [Fact]
    public void MissingFileMeansNoErrorsAndAnUnreadableLineIsReportedNotDropped()
    {
        using var files = new TestFiles();
        Assert.Empty(RunErrorsFile.Read(Path.Combine(files.Directory, "none.tsv")));

        var path = files.Write("cut.tsv", "MLOPS9008\t3\t14\t/repo/m.json\tbad glob\nMLOPS9010\t2\n");
        var errors = RunErrorsFile.Read(path);

        Assert.Equal(2, errors.Count);
        Assert.Equal("MLOPS9099", errors[1].Code);
        Assert.Equal((path, 2), (errors[1].File, errors[1].Line));
    }

    [Fact]
    public void TheInRunScorerRecordsABrokenMappingFileAndClearsTheRecordOnTheNextGoodRun()
    {
        using var files = new TestFiles();
        var mapping = files.Write("ml-test-score.mapping.json", "{ \"mappings\": [ { \"pattern\": ");
        var configuration = files.Write("run.config", $"ReportDirectory={files.Directory}/out\nResultsDirectory={files.Directory}/results\nMappingFile={mapping}\n");
        var results = new[] { new RunTestResult("Churn.Tests", "SchemaHolds", RunTestOutcome.Passed, TimeSpan.FromMilliseconds(3), null, new[] { new KeyValuePair<string, string>("MLTestScore", "Data.1") }) };
        var errorsFile = Path.Combine(files.Directory, "results", RunErrorsFile.FileName("ml-test-score"));

        var broken = TestRunScorer.Score(ScoreRunConfiguration.Read(configuration), results, Array.Empty<string>(), "vstest");

        Assert.Contains(broken.Messages, m => m.Kind == RunMessageKind.Error && m.Text.Contains("MLOPS9008", StringComparison.Ordinal));
        var recorded = Assert.Single(RunErrorsFile.Read(errorsFile));
        Assert.Equal(("MLOPS9008", mapping), (recorded.Code, recorded.File));
        Assert.True(recorded.Line >= 1, "the mapping error has a line");

        File.WriteAllText(mapping, "{ \"mappings\": [] }");
        TestRunScorer.Score(ScoreRunConfiguration.Read(configuration), results, Array.Empty<string>(), "vstest");

        Assert.Empty(RunErrorsFile.Read(errorsFile));
    }
}

