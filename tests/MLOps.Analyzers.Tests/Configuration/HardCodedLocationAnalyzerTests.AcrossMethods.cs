using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using MLOps.Analyzers.Configuration;
using MLOps.Analyzers.Tests.Verifiers;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MLOps.Analyzers.Configuration.HardCodedLocationAnalyzer>;

namespace MLOps.Analyzers.Tests.Configuration;

public sealed partial class HardCodedLocationAnalyzerTests
{
    /// <summary>Values that travel through the compilation's own helpers, constructors and fields before the ML call.</summary>
    public sealed class AcrossMethods
    {
        private const string Usings = """
            using System;
            using System.IO;
            using Microsoft.ML;
            using Microsoft.ML.Data;

            """;

        private const string HousingData = """

            public sealed class HousingData
            {
                [LoadColumn(0)] public float Size { get; set; }
                [LoadColumn(1)] public float Price { get; set; }
            }

            public sealed class PricePrediction
            {
                [ColumnName("Score")] public float Price { get; set; }
            }
            """;

        /// <summary>A loading helper in another file; the literal is where the caller passes it.</summary>
        private const string DataLoader = Usings + """
            public static class DataLoader
            {
                public static IDataView Load(MLContext mlContext, string dataPath)
                    => mlContext.Data.LoadFromTextFile<HousingData>(dataPath, hasHeader: true, separatorChar: ',');
            }
            """ + HousingData;

        [Fact]
        public async Task HelperInAnotherFile_IsReportedAtTheLiteralCallSiteOnly()
        {
            var program = Usings + """
                public static class Program
                {
                    public static void Main(string[] args)
                    {
                        var mlContext = new MLContext(seed: 1);
                        var train = DataLoader.Load(mlContext, {|#0:"Data/housing-train.csv"|});
                        var test = DataLoader.Load(mlContext, Environment.GetEnvironmentVariable("TEST_DATA")!);
                    }
                }
                """;

            var test = new Verify.Test();
            test.TestState.Sources.Add(("Program.cs", program));
            test.TestState.Sources.Add(("DataLoader.cs", DataLoader));
            test.ExpectedDiagnostics.Add(
                Verify.Diagnostic(HardCodedLocationAnalyzer.RelativePathRule).WithLocation(0)
                    .WithArguments("Data/housing-train.csv", "DataOperationsCatalog.LoadFromTextFile (through DataLoader.Load)"));
            await test.RunAsync();
        }

        [Fact]
        public async Task ParameterConfiguredAtEveryCallSite_IsNotReported()
        {
            var program = Usings + """
                public static class Program
                {
                    public static void Main(string[] args)
                    {
                        var mlContext = new MLContext(seed: 1);
                        var dataDirectory = Environment.GetEnvironmentVariable("DATA_DIR") ?? args[0];
                        var train = DataLoader.Load(mlContext, Path.Combine(dataDirectory, "train.csv"));
                        var test = DataLoader.Load(mlContext, args[1]);
                    }
                }
                """;

            var test = new Verify.Test();
            test.TestState.Sources.Add(("Program.cs", program));
            test.TestState.Sources.Add(("DataLoader.cs", DataLoader));
            await test.RunAsync();
        }

        [Fact]
        public async Task HelpersThatResolveShippedFilesFromTheApplicationFolder_AreNotReported()
        {
            // The careful shape: the model ships with the app (copied to the output) and helpers resolve it from
            // AppContext.BaseDirectory; the literal names a file, not a machine or working-directory location.
            var source = Usings + """
                public sealed class ShippedModel
                {
                    private readonly string fileName;

                    public ShippedModel(string fileName) => this.fileName = fileName;

                    public ITransformer Load(MLContext mlContext)
                        => mlContext.Model.Load(Path.Combine(AppContext.BaseDirectory, "MLModels", fileName), out _);
                }

                public static class ModelFiles
                {
                    public static ITransformer Load(MLContext mlContext, string name)
                        => mlContext.Model.Load(Path.Combine(AppContext.BaseDirectory, "MLModels", name), out _);
                }

                public static class Program
                {
                    public static void Main()
                    {
                        var mlContext = new MLContext(seed: 1);
                        var first = ModelFiles.Load(mlContext, "HousePriceModel.zip");
                        var second = new ShippedModel("HousePriceModel.zip").Load(mlContext);
                    }
                }
                """;

            await Verify.VerifyAsync(source);
        }

