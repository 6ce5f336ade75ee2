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
/// MLOPS501: inserts <c>optimizer.zero_grad();</c> as the first statement of the loop body, before the forward pass.
/// Offered when the optimizer is a plain name (<c>optimizer</c>, <c>_optimizer</c>, <c>this.optimizer</c>) declared
/// outside the loop and the loop body is a block. Fix All inserts one statement per loop and optimizer.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(GradientsNotClearedCodeFixProvider))]
[Shared]
public sealed class GradientsNotClearedCodeFixProvider : CodeFixProvider
{
    private const string Title = "Clear the gradients at the start of the loop body";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.GradientsNotCleared);

    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (TryGetInsertion(root, model, diagnostic, context.CancellationToken) is not { } insertion)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    Title,
                    ct => ApplyAsync(context.Document, new[] { insertion }, ct),
                    equivalenceKey: RuleIdentifiers.GradientsNotCleared),
                diagnostic);
        }
    }

    private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var insertions = diagnostics
            .Select(d => TryGetInsertion(root, model, d, context.CancellationToken))
            .OfType<Insertion>()
            .ToList();
        return await ApplyAsync(document, insertions, context.CancellationToken).ConfigureAwait(false);
    }

    private static Insertion? TryGetInsertion(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var invocation = node.FirstAncestorOrSelf<InvocationExpressionSyntax>();
        if (invocation?.Expression is not MemberAccessExpressionSyntax { Expression: var receiver } || !TrainingLoopFixSyntax.IsPlainName(receiver))
        {
            return null;
        }

        var loopBody = FindLoopBody(invocation);
        if (loopBody is null)
        {
            return null;
        }

        // An optimizer created inside the loop body cannot be cleared before its declaration.
        var symbol = model.GetSymbolInfo(receiver, cancellationToken).Symbol;
        if (symbol is ILocalSymbol local
            && local.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == loopBody.SyntaxTree && loopBody.Span.Contains(r.Span)))
        {
            return null;
        }

        return new Insertion(loopBody, receiver.WithoutTrivia().ToString());
    }

    /// <summary>The block body of the innermost loop statement around the call, not across lambdas or local functions.</summary>
    private static BlockSyntax? FindLoopBody(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case ForStatementSyntax { Statement: var statement } when statement.Span.Contains(node.Span):
                    return statement as BlockSyntax;
                case CommonForEachStatementSyntax { Statement: var statement } when statement.Span.Contains(node.Span):
                    return statement as BlockSyntax;
                case WhileStatementSyntax { Statement: var statement } when statement.Span.Contains(node.Span):
                    return statement as BlockSyntax;
                case DoStatementSyntax { Statement: var statement } when statement.Span.Contains(node.Span):
                    return statement as BlockSyntax;
                case AnonymousFunctionExpressionSyntax:
                case LocalFunctionStatementSyntax:
                case MemberDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }

    private static async Task<Document> ApplyAsync(Document document, IReadOnlyCollection<Insertion> insertions, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || insertions.Count == 0)
        {
            return document;
        }

        // One statement per loop and receiver, in the order the diagnostics came (stable for Fix All).
        var byBody = new Dictionary<BlockSyntax, List<string>>();
        foreach (var insertion in insertions)
        {
            if (!byBody.TryGetValue(insertion.Body, out var receivers))
            {
                byBody[insertion.Body] = receivers = new List<string>();
            }

            if (!receivers.Contains(insertion.Receiver))
            {
                receivers.Add(insertion.Receiver);
            }
        }

        var newRoot = root.ReplaceNodes(byBody.Keys, (original, rewritten) => InsertStatements(rewritten, byBody[original]));
        return document.WithSyntaxRoot(newRoot);
    }

    private static BlockSyntax InsertStatements(BlockSyntax body, List<string> receivers)
    {
        var endOfLine = body.OpenBraceToken.TrailingTrivia.FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var newLine = endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : SyntaxFactory.ElasticCarriageReturnLineFeed;
        var indentation = body.Statements.Count > 0
            ? body.Statements[0].GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia))
            : default;

        // After the zero_grad calls the body already starts with (another optimizer's, from an earlier fix), so
        // fixing one diagnostic at a time and fixing all at once give the same order.
        var index = 0;
        while (index < body.Statements.Count && IsZeroGradStatement(body.Statements[index]))
        {
            index++;
        }

        var statements = body.Statements;
        foreach (var receiver in receivers)
        {
            var statement = SyntaxFactory.ParseStatement(receiver + ".zero_grad();").WithTrailingTrivia(newLine);
            statement = indentation.IsKind(SyntaxKind.WhitespaceTrivia)
                ? statement.WithLeadingTrivia(indentation)
                : statement.WithAdditionalAnnotations(Formatter.Annotation);
            statements = statements.Insert(index++, statement);
        }

        return body.WithStatements(statements);
    }

    private static bool IsZeroGradStatement(StatementSyntax statement)
        => statement is ExpressionStatementSyntax
        {
            Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "zero_grad" } },
        };

    private sealed class Insertion
    {
        public Insertion(BlockSyntax body, string receiver)
        {
            Body = body;
            Receiver = receiver;
        }

        public BlockSyntax Body { get; }

        public string Receiver { get; }
    }
}
