using MLOps.MLTestScore.Cli;

namespace MLOps.MLTestScore.Tests;

/// <summary>The command line's CI outputs: JUnit, history, baseline and the regression exit code.</summary>
public sealed class CliTrendTests
{
    [Fact]
    public void Cli_writes_junit_and_history_and_exits_one_when_the_score_fell_against_the_baseline()
    {
        using var files = new TestFiles();
        var results = files.Write("r.xml", TestFiles.JUnit(("Ns.T.A", "pass", new[] { "Data.1" })));
        var baseline = files.Write("baseline.json", """{"finalScore":2,"commit":"main123"}""");
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = Program.Run(
            new[] { "--results", results, "--out", Path.Combine(files.Directory, "out"), "--project", "Churn", "--commit", "abc1234", "--baseline", baseline, "--fail-on-regression", "true", "--github-summary", "false" },
            output,
            error);

        Assert.Equal(Program.BelowMinimum, exit);
        Assert.Contains("error MLOPS9104: The ML Test Score fell from 2 to 0", error.ToString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(files.Directory, "out", "ml-test-score.junit.xml")));
        var line = Assert.Single(File.ReadAllLines(Path.Combine(files.Directory, "out", "ml-test-score.history.jsonl")));
        Assert.Contains("\"project\":\"Churn\",\"commit\":\"abc1234\"", line, StringComparison.Ordinal);

        var again = Program.Run(new[] { "--results", results, "--out", Path.Combine(files.Directory, "out"), "--baseline", baseline, "--github-summary", "false" }, new StringWriter(), new StringWriter());
        Assert.Equal(Program.Success, again);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(files.Directory, "out", "ml-test-score.history.jsonl")).Length);
    }
}
