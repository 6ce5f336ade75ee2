using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using MLOps.Analyzers.Configuration;
using MLOps.Analyzers.Tests.Verifiers;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MLOps.Analyzers.Configuration.HardCodedLocationAnalyzer>;

namespace MLOps.Analyzers.Tests.Configuration;

public sealed partial class HardCodedLocationAnalyzerTests
{
    /// <summary>RelativePath: MLOPS20x cases of <see cref="HardCodedLocationAnalyzer"/>.</summary>
    public sealed class RelativePath
    {
        private const string Usings = """
            using System;
            using System.Collections.Generic;
            using System.IO;
            using Microsoft.ML;
            using Microsoft.ML.Data;

            """;

        private const string TaxiTrip = """

            public sealed class TaxiTrip
            {
                [LoadColumn(0)] public string VendorId { get; set; } = "";
                [LoadColumn(6)] public float FareAmount { get; set; }
            }
            """;

        [Fact]
        public async Task LiteralPassedToLoadFromTextFile_IsReportedWithPathAndSink()
        {
            var source = Usings + """
                public static class Program
                {
                    public static void Main()
                    {
                        var ml = new MLContext(seed: 0);
                        IDataView data = ml.Data.LoadFromTextFile<TaxiTrip>({|#0:"Data/taxi-fare-train.csv"|}, hasHeader: true, separatorChar: ',');
                    }
                }
                """ + TaxiTrip;

            await Verify.VerifyAsync(
                source,
                Verify.Diagnostic(HardCodedLocationAnalyzer.RelativePathRule)
                    .WithLocation(0)
                    .WithArguments("Data/taxi-fare-train.csv", "DataOperationsCatalog.LoadFromTextFile"));
        }

        [Fact]
        public async Task SamplesStyleStaticFieldsAndGetAbsolutePathHelper_AreReportedOnTheBaseLiteral()
        {
            // The shape of dotnet/machinelearning-samples (TaxiFarePrediction): the base directory climbs out of bin/ into the repository.
            var source = Usings + """
                public static class Program
                {
                    private static string BaseDatasetsRelativePath = {|#0:@"../../../../Data"|};
                    private static string TrainDataRelativePath = {|#2:$"{BaseDatasetsRelativePath}/taxi-fare-train.csv"|};
                    private static string TestDataRelativePath = {|#3:$"{BaseDatasetsRelativePath}/taxi-fare-test.csv"|};
                    private static string TrainDataPath = GetAbsolutePath(TrainDataRelativePath);
                    private static string TestDataPath = GetAbsolutePath(TestDataRelativePath);

                    private static string BaseModelsRelativePath = {|#1:@"../../../../MLModels"|};
                    private static string ModelRelativePath = {|#4:$"{BaseModelsRelativePath}/TaxiFareModel.zip"|};
                    private static string ModelPath = GetAbsolutePath(ModelRelativePath);

                    public static void Main()
                    {
                        var mlContext = new MLContext(seed: 0);
                        IDataView baseTrainingDataView = mlContext.Data.LoadFromTextFile<TaxiTrip>(TrainDataPath, hasHeader: true, separatorChar: ',');
                        IDataView testDataView = mlContext.Data.LoadFromTextFile<TaxiTrip>(TestDataPath, hasHeader: true, separatorChar: ',');
                        var pipeline = mlContext.Transforms.CopyColumns(outputColumnName: "Label", inputColumnName: nameof(TaxiTrip.FareAmount))
                            .Append(mlContext.Transforms.Concatenate("Features", nameof(TaxiTrip.FareAmount)))
                            .Append(mlContext.Regression.Trainers.Sdca(labelColumnName: "Label", featureColumnName: "Features"));
                        var trainedModel = pipeline.Fit(baseTrainingDataView);
                        mlContext.Model.Save(trainedModel, baseTrainingDataView.Schema, ModelPath);
                    }

                    public static string GetAbsolutePath(string relativePath)
                    {
                        FileInfo _dataRoot = new FileInfo(typeof(Program).Assembly.Location);
                        string assemblyFolderPath = _dataRoot.Directory!.FullName;
                        string fullPath = Path.Combine(assemblyFolderPath, relativePath);
                        return fullPath;
                    }
                }
                """ + TaxiTrip;

            await Verify.VerifyAsync(
                source,
                // One diagnostic per root, with the literals that build each path from it as additional locations.
                Verify.Diagnostic(HardCodedLocationAnalyzer.RelativePathRule).WithLocation(0).WithLocation(2).WithLocation(3)
                    .WithArguments("{AppContext.BaseDirectory}/../../../../Data/taxi-fare-test.csv", "DataOperationsCatalog.LoadFromTextFile"),
                Verify.Diagnostic(HardCodedLocationAnalyzer.RelativePathRule).WithLocation(1).WithLocation(4)
                    .WithArguments("{AppContext.BaseDirectory}/../../../../MLModels/TaxiFareModel.zip", "ModelOperationsCatalog.Save"));
        }

