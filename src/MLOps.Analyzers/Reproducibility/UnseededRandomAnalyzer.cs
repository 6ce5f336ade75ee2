using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.Reproducibility;

/// <summary>
/// MLOPS102: in a project that uses ML.NET, TorchSharp or Microsoft.Data.Analysis, an unseeded
/// <c>new Random()</c> or <c>Random.Shared</c> is used to shuffle, sample or split data. Only these shapes count:
/// <list type="bullet">
/// <item><c>rng.Shuffle(items)</c> and <c>rng.GetItems(...)</c>;</item>
/// <item><c>rng.Next*()</c> inside the key selector of LINQ <c>OrderBy</c>/<c>ThenBy</c> (random order);</item>
/// <item><c>rng.Next*()</c> compared with <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c> inside a LINQ <c>Where</c> (random sample / split);</item>
/// <item>a local set from <c>rng.Next(...)</c> used as an index of a swap (<c>(a[i], a[j]) = (a[j], a[i])</c> or <c>a[i] = a[j]</c>): Fisher-Yates.</item>
/// </list>
/// Jitter, ids, picking one random element, games and UI never match these shapes. The generator is followed
/// through locals, fields and properties of one type; one assigned anything else (a seeded instance, a parameter)
/// is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnseededRandomAnalyzer : DiagnosticAnalyzer
{
    internal const string SharedProperty = "IsShared";

    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.UnseededRandom,
        title: "Unseeded Random is used to shuffle, sample or split data",
        messageFormat: "'{0}' has no seed but is used to {1} data: the rows differ on every run",
        category: RuleCategories.Reproducibility,
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "A System.Random created without a seed, or Random.Shared, is seeded from the clock or the OS. Shuffles, samples and train/test partitions built with it differ on every run, so the model and its metrics cannot be reproduced and a change in metrics cannot be told apart from a change in the split. Create the generator with a fixed (ideally configured) seed, such as new Random(0), so the same rows land in the same split on every run.",
        isEnabledByDefault: true,
        RuleDescriptors.MinimumTag);

    private static readonly ImmutableHashSet<string> OrderingMethods = ImmutableHashSet.Create("OrderBy", "OrderByDescending", "ThenBy", "ThenByDescending");

    private static readonly ImmutableHashSet<string> DrawMethods = ImmutableHashSet.Create("Next", "NextInt64", "NextDouble", "NextSingle");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = WellKnownTypes.For(start.Compilation);
            if (!types.Contains(WellKnownTypeNames.MLContext)
                && !types.Contains(WellKnownTypeNames.Torch)
                && !types.Contains(WellKnownTypeNames.DataFrame))
            {
                return;
            }

            var random = types.Get(WellKnownTypeNames.SystemRandom);
            if (random is null)
            {
                return;
            }

            var symbols = new Symbols(
                random,
                types.Get(WellKnownTypeNames.SystemLinqEnumerable),
                types.Get(WellKnownTypeNames.SystemLinqQueryable),
                types.Get(WellKnownTypeNames.SystemLinqParallelEnumerable));

            start.RegisterSymbolStartAction(
                symbolStart =>
                {
                    // Only a type that calls a drawing/shuffling method on a Random can report. The driver calls back
                    // for invocations (rejected on the containing type) and once per operation block (the block is
                    // kept); stores and swaps are decoded at the type's end, and only in a type with such a call.
                    var state = new TypeState();
                    symbolStart.RegisterOperationAction(c => AnalyzeInvocation(c, symbols, state), OperationKind.Invocation);
                    symbolStart.RegisterOperationBlockAction(c => state.AddBlocks(c.OperationBlocks));
                    symbolStart.RegisterSymbolEndAction(c =>
                    {
                        if (state.HasUses)
                        {
                            AnalyzeBlocks(state, symbols, c.CancellationToken);
                            state.Report(c);
                        }
                    });
                },
                SymbolKind.NamedType);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, Symbols symbols, TypeState state)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (invocation.Instance is null
            || method.ContainingType is not { Name: "Random" } containingType
            || !SymbolEqualityComparer.Default.Equals(containingType, symbols.Random))
        {
            return;
        }

        string? use = null;
        switch (method.Name)
        {
            case "Shuffle":
                use = "shuffle";
                break;
            case "GetItems":
                use = "sample";
                break;
            case var name when DrawMethods.Contains(name):
                use = ClassifyDraw(invocation, symbols);
                if (use is null && method.Name is "Next" or "NextInt64"
                    && ReproducibilityOperationHelpers.GetStorageSymbol(invocation) is ILocalSymbol index)
                {
                    var pending = Resolve(invocation.Instance, symbols);
                    if (pending is not null)
                    {
                        state.AddIndexDraw(index, pending);
                    }
                }

                break;
        }

        if (use is null)
        {
            return;
        }

        var receiver = Resolve(invocation.Instance, symbols);
        if (receiver is not null)
        {
            state.AddUse(receiver, use);
        }
    }

    /// <summary>"shuffle" for a draw in an OrderBy key, "sample or split" for a draw compared inside Where; otherwise null.</summary>
    private static string? ClassifyDraw(IInvocationOperation draw, Symbols symbols)
    {
        IOperation current = draw;
        var compared = false;
        while (current.Parent is { } parent)
        {
            if (parent is IBinaryOperation { OperatorKind: BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual } binary
                && (ReproducibilityOperationHelpers.WalkDownConversions(binary.LeftOperand) == current || ReproducibilityOperationHelpers.WalkDownConversions(binary.RightOperand) == current || binary.LeftOperand == current || binary.RightOperand == current))
            {
                compared = true;
            }

            if (parent is IAnonymousFunctionOperation lambda)
            {
                var outer = lambda.Parent;
                while (outer is IDelegateCreationOperation or IConversionOperation)
                {
                    outer = outer.Parent;
                }

                if (outer is IArgumentOperation { Parent: IInvocationOperation linq } && symbols.IsLinq(linq.TargetMethod.ContainingType))
                {
                    if (OrderingMethods.Contains(linq.TargetMethod.Name))
                    {
                        return "shuffle";
                    }

                    if (linq.TargetMethod.Name == "Where" && compared)
                    {
                        return "sample or split";
                    }
                }

                return null;
            }

            if (parent is ILocalFunctionOperation or IMethodBodyOperation or IBlockOperation { Parent: null })
            {
                return null;
            }

            current = parent;
        }

        return null;
    }

    /// <summary>The generator a receiver denotes: an unseeded source itself, or the local/field/property holding it.</summary>
    private static Receiver? Resolve(IOperation receiver, Symbols symbols)
    {
        var operation = ReproducibilityOperationHelpers.WalkDownConversions(receiver);
        if (operation is null)
        {
            return null;
        }

        if (IsUnseededSource(operation, symbols))
        {
            return new Receiver(operation, null);
        }

        var symbol = ReproducibilityOperationHelpers.GetReferencedSymbol(operation);
        return symbol is ILocalSymbol or IFieldSymbol or IPropertySymbol ? new Receiver(null, symbol) : null;
    }

    private static bool IsUnseededSource(IOperation operation, Symbols symbols)
        => operation switch
        {
            IObjectCreationOperation creation => SymbolEqualityComparer.Default.Equals(creation.Type, symbols.Random) && creation.Arguments.IsEmpty && creation.Constructor is not null,
            IPropertyReferenceOperation property => property.Property.Name == "Shared" && SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, symbols.Random),
            _ => false,
        };

    /// <summary>Decodes the stores and swaps of the kept blocks (what per-kind operation actions did for every type).</summary>
    private static void AnalyzeBlocks(TypeState state, Symbols symbols, CancellationToken cancellationToken)
    {
        foreach (var root in state.TakeBlocks())
        {
            foreach (var operation in root.DescendantsAndSelf())
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (operation.Kind)
                {
                    case OperationKind.SimpleAssignment:
                        AnalyzeStore(operation, symbols, state);
                        AnalyzeSwap(operation, state);
                        break;
                    case OperationKind.CoalesceAssignment:
                    case OperationKind.VariableDeclarator:
                    case OperationKind.FieldInitializer:
                    case OperationKind.PropertyInitializer:
                        AnalyzeStore(operation, symbols, state);
                        break;
                    case OperationKind.DeconstructionAssignment:
                        AnalyzeSwap(operation, state);
                        break;
                }
            }
        }
    }

    /// <summary>Records what each local/field/property of type Random is assigned: an unseeded source, or anything else.</summary>
    private static void AnalyzeStore(IOperation operation, Symbols symbols, TypeState state)
    {
        // Cheapest rejection first (this runs for every assignment and declarator of every type): the stored-to
        // local, field or property must be of type Random, and an assignment target or a declared local has the
        // type of the symbol it stores to. Only then is the store decoded.
        var storedToType = operation switch
        {
            IAssignmentOperation assignment => assignment.Target.Type,
            IVariableDeclaratorOperation declarator => declarator.Symbol.Type,
            _ => symbols.Random,
        };
        if (storedToType is not { Name: "Random" })
        {
            return;
        }

        if (!ReproducibilityOperationHelpers.TryGetStore(operation, includeArguments: false, out var destination, out var value))
        {
            return;
        }

        var type = destination switch
        {
            ILocalSymbol local => local.Type,
            IFieldSymbol field => field.Type,
            IPropertySymbol property => property.Type,
            _ => null,
        };
        if (!SymbolEqualityComparer.Default.Equals(type, symbols.Random))
        {
            return;
        }

        var stripped = ReproducibilityOperationHelpers.WalkDownConversions(value);
        if (stripped is not null && IsUnseededSource(stripped, symbols))
        {
            state.AddUnseededStore(destination, stripped);
        }
        else
        {
            state.AddOtherStore(destination);
        }
    }

    /// <summary>Collects locals used as indexes of a swap: <c>(a[i], a[j]) = (a[j], a[i])</c> or <c>a[i] = a[j]</c>.</summary>
    private static void AnalyzeSwap(IOperation operation, TypeState state)
    {
        switch (operation)
        {
            case IDeconstructionAssignmentOperation { Target: ITupleOperation tuple }:
                foreach (var element in tuple.Elements)
                {
                    AddIndexLocals(element, state);
                }

                break;
            case ISimpleAssignmentOperation assignment
                when IsElementAccess(assignment.Target) && IsElementAccess(ReproducibilityOperationHelpers.WalkDownConversions(assignment.Value)):
                AddIndexLocals(assignment.Target, state);
                AddIndexLocals(ReproducibilityOperationHelpers.WalkDownConversions(assignment.Value), state);
                break;
        }
    }

    private static bool IsElementAccess(IOperation? operation)
        => operation is IArrayElementReferenceOperation || operation is IPropertyReferenceOperation { Property.IsIndexer: true };

    private static void AddIndexLocals(IOperation? operation, TypeState state)
    {
        switch (operation)
        {
            case IArrayElementReferenceOperation array:
                foreach (var index in array.Indices)
                {
                    if (ReproducibilityOperationHelpers.WalkDownConversions(index) is ILocalReferenceOperation local)
                    {
                        state.AddSwapIndex(local.Local);
                    }
                }

                break;
            case IPropertyReferenceOperation { Property.IsIndexer: true } indexer:
                foreach (var argument in indexer.Arguments)
                {
                    if (ReproducibilityOperationHelpers.WalkDownConversions(argument.Value) is ILocalReferenceOperation local)
                    {
                        state.AddSwapIndex(local.Local);
                    }
                }

                break;
        }
    }

    private sealed class Symbols
    {
        private readonly INamedTypeSymbol? _enumerable;
        private readonly INamedTypeSymbol? _queryable;
        private readonly INamedTypeSymbol? _parallelEnumerable;

        public Symbols(INamedTypeSymbol random, INamedTypeSymbol? enumerable, INamedTypeSymbol? queryable, INamedTypeSymbol? parallelEnumerable)
        {
            Random = random;
            _enumerable = enumerable;
            _queryable = queryable;
            _parallelEnumerable = parallelEnumerable;
        }

        public INamedTypeSymbol Random { get; }

        public bool IsLinq(INamedTypeSymbol? type)
            => type is not null
               && (SymbolEqualityComparer.Default.Equals(type, _enumerable)
                   || SymbolEqualityComparer.Default.Equals(type, _queryable)
                   || SymbolEqualityComparer.Default.Equals(type, _parallelEnumerable));
    }

    private sealed class Receiver
    {
        public Receiver(IOperation? source, ISymbol? symbol)
        {
            Source = source;
            Symbol = symbol;
        }

        /// <summary>The unseeded source used directly (<c>new Random().Shuffle(a)</c>, <c>Random.Shared.Shuffle(a)</c>).</summary>
        public IOperation? Source { get; }

        public ISymbol? Symbol { get; }
    }

    private sealed class TypeState
    {
        private readonly object _gate = new();
        private readonly List<(Receiver Receiver, string Use)> _uses = new();
        private readonly List<(ILocalSymbol Index, Receiver Receiver)> _indexDraws = new();
        private readonly HashSet<ILocalSymbol> _swapIndexes = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<ISymbol, List<IOperation>> _unseededStores = new(SymbolEqualityComparer.Default);
        private readonly HashSet<ISymbol> _otherStores = new(SymbolEqualityComparer.Default);
        private readonly List<IOperation> _blocks = new();

        public bool HasUses
        {
            get
            {
                lock (_gate)
                {
                    return _uses.Count > 0 || _indexDraws.Count > 0;
                }
            }
        }

        public void AddBlocks(ImmutableArray<IOperation> blocks)
        {
            lock (_gate)
            {
                _blocks.AddRange(blocks);
            }
        }

        public List<IOperation> TakeBlocks()
        {
            lock (_gate)
            {
                var blocks = new List<IOperation>(_blocks);
                _blocks.Clear();
                return blocks;
            }
        }

        public void AddUse(Receiver receiver, string use)
        {
            lock (_gate)
            {
                _uses.Add((receiver, use));
            }
        }

        public void AddIndexDraw(ILocalSymbol index, Receiver receiver)
        {
            lock (_gate)
            {
                _indexDraws.Add((index, receiver));
            }
        }

        public void AddSwapIndex(ILocalSymbol local)
        {
            lock (_gate)
            {
                _swapIndexes.Add(local);
            }
        }

        public void AddUnseededStore(ISymbol destination, IOperation source)
        {
            lock (_gate)
            {
                if (!_unseededStores.TryGetValue(destination, out var sources))
                {
                    sources = new List<IOperation>();
                    _unseededStores.Add(destination, sources);
                }

                sources.Add(source);
            }
        }

        public void AddOtherStore(ISymbol destination)
        {
            lock (_gate)
            {
                _otherStores.Add(destination);
            }
        }

        public void Report(SymbolAnalysisContext context)
        {
            lock (_gate)
            {
                foreach (var (index, receiver) in _indexDraws)
                {
                    if (_swapIndexes.Contains(index))
                    {
                        _uses.Add((receiver, "shuffle"));
                    }
                }

                var reported = new HashSet<IOperation>();
                foreach (var (receiver, use) in _uses)
                {
                    if (receiver.Source is not null)
                    {
                        ReportSource(context, receiver.Source, use, reported);
                    }
                    else if (receiver.Symbol is not null
                        && !_otherStores.Contains(receiver.Symbol)
                        && _unseededStores.TryGetValue(receiver.Symbol, out var sources))
                    {
                        foreach (var source in sources)
                        {
                            ReportSource(context, source, use, reported);
                        }
                    }
                }
            }
        }

        private static void ReportSource(SymbolAnalysisContext context, IOperation source, string use, HashSet<IOperation> reported)
        {
            if (!reported.Add(source))
            {
                return;
            }

            var isShared = source is IPropertyReferenceOperation;
            var properties = isShared
                ? ImmutableDictionary<string, string?>.Empty.Add(SharedProperty, "true")
                : ImmutableDictionary<string, string?>.Empty;
            context.ReportDiagnostic(Diagnostic.Create(Rule, source.Syntax.GetLocation(), properties, isShared ? "Random.Shared" : "new Random()", use));
        }
    }
}
