using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers;

/// <summary>Small IOperation helpers shared by the Reproducibility rules (MLOPS101-MLOPS104).</summary>
internal static class ReproducibilityOperationHelpers
{
    /// <summary>Skips implicit and explicit conversions and parentheses.</summary>
    public static IOperation? WalkDownConversions(IOperation? operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>The local, field, property or parameter an operation reads, if it is a plain reference.</summary>
    public static ISymbol? GetReferencedSymbol(IOperation? operation)
    {
        operation = WalkDownConversions(operation);
        return operation switch
        {
            ILocalReferenceOperation local => local.Local,
            IFieldReferenceOperation field => field.Field.OriginalDefinition,
            IPropertyReferenceOperation property when property.Arguments.IsEmpty => property.Property.OriginalDefinition,
            IParameterReferenceOperation parameter => parameter.Parameter.OriginalDefinition,
            _ => null,
        };
    }

    /// <summary>
    /// The symbol an expression's value is stored into: a local initializer, an assignment target, a field or
    /// property initializer, or the parameter it is passed to. Walks up through conversions, conditionals and
    /// null-coalescing so that <c>x ?? new T()</c> and <c>c ? a : new T()</c> are followed.
    /// </summary>
    public static ISymbol? GetStorageSymbol(IOperation operation)
    {
        var current = operation;
        var parent = current.Parent;
        while (parent is IConversionOperation or IConditionalOperation or ICoalesceOperation)
        {
            if (parent is IConditionalOperation conditional && conditional.Condition == current)
            {
                return null;
            }

            current = parent;
            parent = current.Parent;
        }

        switch (parent)
        {
            case IVariableInitializerOperation initializer:
                switch (initializer.Parent)
                {
                    case IVariableDeclaratorOperation declarator:
                        return declarator.Symbol;
                    case IFieldInitializerOperation fieldInitializer when fieldInitializer.InitializedFields.Length == 1:
                        return fieldInitializer.InitializedFields[0].OriginalDefinition;
                    case IPropertyInitializerOperation propertyInitializer when propertyInitializer.InitializedProperties.Length == 1:
                        return propertyInitializer.InitializedProperties[0].OriginalDefinition;
                    default:
                        return null;
                }

            case IFieldInitializerOperation fieldInit when fieldInit.InitializedFields.Length == 1:
                return fieldInit.InitializedFields[0].OriginalDefinition;
            case IPropertyInitializerOperation propertyInit when propertyInit.InitializedProperties.Length == 1:
                return propertyInit.InitializedProperties[0].OriginalDefinition;
            case IAssignmentOperation assignment when assignment.Value == current:
                return GetReferencedSymbol(assignment.Target);
            case IArgumentOperation argument:
                return argument.Parameter?.OriginalDefinition;
            default:
                return null;
        }
    }

    /// <summary>
    /// Decodes a store: an assignment, a local declarator, a field or property initializer, and (when
    /// <paramref name="includeArguments"/>) an argument passed to a parameter. Gives the symbol that
    /// receives the value and the value operation; false for anything else or half-typed code.
    /// </summary>
    public static bool TryGetStore(IOperation operation, bool includeArguments, out ISymbol destination, out IOperation value)
    {
        ISymbol? target;
        IOperation? stored;
        switch (operation)
        {
            case IAssignmentOperation assignment:
                target = GetReferencedSymbol(assignment.Target);
                stored = assignment.Value;
                break;
            case IVariableDeclaratorOperation declarator:
                target = declarator.Symbol;
                stored = declarator.Initializer?.Value;
                break;
            case IFieldInitializerOperation fieldInitializer when fieldInitializer.InitializedFields.Length == 1:
                target = fieldInitializer.InitializedFields[0].OriginalDefinition;
                stored = fieldInitializer.Value;
                break;
            case IPropertyInitializerOperation propertyInitializer when propertyInitializer.InitializedProperties.Length == 1:
                target = propertyInitializer.InitializedProperties[0].OriginalDefinition;
                stored = propertyInitializer.Value;
                break;
            case IArgumentOperation argument when includeArguments:
                target = argument.Parameter?.OriginalDefinition;
                stored = argument.Value;
                break;
            default:
                destination = null!;
                value = null!;
                return false;
        }

        destination = target!;
        value = stored!;
        return target is not null && stored is not null;
    }

    /// <summary>True when the argument bound to the parameter named <paramref name="name"/> is given explicitly and is not the constant null.</summary>
    public static bool HasExplicitNonNullArgument(IInvocationOperation invocation, string name)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { } parameter
                && parameter.Name == name
                && argument.ArgumentKind == ArgumentKind.Explicit)
            {
                return !IsNullConstant(argument.Value);
            }
        }

        return false;
    }

    public static bool IsNullConstant(IOperation? operation)
    {
        operation = WalkDownConversions(operation);
        if (operation is null)
        {
            return false;
        }

        if (operation is IDefaultValueOperation && operation.Type is { IsReferenceType: true } or { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T })
        {
            return true;
        }

        return operation.ConstantValue.HasValue && operation.ConstantValue.Value is null;
    }

    public static bool IsOrDerivesFrom(ITypeSymbol? type, INamedTypeSymbol baseType)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }
}
