using System.Text.Json;
using MLOps.MLTestScore.Cli;
using Xunit;

namespace MLOps.MLTestScore.Tests;

/// <summary>The command-line entry point, run in-process on the real runner fixtures.</summary>
public sealed class CliTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = Program.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void ScoresMSTestResultsWithTheirAssemblyAndWritesThreeReports()
    {
        using var files = new TestFiles();
        var (exit, output, error) = Run(
            "--results", TestFiles.FixturePath("mstest", "results.trx"),
            "--assembly", TestFiles.FixturePath("mstest", "Fixture.MSTest.dll"),
            "--out", files.Directory);

        Assert.True(exit == Program.Success, error);
        Assert.Contains("ML Test Score 1 (", output, StringComparison.Ordinal);
        foreach (var extension in new[] { ".json", ".md", ".html" })
        {
            Assert.True(File.Exists(Path.Combine(files.Directory, "ml-test-score" + extension)));
        }

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(files.Directory, "ml-test-score.json")));
        Assert.Equal(1.0, json.RootElement.GetProperty("finalScore").GetDouble());
    }

    [Fact]
    public void BelowTheMinimumExitsOneAndNamesTheWeakestSection()
    {
        using var files = new TestFiles();
        var (exit, _, error) = Run("--results", TestFiles.FixturePath("pytest", "results.junit.xml"), "--out", files.Directory, "--min-score", "2");

        Assert.Equal(Program.BelowMinimum, exit);
        Assert.Contains("error MLOPS9100", error, StringComparison.Ordinal);
        Assert.Contains("the weakest is", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOutputFolderThatCannotBeCreatedIsMLOPS9102AndExitThree()
    {
        using var files = new TestFiles();
        var blocker = files.Write("reports", "a file where the report folder should be");

        var (exit, _, error) = Run("--results", TestFiles.FixturePath("pytest", "results.junit.xml"), "--out", Path.Combine(blocker, "ml"));

        Assert.Equal(Program.WriteError, exit);
        Assert.Contains("error MLOPS9102: the report could not be written", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void BrokenInputIsACodedErrorWithFileAndLineAndExitTwoButTheReportIsStillWritten()
    {
        using var files = new TestFiles();
        var truncated = files.Write("shard.xml", "<?xml version=\"1.0\"?>\n<testsuites>\n  <testsuite name=\"s\">\n    <testcase classname=\"a\" name=\"b\">");

        var (exit, _, error) = Run("--results", truncated, "--out", files.Directory);

        Assert.Equal(Program.InputError, exit);
        Assert.Matches(@"shard\.xml\(\d+,\d+\): error MLOPS9002", error);
        Assert.True(File.Exists(Path.Combine(files.Directory, "ml-test-score.json")));
    }

    [Theory]
    [InlineData("--results")]
    [InlineData("--unknown", "x")]
    [InlineData("--out", "somewhere")]
    [InlineData("--results", "a.trx", "--min-score", "eight")]
    [InlineData("--results", "a.trx", "--max-age-days", "-3")]
    public void BadArgumentsExitTwoWithUsage(params string[] args)
    {
        var (exit, _, error) = Run(args);

        Assert.Equal(Program.InputError, exit);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
