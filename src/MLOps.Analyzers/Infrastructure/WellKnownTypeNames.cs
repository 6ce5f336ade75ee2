namespace MLOps.Analyzers;

/// <summary>Metadata names of the ML library types the rules look up once per compilation.</summary>
internal static class WellKnownTypeNames
{
    // ML.NET
    public const string MLContext = "Microsoft.ML.MLContext";
    public const string IDataView = "Microsoft.ML.IDataView";
    public const string ITransformer = "Microsoft.ML.ITransformer";
    public const string IEstimator1 = "Microsoft.ML.IEstimator`1";
    public const string ModelOperationsCatalog = "Microsoft.ML.ModelOperationsCatalog";
    public const string DataOperationsCatalog = "Microsoft.ML.DataOperationsCatalog";
    public const string TrainTestData = "Microsoft.ML.DataOperationsCatalog+TrainTestData";
    public const string PredictionEngine2 = "Microsoft.ML.PredictionEngine`2";
    public const string TextLoaderSaverCatalog = "Microsoft.ML.TextLoaderSaverCatalog";
    public const string TrainerInputBase = "Microsoft.ML.Trainers.TrainerInputBase";
    public const string PermutationFeatureImportanceExtensions = "Microsoft.ML.PermutationFeatureImportanceExtensions";

    // TorchSharp
    public const string Torch = "TorchSharp.torch";
    public const string TorchRandom = "TorchSharp.torch+random";
    public const string TorchOptim = "TorchSharp.torch+optim";
    public const string TorchTensor = "TorchSharp.torch+Tensor";
    public const string TorchAutograd = "TorchSharp.torch+autograd";
    public const string TorchOptimizer = "TorchSharp.torch+optim+Optimizer";
    public const string TorchModule = "TorchSharp.torch+nn+Module";

    // ONNX Runtime
    public const string InferenceSession = "Microsoft.ML.OnnxRuntime.InferenceSession";

    // Microsoft.Data.Analysis
    public const string DataFrame = "Microsoft.Data.Analysis.DataFrame";

    // Configuration sources whose values count as tracked
    public const string IConfiguration = "Microsoft.Extensions.Configuration.IConfiguration";
    public const string IOptions1 = "Microsoft.Extensions.Options.IOptions`1";
}
