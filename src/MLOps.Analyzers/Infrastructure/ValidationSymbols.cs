using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace MLOps.Analyzers;

/// <summary>
/// The ML.NET types the validation rules (MLOPS4xx) need, looked up once per compilation, and the
/// questions those rules ask about methods and types (is this <c>Fit</c>, an evaluation, a model save...).
/// </summary>
internal sealed class ValidationSymbols
{
    private ValidationSymbols(
        INamedTypeSymbol estimator,
        INamedTypeSymbol transformer,
        INamedTypeSymbol dataView,
        INamedTypeSymbol? modelOperations,
        INamedTypeSymbol? dataOperations,
        INamedTypeSymbol? trainTestData,
        INamedTypeSymbol? trainerEstimator,
        INamedTypeSymbol? predictionTransformer,
        INamedTypeSymbol? predictionEngineBase)
    {
        Estimator = estimator;
        Transformer = transformer;
        DataView = dataView;
        ModelOperations = modelOperations;
        DataOperations = dataOperations;
        TrainTestData = trainTestData;
        TrainerEstimator = trainerEstimator;
        PredictionTransformer = predictionTransformer;
        PredictionEngineBase = predictionEngineBase;
    }

    public INamedTypeSymbol Estimator { get; }

    public INamedTypeSymbol Transformer { get; }

    public INamedTypeSymbol DataView { get; }

    /// <summary>Null when it cannot be resolved: model saves and <c>Model.CreatePredictionEngine</c> are then not recognised.</summary>
    public INamedTypeSymbol? ModelOperations { get; }

    /// <summary>Null when it cannot be resolved: <c>TrainTestSplit</c> is then not recognised.</summary>
    public INamedTypeSymbol? DataOperations { get; }

    public INamedTypeSymbol? TrainTestData { get; }

    public INamedTypeSymbol? TrainerEstimator { get; }

    public INamedTypeSymbol? PredictionTransformer { get; }

    public INamedTypeSymbol? PredictionEngineBase { get; }

    /// <summary>
    /// Null when the compilation does not reference ML.NET's core abstractions (IEstimator, ITransformer, IDataView):
    /// the rules then register nothing. The catalogs (Microsoft.ML.Data) are optional: without one, only the calls it
    /// declares go unrecognised, and Fit/Transform/evaluation tracking keeps working.
    /// </summary>
    public static ValidationSymbols? TryCreate(Compilation compilation)
    {
        var types = WellKnownTypes.For(compilation);
        var estimator = types.Get(WellKnownTypeNames.IEstimator1);
        var transformer = types.Get(WellKnownTypeNames.ITransformer);
        var dataView = types.Get(WellKnownTypeNames.IDataView);
        if (estimator is null || transformer is null || dataView is null)
        {
            return null;
        }

        return new ValidationSymbols(
            estimator,
            transformer,
            dataView,
            types.Get(WellKnownTypeNames.ModelOperationsCatalog),
            types.Get(WellKnownTypeNames.DataOperationsCatalog),
            types.Get(WellKnownTypeNames.TrainTestData),
            types.Get(WellKnownTypeNames.ITrainerEstimator2),
            types.Get(WellKnownTypeNames.IPredictionTransformer1),
            types.Get(WellKnownTypeNames.PredictionEngineBase2));
    }

    /// <summary><c>IEstimator&lt;T&gt;.Fit</c> or its implementation on an estimator type (a trainer, a chain...).</summary>
    public bool IsFit(IMethodSymbol method)
        => method.Name == "Fit"
           && !method.IsStatic
           && method.Parameters.Length >= 1
           && IsDataView(method.Parameters[0].Type)
           && Implements(method.ContainingType, Estimator);

    /// <summary><c>ITransformer.Transform(IDataView)</c> or its implementation.</summary>
    public bool IsTransform(IMethodSymbol method)
        => method.Name == "Transform"
           && !method.IsStatic
           && method.Parameters.Length == 1
           && IsDataView(method.Parameters[0].Type)
           && Implements(method.ContainingType, Transformer);