        [Fact]
        public async Task ModelSaveAndLoadWithFileName_AreReported()
        {
            var source = Usings + """
                public static class Program
                {
                    public static void Main()
                    {
                        var mlContext = new MLContext(seed: 1);
                        var data = mlContext.Data.LoadFromEnumerable(new List<TaxiTrip>());
                        var model = mlContext.Transforms.Concatenate("Features", nameof(TaxiTrip.FareAmount)).Fit(data);
                        mlContext.Model.Save(model, data.Schema, {|MLOPS202:"model.zip"|});
                        var loaded = mlContext.Model.Load({|MLOPS202:"model.zip"|}, out var schema);
                    }
                }
                """ + TaxiTrip;

            await Verify.VerifyAsync(source);
        }

        [Fact]
        public async Task OnnxTorchSharpAndDataFrameSinks_AreReported()
        {
            const string source = """
                using Microsoft.Data.Analysis;
                using Microsoft.ML;
                using Microsoft.ML.OnnxRuntime;
                using TorchSharp;
                using static TorchSharp.torch;

                public static class Program
                {
                    public static void Main()
                    {
                        using var session = new InferenceSession({|MLOPS202:"model.onnx"|});

                        var mlContext = new MLContext(seed: 1);
                        var onnx = mlContext.Transforms.ApplyOnnxModel(outputColumnName: "softmaxout_1", inputColumnName: "data_0", modelFile: {|MLOPS202:"assets/Model/squeezenet.onnx"|});

                        var frame = DataFrame.LoadCsv({|MLOPS202:"housing.csv"|});

                        var linear = nn.Linear(4, 2);
                        linear.save({|MLOPS202:"weights.dat"|});
                        linear.load({|MLOPS202:"weights.dat"|});
                        var t = torch.load({|MLOPS202:"tensor.pt"|});
                    }
                }
                """;

            await Verify.VerifyAsync(source);
        }

        [Fact]
        public async Task LocalComposedWithPathCombineAndCurrentDirectory_IsReportedOnFirstLiteral()
        {
            // The ML.NET tutorials' shape: Path.Combine(Environment.CurrentDirectory, "Data", ...) resolves against the working directory.
            var source = Usings + """
                public static class Program
                {
                    static readonly string _trainDataPath = Path.Combine(Environment.CurrentDirectory, {|MLOPS202:"Data"|}, "taxi-fare-train.csv");

                    public static void Main()
                    {
                        var mlContext = new MLContext(seed: 0);
                        var ratingsPath = Path.Combine({|MLOPS202:"Data"|}, "recommendation-ratings-train.csv");
                        var ratings = mlContext.Data.LoadFromTextFile<TaxiTrip>(ratingsPath, hasHeader: true, separatorChar: ',');
                        var train = mlContext.Data.LoadFromTextFile<TaxiTrip>(_trainDataPath, hasHeader: true, separatorChar: ',');
                        var test = mlContext.Data.LoadFromTextFile<TaxiTrip>(Path.Combine(Directory.GetCurrentDirectory(), {|MLOPS202:"Data\\taxi-fare-test.csv"|}), hasHeader: true);
                    }
                }
                """ + TaxiTrip;

            await Verify.VerifyAsync(source);
        }