        [Fact]
        public async Task PredictorConstructorStoringThePath_IsReportedWhereItIsCreated()
        {
            // The serving shape of public samples: the constructor keeps the paths, a later method loads them.
            var source = Usings + """
                public sealed class PricePredictor
                {
                    private readonly MLContext mlContext = new MLContext(seed: 1);
                    private readonly string modelPath;

                    public PricePredictor(string modelPath)
                    {
                        this.modelPath = modelPath;
                    }

                    public float Predict(HousingData input)
                    {
                        var model = mlContext.Model.Load(modelPath, out _);
                        var engine = mlContext.Model.CreatePredictionEngine<HousingData, PricePrediction>(model);
                        return engine.Predict(input).Price;
                    }
                }

                public static class Program
                {
                    public static void Main(string[] args)
                    {
                        var fromCode = new PricePredictor({|#0:"MLModels/HousePriceModel.zip"|});
                        var fromArgs = new PricePredictor(args[0]);
                        Console.WriteLine(fromCode.Predict(new HousingData { Size = 120 }));
                    }
                }
                """ + HousingData;

            await Verify.VerifyAsync(
                source,
                Verify.Diagnostic(HardCodedLocationAnalyzer.RelativePathRule).WithLocation(0)
                    .WithArguments("MLModels/HousePriceModel.zip", "ModelOperationsCatalog.Load (through PricePredictor.Predict)"));
        }

        [Fact]
        public async Task ConstructorThatWritesItsOwnDefaultPath_IsReportedOnThatLiteral()
        {
            // Two constructors set the path: one from its caller (followed to the call sites), one with a default written
            // in the code. The default is reported in the constructor; the configured creation is not.
            var source = Usings + """
                public sealed class PricePredictor
                {
                    private readonly MLContext mlContext = new MLContext(seed: 1);
                    private readonly string modelPath;

                    public PricePredictor()
                    {
                        modelPath = {|#0:"MLModels/HousePriceModel.zip"|};
                    }

                    public PricePredictor(string modelPath)
                    {
                        this.modelPath = modelPath;
                    }

                    public float Predict(HousingData input)
                    {
                        var model = mlContext.Model.Load(modelPath, out _);
                        var engine = mlContext.Model.CreatePredictionEngine<HousingData, PricePrediction>(model);
                        return engine.Predict(input).Price;
                    }
                }

                public static class Program
                {
                    public static void Main(string[] args)
                    {
                        var configured = new PricePredictor(args[0]);
                        Console.WriteLine(configured.Predict(new HousingData { Size = 120 }));
                    }
                }
                """ + HousingData;

            await Verify.VerifyAsync(
                source,
                Verify.Diagnostic(HardCodedLocationAnalyzer.RelativePathRule).WithLocation(0)
                    .WithArguments("MLModels/HousePriceModel.zip", "ModelOperationsCatalog.Load (set by the PricePredictor constructor)"));
        }

        [Fact]
        public async Task ConstructorsThatAllTakeThePathFromConfiguration_AreNotReported()
        {
            var source = Usings + """
                public sealed class PricePredictor
                {
                    private readonly MLContext mlContext = new MLContext(seed: 1);
                    private readonly string modelPath;

                    public PricePredictor()
                    {
                        modelPath = Environment.GetEnvironmentVariable("MODEL_PATH") ?? throw new InvalidOperationException("MODEL_PATH is not set");
                    }

                    public PricePredictor(string modelPath)
                    {
                        this.modelPath = modelPath;
                    }

                    public float Predict(HousingData input)
                    {
                        var model = mlContext.Model.Load(modelPath, out _);
                        var engine = mlContext.Model.CreatePredictionEngine<HousingData, PricePrediction>(model);
                        return engine.Predict(input).Price;
                    }
                }

                public static class Program
                {
                    public static void Main(string[] args)
                    {
                        Console.WriteLine(new PricePredictor(args[0]).Predict(new HousingData { Size = 120 }));
                        Console.WriteLine(new PricePredictor().Predict(new HousingData { Size = 80 }));
                    }
                }
                """ + HousingData;

            await Verify.VerifyAsync(source);
        }

