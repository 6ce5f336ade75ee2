using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using MLOps.Analyzers.TrainingLoop;

namespace MLOps.Analyzers.CodeFixes.TrainingLoop;

/// <summary>
/// MLOPS505: inserts <c>model.eval();</c> right after the statement that loads the weights, or <c>model.train();</c>
/// right before the training loop. The receiver is written as at the reported call (<c>model</c>, <c>_model</c>,
/// <c>this.model</c>). Offered when that statement sits directly in a block. Fix All inserts one statement per
/// statement and module.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ModuleModeNotSetCodeFixProvider))]
[Shared]
public sealed class ModuleModeNotSetCodeFixProvider : CodeFixProvider
{
    private const string EvalTitle = "Call eval() after loading the model";

    private const string TrainTitle = "Call train() before the training loop";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.ModuleModeNotSet);

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
            if (TryGetInsertion(root, diagnostic) is not { } insertion)
            {
                continue;
            }

            var title = insertion.After ? EvalTitle : TrainTitle;
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => ApplyAsync(context.Document, new[] { insertion }, ct), equivalenceKey: title),
                diagnostic);
        }
    }

    private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var insertions = diagnostics.Select(d => TryGetInsertion(root, d)).OfType<Insertion>().ToList();
        return await ApplyAsync(document, insertions, context.CancellationToken).ConfigureAwait(false);
    }

    private static Insertion? TryGetInsertion(SyntaxNode root, Diagnostic diagnostic)
    {
        var call = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>();
        if (call?.Expression is not MemberAccessExpressionSyntax { Expression: var receiver } || !TrainingLoopFixSyntax.IsPlainName(receiver))
        {
            return null;
        }

        diagnostic.Properties.TryGetValue(ModuleModeNotSetAnalyzer.KindProperty, out var kind);
        if (kind == ModuleModeNotSetAnalyzer.LoadKind && diagnostic.AdditionalLocations.Count > 0)
        {
            // After the statement of the load: model.load(path); / var model = new Net().load(path);
            var load = root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true);
            var statement = load.FirstAncestorOrSelf<StatementSyntax>();
            return statement?.Parent is BlockSyntax ? new Insertion(statement, receiver.WithoutTrivia().ToString() + ".eval();", after: true) : null;
        }

        if (kind == ModuleModeNotSetAnalyzer.TrainKind
            && diagnostic.Properties.TryGetValue(ModuleModeNotSetAnalyzer.LoopStartProperty, out var start)
            && int.TryParse(start, NumberStyles.Integer, CultureInfo.InvariantCulture, out var position))
        {
            var loop = call.Ancestors().OfType<StatementSyntax>().FirstOrDefault(s => s.SpanStart == position && IsLoop(s));
            return loop?.Parent is BlockSyntax ? new Insertion(loop, receiver.WithoutTrivia().ToString() + ".train();", after: false) : null;
        }

        return null;
    }

    private static bool IsLoop(StatementSyntax statement)
        => statement is ForStatementSyntax or CommonForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax;

    private static async Task<Document> ApplyAsync(Document document, IReadOnlyCollection<Insertion> insertions, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || insertions.Count == 0)
        {
            return document;
        }

        // One statement per anchor and text, in the order the diagnostics came (stable for Fix All).
        var byBlock = new Dictionary<BlockSyntax, List<Insertion>>();
        foreach (var insertion in insertions)
        {
            var block = (BlockSyntax)insertion.Anchor.Parent!;
            if (!byBlock.TryGetValue(block, out var list))
            {
                byBlock[block] = list = new List<Insertion>();
            }

            if (!list.Any(i => i.Anchor == insertion.Anchor && i.Text == insertion.Text))
            {
                list.Add(insertion);
            }
        }

        var newRoot = root.ReplaceNodes(byBlock.Keys, (original, rewritten) => Insert(original, rewritten, byBlock[original]));
        return document.WithSyntaxRoot(newRoot);
    }

    /// <summary>
    /// Rewrites one block: anchors are original statements, matched by index with the rewritten block (whose nested
    /// blocks may already hold insertions of their own).
    /// </summary>
    private static BlockSyntax Insert(BlockSyntax original, BlockSyntax rewritten, List<Insertion> insertions)
    {
        var statements = new List<StatementSyntax>();
        for (var i = 0; i < original.Statements.Count; i++)
        {
            var anchor = original.Statements[i];
            var statement = rewritten.Statements[i];
            var before = insertions.Where(x => x.Anchor == anchor && !x.After).ToList();
            if (before.Count > 0)
            {
                // The inserted statements take the loop's leading blank lines and comments; the loop keeps its indentation.
                var indentation = statement.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
                var first = true;
                foreach (var insertion in before)
                {
                    var inserted = NewStatement(statement, insertion.Text);
                    statements.Add(first ? inserted.WithLeadingTrivia(statement.GetLeadingTrivia()) : inserted);
                    first = false;
                }

                statement = statement.WithLeadingTrivia(indentation.IsKind(SyntaxKind.WhitespaceTrivia) ? SyntaxFactory.TriviaList(indentation) : SyntaxFactory.TriviaList());
            }

            statements.Add(statement);
            foreach (var insertion in insertions.Where(x => x.Anchor == anchor && x.After))
            {
                statements.Add(NewStatement(statement, insertion.Text));
            }
        }

        return rewritten.WithStatements(SyntaxFactory.List(statements));
    }

    private static StatementSyntax NewStatement(StatementSyntax anchor, string text)
    {
        var indentation = anchor.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
        var endOfLine = anchor.GetTrailingTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var statement = SyntaxFactory.ParseStatement(text)
            .WithTrailingTrivia(endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : SyntaxFactory.ElasticCarriageReturnLineFeed);
        return indentation.IsKind(SyntaxKind.WhitespaceTrivia)
            ? statement.WithLeadingTrivia(indentation)
            : statement.WithAdditionalAnnotations(Formatter.Annotation);
    }

    private sealed class Insertion
    {
        public Insertion(StatementSyntax anchor, string text, bool after)
        {
            Anchor = anchor;
            Text = text;
            After = after;
        }

        public StatementSyntax Anchor { get; }

        public string Text { get; }

        public bool After { get; }
    }
}
