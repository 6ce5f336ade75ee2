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
/// MLOPS502: inserts <c>using var noGrad = torch.no_grad();</c> right after the <c>model.eval();</c> statement when the
/// reported call follows it in the same block (or a block nested in it); otherwise right before the statement that holds
/// the call. The scope then lasts to the end of that block. Needs C# 8 (using declarations). The local's name is one
/// not yet visible there (<c>noGrad</c>, <c>noGrad2</c>, ...); <c>torch</c> is written <c>TorchSharp.torch</c> when the
/// short name does not bind. Fix All inserts one declaration per block and a distinct name per declaration.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InferenceBuildsGraphCodeFixProvider))]
[Shared]
public sealed class InferenceBuildsGraphCodeFixProvider : CodeFixProvider
{
    private const string Title = "Run the inference in a torch.no_grad() scope";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.InferenceBuildsGraph);

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
            if (FindInsertionPoint(root, diagnostic) is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    Title,
                    async ct => await ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct).ConfigureAwait(false) ?? context.Document,
                    equivalenceKey: RuleIdentifiers.InferenceBuildsGraph),
                diagnostic);
        }
    }

    private static Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
        => ApplyAsync(document, diagnostics, context.CancellationToken);

    /// <summary>The statement the declaration goes before: the statement after <c>model.eval();</c>, or the one holding the call.</summary>
    private static InsertionPoint? FindInsertionPoint(SyntaxNode root, Diagnostic diagnostic)
    {
        if (root.SyntaxTree.Options is CSharpParseOptions { LanguageVersion: < LanguageVersion.CSharp8 })
        {
            return null;
        }

        var call = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (diagnostic.AdditionalLocations.Count > 0
            && diagnostic.AdditionalLocations[0].SourceTree == root.SyntaxTree
            && root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<StatementSyntax>() is ExpressionStatementSyntax { Parent: BlockSyntax evalBlock } evalStatement
            && evalBlock.Span.Contains(call.Span)
            && evalStatement.Span.End <= call.SpanStart)
        {
            return new InsertionPoint(evalBlock, evalBlock.Statements.IndexOf(evalStatement) + 1);
        }

        for (var current = call; current is not null; current = current.Parent)
        {
            if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax)
            {
                return null;
            }

            if (current is StatementSyntax statement && statement.Parent is BlockSyntax block)
            {
                return new InsertionPoint(block, block.Statements.IndexOf(statement));
            }
        }

        return null;
    }

    private static async Task<Document?> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        // The earliest point per block: one declaration covers the rest of its block.
        var points = new Dictionary<BlockSyntax, int>();
        foreach (var diagnostic in diagnostics)
        {
            if (FindInsertionPoint(root, diagnostic) is { } point
                && (!points.TryGetValue(point.Block, out var index) || point.Index < index))
            {
                points[point.Block] = point.Index;
            }
        }

        if (points.Count == 0)
        {
            return document;
        }

        var torch = TrainingLoopFixSyntax.TorchName(model, points.Keys.First().SpanStart);
        var usedNames = new HashSet<string>();
        var declarations = new Dictionary<BlockSyntax, StatementSyntax>();
        foreach (var pair in points.OrderBy(p => p.Key.SpanStart))
        {
            var position = pair.Value < pair.Key.Statements.Count ? pair.Key.Statements[pair.Value].SpanStart : pair.Key.CloseBraceToken.SpanStart;
            var name = TrainingLoopFixSyntax.FreeName(model, position, "noGrad", usedNames);
            usedNames.Add(name);
            declarations[pair.Key] = SyntaxFactory.ParseStatement($"using var {name} = {torch}.no_grad();");
        }

        var newRoot = root.ReplaceNodes(points.Keys, (original, rewritten) => Insert(rewritten, points[original], declarations[original]));
        return document.WithSyntaxRoot(newRoot);
    }

    private static BlockSyntax Insert(BlockSyntax block, int index, StatementSyntax declaration)
    {
        var neighbour = index < block.Statements.Count ? block.Statements[index] : block.Statements.LastOrDefault();
        var indentation = neighbour?.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia)) ?? default;
        var endOfLine = block.OpenBraceToken.TrailingTrivia.FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        declaration = declaration.WithTrailingTrivia(endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : SyntaxFactory.ElasticCarriageReturnLineFeed);
        declaration = indentation.IsKind(SyntaxKind.WhitespaceTrivia)
            ? declaration.WithLeadingTrivia(indentation)
            : declaration.WithAdditionalAnnotations(Formatter.Annotation);
        return block.WithStatements(block.Statements.Insert(index, declaration));
    }

    private sealed class InsertionPoint
    {
        public InsertionPoint(BlockSyntax block, int index)
        {
            Block = block;
            Index = index;
        }

        public BlockSyntax Block { get; }

        public int Index { get; }
    }
}
