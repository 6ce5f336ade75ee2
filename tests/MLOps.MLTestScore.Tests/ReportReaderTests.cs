using static MLOps.MLTestScore.Tests.TestFiles;

namespace MLOps.MLTestScore.Tests;

/// <summary>
/// The pieces every adapter shares: the report read back as written, the write with its error handling,
/// the atomic write, and the minimum's one wording.
/// </summary>
public sealed class ReportReaderTests
{
    private static ScoreReport Sample() => Score(o =>
    {
        o.ResultFiles.Add(FixturePath("nunit", "results.trx"));
        o.TestAssemblies.Add(FixturePath("nunit", "Fixture.NUnit.dll"));
        o.ManualEvidenceFile = FixturePath("..", "Inputs", "ml-test-score.evidence.json");
    }).Report;

    [Fact]
    public void AWrittenReportReadsBackToTheSameReport()
    {
        using var files = new TestFiles();
        var report = Sample();
        var json = ReportWriter.WriteAll(report, files.Directory)[0];

        Assert.True(ReportReader.TryRead(json, out var read, out var failure), failure?.ToString());
        Assert.Null(failure);
        Assert.Equal(ReportWriter.ToJson(report), ReportWriter.ToJson(read!));
        Assert.Equal(ScoreThreshold.Check(report, 7), ScoreThreshold.Check(read!, 7));
    }

    [Fact]
    public void AMissingReportIsMLOPS9103OnTheFile()
    {
        using var files = new TestFiles();
        var path = Path.Combine(files.Directory, "none.json");

        Assert.False(ReportReader.TryRead(path, out var read, out var failure));
        Assert.Null(read);
        Assert.Equal(("MLOPS9103", ScoreDiagnosticSeverity.Error, path), (failure!.Code, failure.Severity, failure.File));
    }

    [Fact]
    public void AFolderThatCannotBeCreatedIsMLOPS9102AndNothingIsThrown()
    {
        using var files = new TestFiles();
        var blocker = files.Write("reports", "x");
        var target = Path.Combine(blocker, "ml");

        Assert.False(ReportWriter.TryWriteAll(Sample(), target, "ml-test-score", out var written, out var failure));
        Assert.Empty(written);
        Assert.Equal(("MLOPS9102", target), (failure!.Code, failure.File));
        Assert.StartsWith($"The ML Test Score report could not be written to '{target}': ", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheAtomicWriteReplacesAnExistingFileAndLeavesNoTemporaryFileBehind()
    {
        using var files = new TestFiles();
        var path = files.Write("report.md", "old");

        AtomicFile.WriteAllText(path, "new ü");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, _ => throw new InvalidOperationException("half written")));

        Assert.Equal("new ü", File.ReadAllText(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(files.Directory));
        Assert.NotEqual(0xEF, File.ReadAllBytes(path)[0]); // no byte order mark
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("  ", null)]
    [InlineData("2", 2.0)]
    [InlineData(" 6.5 ", 6.5)]
    [InlineData("0", 0.0)]
    [InlineData("7", 7.0)]
    public void AValidMinimumParses(string? text, double? expected)
    {
        Assert.True(ScoreThreshold.TryParse(text, "--min-score", null, out var minimum, out var invalid));
        Assert.Equal(expected, minimum);
        Assert.Null(invalid);
    }

    [Theory]
    [InlineData("7.01")]
    [InlineData("-0.5")]
    [InlineData("2,5")]
    [InlineData("NaN")]
    public void AnInvalidMinimumIsMLOPS9101NamingTheCallersOption(string text)
    {
        Assert.False(ScoreThreshold.TryParse(text, "--min-score", "cli", out _, out var invalid));
        Assert.Equal(("MLOPS9101", "cli", $"--min-score '{text}' is not a number from 0 to 7."), (invalid!.Code, invalid.File, invalid.Message));
    }
}
