using System.Reflection;
using System.Text.RegularExpressions;
using MLOps.Analyzers.DocGenerator;
using Xunit;

namespace MLOps.Analyzers.Tests.Documentation;

/// <summary>
/// What the generator cannot write: every rule has one analyzer, a help link, a page with its hand-written
/// sections, an explanation of each option it reads, a release-tracking line and tests that expect it and
/// tests that do not. The facts the descriptors hold (README table, page headers) are checked by
/// <see cref="GeneratedDocumentationTests"/>.
/// </summary>
public sealed partial class RuleDocumentationTests
{
    /// <summary>The hand-written sections every rule page has, in this order.</summary>
    internal static readonly string[] RequiredSections = { "What it flags", "Why it matters", "Noncompliant code", "Compliant code", "Options", "How to suppress" };

    private static string Root { get; } = MLOps.TestUtilities.Repository.FindRoot(AppContext.BaseDirectory);

    private static readonly Lazy<IReadOnlyList<Microsoft.CodeAnalysis.SyntaxTree>> TestSources = new(() => RuleTestCoverage.ReadTestSources(Root));

    private static string Read(params string[] parts) => File.ReadAllText(Path.Combine(new[] { Root }.Concat(parts).ToArray())).ReplaceLineEndings("\n");

    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var id in RuleCatalog.DeclaredIds)
        {
            data.Add(id);
        }

        return data;
    }

    [Fact]
    public void EveryDeclaredIdIsSupportedByExactlyOneAnalyzer()
    {
        foreach (var id in RuleCatalog.DeclaredIds)
        {
            var owners = RuleCatalog.Analyzers.Where(a => a.SupportedDiagnostics.Any(d => d.Id == id)).ToList();
            Assert.True(owners.Count == 1, $"{id} is supported by {owners.Count} analyzers");
        }

        Assert.Equal(RuleCatalog.DeclaredIds, RuleCatalog.Descriptors.Select(d => d.Id));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void DescriptorCarriesHelpLinkToItsPageAndADescription(string id)
    {
        var descriptor = RuleCatalog.Descriptors.Single(d => d.Id == id);
        Assert.Equal($"https://github.com/mlops-analyzers/MLOps.Analyzers/blob/main/rules/{id}.md", descriptor.HelpLinkUri);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()), $"{id} has no description");
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void PageHasEveryHandWrittenSection(string id)
    {
        Assert.True(File.Exists(Path.Combine(Root, "rules", id + ".md")), $"rules/{id}.md is missing: write it with the sections {string.Join(", ", RequiredSections)}, then run {DocumentationGenerator.Command}");
        var problems = MissingSections(id, Read("rules", id + ".md"));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>
    /// What is wrong with a page's hand-written sections: each required one is a "## " heading of its own (not a word
    /// somewhere on the page: "compliant" is in "noncompliant"), in order, with content; the code sections hold a C#
    /// block; the suppression section shows the pragma for this rule.
    /// </summary>
    internal static List<string> MissingSections(string id, string page)
    {
        var problems = new List<string>();
        var headings = Heading().Matches(page).ToList();
        var previous = -1;
        foreach (var section in RequiredSections)
        {
            var matches = headings.Where(h => h.Groups["title"].Value.Trim() == section).ToList();
            if (matches.Count != 1)
            {
                problems.Add($"rules/{id}.md has {matches.Count} '## {section}' headings, expected 1");
                continue;
            }

            var index = headings.IndexOf(matches[0]);
            if (index < previous)
            {
                problems.Add($"rules/{id}.md: '## {section}' is out of order (expected {string.Join(", ", RequiredSections)})");
            }

            previous = index;
            var bodyStart = matches[0].Index + matches[0].Length;
            var bodyEnd = index + 1 < headings.Count ? headings[index + 1].Index : page.Length;
            var body = page[bodyStart..bodyEnd];
            if (string.IsNullOrWhiteSpace(body))
            {
                problems.Add($"rules/{id}.md: '## {section}' is empty");
            }
            else if (section.EndsWith(" code", StringComparison.Ordinal) && !body.Contains("```csharp", StringComparison.Ordinal))
            {
                problems.Add($"rules/{id}.md: '## {section}' has no ```csharp block");
            }
            else if (section == "How to suppress" && !body.Contains("#pragma warning disable " + id, StringComparison.Ordinal))
            {
                problems.Add($"rules/{id}.md: '## {section}' does not show '#pragma warning disable {id}'");
            }
        }

        return problems;
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void EveryOptionIsExplainedOnThePageOutsideTheGeneratedHeader(string id)
    {
        var page = GeneratedBlock().Replace(Read("rules", id + ".md"), string.Empty);
        foreach (var option in MLOps.Analyzers.RuleOptions.Of(id))
        {
            Assert.True(page.Contains(option, StringComparison.Ordinal), $"{id} reads option '{option}', but the hand-written part of rules/{id}.md never explains it");
        }
    }

    [Fact]
    public void EveryOptionTheAnalyzersDeclareIsListedForARule()
    {
        var listed = RuleCatalog.DeclaredIds.SelectMany(id => MLOps.Analyzers.RuleOptions.Of(id)).ToHashSet(StringComparer.Ordinal);
        var declared = RuleCatalog.AnalyzerAssembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name.EndsWith("Option", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(declared);
        foreach (var field in declared)
        {
            Assert.True(listed.Contains((string)field.GetRawConstantValue()!), $"{field.DeclaringType!.Name}.{field.Name} = \"{field.GetRawConstantValue()}\" is read by a rule but no rule lists it in RuleOptions.Of");
        }
    }

    [Fact]
    public void PagesAndReleaseTrackingNameNoRuleThatDoesNotExist()
    {
        var ids = RuleCatalog.DeclaredIds.ToHashSet(StringComparer.Ordinal);
        var pages = Directory.EnumerateFiles(Path.Combine(Root, "rules"), "MLOPS*.md")
            .Select(p => Path.GetFileNameWithoutExtension(p)!);
        Assert.All(pages, page => Assert.Contains(page, ids));

        var unshipped = Read("src", "MLOps.Analyzers", "AnalyzerReleases.Unshipped.md");
        foreach (var descriptor in RuleCatalog.Descriptors)
        {
            var line = unshipped.Split('\n').SingleOrDefault(l => l.StartsWith(descriptor.Id + " ", StringComparison.Ordinal));
            Assert.True(line is not null, $"{descriptor.Id} is not in AnalyzerReleases.Unshipped.md");
            var severity = descriptor.IsEnabledByDefault ? descriptor.DefaultSeverity.ToString() : "Disabled";
            Assert.Contains($"| {descriptor.Category} | {severity} |", line, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void EveryRuleHasATestThatExpectsItAndOneThatExpectsNothing(string id)
    {
        var coverage = RuleTestCoverage.Of(id, TestSources.Value);
        Assert.True(coverage.ClassFound, $"no test class {coverage.ClassName} under tests/MLOps.Analyzers.Tests");
        Assert.True(coverage.Expecting.Count > 0, $"no test in {coverage.ClassName} expects {id}");
        Assert.True(coverage.Silent.Count > 0, $"no test in {coverage.ClassName} expects no diagnostic at all");
    }

    [GeneratedRegex(@"^## (?<title>.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"<!-- header:start -->.*?<!-- header:end -->", RegexOptions.Singleline)]
    private static partial Regex GeneratedBlock();
}
