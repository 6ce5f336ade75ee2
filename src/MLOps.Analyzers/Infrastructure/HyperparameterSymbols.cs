using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace MLOps.Analyzers;

/// <summary>
/// What the ExperimentTracking rules (MLOPS301, MLOPS302) know about the APIs that take hyperparameters,
/// looked up once per compilation. Hyperparameters are recognised by the symbols of the API, not by a list
/// of method names:
/// <list type="bullet">
/// <item>ML.NET trainer factories: extension methods whose <c>this</c> parameter is a trainers catalog
/// (derived from <c>TrainCatalogBase.CatalogInstantiatorBase</c>), and instance methods declared on such a catalog
/// (<c>mlContext.Recommendation().Trainers.MatrixFactorization(...)</c>), that return an <c>IEstimator</c> (so
/// trainers that are not <c>ITrainerEstimator</c>s, such as the field-aware factorization machine and the
/// Microsoft.ML.TorchSharp trainers, are covered); calibrators (<c>Calibrators.Platt(slope, offset)</c>) are not trainers;</item>
/// <item>ML.NET trainer options: fields/properties of a type derived from <c>TrainerInputBase</c>
/// (<c>FastTreeRegressionTrainer.Options</c>, ...) or from LightGBM's <c>BoosterParameterBase.OptionsBase</c>, or of
/// any other type that a trainer factory of its own assembly takes as a parameter
/// (<c>TextClassificationTrainer.TextClassificationOptions</c>, <c>MatrixFactorizationTrainer.Options</c>): see
/// <see cref="IsTrainerOptionsType"/>;</item>
/// <item>TorchSharp: static methods of <c>torch.optim</c> (optimizers) and <c>torch.optim.lr_scheduler</c> (schedulers).</item>
/// </list>
/// A parameter is a hyperparameter when its type is numeric or bool (nullable or not) and its name is not one of
/// the <see cref="IsExcludedName">non-hyperparameters</see> (seeds, threads, logging, caching, bookkeeping).
/// </summary>
internal sealed class HyperparameterSymbols
{
    /// <summary>
    /// Numeric or boolean knobs of the APIs above that are not hyperparameters of the model: randomness (a
    /// reproducibility concern, see MLOPS1xx), parallelism, logging/diagnostics, caching and memory layout,
    /// scheduler bookkeeping (<c>last_epoch</c>) and the direction of the objective (<c>maximize</c>).
    /// Compared case-insensitively, so ML.NET parameter names and Options field names share one list.
    /// </summary>
    private static readonly HashSet<string> ExcludedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "seed",
        "featureSelectionSeed",
        "numberOfThreads",
        "useCachedData",
        "verbose",
        "silent",
        "quiet",
        "executionTime",
        "memoryStatistics",
        "diskTranspose",
        "histogramPoolSize",
        "writeLastEnsemble",
        "featureFlocks",
        "forceColumnWise",
        "forceRowWise",
        "deterministic",
        "batchSize",
        "testFrequency",
        "compressEnsemble",
        "accelerationMemoryBudgetMb",
        "last_epoch",
        "maximize",
        "topK",
        "logEveryNStep",
    };

    private static readonly HashSet<ITypeSymbol> NoTypes = new(SymbolEqualityComparer.Default);

    private readonly IAssemblySymbol _sourceAssembly;
    private readonly Func<ITypeSymbol, bool> _isTakenByFactory;
    private readonly Func<IAssemblySymbol, HashSet<ITypeSymbol>> _scanFactoryParameterTypes;

    /// <summary>Per compilation: options types already classified (the scan below runs at most once per assembly).</summary>
    private readonly ConcurrentDictionary<ITypeSymbol, bool> _factoryOptionsTypes = new(SymbolEqualityComparer.Default);

    /// <summary>Per compilation and referenced assembly: the class types its trainer factories take as parameters.</summary>
    private readonly ConcurrentDictionary<IAssemblySymbol, HashSet<ITypeSymbol>> _factoryParameterTypes = new(SymbolEqualityComparer.Default);

    private HyperparameterSymbols(
        IAssemblySymbol sourceAssembly,
        INamedTypeSymbol? catalogInstantiatorBase,
        INamedTypeSymbol? estimator,
        INamedTypeSymbol? calibratorEstimatorBase,
        INamedTypeSymbol? trainerInputBase,
        INamedTypeSymbol? boosterOptionsBase,
        INamedTypeSymbol? torchOptim,
        INamedTypeSymbol? torchLrScheduler)
    {
        _sourceAssembly = sourceAssembly;
        _isTakenByFactory = IsTakenByFactory;
        _scanFactoryParameterTypes = ScanFactoryParameterTypes;
        CatalogInstantiatorBase = catalogInstantiatorBase;
        Estimator = estimator;
        CalibratorEstimatorBase = calibratorEstimatorBase;
        TrainerInputBase = trainerInputBase;
        BoosterOptionsBase = boosterOptionsBase;
        TorchOptim = torchOptim;
        TorchLrScheduler = torchLrScheduler;
    }

    public INamedTypeSymbol? CatalogInstantiatorBase { get; }

    /// <summary><c>IEstimator&lt;TTransformer&gt;</c>: what every trainer factory returns.</summary>
    public INamedTypeSymbol? Estimator { get; }

    public INamedTypeSymbol? CalibratorEstimatorBase { get; }

    public INamedTypeSymbol? TrainerInputBase { get; }

    public INamedTypeSymbol? BoosterOptionsBase { get; }

    public INamedTypeSymbol? TorchOptim { get; }

    public INamedTypeSymbol? TorchLrScheduler { get; }

    public bool HasMLNetTrainers => CatalogInstantiatorBase is not null && Estimator is not null;

    public bool HasTrainerOptions => TrainerInputBase is not null || BoosterOptionsBase is not null || HasMLNetTrainers;

    public bool HasTorchOptim => TorchOptim is not null;

    /// <summary>Null when the compilation references neither ML.NET's trainers nor TorchSharp.</summary>
    public static HyperparameterSymbols? Create(Compilation compilation)
    {
        var types = WellKnownTypes.For(compilation);
        var symbols = new HyperparameterSymbols(
            compilation.Assembly,
            types.Get(WellKnownTypeNames.CatalogInstantiatorBase),
            types.Get(WellKnownTypeNames.IEstimator1),
            types.Get(WellKnownTypeNames.CalibratorEstimatorBase1),
            types.Get(WellKnownTypeNames.TrainerInputBase),
            types.Get(WellKnownTypeNames.BoosterOptionsBase),
            types.Get(WellKnownTypeNames.TorchOptim),
            types.Get(WellKnownTypeNames.TorchLrScheduler));

        return symbols.HasMLNetTrainers || symbols.HasTrainerOptions || symbols.HasTorchOptim ? symbols : null;
    }

    public static bool IsExcludedName(string name) => ExcludedNames.Contains(name);

    /// <summary>int, long, float, double, decimal, bool... or a Nullable of one of them.</summary>
    public static bool IsNumericOrBoolean(ITypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        if (type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T
            && type is INamedTypeSymbol { TypeArguments.Length: 1 } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean:
            case SpecialType.System_Byte:
            case SpecialType.System_SByte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_Decimal:
                return true;
            default:
                return false;
        }
    }

    /// <summary>What kind of API a method is, from its symbols; <see cref="HyperparameterApiKind.None"/> for anything else.</summary>
    public HyperparameterApiKind Classify(IMethodSymbol method)
    {
        // Cheapest tests first (this runs for every invocation of the compilation): only static methods of the
        // TorchSharp optimizer/scheduler types, (possibly reduced) extension methods and instance methods of a type
        // whose direct base is the trainers-catalog base can be hyperparameter APIs. DeclaringSyntaxReferences builds
        // an array for source methods, the parameters list too: both come after.
        var definition = method.ReducedFrom ?? method;
        var containing = method.ContainingType;
        var isTorch = TorchOptim is not null
                      && method.IsStatic
                      && (SymbolEqualityComparer.Default.Equals(containing, TorchOptim)
                          || (TorchLrScheduler is not null && SymbolEqualityComparer.Default.Equals(containing, TorchLrScheduler)));
        var isCatalogInstanceMethod = false;
        if (!isTorch)
        {
            if (!HasMLNetTrainers)
            {
                return HyperparameterApiKind.None;
            }

            if (!definition.IsExtensionMethod)
            {
                // An instance factory of a trainers catalog: mlContext.Recommendation().Trainers.MatrixFactorization(...).
                if (method.IsStatic || !SymbolEqualityComparer.Default.Equals(containing?.BaseType, CatalogInstantiatorBase))
                {
                    return HyperparameterApiKind.None;
                }

                isCatalogInstanceMethod = true;
            }
        }

        // Only the libraries' own methods: a helper the user writes around them (an extension method on a
        // trainers catalog declared in your code) has its own parameters and is not the library's hyperparameter surface.
        if (method.DeclaringSyntaxReferences.Length > 0)
        {
            return HyperparameterApiKind.None;
        }

        if (isTorch)
        {
            return SymbolEqualityComparer.Default.Equals(containing, TorchOptim)
                ? HyperparameterApiKind.TorchOptimizer
                : HyperparameterApiKind.TorchScheduler;
        }

        if (isCatalogInstanceMethod)
        {
            return IsTrainer(definition.ReturnType) ? HyperparameterApiKind.MLNetTrainer : HyperparameterApiKind.None;
        }

        if (definition.Parameters.Length > 0
            && DerivesFrom(definition.Parameters[0].Type, CatalogInstantiatorBase!)
            && IsTrainer(definition.ReturnType))
        {
            return HyperparameterApiKind.MLNetTrainer;
        }

        return HyperparameterApiKind.None;
    }

    /// <summary>The catalog a trainer factory belongs to: the <c>this</c> parameter of an extension method, else the declaring type.</summary>
    public static ITypeSymbol? CatalogOf(IMethodSymbol method)
    {
        var definition = method.ReducedFrom ?? method;
        return definition.IsExtensionMethod
            ? (definition.Parameters.Length > 0 ? definition.Parameters[0].Type : null)
            : definition.ContainingType;
    }

    /// <summary>
    /// True for a field or property of an ML.NET trainer options object: <paramref name="instanceType"/> (the type of
    /// the object written to, when known: the derived <c>TextClassificationOptions</c> rather than the base that
    /// declares <c>MaxEpoch</c>) or the member's declaring type is a <see cref="IsTrainerOptionsType">trainer options type</see>.
    /// </summary>
    public bool IsTrainerOptionsMember(ISymbol member, ITypeSymbol? instanceType = null)
    {
        var declaringType = member.ContainingType;
        if (declaringType is null || SymbolEqualityComparer.Default.Equals(declaringType.ContainingAssembly, _sourceAssembly))
        {
            // Cheapest rejection: a member the user declared is never a library hyperparameter.
            return false;
        }

        return (instanceType is not null
                && !SymbolEqualityComparer.Default.Equals(instanceType, declaringType)
                && IsTrainerOptionsType(instanceType))
            || IsTrainerOptionsType(declaringType);
    }

    /// <summary>
    /// True for a type that is, or derives from, an ML.NET trainer options type: derived from <c>TrainerInputBase</c>
    /// or LightGBM's booster options, or a class of a library that one of that library's trainer factories takes as a
    /// parameter (the Options classes of Microsoft.ML.TorchSharp and Microsoft.ML.Recommender derive from neither).
    /// The last test scans the library's public types once per compilation and is asked only about library types
    /// (a type declared in the compilation is the user's, never the library's options).
    /// </summary>
    public bool IsTrainerOptionsType(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class } named)
        {
            return false;
        }

        if ((TrainerInputBase is not null && DerivesFrom(named, TrainerInputBase))
            || (BoosterOptionsBase is not null && DerivesFrom(named, BoosterOptionsBase)))
        {
            return true;
        }

        return HasMLNetTrainers && _factoryOptionsTypes.GetOrAdd(named.OriginalDefinition, _isTakenByFactory);
    }

    public static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol baseType)
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

    /// <summary>
    /// True for a type of an ML.NET library (an assembly that is, or references, ML.NET's core data assembly): the
    /// nested option objects of trainer options are such types, a <c>List&lt;double&gt;(capacity)</c> is not.
    /// </summary>
    public bool IsMLNetLibraryType(ITypeSymbol? type)
    {
        var core = (TrainerInputBase ?? CatalogInstantiatorBase)?.ContainingAssembly;
        var assembly = type?.ContainingAssembly;
        return core is not null
               && assembly is not null
               && !SymbolEqualityComparer.Default.Equals(assembly, _sourceAssembly)
               && References(assembly, core);
    }

    /// <summary>An estimator (<c>IEstimator&lt;T&gt;</c>) that is not a calibrator.</summary>
    private bool IsTrainer(ITypeSymbol? type)
    {
        if (type is null || Estimator is null)
        {
            return false;
        }

        if (CalibratorEstimatorBase is not null && DerivesFrom(type, CalibratorEstimatorBase))
        {
            // Calibrators.Platt(slope, offset) fixes a learned mapping; its numbers are not hyperparameters.
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, Estimator))
        {
            return true;
        }

        foreach (var candidate in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, Estimator))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsTakenByFactory(ITypeSymbol type)
    {
        for (var current = type as INamedTypeSymbol; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            var assembly = current.ContainingAssembly;
            if (assembly is null || SymbolEqualityComparer.Default.Equals(assembly, _sourceAssembly))
            {
                // The user's own type (or a subclass of the library's options: its bases are checked next).
                continue;
            }

            if (_factoryParameterTypes.GetOrAdd(assembly, _scanFactoryParameterTypes).Contains(current.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The class-typed parameters of the trainer factories that <paramref name="assembly"/> declares (extension
    /// methods on a trainers catalog, instance methods of a trainers catalog). Only assemblies that reference ML.NET's
    /// catalogs are scanned; everything else answers with an empty set at once.
    /// </summary>
    private HashSet<ITypeSymbol> ScanFactoryParameterTypes(IAssemblySymbol assembly)
    {
        var catalogBase = CatalogInstantiatorBase!;
        if (!References(assembly, catalogBase.ContainingAssembly))
        {
            return NoTypes;
        }

        var found = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        var namespaces = new Stack<INamespaceSymbol>();
        namespaces.Push(assembly.GlobalNamespace);
        while (namespaces.Count > 0)
        {
            var current = namespaces.Pop();
            foreach (var child in current.GetNamespaceMembers())
            {
                namespaces.Push(child);
            }

            foreach (var type in current.GetTypeMembers())
            {
                CollectFactoryParameterTypes(type, catalogBase, found);
            }
        }

        return found;
    }

    private void CollectFactoryParameterTypes(INamedTypeSymbol type, INamedTypeSymbol catalogBase, HashSet<ITypeSymbol> found)
    {
        if (type.DeclaredAccessibility != Accessibility.Public)
        {
            return;
        }

        var isExtensionContainer = type.IsStatic && type.MightContainExtensionMethods;
        var isCatalog = !type.IsStatic && SymbolEqualityComparer.Default.Equals(type.BaseType, catalogBase);
        if (isExtensionContainer || isCatalog)
        {
            foreach (var member in type.GetMembers())
            {
                if (member is not IMethodSymbol { DeclaredAccessibility: Accessibility.Public, MethodKind: MethodKind.Ordinary } method
                    || (isExtensionContainer && !(method.IsExtensionMethod && method.Parameters.Length > 1 && DerivesFrom(method.Parameters[0].Type, catalogBase)))
                    || (isCatalog && method.IsStatic)
                    || !IsTrainer(method.ReturnType))
                {
                    continue;
                }

                for (var i = isExtensionContainer ? 1 : 0; i < method.Parameters.Length; i++)
                {
                    if (method.Parameters[i].Type is INamedTypeSymbol { TypeKind: TypeKind.Class, SpecialType: SpecialType.None } parameterType)
                    {
                        found.Add(parameterType.OriginalDefinition);
                    }
                }
            }
        }

        foreach (var nested in type.GetTypeMembers())
        {
            CollectFactoryParameterTypes(nested, catalogBase, found);
        }
    }

    private static bool References(IAssemblySymbol assembly, IAssemblySymbol target)
    {
        if (SymbolEqualityComparer.Default.Equals(assembly, target))
        {
            return true;
        }

        foreach (var module in assembly.Modules)
        {
            foreach (var referenced in module.ReferencedAssemblySymbols)
            {
                if (SymbolEqualityComparer.Default.Equals(referenced, target))
                {
                    return true;
                }
            }
        }

        return false;
    }
}

internal enum HyperparameterApiKind
{
    None,
    MLNetTrainer,
    TorchOptimizer,
    TorchScheduler,
}
