using System.Collections.Generic;
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

namespace MLOps.Analyzers.CodeFixes.TrainingLoop;

/// <summary>
/// MLOPS504: inserts <c>using var scope = torch.NewDisposeScope();</c> as the first statement of the loop body. Needs
/// C# 8 and a block body. The local's name is one not yet visible there (<c>scope</c>, <c>scope2</c>, ...), distinct
/// per loop in Fix All (nested loops would otherwise clash); <c>torch</c> is written <c>TorchSharp.torch</c> when the
/// short name does not bind.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LoopWithoutDisposeScopeCodeFixProvider))]
[Shared]
public sealed class LoopWithoutDisposeScopeCodeFixProvider : CodeFixProvider
{
    private const string Title = "Open a dispose scope at the top of the loop body";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.LoopWithoutDisposeScope);

    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (FindBody(root, diagnostic) is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    Title,
                    ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                    equivalenceKey: RuleIdentifiers.LoopWithoutDisposeScope),
                diagnostic);
        }
    }

    private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
        => await ApplyAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false);

    private static BlockSyntax? FindBody(SyntaxNode root, Diagnostic diagnostic)
    {
        if (root.SyntaxTree.Options is CSharpParseOptions { LanguageVersion: < LanguageVersion.CSharp8 })
        {
            return null;
        }

        var token = root.FindToken(diagnostic.Location.SourceSpan.Start);
        var statement = token.Parent?.FirstAncestorOrSelf<StatementSyntax>();
        return statement switch
        {
            ForStatementSyntax loop => loop.Statement as BlockSyntax,
            CommonForEachStatementSyntax loop => loop.Statement as BlockSyntax,
            WhileStatementSyntax loop => loop.Statement as BlockSyntax,
            DoStatementSyntax loop => loop.Statement as BlockSyntax,
            _ => null,
        };
    }

    private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var bodies = diagnostics.Select(d => FindBody(root, d)).OfType<BlockSyntax>().Distinct().OrderBy(b => b.SpanStart).ToList();
        if (bodies.Count == 0)
        {
            return document;
        }

        var torch = TrainingLoopFixSyntax.TorchName(model, bodies[0].SpanStart);
        var usedNames = new HashSet<string>();
        var declarations = new Dictionary<BlockSyntax, StatementSyntax>();
        foreach (var body in bodies)
        {
            var position = body.Statements.Count > 0 ? body.Statements[0].SpanStart : body.CloseBraceToken.SpanStart;
            var name = TrainingLoopFixSyntax.FreeName(model, position, "scope", usedNames);
            usedNames.Add(name);
            declarations[body] = SyntaxFactory.ParseStatement($"using var {name} = {torch}.NewDisposeScope();");
        }

        var newRoot = root.ReplaceNodes(bodies, (original, rewritten) => Insert(rewritten, declarations[original]));
        return document.WithSyntaxRoot(newRoot);
    }

    private static BlockSyntax Insert(BlockSyntax block, StatementSyntax declaration)
    {
        var indentation = block.Statements.Count > 0
            ? block.Statements[0].GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia))
            : default;
        var endOfLine = block.OpenBraceToken.TrailingTrivia.FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        declaration = declaration.WithTrailingTrivia(endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : SyntaxFactory.ElasticCarriageReturnLineFeed);
        declaration = indentation.IsKind(SyntaxKind.WhitespaceTrivia)
            ? declaration.WithLeadingTrivia(indentation)
            : declaration.WithAdditionalAnnotations(Formatter.Annotation);
        return block.WithStatements(block.Statements.Insert(0, declaration));
    }
}