        [Fact]
        public async Task AppBaseDirectoryClimbingIntoTheSourceTree_IsReported()
        {
            var source = Usings + """
                public static class Program
                {
                    private const string ModelFile = "model.zip";

                    public static void Main()
                    {
                        var mlContext = new MLContext(seed: 0);
                        var data = mlContext.Data.LoadFromTextFile<TaxiTrip>(Path.Combine(AppContext.BaseDirectory, {|MLOPS202:"../../../Data/taxi-fare-train.csv"|}), hasHeader: true);
                        var model = mlContext.Model.Load(Path.Combine(AppDomain.CurrentDomain.BaseDirectory, {|MLOPS202:@"..\..\..\MLModels"|}, ModelFile), out _);
                    }
                }
                """ + TaxiTrip;

            await Verify.VerifyAsync(source);
        }

        [Fact]
        public async Task ConstantAndConcatenation_AreTracedToTheDeclaration()
        {
            var source = Usings + """
                public static class Program
                {
                    private const string DataDirectory = {|MLOPS202:"Data/"|};

                    public static void Main()
                    {
                        var mlContext = new MLContext(seed: 0);
                        const string fileName = "wikipedia-detox-250-line-data.tsv";
                        var data = mlContext.Data.LoadFromTextFile<TaxiTrip>(DataDirectory + fileName, hasHeader: true);
                    }
                }
                """ + TaxiTrip;

            await Verify.VerifyAsync(source);
        }

        [Fact]
        public async Task TextLoaderLoadAndMultiFileSource_ReportEachPath()
        {
            var source = Usings + """
                public static class Program
                {
                    public static void Main()
                    {
                        var mlContext = new MLContext(seed: 0);
                        var loader = mlContext.Data.CreateTextLoader<TaxiTrip>(separatorChar: ',', hasHeader: true);
                        var data = loader.Load({|MLOPS202:"Data/part-1.csv"|}, {|MLOPS202:"Data/part-2.csv"|});
                        var more = loader.Load(new MultiFileSource({|MLOPS202:"Data/part-3.csv"|}));
                    }
                }
                """ + TaxiTrip;

            await Verify.VerifyAsync(source);
        }

        [Fact]
        public async Task SystemIOWithDataFileExtension_IsReportedInMLCode()
        {
            var source = Usings + """
                public static class Program
                {
                    public static void Main()
                    {
                        var mlContext = new MLContext(seed: 0);
                        var lines = File.ReadAllLines({|MLOPS202:"Data/ratings.csv"|});
                        using var stream = new FileStream({|MLOPS202:"MLModels/model.zip"|}, FileMode.Open, FileAccess.Read);
                        var model = mlContext.Model.Load(stream, out var schema);
                        File.WriteAllText({|MLOPS202:"predictions.tsv"|}, string.Join("\n", lines));
                    }
                }
                """ + TaxiTrip;

            await Verify.VerifyAsync(source);
        }

        [Fact]
        public async Task SameLiteralReachingTheSameSinkTwice_IsReportedOnce()
        {
            var source = Usings + """
                public static class Program
                {
                    private static readonly string DataPath = {|MLOPS202:"Data/iris.csv"|};

                    public static void Train(MLContext mlContext) => mlContext.Data.LoadFromTextFile<TaxiTrip>(DataPath, separatorChar: ',');

                    public static void Evaluate(MLContext mlContext) => mlContext.Data.LoadFromTextFile<TaxiTrip>(DataPath, separatorChar: ',');
                }
                """ + TaxiTrip;

            await Verify.VerifyAsync(source);
        }