        [Fact]
        public async Task AutoPropertySetInTheConstructorAndCombinedLater_IsReportedWhereItIsCreated()
        {
            var source = Usings + """
                public sealed class ModelStore
                {
                    public ModelStore(string root) => Root = root;

                    public string Root { get; }

                    public void Save(MLContext mlContext, ITransformer model, DataViewSchema schema, string name)
                        => mlContext.Model.Save(model, schema, Path.Combine(Root, name + {|#1:".zip"|}));
                }

                public static class Program
                {
                    public static void Train(MLContext mlContext, IDataView data)
                    {
                        var model = mlContext.Regression.Trainers.Sdca().Fit(data);
                        var store = new ModelStore({|#0:@"D:\models"|});
                        store.Save(mlContext, model, data.Schema, "house-price");
                    }
                }
                """;

            await Verify.VerifyAsync(
                source,
                Verify.Diagnostic(HardCodedLocationAnalyzer.AbsolutePathRule).WithLocation(0).WithLocation(1)
                    .WithArguments(@"D:\models/{...}.zip", "ModelOperationsCatalog.Save (through ModelStore.Save)"));
        }

        [Fact]
        public async Task OptionalParameterDefault_IsReportedOnTheDefaultWhenACallerOmitsIt()
        {
            var source = Usings + """
                public static class ModelIO
                {
                    public static ITransformer LoadModel(MLContext mlContext, string modelPath = {|#0:"model.zip"|})
                        => mlContext.Model.Load(modelPath, out _);
                }

                public static class Program
                {
                    public static void Main(string[] args)
                    {
                        var mlContext = new MLContext(seed: 1);
                        var fromArgs = ModelIO.LoadModel(mlContext, args[0]);
                        var byDefault = ModelIO.LoadModel(mlContext);
                    }
                }
                """;

            await Verify.VerifyAsync(
                source,
                Verify.Diagnostic(HardCodedLocationAnalyzer.RelativePathRule).WithLocation(0)
                    .WithArguments("model.zip", "ModelOperationsCatalog.Load (through ModelIO.LoadModel)"));
        }

        [Fact]
        public async Task OneLiteralReachingTwoSinks_GivesOneDiagnosticNamingBoth()
        {
            var source = Usings + """
                public static class Program
                {
                    private static readonly string ModelPath = {|#0:"MLModels/model.zip"|};

                    public static void Train(MLContext mlContext, IDataView data)
                    {
                        var model = mlContext.Regression.Trainers.Sdca().Fit(data);
                        mlContext.Model.Save(model, data.Schema, ModelPath);
                    }

                    public static ITransformer Load(MLContext mlContext) => mlContext.Model.Load(ModelPath, out _);
                }
                """;

            await Verify.VerifyAsync(
                source,
                Verify.Diagnostic(HardCodedLocationAnalyzer.RelativePathRule).WithLocation(0)
                    .WithArguments("MLModels/model.zip", "ModelOperationsCatalog.Load and ModelOperationsCatalog.Save"));
        }

        [Fact]
        public async Task HelperChainLocalFunctionAndExtensionMethod_AreFollowed()
        {
            var source = Usings + """
                public static class MLContextExtensions
                {
                    public static IDataView LoadHousing(this MLContext mlContext, string file)
                        => DataFiles.Read(mlContext, Path.Combine({|#1:"/mnt/datasets"|}, file));

                    public static IDataView LoadCsv(this MLContext mlContext, string file) => DataFiles.Read(mlContext, file);
                }

                public static class DataFiles
                {
                    public static IDataView Read(MLContext mlContext, string path)
                        => mlContext.Data.LoadFromTextFile<HousingData>(path, hasHeader: true, separatorChar: ',');
                }

                public static class Program
                {
                    public static void Main()
                    {
                        var mlContext = new MLContext(seed: 1);
                        var csv = mlContext.LoadCsv({|#0:"../../../Data/housing.csv"|});
                        var housing = mlContext.LoadHousing("housing.csv");
                        var evaluation = ReadSplit({|#2:"test"|});

                        IDataView ReadSplit(string split) => mlContext.LoadCsv({|#3:$"Data/{split}.csv"|});
                    }
                }
                """ + HousingData;

            await Verify.VerifyAsync(
                source,
                // The root is written in the helper, so it is reported there, once, whatever the callers pass.
                Verify.Diagnostic(HardCodedLocationAnalyzer.AbsolutePathRule).WithLocation(1)
                    .WithArguments("/mnt/datasets/{...}", "DataOperationsCatalog.LoadFromTextFile (through DataFiles.Read)"),
                Verify.Diagnostic(HardCodedLocationAnalyzer.RelativePathRule).WithLocation(0)
                    .WithArguments("../../../Data/housing.csv", "DataOperationsCatalog.LoadFromTextFile (through MLContextExtensions.LoadCsv)"),
                // A relative path is hard-coded only when all of it is written: the local function's caller completes it.
                Verify.Diagnostic(HardCodedLocationAnalyzer.RelativePathRule).WithLocation(2).WithLocation(3)
                    .WithArguments("Data/test.csv", "DataOperationsCatalog.LoadFromTextFile (through Program.ReadSplit)"));
        }

