using System.Collections.Immutable;
using System.Diagnostics;
using MLOps.Analyzers.Configuration;
using MLOps.Shared;
using Xunit;

namespace MLOps.Analyzers.Tests.Infrastructure;

/// <summary>
/// The repository's one glob (src/Shared/Glob.cs) as the analyzer assembly compiles it: the allow-lists of
/// MLOPS201-203 (<c>allowed_paths</c>, <c>allowed_urls</c>), which run inside the compiler.
/// </summary>
public sealed class GlobTests
{
    [Theory]
    [InlineData("/opt/ml/", "/opt/ml/input/train.tsv", true)]
    [InlineData("/OPT/ML/", "/opt/ml/input/train.tsv", true)]
    [InlineData("C:\\data\\", "c:/data/train.csv", true)]
    [InlineData("/opt/ml/", "/opt/mlx/train.tsv", false)]
    [InlineData("/opt/ml/**", "/opt/ml/input/data/train.tsv", true)]
    [InlineData("/home/*/train.tsv", "/home/alice/train.tsv", true)]
    [InlineData("/home/*/train.tsv", "/home/alice/old/train.tsv", false)]
    [InlineData("models/**/*.onnx", "models/v1/m.onnx", true)]
    [InlineData("models/**/*.onnx", "models/m.onnx", false)]
    [InlineData("Data/*.csv", "data\\train.csv", true)]
    [InlineData("Data/?.csv", "Data/a.csv", true)]
    [InlineData("Data?a.csv", "Data/a.csv", false)]
    [InlineData("https://*.contoso.com/models/**", "https://artifacts.contoso.com/models/v1/m.zip", true)]
    [InlineData("https://*.contoso.com/models/**", "https://evil.example/x.contoso.com/models/m.zip", false)]
    public void AnEntryIsAGlobWithAStarOrQuestionMarkOtherwiseAPrefix(string entry, string text, bool allowed)
        => Assert.Equal(allowed, HardCodedLocationClassifier.IsAllowed(text, ImmutableArray.Create(entry)));

    [Fact]
    public void NoEntriesAllowNothing()
    {
        Assert.False(HardCodedLocationClassifier.IsAllowed("/opt/ml/x", default));
        Assert.False(HardCodedLocationClassifier.IsAllowed("/opt/ml/x", ImmutableArray<string>.Empty));
    }

    [Fact]
    public void APathologicalAllowListAnswersInLinearTimeInsideTheCompiler()
    {
        // The former recursive matcher tried every split of the segment for every '*': a path of 60 'a's
        // against twenty "*a" never finished.
        var path = "/srv/" + new string('a', 4000) + ".csv";
        var entries = ImmutableArray.Create(
            string.Concat(Enumerable.Repeat("*a", 20)) + "*b",
            "/srv/" + string.Concat(Enumerable.Repeat("*a", 200)) + "*b.csv",
            string.Concat(Enumerable.Repeat("**a", 200)) + "**b");
        var watch = Stopwatch.StartNew();

        Assert.False(HardCodedLocationClassifier.IsAllowed(path, entries));
        Assert.True(HardCodedLocationClassifier.IsAllowed(path, entries.Add("/srv/" + string.Concat(Enumerable.Repeat("*a", 200)) + "*.csv")));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public void TheAnalyzersGlobIsTheEnginesSyntax()
    {
        Assert.True(Glob.IsMatch("Ns.SchemaTests.*", "ns.schematests.Columns"));
        Assert.False(Glob.IsMatch("src/*", "src/a/b"));
        Assert.True(Glob.IsMatch("src/**", "src/a/b"));
    }
}