        [Fact]
        public async Task FieldDeclaredInAnotherFile_IsReportedOnTheSinkArgument()
        {
            var test = new CSharpAnalyzerVerifier<HardCodedLocationAnalyzer>.Test();
            test.TestState.Sources.Add(("/0/Paths.cs", """
                public static class Paths
                {
                    public static readonly string Ratings = "Data/recommendation-ratings-train.csv";
                }
                """));
            test.TestState.Sources.Add(("/0/Program.cs", Usings + """
                public static class Program
                {
                    public static void Main()
                    {
                        var mlContext = new MLContext(seed: 0);
                        var data = mlContext.Data.LoadFromTextFile<TaxiTrip>({|MLOPS202:Paths.Ratings|}, hasHeader: true, separatorChar: ',');
                    }
                }
                """ + TaxiTrip));
            await test.RunAsync();
        }

        [Fact]
        public async Task ConfiguredAndComputedLocations_AreNotReported()
        {
            var source = Usings + """
                public sealed class TrainingSettings
                {
                    public string DataPath { get; set; } = "Data/train.csv";
                    public string ModelPath { get; init; } = "model.zip";
                }

                public sealed class Trainer
                {
                    private readonly string _modelPath = "model.zip";
                    private readonly MLContext _mlContext = new MLContext(seed: 0);

                    public Trainer(TrainingSettings settings)
                    {
                        _modelPath = settings.ModelPath;
                    }

                    public void Run(string[] args, TrainingSettings settings, string dataDirectory)
                    {
                        var fromArgs = _mlContext.Data.LoadFromTextFile<TaxiTrip>(args[0], hasHeader: true);
                        var fromSettings = _mlContext.Data.LoadFromTextFile<TaxiTrip>(settings.DataPath, hasHeader: true);
                        var fromEnvironment = _mlContext.Data.LoadFromTextFile<TaxiTrip>(Environment.GetEnvironmentVariable("TRAIN_DATA") ?? "Data/train.csv");
                        var fromParameter = _mlContext.Data.LoadFromTextFile<TaxiTrip>(Path.Combine(dataDirectory, "train.csv"), hasHeader: true);
                        var dataDir = Environment.GetEnvironmentVariable("DATA_DIR")!;
                        var fromEnvironmentDirectory = _mlContext.Data.LoadFromTextFile<TaxiTrip>(Path.Combine(dataDir, "test.csv"), hasHeader: true);
                        var model = _mlContext.Transforms.Concatenate("Features", nameof(TaxiTrip.FareAmount)).Fit(fromArgs);
                        _mlContext.Model.Save(model, fromArgs.Schema, _modelPath);
                        _mlContext.Model.Save(model, fromArgs.Schema, Path.GetTempFileName());
                        _mlContext.Model.Save(model, fromArgs.Schema, Path.Combine(Path.GetTempPath(), "model.zip"));
                    }

                    public void RunWithDefault(string[] args)
                    {
                        var path = "Data/train.csv";
                        if (args.Length > 0)
                        {
                            path = args[0];
                        }

                        var data = _mlContext.Data.LoadFromTextFile<TaxiTrip>(path, hasHeader: true);
                        var chosen = _mlContext.Data.LoadFromTextFile<TaxiTrip>(args.Length > 1 ? args[1] : "Data/test.csv", hasHeader: true);
                        string? modelPath = Environment.GetEnvironmentVariable("MODEL_PATH");
                        modelPath ??= "model.zip";
                        var model = _mlContext.Model.Load(modelPath, out _);
                    }
                }
                """ + TaxiTrip;

            await Verify.VerifyAsync(source);
        }

        [Fact]
        public async Task FilesShippedWithTheApplication_AreNotReported()
        {
            // Documented choice: a file copied to the output and resolved from the application's base directory is a deployment asset.
            var source = Usings + """
                using Microsoft.ML.OnnxRuntime;

                public static class Program
                {
                    private static readonly string AssetsPath = Path.Combine(AppContext.BaseDirectory, "assets");

                    public static void Main()
                    {
                        var mlContext = new MLContext(seed: 0);
                        var data = mlContext.Data.LoadFromTextFile<TaxiTrip>(Path.Combine(AppContext.BaseDirectory, "Data", "taxi-fare-train.csv"), hasHeader: true);
                        using var session = new InferenceSession(Path.Combine(AssetsPath, "Model", "tinyyolov2-8.onnx"));
                        var model = mlContext.Model.Load(Path.Combine(Path.GetDirectoryName(typeof(Program).Assembly.Location)!, "MLModels", "model.zip"), out _);
                    }
                }
                """ + TaxiTrip;

            await Verify.VerifyAsync(source);
        }

