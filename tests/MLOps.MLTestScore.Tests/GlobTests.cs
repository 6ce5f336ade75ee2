using System.Diagnostics;
using MLOps.MLTestScore.Reading;
using MLOps.Shared;

namespace MLOps.MLTestScore.Tests;

/// <summary>The repository's one glob (src/Shared/Glob.cs) as the engine compiles it, and the mapping file's use of it.</summary>
public sealed class GlobTests
{
    [Theory]
    [InlineData("Ns.SchemaTests.*", "Ns.SchemaTests.Columns", true)]
    [InlineData("ns.schematests.COLUMNS", "Ns.SchemaTests.Columns", true)]
    [InlineData("*", "", true)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    [InlineData("?", "", false)]
    [InlineData("Ns.?chemaTests.*", "Ns.SchemaTests.Columns", true)]
    [InlineData("*.Columns", "Ns.SchemaTests.Columns", true)]
    [InlineData("*Tests", "Ns.SchemaTests.Columns", false)]
    [InlineData("src/*.cs", "src/a.cs", true)]
    [InlineData("src/*.cs", "src/deep/a.cs", false)]
    [InlineData("src/**.cs", "src/deep/er/a.cs", true)]
    [InlineData("src/**/*.cs", "src/deep/a.cs", true)]
    [InlineData("src/**/*.cs", "src/a.cs", false)]
    [InlineData("src/***", "src/a/b", true)]
    [InlineData("**", "a/b/c", true)]
    [InlineData("a?b", "a/b", false)]
    [InlineData("C:\\data\\*.csv", "c:/data/train.csv", true)]
    [InlineData("/data/*", "\\data\\train.csv", true)]
    [InlineData("**/models/*.onnx", "/srv/x/models/m.onnx", true)]
    [InlineData("**/models/*.onnx", "/srv/x/models/old/m.onnx", false)]
    [InlineData("*/b*c", "a/bxc/c", false)]
    [InlineData("**b*c", "a/bx/bxc", true)]
    [InlineData("**/a*/b", "x/ab/a/b", true)]
    [InlineData("**a/*b", "a/xa/yb", true)]
    [InlineData("test_read[*]", "test_read[data/train.csv]", false)]
    [InlineData("test_read[**]", "test_read[data/train.csv]", true)]
    public void TheSyntaxIsTheDocumentedOne(string pattern, string text, bool matches)
        => Assert.Equal(matches, Glob.IsMatch(pattern, text));

    [Fact]
    public void PathologicalPatternsAnswerInLinearTimeNotExponential()
    {
        var text = new string('a', 5000);
        var patterns = new[]
        {
            string.Concat(Enumerable.Repeat("*a", 200)) + "*b",
            string.Concat(Enumerable.Repeat("**a", 200)) + "**b",
            string.Concat(Enumerable.Repeat("*a*", 100)) + "/**b",
            string.Concat(Enumerable.Repeat("*?", 300)) + "!*",
        };
        var watch = Stopwatch.StartNew();
        foreach (var pattern in patterns)
        {
            Assert.False(Glob.IsMatch(pattern, text));
            Assert.True(Glob.IsMatch(pattern.Replace("b", "a", StringComparison.Ordinal).Replace("!", "a", StringComparison.Ordinal).Replace("/", string.Empty, StringComparison.Ordinal), text));
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Theory]
    [InlineData(" Ns.SchemaTests.* ", true)]
    [InlineData("NS.SCHEMATESTS.COL?MNS", true)]
    [InlineData("Ns.*.Columns", true)]
    [InlineData("Ns.Schema", false)]
    public void TheMappingFileUsesTheSharedGlobOnTheTrimmedPattern(string glob, bool matches)
        => Assert.Equal(matches, MappingFileReader.GlobMatches(glob, "Ns.SchemaTests.Columns"));
}
