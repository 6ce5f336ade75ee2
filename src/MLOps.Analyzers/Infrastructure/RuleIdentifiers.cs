namespace MLOps.Analyzers;

/// <summary>
/// Every rule ID the package ships. One block of 100 per category:
/// 1xx reproducibility, 2xx configuration (hard-coded paths, URLs and devices),
/// 3xx experiment tracking (hyperparameters), 4xx validation,
/// 5xx training-loop and inference correctness (TorchSharp), 6xx serving (models behind an API or a batch job).
/// </summary>
public static class RuleIdentifiers
{
    // Reproducibility
    public const string UnseededMLContext = "MLOPS101";
    public const string UnseededRandom = "MLOPS102";
    public const string UnseededTorch = "MLOPS103";
    public const string TorchNondeterministicAlgorithms = "MLOPS104";

    // Configuration
    public const string HardCodedAbsolutePath = "MLOPS201";
    public const string HardCodedRelativePath = "MLOPS202";
    public const string HardCodedDatasetUrl = "MLOPS203";
    public const string HardCodedDevice = "MLOPS204";

    // Experiment tracking
    public const string InlineHyperparameter = "MLOPS301";
    public const string DefaultHyperparameters = "MLOPS302";

    // Validation
    public const string ModelNotEvaluated = "MLOPS401";
    public const string EvaluatedOnTrainingData = "MLOPS402";
    public const string PreprocessingFittedBeforeSplit = "MLOPS403";
    public const string InferredDataFrameSchema = "MLOPS404";

    // Training loop
    public const string GradientsNotCleared = "MLOPS501";
    public const string InferenceBuildsGraph = "MLOPS502";
    public const string ForwardSkipsHooks = "MLOPS503";
    public const string LoopWithoutDisposeScope = "MLOPS504";
    public const string ModuleModeNotSet = "MLOPS505";

    // Serving
    public const string SharedPredictionEngine = "MLOPS601";
    public const string ModelCreatedPerItem = "MLOPS602";
}
