using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Flow;

namespace MLOps.Analyzers.Reproducibility;

/// <summary>
/// MLOPS101: <c>new MLContext()</c> (or <c>seed: null</c>) whose context is used for something that draws random
/// numbers: a train/test or cross-validation split, a row shuffle or bootstrap sample, a trainer with random
/// initialisation or sampling, a randomised transform, or permutation feature importance. Meta-trainers
/// (OneVersusAll, PairwiseCoupling) count only through the trainer they wrap. A context only used to load data, transform or score
/// is left alone. The context is followed through locals, fields, properties and parameters inside one type
/// (all its partial declarations), and into the methods of other types it is passed to, through the shared flow
/// model's per-method summaries (a context handed to a ModelBuilder that splits or trains is used for that).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnseededMLContextAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.UnseededMLContext,
        title: "MLContext without a seed is used for random operations",
        messageFormat: "This MLContext has no seed but is used for '{0}', which draws random numbers",
        category: RuleCategories.Reproducibility,
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "An MLContext created without a seed seeds its random number generator from the clock. Train/test splits, cross-validation folds, row shuffles and most trainers then differ on every run, so a model and its metrics cannot be reproduced or compared. Pass a fixed seed (ideally a configured value) to the MLContext constructor, such as new MLContext(seed: 0), so that splits and training can be reproduced. Contexts used only to load a model and score are not reported.",
        isEnabledByDefault: true,
        RuleDescriptors.MinimumTag);

    // Trainers whose default configuration draws no random numbers from the MLContext (Sonar S6709 also leaves such
    // estimators alone). The tree ensembles of Microsoft.ML.FastTree (FastTree, FastTreeTweedie, FastForest, Gam) seed
    // their own generator from TreeOptions.Seed / GamTrainer.Options.Seed (default 123), not from the context: the same
    // model comes out whatever the context seed (checked on ML.NET 5.0.1 in the field trial).
    private static readonly ImmutableHashSet<string> DeterministicTrainers = ImmutableHashSet.Create(
        "Ols",
        "LbfgsLogisticRegression",
        "LbfgsMaximumEntropy",
        "LbfgsPoissonRegression",
        "NaiveBayes",
        "Prior",
        "FastTree",
        "FastTreeTweedie",
        "FastForest",
        "Gam");

    // Meta-trainers train the binary trainer they wrap once per class (or pair of classes) and draw nothing from the
    // context themselves: the wrapped trainer holds its own context and is judged where it is created
    // (ctx.BinaryClassification.Trainers.X(...), an invocation this rule sees on its own). OneVersusAll(FastTree())
    // is as deterministic as FastTree().
    private static readonly ImmutableHashSet<string> MetaTrainers = ImmutableHashSet.Create(
        "OneVersusAll",
        "PairwiseCoupling");

    private static readonly ImmutableHashSet<string> RandomDataOperations = ImmutableHashSet.Create(
        "TrainTestSplit",
        "CrossValidationSplit",
        "ShuffleRows",
        "BootstrapSample");

    private static readonly ImmutableHashSet<string> RandomTransforms = ImmutableHashSet.Create(
        "ApproximatedKernelMap",
        "ProjectToPrincipalComponents");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            // Only MLContext is required (no ML.NET, no rule). Each catalog type only enables its own kind of random
            // use: one that is absent or cannot be resolved (moved, renamed, duplicated) must not switch off the others.
            var types = WellKnownTypes.For(start.Compilation);
            var mlContext = types.Get(WellKnownTypeNames.MLContext);
            if (mlContext is null)
            {
                return;
            }

            var symbols = new Symbols(
                mlContext,
                types.Get(WellKnownTypeNames.DataOperationsCatalog),
                types.Get(WellKnownTypeNames.TrainCatalogBase),
                types.Get(WellKnownTypeNames.CatalogInstantiatorBase),
                types.Get(WellKnownTypeNames.CalibratorsCatalog),
                types.Get(WellKnownTypeNames.ForecastersCatalog),
                types.Get(WellKnownTypeNames.TransformsCatalog),
                types.Get(WellKnownTypeNames.PermutationFeatureImportanceExtensions));

            var contextParameters = new ContextParameters(ValueFlow.For(start.Compilation), symbols);
            start.RegisterSymbolStartAction(
                symbolStart =>
                {
                    // Only a type that creates an unseeded MLContext can report. The driver calls back for object
                    // creations (rare) and once per operation block (the block is kept); the invocations, stores and
                    // arguments are decoded at the type's end, and only in a type that has such a creation. Most
                    // types pay one creation test per 'new' and one list append per member body.
                    var state = new TypeState();
                    symbolStart.RegisterOperationAction(c => AnalyzeCreation(c, symbols, state), OperationKind.ObjectCreation);
                    symbolStart.RegisterOperationBlockAction(c => state.AddBlocks(c.OperationBlocks));
                    symbolStart.RegisterSymbolEndAction(c =>
                    {
                        if (state.HasCreations)
                        {
                            AnalyzeBlocks(state, symbols, c.CancellationToken);
                            state.Report(c, (INamedTypeSymbol)c.Symbol, contextParameters);
                        }
                    });
                },
                SymbolKind.NamedType);
        });
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, Symbols symbols, TypeState state)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!symbols.IsMLContext(creation.Type) || !IsUnseeded(creation))
        {
            return;
        }

        state.AddCreation(creation, ReproducibilityOperationHelpers.GetStorageSymbol(creation));
    }

    private static bool IsUnseeded(IObjectCreationOperation creation)
    {
        if (creation.Constructor is null)
        {
            return false;
        }

        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter?.Name == "seed")
            {
                return argument.ArgumentKind != ArgumentKind.Explicit || ReproducibilityOperationHelpers.IsNullConstant(argument.Value);
            }
        }

        // No seed parameter on this constructor: only the parameterless form is unseeded.
        return creation.Arguments.IsEmpty;
    }

    /// <summary>
    /// Walks the kept operation blocks of a type that creates an unseeded MLContext, in source order, and decodes
    /// the operations the rule follows (what the driver's per-kind operation actions used to do for every type).
    /// </summary>
    private static void AnalyzeBlocks(TypeState state, Symbols symbols, CancellationToken cancellationToken)
    {
        foreach (var root in state.TakeBlocksInSourceOrder())
        {
            foreach (var operation in root.DescendantsAndSelf())
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (operation.Kind)
                {
                    case OperationKind.Invocation:
                        AnalyzeInvocation((IInvocationOperation)operation, symbols, state);
                        break;
                    case OperationKind.SimpleAssignment:
                    case OperationKind.CoalesceAssignment:
                    case OperationKind.VariableDeclarator:
                    case OperationKind.FieldInitializer:
                    case OperationKind.PropertyInitializer:
                    case OperationKind.Argument:
                        AnalyzeFlow(operation, symbols, state);
                        break;
                }
            }
        }
    }

    private static void AnalyzeInvocation(IInvocationOperation invocation, Symbols symbols, TypeState state)
    {
        if (!TryGetRandomUse(invocation, symbols, out var current))
        {
            return;
        }

        var method = invocation.TargetMethod;
        if (current is IObjectCreationOperation creation)
        {
            state.AddDirectUse(creation, method.Name);
            return;
        }

        var symbol = ReproducibilityOperationHelpers.GetReferencedSymbol(current);
        if (symbol is not null)
        {
            state.AddRandomUse(symbol, method.Name);
        }
    }

    /// <summary>
    /// Whether the call draws random numbers from an MLContext, and the operation that gives that context (the end
    /// of the catalog chain <c>ctx.BinaryClassification.Trainers</c>, <c>ctx.Data</c>, ...).
    /// </summary>
    private static bool TryGetRandomUse(IInvocationOperation invocation, Symbols symbols, out IOperation context)
    {
        context = null!;
        var method = invocation.TargetMethod;
        IOperation? receiver;

        // An extension method always has its 'this' parameter: IsExtensionMethod alone tells it (IMethodSymbol.Parameters
        // builds a new array on every call, which this callback, run for every invocation, used to pay).
        if (method.IsExtensionMethod)
        {
            receiver = invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null;
        }
        else
        {
            receiver = invocation.Instance;
        }

        // Cheapest rejection first: every random use is called on an ML.NET catalog; ordinary calls on strings,
        // collections and user types stop here.
        if (receiver is null || !symbols.MayBeCatalog(receiver.Type) || !IsRandomUse(invocation, method, receiver.Type, symbols))
        {
            return false;
        }

        // Walk the catalog chain (ctx.BinaryClassification.Trainers, ctx.Data, ...) down to the MLContext.
        var current = ReproducibilityOperationHelpers.WalkDownConversions(receiver);
        while (current is IPropertyReferenceOperation { Instance: { } instance } property
            && !SymbolEqualityComparer.Default.Equals(property.Type, symbols.MLContext))
        {
            current = ReproducibilityOperationHelpers.WalkDownConversions(instance);
        }

        if (current is null || !SymbolEqualityComparer.Default.Equals(current.Type, symbols.MLContext))
        {
            return false;
        }

        context = current;
        return true;
    }

    /// <summary>
    /// Across types, through the shared flow model: which MLContext parameters of a method of this compilation draw
    /// random numbers there, or in the methods it passes them to (a context handed to a helper that trains is used
    /// for training). One summary per method and compilation.
    /// </summary>
    private sealed class ContextParameters
    {
        private static readonly object SummaryKind = new();
        private static readonly ImmutableDictionary<int, string> None = ImmutableDictionary<int, string>.Empty;

        private readonly ValueFlow flow;
        private readonly Symbols symbols;

        public ContextParameters(ValueFlow flow, Symbols symbols)
        {
            this.flow = flow;
            this.symbols = symbols;
        }

        /// <summary>The random use a context passed to <paramref name="parameter"/> reaches, or null.</summary>
        public string? GetRandomUse(IParameterSymbol parameter, CancellationToken cancellationToken)
        {
            if (parameter.ContainingSymbol is not IMethodSymbol method || !symbols.IsMLContext(parameter.Type) || !flow.IsOwnCode(method))
            {
                return null;
            }

            return Get(method, cancellationToken).TryGetValue(parameter.Ordinal, out var use) ? use : null;
        }

        private ImmutableDictionary<int, string> Get(IMethodSymbol method, CancellationToken cancellationToken)
            => flow.GetSummary(SummaryKind, method, m => Compute(m, cancellationToken), None);

        private ImmutableDictionary<int, string> Compute(IMethodSymbol method, CancellationToken cancellationToken)
        {
            var body = flow.GetBody(method, cancellationToken);
            if (body is null)
            {
                return None;
            }

            var result = new Dictionary<int, string>();
            foreach (var operation in body.Descendants())
            {
                cancellationToken.ThrowIfCancellationRequested();
                IMethodSymbol? target;
                ImmutableArray<IArgumentOperation> arguments;
                switch (operation)
                {
                    case IInvocationOperation invocation:
                        if (TryGetRandomUse(invocation, symbols, out var context) && LocalDefinitions.ParameterOf(context, method, cancellationToken) is { } used
                            && !result.ContainsKey(used.Ordinal))
                        {
                            result.Add(used.Ordinal, invocation.TargetMethod.Name);
                        }

                        target = invocation.TargetMethod;
                        arguments = invocation.Arguments;
                        break;
                    case IObjectCreationOperation creation:
                        target = creation.Constructor;
                        arguments = creation.Arguments;
                        break;
                    default:
                        continue;
                }

                if (target is null || !flow.IsOwnCode(target) || SymbolEqualityComparer.Default.Equals(ValueFlow.Definition(target), method))
                {
                    continue;
                }

                foreach (var argument in arguments)
                {
                    if (argument.Parameter is not { } parameter || !symbols.IsMLContext(parameter.Type)
                        || LocalDefinitions.ParameterOf(argument.Value, method, cancellationToken) is not { } passed || result.ContainsKey(passed.Ordinal))
                    {
                        continue;
                    }

                    if (Get(target, cancellationToken).TryGetValue(parameter.Ordinal, out var use))
                    {
                        result.Add(passed.Ordinal, use);
                    }
                }
            }

            return result.Count == 0 ? None : result.ToImmutableDictionary();
        }

    }

    private static bool IsRandomUse(IInvocationOperation invocation, IMethodSymbol method, ITypeSymbol? receiverType, Symbols symbols)
    {
        if (receiverType is null)
        {
            return false;
        }

        if (symbols.DataOperations is not null && SymbolEqualityComparer.Default.Equals(receiverType, symbols.DataOperations))
        {
            return RandomDataOperations.Contains(method.Name) && !ReproducibilityOperationHelpers.HasExplicitNonNullArgument(invocation, "seed");
        }

        // Permutation feature importance shuffles each feature's column with a generator drawn from the catalog's
        // context; none of its overloads takes a seed.
        if (symbols.PermutationFeatureImportance is not null
            && SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.PermutationFeatureImportance))
        {
            return true;
        }

        if (method.Name is "CrossValidate" or "CrossValidateNonCalibrated"
            && symbols.TrainCatalogBase is not null
            && ReproducibilityOperationHelpers.IsOrDerivesFrom(receiverType, symbols.TrainCatalogBase))
        {
            return !ReproducibilityOperationHelpers.HasExplicitNonNullArgument(invocation, "seed");
        }

        if (symbols.Transforms is not null
            && SymbolEqualityComparer.Default.Equals(receiverType, symbols.Transforms)
            && RandomTransforms.Contains(method.Name))
        {
            return !ReproducibilityOperationHelpers.HasExplicitNonNullArgument(invocation, "seed");
        }

        if (symbols.InstantiatorBase is not null
            && ReproducibilityOperationHelpers.IsOrDerivesFrom(receiverType, symbols.InstantiatorBase)
            && !SymbolEqualityComparer.Default.Equals(receiverType, symbols.Calibrators)
            && !SymbolEqualityComparer.Default.Equals(receiverType, symbols.Forecasters)
            && !DeterministicTrainers.Contains(method.Name)
            && !MetaTrainers.Contains(method.Name))
        {
            return !ReproducibilityOperationHelpers.HasExplicitNonNullArgument(invocation, "seed") && !SetsSeedInOptions(invocation);
        }

        return false;
    }

    /// <summary>A trainer options object created inline with <c>Seed = ...</c> fixes the trainer's randomness.</summary>
    private static bool SetsSeedInOptions(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (ReproducibilityOperationHelpers.WalkDownConversions(argument.Value) is IObjectCreationOperation { Initializer: { } initializer })
            {
                foreach (var member in initializer.Initializers)
                {
                    if (member is ISimpleAssignmentOperation assignment
                        && ReproducibilityOperationHelpers.GetReferencedSymbol(assignment.Target) is { Name: "Seed" }
                        && !ReproducibilityOperationHelpers.IsNullConstant(assignment.Value))
                    {
                        return true;
                    }

                    if (member is ISimpleAssignmentOperation { Target: IMemberReferenceOperation { Member.Name: "Seed" } } memberAssignment
                        && !ReproducibilityOperationHelpers.IsNullConstant(memberAssignment.Value))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>Records "the value of symbol B flows into symbol A" (A = B, T a = b, M(b) for parameter a).</summary>
    private static void AnalyzeFlow(IOperation operation, Symbols symbols, TypeState state)
    {
        // Only MLContext values are followed: test the stored value's type before decoding the store (this runs
        // for every argument, declarator and assignment of every type).
        var stored = operation switch
        {
            IArgumentOperation argument => argument.Value,
            IAssignmentOperation assignment => assignment.Value,
            IVariableDeclaratorOperation declarator => declarator.Initializer?.Value,
            ISymbolInitializerOperation initializer => initializer.Value,
            _ => null,
        };
        if (stored is null || !symbols.IsMLContext(ReproducibilityOperationHelpers.WalkDownConversions(stored)?.Type))
        {
            return;
        }

        if (!ReproducibilityOperationHelpers.TryGetStore(operation, includeArguments: true, out var destination, out var value))
        {
            return;
        }

        var source = ReproducibilityOperationHelpers.GetReferencedSymbol(value);
        if (source is null
            || SymbolEqualityComparer.Default.Equals(source, destination)
            || !SymbolEqualityComparer.Default.Equals(ReproducibilityOperationHelpers.WalkDownConversions(value)?.Type, symbols.MLContext))
        {
            return;
        }

        state.AddFlow(destination, source);
    }

    private sealed class Symbols
    {
        public Symbols(
            INamedTypeSymbol mlContext,
            INamedTypeSymbol? dataOperations,
            INamedTypeSymbol? trainCatalogBase,
            INamedTypeSymbol? instantiatorBase,
            INamedTypeSymbol? calibrators,
            INamedTypeSymbol? forecasters,
            INamedTypeSymbol? transforms,
            INamedTypeSymbol? permutationFeatureImportance)
        {
            MLContext = mlContext;
            DataOperations = dataOperations;
            TrainCatalogBase = trainCatalogBase;
            InstantiatorBase = instantiatorBase;
            Calibrators = calibrators;
            Forecasters = forecasters;
            Transforms = transforms;
            PermutationFeatureImportance = permutationFeatureImportance;
        }

        public INamedTypeSymbol MLContext { get; }

        /// <summary>Null when it cannot be resolved: TrainTestSplit/ShuffleRows... are then not recognised.</summary>
        public INamedTypeSymbol? DataOperations { get; }

        /// <summary>Null when it cannot be resolved: CrossValidate is then not recognised.</summary>
        public INamedTypeSymbol? TrainCatalogBase { get; }

        /// <summary>Null when it cannot be resolved: trainer factories are then not recognised.</summary>
        public INamedTypeSymbol? InstantiatorBase { get; }

        public INamedTypeSymbol? Calibrators { get; }

        public INamedTypeSymbol? Forecasters { get; }

        public INamedTypeSymbol? Transforms { get; }

        /// <summary><c>Microsoft.ML.PermutationFeatureImportanceExtensions</c> (Microsoft.ML.Transforms); null without it.</summary>
        public INamedTypeSymbol? PermutationFeatureImportance { get; }

        /// <summary>The MLContext type; a name test first so that most types are rejected without a symbol comparison.</summary>
        public bool IsMLContext(ITypeSymbol? type)
            => type is { Name: "MLContext" } && SymbolEqualityComparer.Default.Equals(type, MLContext);

        /// <summary>
        /// False when the type cannot be the receiver of a random use: <see cref="IsRandomUse"/> needs the data
        /// operations or transforms catalog, or a type derived from TrainCatalogBase or CatalogInstantiatorBase.
        /// One walk up the base types for both bases, no allocation.
        /// </summary>
        public bool MayBeCatalog(ITypeSymbol? type)
        {
            if (type is null)
            {
                return false;
            }

            for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
            {
                var definition = current.OriginalDefinition;
                if (SymbolEqualityComparer.Default.Equals(definition, TrainCatalogBase)
                    || SymbolEqualityComparer.Default.Equals(definition, InstantiatorBase))
                {
                    return true;
                }
            }

            return SymbolEqualityComparer.Default.Equals(type, DataOperations)
                   || (Transforms is not null && SymbolEqualityComparer.Default.Equals(type, Transforms));
        }
    }

    /// <summary>What one type (all its partial parts) creates, uses and passes around; reported at the type's end.</summary>
    private sealed class TypeState
    {
        private readonly object _gate = new();
        private readonly List<(IObjectCreationOperation Creation, ISymbol? Storage)> _creations = new();
        private readonly Dictionary<IObjectCreationOperation, string> _directUses = new();
        private readonly Dictionary<ISymbol, string> _randomUses = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<ISymbol, List<ISymbol>> _flowsInto = new(SymbolEqualityComparer.Default);
        private readonly List<IOperation> _blocks = new();
        private bool _hasCreations;

        public bool HasCreations
        {
            get
            {
                lock (_gate)
                {
                    return _hasCreations;
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

        /// <summary>The kept blocks ordered by file and position (the driver visits members in no fixed order).</summary>
        public List<IOperation> TakeBlocksInSourceOrder()
        {
            lock (_gate)
            {
                var blocks = new List<IOperation>(_blocks);
                _blocks.Clear();
                blocks.Sort(static (x, y) =>
                {
                    var byFile = string.CompareOrdinal(x.Syntax.SyntaxTree.FilePath, y.Syntax.SyntaxTree.FilePath);
                    return byFile != 0 ? byFile : x.Syntax.SpanStart.CompareTo(y.Syntax.SpanStart);
                });
                return blocks;
            }
        }

        public void AddCreation(IObjectCreationOperation creation, ISymbol? storage)
        {
            lock (_gate)
            {
                _hasCreations = true;
                _creations.Add((creation, storage));
            }
        }

        public void AddDirectUse(IObjectCreationOperation creation, string use)
        {
            lock (_gate)
            {
                if (!_directUses.ContainsKey(creation))
                {
                    _directUses.Add(creation, use);
                }
            }
        }

        public void AddRandomUse(ISymbol symbol, string use)
        {
            lock (_gate)
            {
                if (!_randomUses.ContainsKey(symbol))
                {
                    _randomUses.Add(symbol, use);
                }
            }
        }

        public void AddFlow(ISymbol destination, ISymbol source)
        {
            lock (_gate)
            {
                if (!_flowsInto.TryGetValue(destination, out var sources))
                {
                    sources = new List<ISymbol>();
                    _flowsInto.Add(destination, sources);
                }

                sources.Add(source);
            }
        }

        public void Report(SymbolAnalysisContext context, INamedTypeSymbol type, ContextParameters contextParameters)
        {
            lock (_gate)
            {
                if (_creations.Count == 0)
                {
                    return;
                }

                // Propagate "used for randomness" backwards along the flows: if a = b and a draws random numbers, so does b.
                var random = new Dictionary<ISymbol, string>(_randomUses, SymbolEqualityComparer.Default);

                // A context passed to a method of another type (a helper that splits or trains) is used there: the shared
                // flow model's summary of that method tells.
                var passedOn = new List<ISymbol>(_flowsInto.Keys);
                foreach (var (_, storage) in _creations)
                {
                    if (storage is not null)
                    {
                        passedOn.Add(storage);
                    }
                }

                foreach (var symbol in passedOn)
                {
                    if (symbol is IParameterSymbol { ContainingSymbol: IMethodSymbol method } parameter
                        && !random.ContainsKey(symbol)
                        && !SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, type.OriginalDefinition)
                        && contextParameters.GetRandomUse(parameter, context.CancellationToken) is { } use)
                    {
                        random.Add(symbol, use);
                        _randomUses[symbol] = use;
                    }
                }

                if (random.Count == 0 && _directUses.Count == 0)
                {
                    return;
                }

                var work = new Stack<ISymbol>(_randomUses.Keys);
                while (work.Count > 0)
                {
                    var symbol = work.Pop();
                    if (!_flowsInto.TryGetValue(symbol, out var sources))
                    {
                        continue;
                    }

                    var use = random[symbol];
                    foreach (var source in sources)
                    {
                        if (!random.ContainsKey(source))
                        {
                            random.Add(source, use);
                            work.Push(source);
                        }
                    }
                }

                foreach (var (creation, storage) in _creations)
                {
                    string? use = null;
                    if (_directUses.TryGetValue(creation, out var direct))
                    {
                        use = direct;
                    }
                    else if (storage is not null && random.TryGetValue(storage, out var stored))
                    {
                        use = stored;
                    }

                    if (use is not null)
                    {
                        context.ReportDiagnostic(Diagnostic.Create(Rule, creation.Syntax.GetLocation(), use));
                    }
                }
            }
        }
    }
}
