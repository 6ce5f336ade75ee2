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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using MLOps.Analyzers.Serving;

namespace MLOps.Analyzers.CodeFixes.Serving;

/// <summary>
/// MLOPS602: moves <c>var engine = mlContext.Model.CreatePredictionEngine&lt;...&gt;(model);</c> (or a model load, an
/// <c>InferenceSession</c>) from the loop's body to just before the loop. Offered only when the analyzer marked the
/// diagnostic (a declaration statement of the loop's block whose arguments read nothing the loop declares or
/// changes), and when no other local of the enclosing block has the same name.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ModelCreatedPerItemCodeFixProvider))]
[Shared]
public sealed class ModelCreatedPerItemCodeFixProvider : CodeFixProvider
{
    public const string EquivalenceKey = "MLOPS602_HoistOutOfLoop";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.ModelCreatedPerItem);

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
            if (!diagnostic.Properties.ContainsKey(ModelCreatedPerItemAnalyzer.HoistProperty)
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node
                || node.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>() is not { Parent: BlockSyntax { Parent: StatementSyntax loop } } statement
                || loop.Parent is not (BlockSyntax or GlobalStatementSyntax)
                || HasNameConflict(statement, loop))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    title: "Create it once, before the loop",
                    createChangedDocument: cancellationToken => HoistAsync(context.Document, statement, loop, cancellationToken),
                    equivalenceKey: EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>Another local, parameter or range variable of the enclosing scope already uses a name the statement declares.</summary>
    private static bool HasNameConflict(LocalDeclarationStatementSyntax statement, StatementSyntax loop)
    {
        var names = statement.DescendantNodesAndSelf()
            .Select(n => n switch
            {
                VariableDeclaratorSyntax declarator => declarator.Identifier.ValueText,
                SingleVariableDesignationSyntax designation => designation.Identifier.ValueText,
                _ => null,
            })
            .Where(n => n is not null)
            .ToImmutableHashSet();

        var container = loop.Parent is GlobalStatementSyntax global ? global.Parent! : loop.Parent!;
        foreach (var node in container.DescendantNodes())
        {
            if (statement.Span.Contains(node.Span))
            {
                continue;
            }

            var name = node switch
            {
                VariableDeclaratorSyntax declarator => declarator.Identifier.ValueText,
                SingleVariableDesignationSyntax designation => designation.Identifier.ValueText,
                ForEachStatementSyntax forEach => forEach.Identifier.ValueText,
                ParameterSyntax parameter => parameter.Identifier.ValueText,
                CatchDeclarationSyntax catchDeclaration => catchDeclaration.Identifier.ValueText,
                LocalFunctionStatementSyntax localFunction => localFunction.Identifier.ValueText,
                FromClauseSyntax from => from.Identifier.ValueText,
                LetClauseSyntax let => let.Identifier.ValueText,
                _ => null,
            };
            if (name is not null && names.Contains(name))
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<Document> HoistAsync(Document document, LocalDeclarationStatementSyntax statement, StatementSyntax loop, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var indentation = loop.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
        var moved = statement
            .WithLeadingTrivia(indentation == default ? SyntaxFactory.TriviaList() : SyntaxFactory.TriviaList(indentation))
            .WithTrailingTrivia(statement.GetTrailingTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation);

        editor.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia);
        if (loop.Parent is GlobalStatementSyntax global)
        {
            editor.InsertBefore(global, SyntaxFactory.GlobalStatement(moved));
        }
        else
        {
            editor.InsertBefore(loop, moved);
        }

        return editor.GetChangedDocument();
    }
}