        [Fact]
        public async Task NonDataFilesAndNonPathStrings_AreNotReported()
        {
            var source = Usings + """
                public static class Program
                {
                    public static void Main()
                    {
                        var mlContext = new MLContext(seed: 0);
                        var settings = File.ReadAllText("appsettings.json");
                        File.WriteAllText("log.txt", "training started");
                        File.AppendAllText("logs/train.log", "epoch 1");
                        var exists = File.Exists("Data/train.csv");
                        var data = mlContext.Data.LoadFromEnumerable(new List<TaxiTrip> { new TaxiTrip { VendorId = "CMT", FareAmount = 3.5f } });
                        var pipeline = mlContext.Transforms.CopyColumns(outputColumnName: "Label", inputColumnName: "FareAmount")
                            .Append(mlContext.Transforms.Categorical.OneHotEncoding(outputColumnName: "VendorIdEncoded", inputColumnName: "VendorId"))
                            .Append(mlContext.Transforms.Concatenate("Features", "VendorIdEncoded", "FareAmount"));
                        var model = pipeline.Fit(data);
                        using var stream = File.Create(Path.GetTempFileName());
                        mlContext.Model.Save(model, data.Schema, stream);
                        Console.WriteLine("Saved to Data/model.zip");
                    }
                }
                """ + TaxiTrip;

            await Verify.VerifyAsync(source);
        }

        /// <summary>The consumption file ML.NET Model Builder writes beside HousePriceModel.mbconfig.</summary>
        private const string ModelBuilderConsumption = """
            // This file was auto-generated by ML.NET Model Builder.
            using Microsoft.ML;
            using Microsoft.ML.Data;
            using System;
            using System.IO;

            namespace HousePrices
            {
                public partial class HousePriceModel
                {
                    public class ModelInput
                    {
                        [LoadColumn(0)] [ColumnName(@"Size")] public float Size { get; set; }
                        [LoadColumn(1)] [ColumnName(@"Price")] public float Price { get; set; }
                    }

                    public class ModelOutput
                    {
                        [ColumnName(@"Score")] public float Score { get; set; }
                    }

                    private static string MLNetModelPath = Path.GetFullPath({|#0:"HousePriceModel.mlnet"|});

                    public static readonly Lazy<PredictionEngine<ModelInput, ModelOutput>> PredictEngine = new Lazy<PredictionEngine<ModelInput, ModelOutput>>(() => CreatePredictEngine(), true);

                    private static PredictionEngine<ModelInput, ModelOutput> CreatePredictEngine()
                    {
                        var mlContext = new MLContext();
                        ITransformer mlModel = mlContext.Model.Load(MLNetModelPath, out var _);
                        return mlContext.Model.CreatePredictionEngine<ModelInput, ModelOutput>(mlModel);
                    }
                }
            }
            """;

        [Fact]
        public async Task ModelBuilderConsumptionFile_IsReportedByDefault()
        {
            // Model Builder wrote it, but the path still depends on the working directory of the deployed app.
            var test = new CSharpAnalyzerVerifier<HardCodedLocationAnalyzer>.Test();
            test.TestState.Sources.Add(("/0/HousePriceModel.consumption.cs", ModelBuilderConsumption));
            test.ExpectedDiagnostics.Add(
                Verify.Diagnostic(HardCodedLocationAnalyzer.RelativePathRule).WithLocation(0)
                    .WithArguments("HousePriceModel.mlnet", "ModelOperationsCatalog.Load"));
            await test.RunAsync();
        }

