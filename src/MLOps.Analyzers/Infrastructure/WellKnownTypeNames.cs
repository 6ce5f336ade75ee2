namespace MLOps.Analyzers;

/// <summary>
/// Metadata names of every type the rules look up, the only place they are written. Resolve them through
/// <see cref="WellKnownTypes"/> (<c>Compilation.GetTypeByMetadataName</c> is banned, see BannedSymbols.txt).
/// Nested types use '+', generic types their arity ('`1').
/// </summary>
internal static class WellKnownTypeNames
{
    // ML.NET (Microsoft.ML.Core, Microsoft.ML.DataView, Microsoft.ML.Data, Microsoft.ML.Transforms...)
    public const string MLContext = "Microsoft.ML.MLContext";
    public const string IDataView = "Microsoft.ML.IDataView";
    public const string ITransformer = "Microsoft.ML.ITransformer";
    public const string IEstimator1 = "Microsoft.ML.IEstimator`1";
    public const string IPredictionTransformer1 = "Microsoft.ML.IPredictionTransformer`1";
    public const string PredictionEngineBase2 = "Microsoft.ML.PredictionEngineBase`2";
    public const string ModelOperationsCatalog = "Microsoft.ML.ModelOperationsCatalog";
    public const string DataOperationsCatalog = "Microsoft.ML.DataOperationsCatalog";
    public const string TrainTestData = "Microsoft.ML.DataOperationsCatalog+TrainTestData";
    public const string TransformsCatalog = "Microsoft.ML.TransformsCatalog";
    public const string TrainCatalogBase = "Microsoft.ML.TrainCatalogBase";
    public const string CatalogInstantiatorBase = "Microsoft.ML.TrainCatalogBase+CatalogInstantiatorBase";
    public const string CalibratorsCatalog = "Microsoft.ML.BinaryClassificationCatalog+CalibratorsCatalog";
    public const string ForecastersCatalog = "Microsoft.ML.ForecastingCatalog+Forecasters";
    public const string PermutationFeatureImportanceExtensions = "Microsoft.ML.PermutationFeatureImportanceExtensions";
    public const string CalibratorEstimatorBase1 = "Microsoft.ML.Calibrators.CalibratorEstimatorBase`1";
    public const string TrainerInputBase = "Microsoft.ML.Trainers.TrainerInputBase";
    public const string ITrainerEstimator2 = "Microsoft.ML.Trainers.ITrainerEstimator`2";
    public const string BoosterOptionsBase = "Microsoft.ML.Trainers.LightGbm.BoosterParameterBase+OptionsBase";

    // TorchSharp
    public const string Torch = "TorchSharp.torch";
    public const string TorchRandom = "TorchSharp.torch+random";
    public const string TorchCuda = "TorchSharp.torch+cuda";
    public const string TorchTensor = "TorchSharp.torch+Tensor";
    public const string TorchNn = "TorchSharp.torch+nn";
    public const string TorchNnInit = "TorchSharp.torch+nn+init";
    public const string TorchNnFunctional = "TorchSharp.torch+nn+functional";
    public const string TorchOptim = "TorchSharp.torch+optim";
    public const string TorchOptimizer = "TorchSharp.torch+optim+Optimizer";
    public const string TorchLrScheduler = "TorchSharp.torch+optim+lr_scheduler";
    public const string TorchAutograd = "TorchSharp.torch+autograd";
    public const string TorchUtilsData = "TorchSharp.torch+utils+data";
    public const string TorchDataLoader2 = "TorchSharp.Modules.DataLoader`2";
    public const string TorchIterableDataLoader = "TorchSharp.Modules.IterableDataLoader";
    public const string TorchParameter = "TorchSharp.Modules.Parameter";
    public const string TorchModule = "TorchSharp.torch+nn+Module";
    public const string TorchDeviceType = "TorchSharp.DeviceType";

    // Serving hosts: an application that references them runs its statics on several threads.
    public const string ServiceCollection = "Microsoft.Extensions.DependencyInjection.IServiceCollection";
    public const string HttpContext = "Microsoft.AspNetCore.Http.HttpContext";

    // ONNX Runtime
    public const string InferenceSession = "Microsoft.ML.OnnxRuntime.InferenceSession";

    // Microsoft.Data.Analysis
    public const string DataFrame = "Microsoft.Data.Analysis.DataFrame";

    // .NET: randomness and LINQ (MLOPS102)
    public const string SystemRandom = "System.Random";
    public const string SystemLinqEnumerable = "System.Linq.Enumerable";
    public const string SystemLinqQueryable = "System.Linq.Queryable";
    public const string SystemLinqParallelEnumerable = "System.Linq.ParallelEnumerable";

    // .NET: files, locations and downloads (MLOPS201-MLOPS203)
    public const string SystemIOPath = "System.IO.Path";
    public const string SystemIOFile = "System.IO.File";
    public const string SystemIODirectory = "System.IO.Directory";
    public const string SystemIOFileStream = "System.IO.FileStream";
    public const string SystemIOStreamReader = "System.IO.StreamReader";
    public const string SystemIOStreamWriter = "System.IO.StreamWriter";
    public const string SystemIOFileInfo = "System.IO.FileInfo";
    public const string SystemIODirectoryInfo = "System.IO.DirectoryInfo";
    public const string SystemIOFileSystemInfo = "System.IO.FileSystemInfo";
    public const string SystemAppContext = "System.AppContext";
    public const string SystemAppDomain = "System.AppDomain";
    public const string SystemEnvironment = "System.Environment";
    public const string SystemReflectionAssembly = "System.Reflection.Assembly";
    public const string SystemUri = "System.Uri";
    public const string SystemNetHttpHttpClient = "System.Net.Http.HttpClient";
    public const string SystemNetHttpHttpRequestMessage = "System.Net.Http.HttpRequestMessage";
    public const string SystemNetWebClient = "System.Net.WebClient";
}
