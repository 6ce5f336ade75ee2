using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MLOps.Analyzers.CodeFixes.Reproducibility;

/// <summary>MLOPS101: <c>new MLContext()</c> becomes <c>new MLContext(seed: 0)</c>; <c>seed: null</c> becomes <c>seed: 0</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnseededMLContextCodeFixProvider))]
[Shared]
public sealed class UnseededMLContextCodeFixProvider : CodeFixProvider
{
    private const string Title = "Create the MLContext with a fixed seed";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.UnseededMLContext);

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
                CodeAction.Create(
                    Title,
                    ct => AddSeedAsync(context.Document, creation, ct),
                    equivalenceKey: RuleIdentifiers.UnseededMLContext),
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

        var zero = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(0));
        var arguments = creation.ArgumentList ?? SyntaxFactory.ArgumentList();
        ArgumentListSyntax newArguments;
        var seedArgument = FindSeedArgument(arguments);
        if (seedArgument is not null)
        {
            newArguments = arguments.ReplaceNode(seedArgument, seedArgument.WithExpression(zero.WithTriviaFrom(seedArgument.Expression)));
        }
        else
        {
            var argument = SyntaxFactory.Argument(zero).WithNameColon(SyntaxFactory.NameColon(SyntaxFactory.IdentifierName("seed")));
            newArguments = arguments.AddArguments(argument);
        }

        SyntaxNode newCreation = creation.ArgumentList is null && creation is ObjectCreationExpressionSyntax objectCreation
            ? objectCreation.WithType(objectCreation.Type.WithoutTrailingTrivia()).WithArgumentList(newArguments.WithTrailingTrivia(objectCreation.Type.GetTrailingTrivia()))
            : creation.WithArgumentList(newArguments);
        return document.WithSyntaxRoot(root.ReplaceNode(creation, newCreation));
    }

    private static ArgumentSyntax? FindSeedArgument(ArgumentListSyntax arguments)
    {
        foreach (var argument in arguments.Arguments)
        {
            if (argument.NameColon?.Name.Identifier.ValueText == "seed")
            {
                return argument;
            }
        }

        // MLContext(int? seed = null) has one parameter: a positional argument is the seed.
        return arguments.Arguments.Count == 1 && arguments.Arguments[0].NameColon is null ? arguments.Arguments[0] : null;
    }
}
