using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MLOps.Analyzers.Validation;

namespace MLOps.Analyzers.CodeFixes.Validation;

/// <summary>
/// MLOPS402: scores the model on the test half of the same split, <c>split.TrainSet</c> becomes <c>split.TestSet</c>.
/// Offered only when the analyzer marked the diagnostic (the flagged expression is <c>split.TrainSet</c> itself and
/// the model was fitted on that same <c>split.TrainSet</c>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(EvaluatedOnTrainingDataCodeFixProvider))]
[Shared]
public sealed class EvaluatedOnTrainingDataCodeFixProvider : CodeFixProvider
{
    public const string EquivalenceKey = "MLOPS402_UseTestSet";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.EvaluatedOnTrainingData);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(EvaluatedOnTrainingDataAnalyzer.ReplacementPartProperty, out var part) || part != "TestSet")
            {
                continue;
            }

            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node
                || FindTrainSetAccess(node) is not { } access)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    title: "Evaluate on the split's TestSet",
                    createChangedDocument: cancellationToken => ReplaceAsync(context.Document, access, cancellationToken),
                    equivalenceKey: EquivalenceKey),
                diagnostic);
        }
    }

    private static MemberAccessExpressionSyntax? FindTrainSetAccess(SyntaxNode node)
    {
        for (SyntaxNode? current = node; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "TrainSet" } access:
                    return access;
                case ParenthesizedExpressionSyntax or ArgumentSyntax or IdentifierNameSyntax:
                    continue;
                default:
                    return null;
            }
        }

        return null;
    }

    private static async Task<Document> ReplaceAsync(Document document, MemberAccessExpressionSyntax access, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var newName = SyntaxFactory.IdentifierName("TestSet").WithTriviaFrom(access.Name);
        return document.WithSyntaxRoot(root.ReplaceNode(access.Name, newName));
    }
}
