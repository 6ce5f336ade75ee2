using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace MLOps.Analyzers;

/// <summary>
/// What the ExperimentTracking rules (MLOPS301, MLOPS302) know about the APIs that take hyperparameters,
/// looked up once per compilation. Hyperparameters are recognised by the symbols of the API, not by a list
/// of method names:
/// <list type="bullet">
/// <item>ML.NET trainer factories: extension methods whose <c>this</c> parameter is a trainers catalog
/// (derived from <c>TrainCatalogBase.CatalogInstantiatorBase</c>) and that return an <c>ITrainerEstimator</c>;</item>
/// <item>ML.NET trainer options: fields/properties declared on a type derived from <c>TrainerInputBase</c>
/// (<c>FastTreeRegressionTrainer.Options</c>, ...) or from LightGBM's <c>BoosterParameterBase.OptionsBase</c>;</item>
/// <item>TorchSharp: static methods of <c>torch.optim</c> (optimizers) and <c>torch.optim.lr_scheduler</c> (schedulers).</item>
/// </list>
/// A parameter is a hyperparameter when its type is numeric or bool (nullable or not) and its name is not one of
/// the <see cref="IsExcludedName">non-hyperparameters</see> (seeds, threads, logging, caching, bookkeeping).
/// </summary>
internal sealed class HyperparameterSymbols
{
    public const string CatalogInstantiatorBaseName = "Microsoft.ML.TrainCatalogBase+CatalogInstantiatorBase";
    public const string TrainerEstimatorName = "Microsoft.ML.Trainers.ITrainerEstimator`2";
    public const string BoosterOptionsBaseName = "Microsoft.ML.Trainers.LightGbm.BoosterParameterBase+OptionsBase";
    public const string TorchLrSchedulerName = "TorchSharp.torch+optim+lr_scheduler";

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
    };

    private HyperparameterSymbols(
        INamedTypeSymbol? catalogInstantiatorBase,
        INamedTypeSymbol? trainerEstimator,
        INamedTypeSymbol? trainerInputBase,
        INamedTypeSymbol? boosterOptionsBase,
        INamedTypeSymbol? torchOptim,
        INamedTypeSymbol? torchLrScheduler)
    {
        CatalogInstantiatorBase = catalogInstantiatorBase;
        TrainerEstimator = trainerEstimator;
        TrainerInputBase = trainerInputBase;
        BoosterOptionsBase = boosterOptionsBase;
        TorchOptim = torchOptim;
        TorchLrScheduler = torchLrScheduler;
    }

    public INamedTypeSymbol? CatalogInstantiatorBase { get; }

    public INamedTypeSymbol? TrainerEstimator { get; }

    public INamedTypeSymbol? TrainerInputBase { get; }

    public INamedTypeSymbol? BoosterOptionsBase { get; }

    public INamedTypeSymbol? TorchOptim { get; }

    public INamedTypeSymbol? TorchLrScheduler { get; }

    public bool HasMLNetTrainers => CatalogInstantiatorBase is not null && TrainerEstimator is not null;

    public bool HasTrainerOptions => TrainerInputBase is not null || BoosterOptionsBase is not null;

    public bool HasTorchOptim => TorchOptim is not null;

    /// <summary>Null when the compilation references neither ML.NET's trainers nor TorchSharp.</summary>
    public static HyperparameterSymbols? Create(Compilation compilation)
    {
        var symbols = new HyperparameterSymbols(
            compilation.GetTypeByMetadataName(CatalogInstantiatorBaseName),
            compilation.GetTypeByMetadataName(TrainerEstimatorName),
            compilation.GetTypeByMetadataName(WellKnownTypeNames.TrainerInputBase),
            compilation.GetTypeByMetadataName(BoosterOptionsBaseName),
            compilation.GetTypeByMetadataName(WellKnownTypeNames.TorchOptim),
            compilation.GetTypeByMetadataName(TorchLrSchedulerName));

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
        // TorchSharp optimizer/scheduler types and (possibly reduced) extension methods can be hyperparameter APIs.
        // DeclaringSyntaxReferences builds an array for source methods, the parameters list too: both come after.
        var definition = method.ReducedFrom ?? method;
        var containing = method.ContainingType;
        var isTorch = TorchOptim is not null
                      && method.IsStatic
                      && (SymbolEqualityComparer.Default.Equals(containing, TorchOptim)
                          || (TorchLrScheduler is not null && SymbolEqualityComparer.Default.Equals(containing, TorchLrScheduler)));
        if (!isTorch && !(HasMLNetTrainers && definition.IsExtensionMethod))
        {
            return HyperparameterApiKind.None;
        }

        // Only the libraries' own methods: a helper the user writes around them (an extension method on a
        // trainers catalog, say) has its own parameters and is not the library's hyperparameter surface.
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

        if (definition.Parameters.Length > 0
            && DerivesFrom(definition.Parameters[0].Type, CatalogInstantiatorBase!)
            && ImplementsTrainerEstimator(definition.ReturnType))
        {
            return HyperparameterApiKind.MLNetTrainer;
        }

        return HyperparameterApiKind.None;
    }

    /// <summary>True for a field or property declared on an ML.NET trainer options type (TrainerInputBase or LightGBM booster options).</summary>
    public bool IsTrainerOptionsMember(ISymbol member)
    {
        var type = member.ContainingType;
        if (type is null)
        {
            return false;
        }

        return (TrainerInputBase is not null && DerivesFrom(type, TrainerInputBase))
            || (BoosterOptionsBase is not null && DerivesFrom(type, BoosterOptionsBase));
    }

    /// <summary>True for a type that is, or derives from, an ML.NET trainer options type.</summary>
    public bool IsTrainerOptionsType(ITypeSymbol? type)
        => type is not null
           && ((TrainerInputBase is not null && DerivesFrom(type, TrainerInputBase))
               || (BoosterOptionsBase is not null && DerivesFrom(type, BoosterOptionsBase)));

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

    private bool ImplementsTrainerEstimator(ITypeSymbol? type)
    {
        if (type is null || TrainerEstimator is null)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, TrainerEstimator))
        {
            return true;
        }

        foreach (var candidate in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, TrainerEstimator))
            {
                return true;
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
