using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using MLOps.Analyzers.Reproducibility;

namespace MLOps.Analyzers.CodeFixes.Reproducibility;

/// <summary>
/// MLOPS103: inserts <c>torch.manual_seed(0);</c> as the first statement of the program's <c>Main</c> method. Offered
/// only when the reported site is inside the entry point: seeding elsewhere (a model constructor, a helper)
/// would re-seed on every call, which is rarely what the user wants.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnseededTorchCodeFixProvider))]
[Shared]
public sealed class UnseededTorchCodeFixProvider : CodeFixProvider
{
    private const string Title = "Seed TorchSharp at the start of Main";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.UnseededTorch);

    // One seed per program: fixing all would insert the same statement once per diagnostic in the same Main.
    public override FixAllProvider? GetFixAllProvider() => null;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.ContainsKey(UnseededTorchAnalyzer.IsMainProperty))
            {
                continue;
            }

            var method = root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<MethodDeclarationSyntax>();
            if (method?.Body is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    Title,
                    ct => InsertSeedAsync(context.Document, method, ct),
                    equivalenceKey: RuleIdentifiers.UnseededTorch),
                diagnostic);
        }
    }

    private static async Task<Document> InsertSeedAsync(Document document, MethodDeclarationSyntax method, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || method.Body is null)
        {
            return document;
        }

        var hasTorchSharpUsing = root is CompilationUnitSyntax unit
            && unit.Usings.Any(u => u.StaticKeyword.IsKind(SyntaxKind.None) && u.Alias is null && u.Name?.ToString() == "TorchSharp");
        var receiver = hasTorchSharpUsing ? "torch" : "TorchSharp.torch";
        var statement = SyntaxFactory.ParseStatement(receiver + ".manual_seed(0);");
        var endOfLine = method.Body.OpenBraceToken.TrailingTrivia.FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        statement = statement.WithTrailingTrivia(endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : SyntaxFactory.ElasticCarriageReturnLineFeed);
        statement = method.Body.Statements.Count > 0
            ? statement.WithLeadingTrivia(method.Body.Statements[0].GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia)))
            : statement.WithAdditionalAnnotations(Formatter.Annotation);
        var newBody = method.Body.WithStatements(method.Body.Statements.Insert(0, statement));
        return document.WithSyntaxRoot(root.ReplaceNode(method.Body, newBody));
    }
}
