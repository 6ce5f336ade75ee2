using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MLOps.Analyzers.DocGenerator;

namespace MLOps.Analyzers.Tests.Documentation;

/// <summary>
/// Which tests of a rule's test class (<c>&lt;Analyzer&gt;Tests</c>, all its partial files) expect the rule, and which
/// expect no diagnostic at all. Read from the syntax of each [Fact]/[Theory] method together with the class members it
/// uses (helpers, source constants), so that an ID quoted anywhere in the test project no longer counts.
/// </summary>
internal sealed partial record RuleTestCoverage(string ClassName, bool ClassFound, IReadOnlyList<string> Expecting, IReadOnlyList<string> Silent)
{
    public static IReadOnlyList<SyntaxTree> ReadTestSources(string root)
        => Directory.EnumerateFiles(Path.Combine(root, "tests", "MLOps.Analyzers.Tests"), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                        && !p.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Select(p => CSharpSyntaxTree.ParseText(File.ReadAllText(p), path: p))
            .ToList();

    public static RuleTestCoverage Of(string id, IReadOnlyList<SyntaxTree> sources)
    {
        var analyzer = RuleCatalog.AnalyzerOf(id).GetType();
        var className = analyzer.Name + "Tests";
        var parts = sources.SelectMany(t => t.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>())
            .Where(c => c.Identifier.Text == className)
            .ToList();
        // Nested classes included: the path rules group their tests in nested classes of one partial class.
        var members = parts.SelectMany(c => c.DescendantNodes().OfType<MemberDeclarationSyntax>()).ToList();
        var byName = members.Where(m => MemberName(m) is not null).ToLookup(m => MemberName(m)!, StringComparer.Ordinal);

        var expectations = ExpectationsOf(id, analyzer);
        var allIds = RuleCatalog.DeclaredIds;
        var expecting = new List<string>();
        var silent = new List<string>();
        foreach (var test in members.OfType<MethodDeclarationSyntax>().Where(IsTest))
        {
            var text = WithUsedMembers(test, byName);
            if (expectations.Any(e => e.IsMatch(text)))
            {
                expecting.Add(test.Identifier.Text);
            }
            else if (text.Contains("Verify", StringComparison.Ordinal) && !ExpectsAnyDiagnostic(text, allIds))
            {
                silent.Add(test.Identifier.Text);
            }
        }

        return new RuleTestCoverage(className, parts.Count > 0, expecting, silent);
    }

    /// <summary>The ways a test names the rule it expects: markup, the ID, its constant, the analyzer's descriptor field.</summary>
    private static List<Regex> ExpectationsOf(string id, Type analyzer)
    {
        var constant = typeof(RuleIdentifiers).GetFields().Single(f => f.IsLiteral && (string)f.GetRawConstantValue()! == id).Name;
        var expectations = new List<string>
        {
            Regex.Escape("{|" + id + ":"),
            @"\bDiagnostic(Result)?\(\s*" + Regex.Escape("\"" + id + "\""),
            @"\bDiagnostic(Result)?\(\s*RuleIdentifiers\." + constant + @"\b",
        };
        expectations.AddRange(analyzer.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.GetValue(null) is DiagnosticDescriptor d && d.Id == id)
            .Select(f => @"\bDiagnostic(Result)?\(\s*(\w+\.)*" + analyzer.Name + @"\." + f.Name + @"\b"));
        if (RuleCatalog.AnalyzerOf(id).SupportedDiagnostics.Select(d => d.Id).Distinct().Count() == 1)
        {
            // With one rule, [|...|] and Diagnostic() mean this rule.
            expectations.Add(Regex.Escape("[|"));
            expectations.Add(@"\bDiagnostic\(\)");
        }

        return expectations.Select(e => new Regex(e)).ToList();
    }

    /// <summary>Anything that expects some analyzer diagnostic (compiler diagnostics such as CS0619 do not count).</summary>
    private static bool ExpectsAnyDiagnostic(string text, IEnumerable<string> ids)
        => text.Contains("[|", StringComparison.Ordinal)
           || text.Contains("{|#", StringComparison.Ordinal)
           || AnalyzerDiagnostic().IsMatch(text)
           || ids.Any(id => text.Contains("{|" + id + ":", StringComparison.Ordinal));

    /// <summary>Diagnostic(...), new DiagnosticResult(...), but not DiagnosticResult.CompilerError(...) or a name such as NoDiagnostic().</summary>
    [GeneratedRegex(@"\bDiagnostic\(|\bnew DiagnosticResult\(")]
    private static partial Regex AnalyzerDiagnostic();

    private static bool IsTest(MethodDeclarationSyntax method)
        => method.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString() is "Fact" or "Theory" or "Xunit.Fact" or "Xunit.Theory");

    /// <summary>The test's text and, transitively, the text of the class members it names.</summary>
    private static string WithUsedMembers(MethodDeclarationSyntax test, ILookup<string, MemberDeclarationSyntax> members)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { test.Identifier.Text };
        var texts = new List<string> { test.ToString() };
        var pending = new Queue<SyntaxNode>(new[] { test });
        while (pending.TryDequeue(out var node))
        {
            foreach (var name in node.DescendantNodes().OfType<IdentifierNameSyntax>().Select(n => n.Identifier.Text))
            {
                if (seen.Add(name))
                {
                    foreach (var member in members[name])
                    {
                        texts.Add(member.ToString());
                        pending.Enqueue(member);
                    }
                }
            }
        }

        return string.Join("\n", texts);
    }

    private static string? MemberName(MemberDeclarationSyntax member) => member switch
    {
        MethodDeclarationSyntax m => m.Identifier.Text,
        PropertyDeclarationSyntax p => p.Identifier.Text,
        FieldDeclarationSyntax f => f.Declaration.Variables.First().Identifier.Text,
        BaseTypeDeclarationSyntax t => t.Identifier.Text,
        _ => null,
    };
}
