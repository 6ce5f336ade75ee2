using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.Validation;

/// <summary>
/// A deliberately small data flow over one operation block (a method, accessor, lambda owner...): it records
/// every write to a local or parameter so that a reference can be followed back to the one value it holds.
/// A local written exactly once with a known value is followed; a local or parameter written more than once,
/// or through <c>ref</c>/<c>out</c>/compound assignment/deconstruction, is "unknown" and the rules stay silent.
/// </summary>
internal sealed class ValidationBlockFlow
{
    private const int MaxDepth = 16;

    private readonly object _gate = new();
    private readonly Dictionary<ISymbol, Write> _writes = new(SymbolEqualityComparer.Default);
    private readonly ValidationSymbols _symbols;

    public ValidationBlockFlow(ValidationSymbols symbols)
    {
        _symbols = symbols;
    }

    public ValidationSymbols Symbols => _symbols;

    /// <summary>
    /// Records what one operation of the block writes. The caller hands over every operation of the block
    /// (every descendant of every operation block): the same operations, of the same kinds, that operation actions
    /// registered for the block would see.
    /// </summary>
    public void Record(IOperation operation)
    {
        switch (operation.Kind)
        {
            case OperationKind.VariableDeclarator:
                {
                    var declarator = (IVariableDeclaratorOperation)operation;
                    var initializer = declarator.Initializer ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer;
                    if (initializer is not null)
                    {
                        RecordWrite(declarator.Symbol, initializer.Value);
                    }

                    break;
                }

            case OperationKind.SimpleAssignment:
                {
                    var assignment = (ISimpleAssignmentOperation)operation;
                    if (TryGetLocalOrParameter(assignment.Target, out var symbol))
                    {
                        RecordWrite(symbol, assignment.IsRef ? null : assignment.Value);
                    }

                    break;
                }

            case OperationKind.CompoundAssignment:
            case OperationKind.CoalesceAssignment:
            case OperationKind.Increment:
            case OperationKind.Decrement:
            case OperationKind.DeconstructionAssignment:
            case OperationKind.Argument:
                switch (operation)
                {
                    case ICompoundAssignmentOperation compound:
                        RecordUnknownWrites(compound.Target);
                        break;
                    case ICoalesceAssignmentOperation coalesce:
                        RecordUnknownWrites(coalesce.Target);
                        break;
                    case IIncrementOrDecrementOperation increment:
                        RecordUnknownWrites(increment.Target);
                        break;
                    case IDeconstructionAssignmentOperation deconstruction:
                        RecordUnknownWrites(deconstruction.Target);
                        break;
                    case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument:
                        RecordUnknownWrites(argument.Value);
                        break;
                }

                break;
        }
    }

    /// <summary>How many times the block writes the local or parameter (0: never, a parameter keeps its argument).</summary>
    public int WriteCount(ISymbol symbol)
    {
        lock (_gate)
        {
            return _writes.TryGetValue(symbol, out var write) ? write.Count : 0;
        }
    }

    /// <summary>Strips conversions and parentheses and follows locals written exactly once to their value.</summary>
    public IOperation Resolve(IOperation operation)
    {
        var current = operation;
        for (var depth = 0; depth < MaxDepth; depth++)
        {
            switch (current)
            {
                case IConversionOperation conversion:
                    current = conversion.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    current = parenthesized.Operand;
                    continue;
                case ILocalReferenceOperation local when TryGetSingleValue(local.Local, out var value):
                    current = value;
                    continue;
                default:
                    return current;
            }
        }

        return current;
    }

    /// <summary>The fitted-model invocation (<c>estimator.Fit(...)</c>) the operation holds, if it can be known.</summary>
    public IInvocationOperation? ResolveFit(IOperation? operation)
        => operation is not null && Resolve(operation) is IInvocationOperation invocation && _symbols.IsFit(invocation.TargetMethod)
            ? invocation
            : null;

    /// <summary>
    /// An identity for a data set (an <c>IDataView</c> expression): the parameter or never-reassigned local it
    /// comes from, the operation that produced it (e.g. the <c>LoadFromTextFile</c> call a local was initialized
    /// with), or a part of a train/test split (<c>split.TrainSet</c>). <see cref="DataKey.Unknown"/> when it
    /// cannot be told (fields, reassigned locals, invalid code).
    /// </summary>
    public DataKey KeyOf(IOperation? operation)
        => KeyOf(operation, 0);

    private DataKey KeyOf(IOperation? operation, int depth)
    {
        if (operation is null || depth > 4)
        {
            return DataKey.Unknown;
        }

        var resolved = Resolve(operation);
        switch (resolved)
        {
            // TrainTestData.TrainSet / TestSet are readonly fields (a property in case a later ML.NET changes that).
            case IMemberReferenceOperation member
                when member.Instance is not null
                     && member is IFieldReferenceOperation or IPropertyReferenceOperation
                     && _symbols.IsTrainTestData(member.Member.ContainingType)
                     && (member.Member.Name == "TrainSet" || member.Member.Name == "TestSet"):
                var split = KeyOf(member.Instance, depth + 1);
                return split.Root is { } root && split.Part is null ? new DataKey(root, member.Member.Name) : DataKey.Unknown;

            case IParameterReferenceOperation parameter:
                return WriteCount(parameter.Parameter) == 0 ? new DataKey(parameter.Parameter, null) : DataKey.Unknown;

            case ILocalReferenceOperation local:
                // Followed by Resolve when written once; here it is never written (foreach, pattern) or written many times.
                return WriteCount(local.Local) == 0 ? new DataKey(local.Local, null) : DataKey.Unknown;

            case IInvocationOperation:
            case IObjectCreationOperation:
                return new DataKey(resolved, null);

            default:
                return DataKey.Unknown;
        }
    }

