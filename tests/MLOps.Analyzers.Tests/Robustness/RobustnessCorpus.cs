using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using MLOps.Analyzers.Tests.Verifiers;

namespace MLOps.Analyzers.Tests.Robustness;

/// <summary>One C# source of the robustness corpus.</summary>
/// <param name="Id">Where it comes from: <c>tests/.../XTests.cs#12 (line 40)</c> or <c>samples/.../Program.cs</c>.</param>
/// <param name="Text">The source, markup removed.</param>
/// <param name="Context">Unchanged sibling files compiled with it (the files of its sample project declaring types it names).</param>
/// <param name="IsSample">Whether the source is a file under samples/.</param>
/// <param name="IsExecutable">Compile as a console application (sample programs), otherwise as a library (like the tests do).</param>
internal sealed record CorpusSource(string Id, string Text, ImmutableArray<string> Context, bool IsSample, bool IsExecutable);

/// <summary>
/// Every C# program the analyzer tests feed to the analyzers (string literals in the test files, found by parsing
/// them) and every .cs file under samples/. Test sources are rebuilt the way the tests build them: constants and
/// concatenations are evaluated with a semantic model, interpolation holes take the parameter's default value (or
/// nothing), and the Microsoft.CodeAnalysis.Testing markup is removed by its own <see cref="TestFileMarkupParser"/>.
/// </summary>
internal static class RobustnessCorpus
{
    public static ImmutableArray<CorpusSource> Sources { get; } = Load();

    private static ImmutableArray<CorpusSource> Load()
    {
        var root = Repository.Root;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var builder = ImmutableArray.CreateBuilder<CorpusSource>();
        foreach (var source in LoadTestSources(root).Concat(LoadSamples(root)))
        {
            if (seen.Add(source.Text))
            {
                builder.Add(source);
            }
        }

        return builder.ToImmutable();
    }

