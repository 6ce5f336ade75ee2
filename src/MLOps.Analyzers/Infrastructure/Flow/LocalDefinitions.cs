using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.Flow;

/// <summary>Where a local or an argument gets its value, for every rule that follows values.</summary>
internal static class LocalDefinitions
{
    /// <summary>
    /// The value of a local assigned exactly once in its body (its initializer, or one plain assignment), or null
    /// when it is written more than once, by ref/out, in a loop variable or deconstruction, or never.
    /// </summary>
    public static IOperation? GetSingleDefinition(ILocalReferenceOperation reference, CancellationToken cancellationToken)
    {
        var root = (IOperation)reference;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        // One walk per operation block, whichever rule asks first: the block's locals and their writes, kept as long as
        // the (cached) operation tree lives.
        var definitions = Blocks.GetValue(root, block => Collect(block, cancellationToken));
        return definitions.TryGetValue(reference.Local, out var definition) && definition.Writes == 1 ? definition.Value : null;
    }

    private static readonly ConditionalWeakTable<IOperation, Dictionary<ILocalSymbol, (int Writes, IOperation? Value)>> Blocks = new();

    private static Dictionary<ILocalSymbol, (int Writes, IOperation? Value)> Collect(IOperation root, CancellationToken cancellationToken)
    {
        var definitions = new Dictionary<ILocalSymbol, (int Writes, IOperation? Value)>(SymbolEqualityComparer.Default);
        foreach (var descendant in root.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (descendant is IVariableDeclaratorOperation declarator)
            {
                var initializer = declarator.Initializer ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer;
                if (initializer is not null)
                {
                    Add(definitions, declarator.Symbol, initializer.Value);
                }
            }
            else if (descendant is ILocalReferenceOperation local && IsWrite(local, out var assigned))
            {
                Add(definitions, local.Local, assigned);
            }
        }

        return definitions;
    }

    private static void Add(Dictionary<ILocalSymbol, (int Writes, IOperation? Value)> definitions, ILocalSymbol local, IOperation? value)
        => definitions[local] = definitions.TryGetValue(local, out var known) ? (known.Writes + 1, value) : (1, value);

    /// <summary>Strips conversions and parentheses and follows locals assigned once (a bounded number of hops).</summary>
    public static IOperation? Resolve(IOperation? operation, CancellationToken cancellationToken)
    {
        for (var hops = 0; hops < 8 && operation is not null; hops++)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    continue;
                case ILocalReferenceOperation local:
                    operation = GetSingleDefinition(local, cancellationToken);
                    continue;
                default:
                    return operation;
            }
        }

        return operation;
    }

    /// <summary>
    /// The parameter of <paramref name="method"/> a value comes from (directly, or through conversions and locals
    /// assigned once), or null: what the per-method summaries are keyed on.
    /// </summary>
    public static IParameterSymbol? ParameterOf(IOperation? value, IMethodSymbol method, CancellationToken cancellationToken)
        => Resolve(value, cancellationToken) is IParameterReferenceOperation reference
           && SymbolEqualityComparer.Default.Equals(reference.Parameter.ContainingSymbol.OriginalDefinition, ValueFlow.Definition(method))
            ? reference.Parameter
            : null;

    /// <summary>
    /// The value an argument passes: for an omitted optional argument, the default written on the parameter's
    /// declaration (so that it is reported there), else the argument's own value.
    /// </summary>
    public static IOperation? ValueOf(IArgumentOperation argument, ValueFlow flow, CancellationToken cancellationToken)
    {
        if (argument.ArgumentKind == ArgumentKind.DefaultValue
            && argument.Parameter is { DeclaringSyntaxReferences.Length: 1 } parameter
            && parameter.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is ParameterSyntax { Default.Value: { } defaultValue }
            && flow.GetOperation(defaultValue, cancellationToken) is { } value)
        {
            return value;
        }

        return argument.Value;
    }

    /// <summary>Whether the local is written here; <paramref name="value"/> is the assigned value when it is a plain assignment.</summary>
    private static bool IsWrite(ILocalReferenceOperation reference, out IOperation? value)
    {
        value = null;
        if (reference.IsDeclaration)
        {
            return true;
        }

        switch (reference.Parent)
        {
            case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                value = assignment.Value;
                return true;
            case IAssignmentOperation assignment when assignment.Target == reference:
                return true;
            case IArgumentOperation argument when argument.Parameter is null || argument.Parameter.RefKind != RefKind.None:
                return true;
            case ITupleOperation:
            case IIncrementOrDecrementOperation:
                return true;
            default:
                return false;
        }
    }
}