    /// <summary>For a split (the root of a <c>split.TrainSet</c> key), the key of the data it was split from.</summary>
    public DataKey SourceOfSplit(object? splitRoot)
        => splitRoot is IInvocationOperation invocation && _symbols.IsTrainTestSplit(invocation.TargetMethod)
            ? KeyOf(GetArgument(invocation, 0))
            : DataKey.Unknown;

    /// <summary>The argument bound to the parameter at <paramref name="ordinal"/> (arguments are in evaluation order).</summary>
    /// <summary>
    /// Runs <paramref name="analyze"/> at the end of every operation block that calls Fit (or, with
    /// <paramref name="trainsElsewhere"/>, a method that trains and returns a model). Every report of the
    /// validation rules needs a model fitted in the block, so a block only gets one cheap invocation action that
    /// looks for a Fit call; the data flow and the rule's own questions then run once, over the block's operations,
    /// in the blocks that have one (before, a dozen operation actions ran on every operation of every block).
    /// </summary>
    public static void RegisterForBlocksThatFit(
        CompilationStartAnalysisContext context,
        ValidationSymbols symbols,
        Action<OperationBlockAnalysisContext> analyze,
        Func<IMethodSymbol, System.Threading.CancellationToken, bool>? trainsElsewhere = null)
        => context.RegisterOperationBlockStartAction(blockContext =>
        {
            var fitFound = new FitFound();
            blockContext.RegisterOperationAction(
                operationContext =>
                {
                    if (fitFound.Value)
                    {
                        return;
                    }

                    var method = ((IInvocationOperation)operationContext.Operation).TargetMethod;
                    if ((method.Name == "Fit" && symbols.IsFit(method))
                        || (trainsElsewhere is not null && trainsElsewhere(method, operationContext.CancellationToken)))
                    {
                        fitFound.Value = true;
                    }
                },
                OperationKind.Invocation);
            blockContext.RegisterOperationBlockEndAction(endContext =>
            {
                if (fitFound.Value)
                {
                    analyze(endContext);
                }
            });
        });

    public static IOperation? GetArgument(IInvocationOperation invocation, int ordinal)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { } parameter && parameter.Ordinal == ordinal)
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary>True inside a lambda, anonymous method or local function of the block.</summary>
    public static bool IsInNestedFunction(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    private bool TryGetSingleValue(ILocalSymbol local, out IOperation value)
    {
        lock (_gate)
        {
            if (_writes.TryGetValue(local, out var write) && write.Count == 1 && write.Value is not null)
            {
                value = write.Value;
                return true;
            }
        }

        value = null!;
        return false;
    }

    private void RecordWrite(ISymbol symbol, IOperation? value)
    {
        lock (_gate)
        {
            _writes[symbol] = _writes.TryGetValue(symbol, out var existing)
                ? new Write(existing.Count + 1, null)
                : new Write(1, value);
        }
    }

    private void RecordUnknownWrites(IOperation? target)
    {
        if (target is null)
        {
            return;
        }

        if (TryGetLocalOrParameter(target, out var symbol))
        {
            // Counted twice so that the symbol can never be followed, whatever else writes it.
            RecordWrite(symbol, null);
            RecordWrite(symbol, null);
            return;
        }

        // Deconstruction targets and out declarations: (a, b) = ..., var (a, b) = ..., out var x.
        foreach (var child in target.ChildOperations)
        {
            RecordUnknownWrites(child);
        }
    }

    private static bool TryGetLocalOrParameter(IOperation target, out ISymbol symbol)
    {
        switch (target)
        {
            case ILocalReferenceOperation local:
                symbol = local.Local;
                return true;
            case IParameterReferenceOperation parameter:
                symbol = parameter.Parameter;
                return true;
            default:
                symbol = null!;
                return false;
        }
    }

    private readonly struct Write
    {
        public Write(int count, IOperation? value)
        {
            Count = count;
            Value = value;
        }

        public int Count { get; }

        public IOperation? Value { get; }
    }
}

/// <summary>The identity of a data set inside one operation block; see <see cref="ValidationBlockFlow.KeyOf(IOperation?)"/>.</summary>
internal readonly struct DataKey
{
    public static readonly DataKey Unknown;

    public DataKey(object root, string? part)
    {
        Root = root;
        Part = part;
    }

    /// <summary>An <see cref="ISymbol"/> (parameter, local) or the <see cref="IOperation"/> that produced the data.</summary>
    public object? Root { get; }

    /// <summary><c>TrainSet</c> or <c>TestSet</c> when the data is one half of a train/test split.</summary>
    public string? Part { get; }

    public bool IsKnown => Root is not null;

    public bool SameAs(DataKey other)
    {
        if (!IsKnown || !other.IsKnown || !string.Equals(Part, other.Part, System.StringComparison.Ordinal))
        {
            return false;
        }

        return Root is ISymbol symbol && other.Root is ISymbol otherSymbol
            ? SymbolEqualityComparer.Default.Equals(symbol, otherSymbol)
            : ReferenceEquals(Root, other.Root);
    }
}

/// <summary>Whether an operation block calls <c>Fit</c>: the lazy gate of the validation rules' block analysis.</summary>
internal sealed class FitFound
{
    // Written by the block's invocation actions, read by its end action: the driver runs them in that order, and a
    // block found to call Fit stays so, so a plain volatile flag is enough.
    private volatile bool _value;

    public bool Value
    {
        get => _value;
        set => _value = value;
    }
}