    private static IEnumerable<CorpusSource> LoadTestSources(string root)
    {
        var testsDirectory = System.IO.Path.Combine(root, "tests", "MLOps.Analyzers.Tests");
        // This folder's own strings (half-typed statements, options) are the fuzzer's, not test cases.
        var files = EnumerateSourceFiles(testsDirectory)
            .Where(path => !System.IO.Path.GetRelativePath(testsDirectory, path).Replace('\\', '/').StartsWith("Robustness/", StringComparison.Ordinal))
            .ToList();

        // One compilation of all test files so constants shared across files (ValidationTestCode.Prelude) evaluate.
        var trees = files
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest), path))
            .ToList();
        var compilation = CSharpCompilation.Create("CorpusExtraction", trees, TestReferences.Platform, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        foreach (var tree in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            var relative = System.IO.Path.GetRelativePath(root, tree.FilePath).Replace('\\', '/');
            var tops = new List<ExpressionSyntax>();
            var topSet = new HashSet<SyntaxNode>();
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                if (node is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } or InterpolatedStringExpressionSyntax)
                {
                    var top = TopOfConcatenation((ExpressionSyntax)node);
                    if (topSet.Add(top))
                    {
                        tops.Add(top);
                    }
                }
            }

            var index = 0;
            foreach (var top in tops.OrderBy(t => t.SpanStart))
            {
                var value = Evaluate(top, model);
                if (value is null)
                {
                    continue;
                }

                var text = StripMarkup(value);
                if (!IsPlausibleProgram(text))
                {
                    continue;
                }

                var line = top.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                yield return new CorpusSource($"{relative}#{index++} (line {line})", text, ImmutableArray<string>.Empty, IsSample: false, IsExecutable: false);
            }
        }
    }

    private static IEnumerable<CorpusSource> LoadSamples(string root)
    {
        var samplesDirectory = System.IO.Path.Combine(root, "samples");
        foreach (var project in Directory.EnumerateFiles(samplesDirectory, "*.csproj", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal))
        {
            var projectDirectory = System.IO.Path.GetDirectoryName(project)!;
            var isExecutable = File.ReadAllText(project).Contains("<OutputType>Exe</OutputType>", StringComparison.OrdinalIgnoreCase);
            var files = EnumerateSourceFiles(projectDirectory).ToList();
            var texts = files.Select(File.ReadAllText).ToList();
            var roots = texts.Select(t => CSharpSyntaxTree.ParseText(t).GetRoot()).ToList();
            var declared = roots.Select(r => r.DescendantNodes().OfType<BaseTypeDeclarationSyntax>().Select(d => d.Identifier.ValueText).ToHashSet(StringComparer.Ordinal)).ToList();
            for (var i = 0; i < files.Count; i++)
            {
                // The sibling files declaring a type this file names, so it binds as in its project (each analysis
                // run analyzes every tree, so unrelated siblings would only cost time).
                var named = roots[i].DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText).ToHashSet(StringComparer.Ordinal);
                var context = Enumerable.Range(0, files.Count)
                    .Where(j => j != i && declared[j].Overlaps(named))
                    .Select(j => texts[j])
                    .ToImmutableArray();
                var relative = System.IO.Path.GetRelativePath(root, files[i]).Replace('\\', '/');
                yield return new CorpusSource(relative, texts[i], context, IsSample: true, isExecutable);
            }
        }
    }

    private static IEnumerable<string> EnumerateSourceFiles(string directory)
        => Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(path =>
            {
                var relative = System.IO.Path.GetRelativePath(directory, path).Replace('\\', '/');
                return !relative.StartsWith("bin/", StringComparison.Ordinal) && !relative.StartsWith("obj/", StringComparison.Ordinal);
            })
            .OrderBy(path => path, StringComparer.Ordinal);

    private static ExpressionSyntax TopOfConcatenation(ExpressionSyntax expression)
    {
        var current = expression;
        while (current.Parent is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } or ParenthesizedExpressionSyntax)
        {
            current = (ExpressionSyntax)current.Parent;
        }

        return current;
    }

    /// <summary>The string the expression builds; null when it is not made of strings at all.</summary>
    private static string? Evaluate(ExpressionSyntax expression, SemanticModel model)
    {
        if (model.GetConstantValue(expression) is { HasValue: true, Value: string constant })
        {
            return constant;
        }

        switch (expression)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return Evaluate(parenthesized.Expression, model);
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } binary:
                var left = Evaluate(binary.Left, model);
                var right = Evaluate(binary.Right, model);
                return left is null && right is null ? null : left + right;
            case InterpolatedStringExpressionSyntax interpolated:
                var builder = new StringBuilder();
                foreach (var content in interpolated.Contents)
                {
                    switch (content)
                    {
                        case InterpolatedStringTextSyntax text:
                            builder.Append(text.TextToken.ValueText);
                            break;
                        case InterpolationSyntax hole:
                            builder.Append(EvaluateHole(hole.Expression, model));
                            break;
                    }
                }

                return builder.ToString();
            default:
                return null;
        }
    }

    /// <summary>A constant, the default value of the parameter it names, or nothing (the snippet still reads as C#).</summary>
    private static string EvaluateHole(ExpressionSyntax expression, SemanticModel model)
    {
        if (model.GetConstantValue(expression) is { HasValue: true, Value: { } constant })
        {
            return Convert.ToString(constant, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        }

        if (model.GetSymbolInfo(expression).Symbol is IParameterSymbol { HasExplicitDefaultValue: true, ExplicitDefaultValue: { } value })
        {
            return Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        }

        return string.Empty;
    }

    private static string StripMarkup(string value)
    {
        try
        {
            TestFileMarkupParser.GetPositionsAndSpans(value, out var output, out ImmutableArray<int> _, out ImmutableDictionary<string, ImmutableArray<TextSpan>> _);
            return output;
        }
        catch (ArgumentException)
        {
            // Not markup the testing library accepts, so no test used it as markup either: the text is the source.
            return value;
        }
    }

    /// <summary>Reads as a C# program or a piece of one: declarations, usings or statements.</summary>
    private static bool IsPlausibleProgram(string text)
    {
        if (text.Length < 12)
        {
            return false;
        }

        var declares = text.Contains("using ", StringComparison.Ordinal)
            || text.Contains("class ", StringComparison.Ordinal)
            || text.Contains("struct ", StringComparison.Ordinal)
            || text.Contains("record ", StringComparison.Ordinal)
            || text.Contains("interface ", StringComparison.Ordinal);
        if (declares)
        {
            return true;
        }

        // Statements: at least one statement that parses cleanly.
        if (!text.Contains(';', StringComparison.Ordinal))
        {
            return false;
        }

        var unit = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(text).GetRoot();
        return unit.Members.OfType<GlobalStatementSyntax>().Any(s => !s.ContainsDiagnostics);
    }
}
