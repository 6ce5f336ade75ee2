using System.Text.RegularExpressions;
using MLOps.Packaging;
using Xunit;

namespace MLOps.Analyzers.IntegrationTests;

/// <summary>
/// The documents the packages carry (src/Shared/PackageDocs.targets), checked on the repository's real
/// README and CHANGELOG without packing: the README copy with absolute links, and the release notes
/// taken from the CHANGELOG. PackageConsumerTests checks the same in the packed nupkg.
/// </summary>
public sealed partial class PackageDocsTests
{
    private const string RepositoryUrl = "https://github.com/mlops-analyzers/MLOps.Analyzers";
    private const string Blob = RepositoryUrl + "/blob/main/";

    private static string Changelog => Path.Combine(Repository.Root, "src", "MLOps.Analyzers.Package", "CHANGELOG.md");

    [Fact]
    public void PackedReadmeHasNoRelativeLinkLeft()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        Assert.NotEmpty(RelativeLinks(readme)); // the check below must have something to rewrite

        var packed = AbsoluteReadmeLinks.Rewrite(readme, RepositoryUrl, "README.md", "main");

        Assert.Empty(RelativeLinks(packed));
        Assert.Contains("[MLOPS101](" + Blob + "rules/MLOPS101.md)", packed, StringComparison.Ordinal);
        Assert.Contains("(" + Blob + "src/MLOps.Analyzers.Package/CHANGELOG.md)", packed, StringComparison.Ordinal);
        // Only links changed: the same text with the link targets taken out.
        Assert.Equal(LinkTargets().Replace(readme, "]("), LinkTargets().Replace(packed, "]("));
    }

    [Theory]
    [InlineData("[rules](rules/MLOPS101.md)", "[rules](" + Blob + "rules/MLOPS101.md)")]
    [InlineData("[page](rules/MLOPS101.md#options \"Options\")", "[page](" + Blob + "rules/MLOPS101.md#options \"Options\")")]
    [InlineData("[`samples/`](samples)", "[`samples/`](" + Blob + "samples)")]
    [InlineData("[up](./docs/../rules/x.md)", "[up](" + Blob + "rules/x.md)")]
    [InlineData("[here](#the-ml-test-score)", "[here](" + Blob + "README.md#the-ml-test-score)")]
    [InlineData("[spaced](<rules/a b.md>)", "[spaced](<" + Blob + "rules/a b.md>)")]
    [InlineData("![logo](docs/logo.png)", "![logo](https://raw.githubusercontent.com/mlops-analyzers/MLOps.Analyzers/main/docs/logo.png)")]
    [InlineData("[![badge](img/b.svg)](rules)", "[![badge](https://raw.githubusercontent.com/mlops-analyzers/MLOps.Analyzers/main/img/b.svg)](" + Blob + "rules)")]
    [InlineData("[ref]: rules/MLOPS102.md \"t\"", "[ref]: " + Blob + "rules/MLOPS102.md \"t\"")]
    [InlineData("<a href=\"rules/MLOPS103.md\">x</a> <img src='a.png'>", "<a href=\"" + Blob + "rules/MLOPS103.md\">x</a> <img src='https://raw.githubusercontent.com/mlops-analyzers/MLOps.Analyzers/main/a.png'>")]
    [InlineData("[abs](https://example.org/x) [mail](mailto:a@b.c) [proto](//cdn/x)", "[abs](https://example.org/x) [mail](mailto:a@b.c) [proto](//cdn/x)")]
    [InlineData("code `[x](y)` stays, [z](w) moves", "code `[x](y)` stays, [z](" + Blob + "w) moves")]
    public void RewritesRelativeTargetsOnly(string markdown, string expected)
        => Assert.Equal(expected, AbsoluteReadmeLinks.Rewrite(markdown, RepositoryUrl + ".git/", "README.md", "main"));

    [Fact]
    public void CodeBlocksAndLineEndingsAreKept()
    {
        var markdown = "a [x](y)\r\n```csharp\r\nvar s = \"[x](y)\";\r\n```\r\n~~~\n[x](y)\n~~~\n[x](y)";
        Assert.Equal(
            "a [x](" + Blob + "y)\r\n```csharp\r\nvar s = \"[x](y)\";\r\n```\r\n~~~\n[x](y)\n~~~\n[x](" + Blob + "y)",
            AbsoluteReadmeLinks.Rewrite(markdown, RepositoryUrl, "README.md", "main"));
    }

    [Fact]
    public void LinksResolveFromTheSourceFilesFolder()
        => Assert.Equal("[p](" + Blob + "rules/MLOPS101.md) [h](" + Blob + "docs/guide.md#top)",
            AbsoluteReadmeLinks.Rewrite("[p](../rules/MLOPS101.md) [h](#top)", RepositoryUrl, "docs/guide.md", "main"));

    [Fact]
    public void TheTaskWritesTheRewrittenCopy()
    {
        var directory = Directory.CreateTempSubdirectory("mlops-docs-").FullName;
        try
        {
            var source = Path.Combine(directory, "README.md");
            File.WriteAllText(source, "see [rules](rules)\n");
            var task = new AbsoluteReadmeLinks
            {
                Source = source,
                Destination = Path.Combine(directory, "out", "README.md"),
                RepositoryUrl = RepositoryUrl,
                RepositoryPath = "README.md",
            };

            Assert.True(task.Execute());
            Assert.Equal("see [rules](" + Blob + "rules)\n", File.ReadAllText(task.Destination));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void ChangelogKeepsTheFormatAndListsEveryRuleOfTheUnreleasedVersion()
    {
        var changelog = File.ReadAllText(Changelog);
        Assert.Contains("[Keep a Changelog](https://keepachangelog.com/", changelog, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^## \[Unreleased\]$", changelog);
        Assert.Matches(@"(?m)^\[Unreleased\]: https://", changelog);
        Assert.Empty(RelativeLinks(changelog));

        var unreleased = ChangelogReleaseNotes.Select(changelog, "0.1.0-alpha.0.1", "https://x");
        var unshipped = File.ReadAllText(Path.Combine(Repository.Root, "src", "MLOps.Analyzers", "AnalyzerReleases.Unshipped.md"));
        var ids = RuleId().Matches(unshipped).Select(m => m.Value).Distinct().ToList();
        Assert.True(ids.Count >= 18, "AnalyzerReleases.Unshipped.md lists the rules");
        Assert.All(ids, id => Assert.Contains(id + " (", unreleased, StringComparison.Ordinal));
        Assert.Contains("MLOpsAnalysisMode", unreleased, StringComparison.Ordinal);
        Assert.Contains("mltestscore", unreleased, StringComparison.Ordinal);
    }

    [Fact]
    public void ReleaseNotesAreTheVersionsSectionElseUnreleasedThenTheLink()
    {
        const string changelog = """
            # Changelog

            ## [Unreleased]

            - next

            ## [0.2.0] - 2027-01-15

            ### Fixed

            - a bug

            ## [0.1.0] - 2026-12-20

            - first

            [Unreleased]: https://github.com/o/r/compare/v0.2.0...HEAD
            [0.2.0]: https://github.com/o/r/compare/v0.1.0...v0.2.0
            """;

        Assert.Equal("### Fixed\n\n- a bug\n\nFull changelog: https://c", ChangelogReleaseNotes.Select(changelog, "0.2.0", "https://c"));
        Assert.Equal("- first\n\nFull changelog: https://c", ChangelogReleaseNotes.Select(changelog, "0.1.0", "https://c"));
        Assert.Equal("- next\n\nFull changelog: https://c", ChangelogReleaseNotes.Select(changelog, "0.2.1-alpha.0.3", "https://c"));
        Assert.Equal("Full changelog: https://c", ChangelogReleaseNotes.Select("# Changelog\n", "1.0.0", "https://c"));
    }

    /// <summary>
    /// Link targets outside fenced code that have no scheme (http:, mailto:) and are not protocol-relative:
    /// inline links and images, reference definitions, href/src. Written apart from the rewriter on purpose.
    /// </summary>
    public static IReadOnlyList<string> RelativeLinks(string markdown)
    {
        var withoutFences = Fence().Replace(markdown, string.Empty);
        var withoutCode = CodeSpan().Replace(withoutFences, string.Empty);
        return InlineTarget().Matches(withoutCode).Select(m => m.Groups["t"].Value)
            .Concat(DefinitionTarget().Matches(withoutCode).Select(m => m.Groups["t"].Value))
            .Concat(HtmlTarget().Matches(withoutCode).Select(m => m.Groups["t"].Value))
            .Select(t => t.Trim('<', '>'))
            .Where(t => !Absolute().IsMatch(t))
            .ToList();
    }

    [GeneratedRegex(@"(?ms)^ {0,3}(```|~~~).*?^ {0,3}\1[^\n]*$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"`[^`\n]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"\]\(\s*(?<t><[^>]*>|[^\s)]+)")]
    private static partial Regex InlineTarget();

    [GeneratedRegex(@"(?m)^ {0,3}\[[^\]]+\]:\s*(?<t>\S+)")]
    private static partial Regex DefinitionTarget();

    [GeneratedRegex(@"(?i)\b(?:href|src)\s*=\s*[""'](?<t>[^""']*)")]
    private static partial Regex HtmlTarget();

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9+.\-]*:|//)")]
    private static partial Regex Absolute();

    [GeneratedRegex(@"\]\((?:<[^>]*>|[^\s)]+)")]
    private static partial Regex LinkTargets();

    [GeneratedRegex(@"\bMLOPS\d{3}\b")]
    private static partial Regex RuleId();
}