        [Fact]
        public async Task ModelBuilderConsumptionFile_OptionTurnsTheRuleOffThere()
        {
            var test = new CSharpAnalyzerVerifier<HardCodedLocationAnalyzer>.Test();
            test.TestState.Sources.Add(("/0/HousePriceModel.consumption.cs", ModelBuilderConsumption.Replace("{|#0:", string.Empty).Replace("\"|}", "\"")));
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\nmlops.MLOPS202.analyze_model_builder_code = false\n"));
            await test.RunAsync();
        }

        [Fact]
        public async Task AbsolutePathsAndUrls_AreReportedByTheirOwnRulesOnly()
        {
            var source = Usings + """
                public static class Program
                {
                    public static void Main()
                    {
                        var mlContext = new MLContext(seed: 0);
                        var a = mlContext.Data.LoadFromTextFile<TaxiTrip>({|#0:@"C:\Data\taxi-fare-train.csv"|}, hasHeader: true);
                        var b = mlContext.Data.LoadFromTextFile<TaxiTrip>({|#1:"/data/taxi-fare-train.csv"|}, hasHeader: true);
                        var c = mlContext.Data.LoadFromTextFile<TaxiTrip>({|#2:"https://example.org/taxi-fare-train.csv"|}, hasHeader: true);
                    }
                }
                """ + TaxiTrip;

            await Verify.VerifyAsync(
                source,
                Verify.Diagnostic(HardCodedLocationAnalyzer.AbsolutePathRule).WithLocation(0).WithArguments(@"C:\Data\taxi-fare-train.csv", "DataOperationsCatalog.LoadFromTextFile"),
                Verify.Diagnostic(HardCodedLocationAnalyzer.AbsolutePathRule).WithLocation(1).WithArguments("/data/taxi-fare-train.csv", "DataOperationsCatalog.LoadFromTextFile"),
                Verify.Diagnostic(HardCodedLocationAnalyzer.DatasetUrlRule).WithLocation(2).WithArguments("https://example.org/taxi-fare-train.csv", "DataOperationsCatalog.LoadFromTextFile"));
        }

        [Fact]
        public async Task CompilationWithoutMLLibraries_IsNotAnalyzed()
        {
            var test = new CSharpAnalyzerVerifier<HardCodedLocationAnalyzer>.Test
            {
                TestCode = """
                    using System.IO;

                    public static class Program
                    {
                        public static void Main()
                        {
                            var lines = File.ReadAllLines("Data/ratings.csv");
                        }
                    }
                    """,
            };
            test.TestState.AdditionalReferences.Clear();
            test.TestState.AdditionalReferences.AddRange(TestReferences.Platform);
            await test.RunAsync();
        }

        [Fact]
        public async Task HalfTypedCode_DoesNotCrash()
        {
            var test = new CSharpAnalyzerVerifier<HardCodedLocationAnalyzer>.Test
            {
                TestCode = Usings + """
                    using Microsoft.ML.OnnxRuntime;

                    public static class Program
                    {
                        private static string Recursive => Recursive;
                        private static string A = B;
                        private static string B = A;

                        public static void Main()
                        {
                            var mlContext = new MLContext(seed: 0);
                            var a = mlContext.Data.LoadFromTextFile<TaxiTrip>(
                            var b = mlContext.Data.LoadFromTextFile<TaxiTrip>(undefinedPath, hasHeader: true);
                            var c = mlContext.Data.LoadFromTextFile<MissingType>(Path.Combine("Data", ), hasHeader: true);
                            using var session = new InferenceSession(Missing.Path);
                            mlContext.Model.Save(null, null, Recursive);
                            mlContext.Model.Save(null, null, A);
                            var d = mlContext.Data.LoadFromTextFile<TaxiTrip>($"{undefined}/train.csv");
                        }
                    }
                    """ + TaxiTrip,
                CompilerDiagnostics = CompilerDiagnostics.None,
            };
            await test.RunAsync();
        }