    public bool IsModelSave(IMethodSymbol method)
        => method.Name == "Save" && ModelOperations is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, ModelOperations);

    /// <summary>
    /// <c>mlContext.Model.ConvertToOnnx(model, data, stream)</c> (Microsoft.ML.OnnxConverter): the model leaves for
    /// another runtime. Matched by name and assembly so that the package is not needed to build this analyzer.
    /// </summary>
    public bool IsOnnxExport(IMethodSymbol method)
        => method.Name == "ConvertToOnnx"
           && method.ContainingType is { Name: "OnnxExportExtensions" } type
           && type.ContainingAssembly?.Name == "Microsoft.ML.OnnxConverter";

    public bool IsCreatePredictionEngine(IMethodSymbol method)
        => method.Name == "CreatePredictionEngine"
           && ((ModelOperations is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, ModelOperations))
               || (method.IsExtensionMethod && IsInMicrosoftML(method.ContainingType)));

    public bool IsTrainTestSplit(IMethodSymbol method)
        => method.Name == "TrainTestSplit" && DataOperations is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, DataOperations);

    /// <summary><c>PredictionEngine.Predict</c>: scoring one example at a time.</summary>
    public bool IsPredict(IMethodSymbol method)
    {
        if (method.Name != "Predict" || PredictionEngineBase is null)
        {
            return false;
        }

        for (var type = method.ContainingType; type is not null; type = type.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, PredictionEngineBase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// An ML.NET evaluation, i.e. a measure of the model's quality: <c>*Catalog.Evaluate*</c> (Evaluate,
    /// EvaluateNonCalibrated, anomaly detection, clustering, ranking...), <c>*Catalog.CrossValidate*</c>, or an
    /// evaluator's own <c>Evaluate</c> (<c>Microsoft.ML.Data.*Evaluator</c>).
    /// <c>DataOperationsCatalog.CrossValidationSplit</c> only splits data: it is not an evaluation.
    /// Permutation feature importance is not one either, for MLOPS401 and MLOPS402 alike: it returns how much each
    /// metric drops when a feature is shuffled (deltas), never the model's metrics, so it explains the model
    /// (ML Test Score Data 2, "all features are beneficial") without saying whether it is good enough to ship.
    /// </summary>
    public static bool IsEvaluation(IMethodSymbol method)
    {
        var name = method.Name;
        var isEvaluateName = name.StartsWith("Evaluate", System.StringComparison.Ordinal);
        var isCrossValidate = name == "CrossValidate" || name == "CrossValidateNonCalibrated";
        if (!isEvaluateName && !isCrossValidate)
        {
            return false;
        }

        var type = method.ContainingType;
        if (type is null)
        {
            return false;
        }

        if (IsInMicrosoftML(type))
        {
            return type.Name.EndsWith("Catalog", System.StringComparison.Ordinal);
        }

        // Microsoft.ML.Data.BinaryClassifierEvaluator and friends, used directly.
        return isEvaluateName
               && type.Name.EndsWith("Evaluator", System.StringComparison.Ordinal)
               && type.ContainingNamespace is { Name: "Data" } data
               && IsMicrosoftMLNamespace(data.ContainingNamespace);
    }

    /// <summary>The estimator type is a trainer, or a chain whose type arguments show a prediction transformer.</summary>
    public bool IsTrainerType(ITypeSymbol? type)
        => IsTrainerType(type, 0);

    private bool IsTrainerType(ITypeSymbol? type, int depth)
    {
        if (type is not INamedTypeSymbol named || depth > 4)
        {
            return false;
        }

        if (IsPredictionTransformerOrTrainer(named))
        {
            return true;
        }

        // EstimatorChain<BinaryPredictionTransformer<...>>, TransformerChain<RegressionPredictionTransformer<...>>, ...
        foreach (var argument in named.TypeArguments)
        {
            if (IsTrainerType(argument, depth + 1))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsPredictionTransformerOrTrainer(INamedTypeSymbol type)
    {
        if (Matches(type, TrainerEstimator) || Matches(type, PredictionTransformer))
        {
            return true;
        }

        foreach (var iface in type.AllInterfaces)
        {
            if (Matches(iface, TrainerEstimator) || Matches(iface, PredictionTransformer))
            {
                return true;
            }
        }

        return false;
    }

    public bool IsDataView(ITypeSymbol? type)
        => type is not null
           && (SymbolEqualityComparer.Default.Equals(type, DataView) || Implements(type, DataView));

    public bool IsTransformerType(ITypeSymbol? type)
        => type is not null
           && (SymbolEqualityComparer.Default.Equals(type, Transformer) || Implements(type, Transformer));

    public bool IsTrainTestData(ITypeSymbol? type)
        => type is not null && TrainTestData is not null && SymbolEqualityComparer.Default.Equals(type, TrainTestData);

    private static bool Matches(INamedTypeSymbol type, INamedTypeSymbol? definition)
        => definition is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, definition);

    /// <summary>
    /// Whether the type is or implements the interface, memoised per type: asked for the receiver and argument types of
    /// every Fit and Transform candidate, and the interface sets of ML.NET's constructed generic chains are large.
    /// </summary>
    private bool Implements(ITypeSymbol? type, INamedTypeSymbol definition)
    {
        if (type is null)
        {
            return false;
        }

        var cache = implements.GetOrAdd(definition, static _ => new ConcurrentDictionary<ITypeSymbol, bool>(SymbolEqualityComparer.Default));
        if (cache.TryGetValue(type, out var known))
        {
            return known;
        }

        return cache.GetOrAdd(type, ComputeImplements(type, definition));
    }

    private readonly ConcurrentDictionary<INamedTypeSymbol, ConcurrentDictionary<ITypeSymbol, bool>> implements = new(SymbolEqualityComparer.Default);

    private static bool ComputeImplements(ITypeSymbol type, INamedTypeSymbol definition)
    {

        if (type is INamedTypeSymbol named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, definition))
        {
            return true;
        }

        foreach (var iface in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(iface.OriginalDefinition, definition))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInMicrosoftML(INamedTypeSymbol? type)
        => type is not null && IsMicrosoftMLNamespace(type.ContainingNamespace);

    private static bool IsMicrosoftMLNamespace(INamespaceSymbol? ns)
        => ns is { Name: "ML" }
           && ns.ContainingNamespace is { Name: "Microsoft" } microsoft
           && microsoft.ContainingNamespace is { IsGlobalNamespace: true };
}
