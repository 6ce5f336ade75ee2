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

/// <summary>The reports' evidence names files as a reader of the repository knows them, never by the build machine's obj/ path.</summary>
public sealed class EvidencePathTests
{
    [Fact]
    public void AnInRunScorersEvidenceNamesTheTestAssemblyRelativeToTheRepositoryNotItsJUnitFileUnderObj()
    {
        using var files = new TestFiles();
        var assembly = files.Write("tests/Churn.Tests/bin/Debug/net10.0/Churn.Tests.dll", "not an assembly");
        var configuration = files.Write("run.config",
            $"ReportDirectory={files.Directory}/out\nResultsDirectory={files.Directory}/tests/Churn.Tests/obj/Debug/net10.0/mltestscore\nRepositoryRoot={files.Directory}\nTestAssembly={assembly}\n");
        var results = new[] { new RunTestResult("Churn.Tests", "SchemaHolds", RunTestOutcome.Passed, TimeSpan.Zero, null, new[] { new KeyValuePair<string, string>("MLTestScore", "Data.1") }) };

        var outcome = TestRunScorer.Score(ScoreRunConfiguration.Read(configuration), results, Array.Empty<string>(), "vstest");

        var evidence = Assert.Single(outcome.Report!.Sections.SelectMany(s => s.Items).Single(i => i.Id == "Data.1").Tests);
        Assert.Equal("tests/Churn.Tests/bin/Debug/net10.0/Churn.Tests.dll", evidence.SourceFile);
        // No path of the build machine anywhere in the report: its inputs are named relative to the repository too.
        var json = File.ReadAllText(Path.Combine(files.Directory, "out", "ml-test-score.json"));
        Assert.DoesNotContain(files.Directory, json, StringComparison.Ordinal);
        Assert.Contains("\"tests/Churn.Tests/obj/Debug/net10.0/mltestscore/ml-test-score.results.junit.xml\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void AResultFileUnderTheRepositoryIsShownRelativeAndOneOutsideItAsItIs()
    {
        using var files = new TestFiles();
        using var outside = new TestFiles();
        var inside = files.Write("ci/results/shard-1.xml", TestFiles.JUnit(("Ns.A.B", "pass", new[] { "Data.1" })));
        var elsewhere = outside.Write("shard-2.xml", TestFiles.JUnit(("Ns.C.D", "pass", new[] { "Data.2" })));
        var options = new ScoreOptions { RepositoryRoot = files.Directory + "/" };
        options.ResultFiles.Add(inside);
        options.ResultFiles.Add(elsewhere);

        var report = ScoreEngine.Compute(options).Report;

        var items = report.Sections.SelectMany(s => s.Items).ToDictionary(i => i.Id);
        Assert.Equal("ci/results/shard-1.xml", Assert.Single(items["Data.1"].Tests).SourceFile);
        Assert.Equal(elsewhere, Assert.Single(items["Data.2"].Tests).SourceFile);
    }
}
