using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MLOps.Analyzers.Reproducibility;

namespace MLOps.Analyzers.CodeFixes.Reproducibility;

/// <summary>MLOPS102: <c>new Random()</c> becomes <c>new Random(0)</c>. No fix for <c>Random.Shared</c> (it cannot be seeded).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnseededRandomCodeFixProvider))]
[Shared]
public sealed class UnseededRandomCodeFixProvider : CodeFixProvider
{
    private const string Title = "Create the Random with a fixed seed";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.UnseededRandom);

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
            if (diagnostic.Properties.ContainsKey(UnseededRandomAnalyzer.SharedProperty))
            {
                continue;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan);
            if (node is ArgumentSyntax wrapper)
            {
                node = wrapper.Expression;
            }

            if (node is not BaseObjectCreationExpressionSyntax creation)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(Title, ct => AddSeedAsync(context.Document, creation, ct), equivalenceKey: RuleIdentifiers.UnseededRandom),
                diagnostic);
        }
    }

    private static async Task<Document> AddSeedAsync(Document document, BaseObjectCreationExpressionSyntax creation, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var seed = SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(0)));
        var arguments = (creation.ArgumentList ?? SyntaxFactory.ArgumentList()).AddArguments(seed);
        SyntaxNode newCreation = creation.ArgumentList is null && creation is ObjectCreationExpressionSyntax objectCreation
            ? objectCreation.WithType(objectCreation.Type.WithoutTrailingTrivia()).WithArgumentList(arguments.WithTrailingTrivia(objectCreation.Type.GetTrailingTrivia()))
            : creation.WithArgumentList(arguments);
        return document.WithSyntaxRoot(root.ReplaceNode(creation, newCreation));
    }
}
