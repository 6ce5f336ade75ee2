using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MLOps.Analyzers.CodeFixes.TrainingLoop;

/// <summary>What the TorchSharp training-loop fixes share when they write code: how to name <c>torch</c>, a free local
/// name, and which receivers a fix can repeat safely.</summary>
internal static class TrainingLoopFixSyntax
{
    /// <summary><c>torch</c> when the short name binds to <c>TorchSharp.torch</c> at <paramref name="position"/>, else the full name.</summary>
    public static string TorchName(SemanticModel model, int position)
        => model.LookupNamespacesAndTypes(position, name: "torch")
            .Any(s => s is INamedTypeSymbol { Name: "torch", ContainingNamespace: { Name: "TorchSharp", ContainingNamespace.IsGlobalNamespace: true } })
            ? "torch"
            : "TorchSharp.torch";

    /// <summary><paramref name="baseName"/>, <paramref name="baseName"/>2, ...: the first not visible at <paramref name="position"/> nor already used by this fix.</summary>
    public static string FreeName(SemanticModel model, int position, string baseName, HashSet<string> usedNames)
    {
        for (var i = 1; ; i++)
        {
            var name = i == 1 ? baseName : baseName + i;
            if (!usedNames.Contains(name) && model.LookupSymbols(position, name: name).IsEmpty)
            {
                return name;
            }
        }
    }

    /// <summary>A receiver a fix may write again without side effects: <c>x</c>, <c>this.x</c> or <c>a.x</c>.</summary>
    public static bool IsPlainName(ExpressionSyntax receiver)
        => receiver switch
        {
            IdentifierNameSyntax => true,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or IdentifierNameSyntax, Name: IdentifierNameSyntax } => true,
            _ => false,
        };
}
