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

namespace MLOps.Analyzers.CodeFixes.TrainingLoop;

/// <summary>
/// MLOPS503: rewrites <c>m.forward(x)</c> to <c>m.call(x)</c>. Offered when the receiver's type has a <c>call</c>
/// method with the same number of parameters (every <c>Module&lt;T..., TResult&gt;</c> and script module does).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ForwardSkipsHooksCodeFixProvider))]
[Shared]
public sealed class ForwardSkipsHooksCodeFixProvider : CodeFixProvider
{
    private const string Title = "Call the module with call(...) so that its hooks run";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.ForwardSkipsHooks);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

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
            var invocation = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>();
            if (invocation?.Expression is not MemberAccessExpressionSyntax { Name: IdentifierNameSyntax { Identifier.ValueText: "forward" } name } access
                || !HasMatchingCall(model, access, invocation, context.CancellationToken))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    Title,
                    ct => RenameAsync(context.Document, name, ct),
                    equivalenceKey: RuleIdentifiers.ForwardSkipsHooks),
                diagnostic);
        }
    }

    private static bool HasMatchingCall(SemanticModel model, MemberAccessExpressionSyntax access, InvocationExpressionSyntax invocation, CancellationToken cancellationToken)
    {
        if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol forward
            || model.GetTypeInfo(access.Expression, cancellationToken).Type is not { } type)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.GetMembers("call").OfType<IMethodSymbol>().Any(m => m.DeclaredAccessibility == Accessibility.Public && !m.IsStatic && m.Parameters.Length == forward.Parameters.Length))
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<Document> RenameAsync(Document document, IdentifierNameSyntax name, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var call = SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(name.Identifier.LeadingTrivia, "call", name.Identifier.TrailingTrivia));
        return document.WithSyntaxRoot(root.ReplaceNode(name, call));
    }
}
