using Microsoft.Build.Utilities;
using MLOps.MLTestScore.Cli;
using MLOps.MLTestScore.Runs;
using MLOps.MLTestScore.Tasks;

namespace MLOps.MLTestScore.Tests;

/// <summary>The debt reaches every adapter: the in-run scorers' configuration, the MSBuild task and the CLI.</summary>
public sealed class DebtAdapterTests
{
    private static string CompilerSarif => TestFiles.FixturePath("sarif", "compiler.sarif");

    private static readonly RunTestResult[] ReproducibleRun =
    {
        new("Ns.Repro", "SameSeedSameModel", RunTestOutcome.Passed, TimeSpan.FromMilliseconds(5), null, new[] { new KeyValuePair<string, string>("MLTestScore", "Infra.1") }),
    };

    [Theory]
    [InlineData(null, RunMessageKind.Warning)]
    [InlineData("true", RunMessageKind.Error)]
    [InlineData("TRUE", RunMessageKind.Error)]
    [InlineData("false", RunMessageKind.Warning)]
    public void The_in_run_scorer_reads_the_SARIF_logs_its_configuration_names(string? failOnContradiction, RunMessageKind kind)
    {
        using var files = new TestFiles();
        var config = files.Write(
            "mltestscore.config",
            $"ReportDirectory={files.Directory}\nResultsDirectory={Path.Combine(files.Directory, "obj")}\nSarifFile={CompilerSarif}\n"
            + (failOnContradiction is null ? string.Empty : $"FailOnContradiction={failOnContradiction}\n"));

        var outcome = TestRunScorer.Score(config, ReproducibleRun, Array.Empty<string>(), "run");

        Assert.Equal(2, outcome.Report!.Debt.Total);
        Assert.NotNull(TestFiles.Item(outcome.Report, "Infra.1").Contradiction);
        Assert.Contains(outcome.Messages, m => m.Kind == kind && m.Text.Contains(" MLOPS9110: Passing tagged tests claim Infra.1", StringComparison.Ordinal));
        var recorded = RunErrorsFile.Read(Path.Combine(files.Directory, "obj", RunErrorsFile.FileName("ml-test-score")));
        Assert.Equal(kind == RunMessageKind.Error, recorded.Any(d => d.Code == "MLOPS9110")); // The gate after VSTest fails the build on it.
    }

    [Fact]
    public void The_task_passes_the_logs_and_fails_on_a_contradiction_only_when_asked()
    {
        using var files = new TestFiles();
        var results = files.Write("r.xml", TestFiles.JUnit(("Ns.Repro.SameSeedSameModel", "pass", new[] { "Infra.1" })));
        ComputeMLTestScore Task(RecordingBuildEngine engine, bool fail) => new()
        {
            BuildEngine = engine,
            ResultFiles = new[] { new TaskItem(results) },
            SarifFiles = new[] { new TaskItem(CompilerSarif) },
            FailOnContradiction = fail,
            ReportDirectory = files.Directory,
            ProjectFile = "/repo/Tests.csproj",
        };

        var lenient = new RecordingBuildEngine();
        Assert.True(Task(lenient, fail: false).Execute());
        Assert.Contains(lenient.Warnings, w => w.Code == "MLOPS9110" && w.LineNumber == 11 && w.File.EndsWith("Training.cs", StringComparison.Ordinal));

        var strict = new RecordingBuildEngine();
        Assert.False(Task(strict, fail: true).Execute());
        Assert.Equal("MLOPS9110", Assert.Single(strict.Errors).Code);
        Assert.Contains("## Debt: MLOPS findings in the code", File.ReadAllText(Path.Combine(files.Directory, "ml-test-score.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_CLI_takes_sarif_logs_and_fails_with_exit_one_under_fail_on_contradiction()
    {
        using var files = new TestFiles();
        var results = files.Write("r.xml", TestFiles.JUnit(("Ns.Repro.SameSeedSameModel", "pass", new[] { "Infra.1" })));

        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(Program.Success, Program.Run(new[] { "--results", results, "--sarif", CompilerSarif, "--out", files.Directory }, output, error));
        Assert.Contains("warning MLOPS9110", output.ToString(), StringComparison.Ordinal);

        error = new StringWriter();
        Assert.Equal(Program.BelowMinimum, Program.Run(new[] { "--results", results, "--fail-on-contradiction", "--sarif", CompilerSarif, "--out", files.Directory }, new StringWriter(), error));
        Assert.Contains("error MLOPS9110", error.ToString(), StringComparison.Ordinal);

        error = new StringWriter();
        Assert.Equal(Program.InputError, Program.Run(new[] { "--results", results, "--sarif", Path.Combine(files.Directory, "none.sarif"), "--out", files.Directory }, new StringWriter(), error));
        Assert.Contains("error MLOPS9001: --sarif names a file that does not exist", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_CLI_help_names_the_new_options()
    {
        var output = new StringWriter();
        Program.Run(new[] { "--help" }, output, new StringWriter());

        Assert.Contains("--sarif <file>", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("--fail-on-contradiction", output.ToString(), StringComparison.Ordinal);
    }
}