        [Fact]
        public async Task FormatAndCommandLineRoot_AreTraced()
        {
            var source = Usings + """
                public static class Program
                {
                    public static void Main()
                    {
                        var mlContext = new MLContext(seed: 1);
                        var data = mlContext.Data.LoadFromTextFile<HousingData>(string.Format("{0}/housing-{1}.csv", {|#0:"Data"|}, "2024"));
                        var programDirectory = Path.GetDirectoryName(Environment.GetCommandLineArgs()[0])!;
                        var shipped = mlContext.Data.LoadFromTextFile<HousingData>(Path.Combine(programDirectory, "Data", "housing.csv"));
                        var outside = mlContext.Data.LoadFromTextFile<HousingData>(Path.Combine(programDirectory, {|#1:"../../../Data"|}, "housing.csv"));
                    }
                }
                """ + HousingData;

            await Verify.VerifyAsync(
                source,
                Verify.Diagnostic(HardCodedLocationAnalyzer.RelativePathRule).WithLocation(0)
                    .WithArguments("Data/housing-2024.csv", "DataOperationsCatalog.LoadFromTextFile").WithOptions(DiagnosticOptions.IgnoreAdditionalLocations),
                Verify.Diagnostic(HardCodedLocationAnalyzer.RelativePathRule).WithLocation(1)
                    .WithArguments("{AppContext.BaseDirectory}/../../../Data/housing.csv", "DataOperationsCatalog.LoadFromTextFile").WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
        }

        [Fact]
        public async Task UserFoldersAreReported_ApplicationDataIsNot()
        {
            var source = Usings + """
                public static class Program
                {
                    public static void Main()
                    {
                        var mlContext = new MLContext(seed: 1);
                        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
                        var fromHome = mlContext.Data.LoadFromTextFile<HousingData>(Path.Combine(home, {|#0:"datasets"|}, "housing.csv"));
                        var appData = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
                        var cached = mlContext.Data.LoadFromTextFile<HousingData>(Path.Combine(appData, "HousePrices", "housing.csv"));
                    }
                }
                """ + HousingData;

            await Verify.VerifyAsync(
                source,
                Verify.Diagnostic(HardCodedLocationAnalyzer.AbsolutePathRule).WithLocation(0)
                    .WithArguments("{UserProfile}/datasets/housing.csv", "DataOperationsCatalog.LoadFromTextFile").WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
        }

        [Fact]
        public async Task RecursiveAndMutuallyRecursiveHelpers_DoNotLoopAndStaySilentWithoutALiteral()
        {
            var source = Usings + """
                public static class Program
                {
                    public static IDataView LoadWithRetry(MLContext mlContext, string path, int attempts)
                        => attempts <= 1 ? mlContext.Data.LoadFromTextFile<HousingData>(path) : Retry(mlContext, path, attempts - 1);

                    private static IDataView Retry(MLContext mlContext, string path, int attempts) => LoadWithRetry(mlContext, path, attempts);

                    public static void Main(string[] args)
                    {
                        var mlContext = new MLContext(seed: 1);
                        var data = LoadWithRetry(mlContext, args[0], 3);
                    }
                }
                """ + HousingData;

            await Verify.VerifyAsync(source);
        }

        [Fact]
        public async Task UserAssemblyWhoseNameStartsLikeAnMLLibrary_IsNotTreatedAsTheLibrary()
        {
            // A user's own assembly named Microsoft.MLHelpers: its methods are followed, not taken for ML sinks, so a
            // report file written through them is not a data path.
            var source = Usings + """
                public static class Reports
                {
                    public static void Write(string path, string text) => File.WriteAllText(path, text);
                }

                public static class Program
                {
                    public static void Main()
                    {
                        var mlContext = new MLContext(seed: 1);
                        Reports.Write("report.txt", "done");
                    }
                }
                """;

            var test = new Verify.Test { TestCode = source };
            test.SolutionTransforms.Add((solution, projectId) => solution.WithProjectAssemblyName(projectId, "Microsoft.MLHelpers"));
            await test.RunAsync();
        }
    }
}