        [Fact]
        public async Task SuppressMessageAttribute_Suppresses()
        {
            var source = Usings + """
                using System.Diagnostics.CodeAnalysis;

                public static class Program
                {
                    [SuppressMessage("Configuration", "MLOPS202:Do not hard-code relative paths to data or models", Justification = "Demo data in the repository")]
                    public static void Main()
                    {
                        var mlContext = new MLContext(seed: 0);
                        var data = mlContext.Data.LoadFromTextFile<TaxiTrip>("Data/taxi-fare-train.csv", hasHeader: true);
                    }
                }
                """ + TaxiTrip;

            await Verify.VerifyAsync(source);
        }

        [Fact]
        public async Task EditorConfigSeverityNone_SilencesTheRule()
        {
            var source = Usings + """
                public static class Program
                {
                    public static void Main()
                    {
                        var mlContext = new MLContext(seed: 0);
                        var data = mlContext.Data.LoadFromTextFile<TaxiTrip>("Data/taxi-fare-train.csv", hasHeader: true);
                    }
                }
                """ + TaxiTrip;

            await Verify.VerifyAsync(source, "dotnet_diagnostic.MLOPS202.severity = none");
            await Verify.VerifyAsync(source, "dotnet_diagnostic.MLOPS201.severity = none", Verify.Diagnostic(HardCodedLocationAnalyzer.RelativePathRule).WithSpan(11, 62, 11, 88).WithArguments("Data/taxi-fare-train.csv", "DataOperationsCatalog.LoadFromTextFile"));
        }

        [Fact]
        public async Task AllowedPaths_PrefixesAndGlobs_AreNotReported()
        {
            var source = Usings + """
                using Microsoft.ML.OnnxRuntime;

                public static class Program
                {
                    public static void Main()
                    {
                        var mlContext = new MLContext(seed: 0);
                        var sample = mlContext.Data.LoadFromTextFile<TaxiTrip>("samples/taxi-fare-sample.csv", hasHeader: true);
                        var sample2 = mlContext.Data.LoadFromTextFile<TaxiTrip>(Path.Combine(Environment.CurrentDirectory, "samples", "taxi-fare-2.csv"), hasHeader: true);
                        using var session = new InferenceSession(@"models\resnet\resnet50.onnx");
                        var data = mlContext.Data.LoadFromTextFile<TaxiTrip>({|MLOPS202:"Data/taxi-fare-train.csv"|}, hasHeader: true);
                    }
                }
                """ + TaxiTrip;

            await Verify.VerifyAsync(source, "mlops.MLOPS202.allowed_paths = samples/, models/**/*.onnx");
        }

        [Fact]
        public async Task DataFileExtensions_OptionWidensSystemIOSinks()
        {
            var source = Usings + """
                public static class Program
                {
                    public static void Main()
                    {
                        var mlContext = new MLContext(seed: 0);
                        var reviews = File.ReadAllLines({|MLOPS202:"Data/yelp_labelled.txt"|});
                        var ratings = File.ReadAllLines("Data/ratings.csv");
                    }
                }
                """ + TaxiTrip;

            await Verify.VerifyAsync(source, "mlops.MLOPS202.data_file_extensions = .txt");
        }

        [Fact]
        public async Task TestProject_IsExcludedUnlessIncludeTestCode()
        {
            var source = Usings + """
                public static class ModelTests
                {
                    public static void LoadsTheModel()
                    {
                        var mlContext = new MLContext(seed: 0);
                        var model = mlContext.Model.Load({|MLOPS202:"TestData/model.zip"|}, out _);
                    }
                }
                """;

            var excluded = new CSharpAnalyzerVerifier<HardCodedLocationAnalyzer>.Test
            {
                TestCode = source.Replace("{|MLOPS202:", string.Empty).Replace("|}", string.Empty),
            };
            excluded.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.IsTestProject = true\n"));
            await excluded.RunAsync();

            var included = new CSharpAnalyzerVerifier<HardCodedLocationAnalyzer>.Test { TestCode = source };
            included.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.IsTestProject = true\nmlops.MLOPS202.include_test_code = true\n"));
            await included.RunAsync();
        }
    }
}
