using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Xunit;

namespace MLOps.Analyzers.Tests.Documentation;

/// <summary>
/// Keeps the promises every rule makes in agreement: descriptor, help page under rules/, README
/// rule table, release tracking and tests. A rule added without its page or README row fails here.
/// </summary>
public sealed partial class RuleDocumentationTests
{
    private static string Read(params string[] parts) => File.ReadAllText(Path.Combine(new[] { RuleCatalog.RepositoryRoot }.Concat(parts).ToArray()));

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
    public void DescriptorCarriesHelpLinkToItsPageAndATitleThatMatchesThePage(string id)
    {
        var descriptor = RuleCatalog.Descriptors.Single(d => d.Id == id);
        Assert.Equal($"https://github.com/mlops-analyzers/MLOps.Analyzers/blob/main/rules/{id}.md", descriptor.HelpLinkUri);
        Assert.StartsWith("MLOPS", descriptor.Id, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()), $"{id} has no description");

        var pagePath = Path.Combine(RuleCatalog.RepositoryRoot, "rules", id + ".md");
        Assert.True(File.Exists(pagePath), $"rules/{id}.md is missing");
        var page = File.ReadAllText(pagePath);
        var firstLine = page.Split('\n')[0].Trim();
        Assert.Equal($"# {id}: {descriptor.Title}", firstLine);
        Assert.Contains(descriptor.Category, page, StringComparison.Ordinal);
        Assert.Contains(descriptor.DefaultSeverity.ToString(), page, StringComparison.Ordinal);
        foreach (var section in new[] { "noncompliant", "compliant", "suppress" })
        {
            Assert.True(page.Contains(section, StringComparison.OrdinalIgnoreCase), $"rules/{id}.md has no '{section}' section");
        }
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void ReadmeRowAgreesWithDescriptor(string id)
    {
        var descriptor = RuleCatalog.Descriptors.Single(d => d.Id == id);
        var row = ReadmeRows().SingleOrDefault(r => r.Id == id);
        Assert.True(row is not null, $"README rule table has no row for {id}");
        Assert.Equal(descriptor.Title.ToString(), row!.Title);
        Assert.Equal(descriptor.Category, row.Category);
        Assert.Equal(RuleCatalog.SeverityText(descriptor), row.Severity);
        Assert.Equal(RuleCatalog.FixableIds.Contains(id) ? "Yes" : "No", row.CodeFix);

        var page = Read("rules", id + ".md");
        foreach (Match option in OptionKey().Matches(row.Options))
        {
            Assert.True(page.Contains(option.Value, StringComparison.Ordinal), $"README names option {option.Value} for {id}, but rules/{id}.md does not document it");
        }
    }

    [Fact]
    public void ReadmePagesAndReleaseTrackingNameNoRuleThatDoesNotExist()
    {
        var ids = RuleCatalog.DeclaredIds.ToHashSet(StringComparer.Ordinal);
        Assert.All(ReadmeRows(), row => Assert.Contains(row.Id, ids));
        var pages = Directory.EnumerateFiles(Path.Combine(RuleCatalog.RepositoryRoot, "rules"), "MLOPS*.md")
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
    public void EveryRuleHasTestsThatExpectIt(string id)
    {
        var testSources = Directory.EnumerateFiles(Path.Combine(RuleCatalog.RepositoryRoot, "tests", "MLOps.Analyzers.Tests"), "*Tests*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains(Path.DirectorySeparatorChar + "Documentation" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Select(File.ReadAllText);
        var constant = typeof(RuleIdentifiers).GetFields().Single(f => f.IsLiteral && (string)f.GetRawConstantValue()! == id).Name;
        var expectations = new[] { "{|" + id + ":", "\"" + id + "\"", "RuleIdentifiers." + constant };
        Assert.True(
            testSources.Any(source => expectations.Any(e => source.Contains(e, StringComparison.Ordinal))),
            $"no test under tests/MLOps.Analyzers.Tests expects {id}");
    }

    private sealed record ReadmeRow(string Id, string Title, string Category, string Severity, string CodeFix, string Options);

    private static List<ReadmeRow> ReadmeRows()
    {
        var rows = new List<ReadmeRow>();
        foreach (var line in Read("README.md").Split('\n'))
        {
            var match = ReadmeRuleRow().Match(line);
            if (!match.Success)
            {
                continue;
            }

            var cells = line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            Assert.True(cells.Length == 6, "README rule rows have 6 cells: ID | Title | Category | Severity | Code fix | Options: " + line);
            rows.Add(new ReadmeRow(match.Groups["id"].Value, cells[1], cells[2], cells[3], cells[4], cells[5]));
        }

        return rows;
    }

    [GeneratedRegex(@"^\|\s*\[(?<id>MLOPS\d{3})\]\(rules/MLOPS\d{3}\.md\)\s*\|")]
    private static partial Regex ReadmeRuleRow();

    [GeneratedRegex(@"mlops\.(MLOPS\d{3}\.)?[a-z_]+")]
    private static partial Regex OptionKey();
}
