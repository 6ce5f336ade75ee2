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
        Assert.Contains("(--min-score)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("MLTestScoreMinimum", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOutputFolderThatCannotBeCreatedIsMLOPS9102AndExitThree()
    {
        using var files = new TestFiles();
        var blocker = files.Write("reports", "a file where the report folder should be");

        var (exit, _, error) = Run("--results", TestFiles.FixturePath("pytest", "results.junit.xml"), "--out", Path.Combine(blocker, "ml"));

        Assert.Equal(Program.WriteError, exit);
        Assert.Contains("error MLOPS9102: The ML Test Score report could not be written", error, StringComparison.Ordinal);
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

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("--results", "a.trx", "--help")]
    public void HelpListsEveryOptionAndTheExitCodesAndExitsZero(params string[] args)
    {
        var (exit, output, error) = Run(args);

        Assert.Equal(Program.Success, exit);
        Assert.Empty(error);
        foreach (var option in new[] { "--results", "--assembly", "--mapping", "--evidence", "--max-age-days", "--repository", "--out", "--name", "--min-score", "--help", "--version" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }

        Assert.Contains("Exit codes:", output, StringComparison.Ordinal);
        foreach (var code in new[] { Program.Success, Program.BelowMinimum, Program.InputError, Program.WriteError })
        {
            Assert.Matches(@"(?m)^\s+" + code + @"\s+\S", output);
        }
    }

    [Fact]
    public void VersionPrintsTheAssemblysVersionAndExitsZero()
    {
        var (exit, output, _) = Run("--version");

        Assert.Equal(Program.Success, exit);
        Assert.Matches(@"^\d+\.\d+\.\d+\S*\r?\n$", output);
        Assert.DoesNotContain("+", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--results")]
    [InlineData("--assembly")]
    [InlineData("--mapping")]
    [InlineData("--evidence")]
    public void AMissingInputIsNamedByItsOptionAndNoReportIsWritten(string option)
    {
        using var files = new TestFiles();
        var missing = Path.Combine(files.Directory, "missing.file");
        var reports = Path.Combine(files.Directory, "out");
        var args = new List<string> { "--results", TestFiles.FixturePath("pytest", "results.junit.xml"), "--out", reports };
        if (option == "--results")
        {
            args.Clear();
            args.AddRange(new[] { "--out", reports });
        }

        args.AddRange(new[] { option, missing });

        var (exit, output, error) = Run(args.ToArray());

        Assert.Equal(Program.InputError, exit);
        Assert.Contains($"{missing}: error MLOPS9001: {option} names a file that does not exist.", error, StringComparison.Ordinal);
        Assert.Contains("no report written", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(reports));
        Assert.Empty(output);
    }

    [Fact]
    public void MessagesNameTheToolsOwnOptions()
    {
        Assert.Contains("--min-score 'eight' is not a number from 0 to 7.", Run("--results", "a.trx", "--min-score", "eight").Err, StringComparison.Ordinal);
        Assert.Contains("--max-age-days '-3' is not a whole number", Run("--results", "a.trx", "--max-age-days", "-3").Err, StringComparison.Ordinal);
        Assert.Contains("unknown option '--minimum'", Run("--minimum", "2").Err, StringComparison.Ordinal);
        Assert.Contains("--out needs a value", Run("--results", "a.trx", "--out").Err, StringComparison.Ordinal);
        Assert.Contains("give at least one --results, --assembly or --evidence", Run("--out", "x").Err, StringComparison.Ordinal);
        Assert.Contains("unknown option 'results.trx'", Run("results.trx").Err, StringComparison.Ordinal);
    }

    [Fact]
    public void ShardsAreMergedAndTheNameOptionNamesTheReports()
    {
        using var files = new TestFiles();
        var (exit, output, error) = Run(
            "--results", TestFiles.FixturePath("nunit", "results.trx"),
            "--results", TestFiles.FixturePath("mstest", "results.trx"),
            "--out", files.Directory,
            "--name", "shards");

        Assert.True(exit == Program.Success, error);
        Assert.Contains("Report: " + Path.Combine(files.Directory, "shards.json"), output, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(files.Directory, "shards.json")));
        Assert.Equal(2, json.RootElement.GetProperty("inputs").GetProperty("resultFiles").GetArrayLength());
    }
}
