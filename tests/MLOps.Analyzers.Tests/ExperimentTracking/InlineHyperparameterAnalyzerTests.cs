using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using MLOps.Analyzers.ExperimentTracking;
using MLOps.Analyzers.Tests.Verifiers;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MLOps.Analyzers.ExperimentTracking.InlineHyperparameterAnalyzer>;

namespace MLOps.Analyzers.Tests.ExperimentTracking;

public sealed class InlineHyperparameterAnalyzerTests
{
    private const string HouseData = """

        public sealed class HouseData
        {
            [Microsoft.ML.Data.LoadColumn(0)] public float Size { get; set; }
            [Microsoft.ML.Data.LoadColumn(1)] public float Price { get; set; }
        }
        """;

    // ---------------------------------------------------------------- positives: ML.NET trainer factories

    [Fact]
    public async Task FastTreeWithInlineTreeHyperparameters_ReportsEachLiteral()
    {
        const string source = """
            using Microsoft.ML;

            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 1);
                    var data = mlContext.Data.LoadFromTextFile<HouseData>(args[0], hasHeader: true, separatorChar: ',');
                    var pipeline = mlContext.Transforms.Concatenate("Features", nameof(HouseData.Size))
                        .Append(mlContext.Regression.Trainers.FastTree(
                            labelColumnName: "Price",
                            featureColumnName: "Features",
                            {|MLOPS301:numberOfLeaves: 20|},
                            {|MLOPS301:numberOfTrees: 100|},
                            {|MLOPS301:minimumExampleCountPerLeaf: 10|},
                            {|MLOPS301:learningRate: 0.2|}));
                    var model = pipeline.Fit(data);
                }
            }
            """ + HouseData;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task SdcaAndKMeansAndLightGbm_ReportLiteralsThroughConversions()
    {
        const string source = """
            using Microsoft.ML;

            public static class TrainerFactory
            {
                public static void Build(MLContext mlContext)
                {
                    var sdca = mlContext.BinaryClassification.Trainers.SdcaLogisticRegression(
                        labelColumnName: "Label", featureColumnName: "Features",
                        {|MLOPS301:l2Regularization: 0.1f|}, {|MLOPS301:maximumNumberOfIterations: 100|});
                    var kmeans = mlContext.Clustering.Trainers.KMeans("Features", {|MLOPS301:numberOfClusters: 3|});
                    var lgbm = mlContext.MulticlassClassification.Trainers.LightGbm(
                        "Label", "Features", {|MLOPS301:numberOfLeaves: 31|}, {|MLOPS301:learningRate: 0.05|}, {|MLOPS301:numberOfIterations: 200|});
                    var perceptron = mlContext.BinaryClassification.Trainers.AveragedPerceptron(
                        {|MLOPS301:learningRate: 0.1f|}, {|MLOPS301:decreaseLearningRate: true|}, {|MLOPS301:numberOfIterations: 10|});
                    var ogd = mlContext.Regression.Trainers.OnlineGradientDescent("Label", "Features", null, {|MLOPS301:0.05f|});
                }
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task MessageNamesHyperparameterTrainerAndValue()
    {
        const string source = """
            using Microsoft.ML;

            public static class Program
            {
                public static void Train(MLContext mlContext)
                {
                    var trainer = mlContext.BinaryClassification.Trainers.FastTree({|#0:numberOfLeaves: 50|}, numberOfTrees: 50.GetHashCode());
                }
            }
            """;

        // numberOfTrees receives a computed value (a method call on a literal): not inline.
        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(InlineHyperparameterAnalyzer.Rule)
                .WithLocation(0)
                .WithArguments("numberOfLeaves", "trainer 'BinaryClassificationTrainers.FastTree'", "50"));
    }

    [Fact]
    public async Task LocalConstAndConstantExpressions_AreInline()
    {
        const string source = """
            using Microsoft.ML;

            public static class Program
            {
                public static void Train(MLContext mlContext)
                {
                    const double LearningRate = 1e-3;
                    const int Trees = 500;
                    var trainer = mlContext.Regression.Trainers.FastTree(
                        {|MLOPS301:learningRate: LearningRate * 5|},
                        {|MLOPS301:numberOfTrees: Trees|},
                        {|MLOPS301:numberOfLeaves: (int)(64 / 2)|});
                }
            }
            """;

        await Verify.VerifyAsync(source);
    }

    // ---------------------------------------------------------------- positives: trainer Options objects

    [Fact]
    public async Task TrainerOptionsInitializerAndAssignment_ReportHyperparameterMembersOnly()
    {
        const string source = """
            using Microsoft.ML;
            using Microsoft.ML.Trainers.FastTree;
            using Microsoft.ML.Trainers.LightGbm;

            public static class Program
            {
                public static void Train(MLContext mlContext, IDataView data)
                {
                    var options = new FastTreeRegressionTrainer.Options
                    {
                        LabelColumnName = "Price",
                        FeatureColumnName = "Features",
                        {|#0:NumberOfLeaves = 20|},
                        {|MLOPS301:LearningRate = 0.1|},
                        NumberOfThreads = 1,
                        Seed = 7,
                        FeatureSelectionSeed = 7,
                    };
                    {|MLOPS301:options.NumberOfTrees = 500|};
                    var model = mlContext.Regression.Trainers.FastTree(options).Fit(data);

                    var lgbm = new LightGbmBinaryTrainer.Options
                    {
                        {|MLOPS301:NumberOfIterations = 300|},
                        Verbose = true,
                        Silent = false,
                        Deterministic = true,
                        Booster = new GradientBooster.Options { {|MLOPS301:L2Regularization = 0.5|}, {|MLOPS301:FeatureFraction = 0.8|} },
                    };
                }
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(InlineHyperparameterAnalyzer.Rule)
                .WithLocation(0)
                .WithArguments("NumberOfLeaves", "'FastTreeRegressionTrainer.Options'", "20"));
    }

    // ---------------------------------------------------------------- positives: TorchSharp

    [Fact]
    public async Task TorchOptimizersAndSchedulers_ReportLiteralHyperparameters()
    {
        const string source = """
            using TorchSharp;
            using static TorchSharp.torch;

            public static class Program
            {
                public static void Main()
                {
                    var model = nn.Sequential(("lin1", nn.Linear(1000, 100)), ("relu1", nn.ReLU()), ("lin2", nn.Linear(100, 10)));
                    var adam = torch.optim.Adam(model.parameters(), {|MLOPS301:lr: 0.001|}, {|MLOPS301:weight_decay: 1e-4|}, {|MLOPS301:amsgrad: true|});
                    var sgd = optim.SGD(model.parameters(), {|MLOPS301:0.01|}, {|MLOPS301:0.9|});
                    var scheduler = optim.lr_scheduler.StepLR(sgd, {|MLOPS301:step_size: 10|}, {|MLOPS301:gamma: 0.1|}, last_epoch: -1, verbose: false);
                }
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task LocalsAssignedOnceWithALiteral_AreAsHardCodedAsTheLiteral()
    {
        // The shape of TorchSharpExamples' training programs: the values sit in locals a few lines above the call.
        const string source = """
            using Microsoft.ML;
            using TorchSharp;
            using static TorchSharp.torch;

            public static class Program
            {
                public static void Main()
                {
                    var learningRate = {|#1:0.001|};
                    var momentum = {|#3:0.9|};
                    var model = nn.Sequential(("lin1", nn.Linear(784, 100)), ("relu1", nn.ReLU()), ("lin2", nn.Linear(100, 10)));
                    var adam = torch.optim.Adam(model.parameters(), {|#0:lr: learningRate|});
                    var sgd = optim.SGD(model.parameters(), 0.01 * 0 + Learning(), {|#2:momentum|});

                    var mlContext = new MLContext(seed: 1);
                    float l2 = {|#5:0.01f|};
                    var options = new Microsoft.ML.Trainers.SdcaRegressionTrainer.Options { LabelColumnName = "Price" };
                    {|#4:options.L2Regularization = l2|};
                    var sdca = mlContext.Regression.Trainers.Sdca(options);
                }

                private static double Learning() => double.Parse(System.Environment.GetEnvironmentVariable("LR") ?? "0.01", System.Globalization.CultureInfo.InvariantCulture);
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(InlineHyperparameterAnalyzer.Rule).WithLocation(0).WithLocation(1)
                .WithArguments("lr", "optimizer 'torch.optim.Adam'", "0.001 (local 'learningRate')"),
            Verify.Diagnostic(InlineHyperparameterAnalyzer.Rule).WithLocation(2).WithLocation(3)
                .WithArguments("momentum", "optimizer 'torch.optim.SGD'", "0.9 (local 'momentum')"),
            Verify.Diagnostic(InlineHyperparameterAnalyzer.Rule).WithLocation(4).WithLocation(5)
                .WithArguments("L2Regularization", "'SdcaRegressionTrainer.Options'", "0.01f (local 'l2')"));
    }

    [Fact]
    public async Task LocalsFromConfigurationOrWrittenTwice_NoDiagnostic()
    {
        const string source = """
            using System;
            using System.Globalization;
            using TorchSharp;
            using static TorchSharp.torch;

            public static class Program
            {
                public static void Main(string[] args)
                {
                    var learningRate = double.Parse(args[0], CultureInfo.InvariantCulture);
                    var momentum = 0.9;
                    if (args.Length > 1)
                    {
                        momentum = double.Parse(args[1], CultureInfo.InvariantCulture);
                    }

                    var model = nn.Sequential(("lin1", nn.Linear(784, 100)), ("relu1", nn.ReLU()), ("lin2", nn.Linear(100, 10)));
                    var sgd = optim.SGD(model.parameters(), learningRate, momentum);
                }
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task TorchMessageNamesOptimizer()
    {
        const string source = """
            using static TorchSharp.torch;

            public static class Program
            {
                public static void Main()
                {
                    var model = nn.Linear(4, 2);
                    var optimizer = optim.AdamW(model.parameters(), {|#0:lr: 3e-4|});
                }
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(InlineHyperparameterAnalyzer.Rule).WithLocation(0).WithArguments("lr", "optimizer 'torch.optim.AdamW'", "3e-4"));
    }

    // ---------------------------------------------------------------- positives: other trainer shapes (Microsoft.ML.TorchSharp, nested option objects)

    [Fact]
    public async Task TorchSharpTrainerFactories_ReportLiteralEpochs()
    {
        // ML.NET's TorchSharp trainers are estimators but not ITrainerEstimators; their factories are still trainer factories.
        const string source = """
            using Microsoft.ML;
            using Microsoft.ML.TorchSharp;

            public static class Program
            {
                public static void Build(MLContext mlContext)
                {
                    var classifier = mlContext.MulticlassClassification.Trainers.TextClassification(
                        labelColumnName: "Label",
                        sentence1ColumnName: "Review",
                        batchSize: 16,
                        {|MLOPS301:maxEpochs: 4|});
                    var ner = mlContext.MulticlassClassification.Trainers.NamedEntityRecognition(
                        "Label", "Predicted", "Sentence", 32, {|MLOPS301:6|});
                    var detector = mlContext.MulticlassClassification.Trainers.ObjectDetection(
                        "Label", "PredictedLabel", "Score", "Box", "PredictedBox", "Image", {|MLOPS301:maxEpoch: 20|});
                    var qa = mlContext.MulticlassClassification.Trainers.QuestionAnswer(
                        topK: 3, {|MLOPS301:maxEpochs: 2|});
                }
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task TorchSharpTrainerMessageNamesCatalogAndTrainer()
    {
        const string source = """
            using Microsoft.ML;
            using Microsoft.ML.TorchSharp;

            public static class Program
            {
                public static void Build(MLContext mlContext)
                    => mlContext.Regression.Trainers.SentenceSimilarity(sentence1ColumnName: "A", sentence2ColumnName: "B", {|#0:maxEpochs: 3|});
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(InlineHyperparameterAnalyzer.Rule)
                .WithLocation(0)
                .WithArguments("maxEpochs", "trainer 'RegressionTrainers.SentenceSimilarity'", "3"));
    }

    [Fact]
    public async Task TorchSharpTrainerOptionsNotDerivedFromTrainerInputBase_ReportHyperparameterMembers()
    {
        // The TorchSharp trainers' Options derive from TransformInputBase, not TrainerInputBase: they are recognised
        // because a trainer factory of their own assembly takes them.
        const string source = """
            using Microsoft.ML;
            using Microsoft.ML.TorchSharp;
            using Microsoft.ML.TorchSharp.AutoFormerV2;
            using Microsoft.ML.TorchSharp.NasBert;

            public static class Program
            {
                public static void Build(MLContext mlContext, IDataView validation)
                {
                    var options = new TextClassificationTrainer.TextClassificationOptions
                    {
                        LabelColumnName = "Label",
                        Sentence1ColumnName = "Review",
                        BatchSize = 16,
                        ValidationSet = validation,
                        {|MLOPS301:MaxEpoch = 4|},
                        {|MLOPS301:WeightDecay = 0.01|},
                        {|MLOPS301:Dropout = 0.1|},
                    };
                    {|MLOPS301:options.FreezeEncoder = true|};
                    var classifier = mlContext.MulticlassClassification.Trainers.TextClassification(options);

                    var detector = mlContext.MulticlassClassification.Trainers.ObjectDetection(new ObjectDetectionTrainer.Options
                    {
                        LabelColumnName = "Label",
                        BoundingBoxColumnName = "Box",
                        ImageColumnName = "Image",
                        {|MLOPS301:MaxEpoch = 20|},
                        {|MLOPS301:InitLearningRate = 1.0|},
                        LogEveryNStep = 50,
                    });
                }
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task TorchSharpOptionsMessageNamesTheDerivedOptionsType()
    {
        const string source = """
            using Microsoft.ML.TorchSharp.NasBert;

            public static class Program
            {
                public static TextClassificationTrainer.TextClassificationOptions Options()
                    => new TextClassificationTrainer.TextClassificationOptions { LabelColumnName = "Label", {|#0:MaxEpoch = 4|} };
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(InlineHyperparameterAnalyzer.Rule)
                .WithLocation(0)
                .WithArguments("MaxEpoch", "'TextClassificationTrainer.TextClassificationOptions'", "4"));
    }

    [Fact]
    public async Task NestedEarlyStoppingRuleWithLiterals_ReportsItsArguments()
    {
        const string source = """
            using Microsoft.ML;
            using Microsoft.ML.Trainers.FastTree;

            public static class Program
            {
                public static void Build(MLContext mlContext, IDataView validation)
                {
                    var options = new FastTreeBinaryTrainer.Options
                    {
                        LabelColumnName = "Label",
                        NumberOfTrees = Settings.Trees,
                        EarlyStoppingRule = new TolerantEarlyStoppingRule({|#0:0.01f|}),
                    };
                    options.EarlyStoppingRule = new LowProgressRule({|MLOPS301:threshold: 0.05f|}, {|MLOPS301:windowSize: 10|});
                    var regression = new FastTreeRegressionTrainer.Options { EarlyStoppingRule = new GeneralityLossRule({|MLOPS301:threshold: 8|}) };
                }
            }

            public static class Settings
            {
                public static int Trees { get; set; } = 100;
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(InlineHyperparameterAnalyzer.Rule)
                .WithLocation(0)
                .WithArguments("threshold", "'TolerantEarlyStoppingRule' in 'FastTreeBinaryTrainer.Options.EarlyStoppingRule'", "0.01f"));
    }

    // ---------------------------------------------------------------- negatives

    [Fact]
    public async Task SdcaWithOnlyColumnNames_NoDiagnostic()
    {
        const string source = """
            using Microsoft.ML;

            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 0);
                    var data = mlContext.Data.LoadFromTextFile<HouseData>(args[0], hasHeader: true, separatorChar: ',');
                    var split = mlContext.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
                    var trainer = mlContext.Regression.Trainers.Sdca(labelColumnName: "Price", featureColumnName: "Features");
                    var pipeline = mlContext.Transforms.Concatenate("Features", "Size").Append(trainer);
                    var cv = mlContext.Regression.CrossValidate(split.TrainSet, pipeline, numberOfFolds: 5, labelColumnName: "Price");
                }
            }
            """ + HouseData;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task HyperparametersFromMethodParametersAndArgs_NoDiagnostic()
    {
        const string source = """
            using System.Globalization;
            using Microsoft.ML;
            using static TorchSharp.torch;

            public static class Training
            {
                public static void Run(MLContext mlContext, int numberOfLeaves, int numberOfTrees, double learningRate)
                {
                    var trainer = mlContext.BinaryClassification.Trainers.FastTree(
                        numberOfLeaves: numberOfLeaves, numberOfTrees: numberOfTrees, learningRate: learningRate);
                }

                public static void Main(string[] args)
                {
                    var learningRate = double.Parse(args[0], CultureInfo.InvariantCulture);
                    var model = nn.Linear(784, 10);
                    var optimizer = optim.Adam(model.parameters(), lr: learningRate);
                    var scheduler = optim.lr_scheduler.StepLR(optimizer, step_size: int.Parse(args[1], CultureInfo.InvariantCulture));
                }
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task HyperparametersFromConfigurationAndOptionsPattern_NoDiagnostic()
    {
        // Minimal stand-ins for Microsoft.Extensions.* (not an ML library; the test compilation does not reference it).
        const string source = """
            using System.Globalization;
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.Options;
            using Microsoft.ML;
            using Microsoft.ML.Trainers.LightGbm;

            public sealed class TrainingOptions
            {
                public int NumberOfLeaves { get; set; } = 31;
                public double? LearningRate { get; set; }
                public int NumberOfIterations { get; set; } = 100;
            }

            public sealed class ModelTrainer
            {
                private readonly TrainingOptions _options;
                private readonly IConfiguration _configuration;

                public ModelTrainer(IOptions<TrainingOptions> options, IConfiguration configuration)
                {
                    _options = options.Value;
                    _configuration = configuration;
                }

                public ITransformer Train(MLContext mlContext, IDataView data)
                {
                    var lgbm = mlContext.BinaryClassification.Trainers.LightGbm(
                        numberOfLeaves: _options.NumberOfLeaves,
                        learningRate: _options.LearningRate,
                        numberOfIterations: int.Parse(_configuration["Training:Iterations"] ?? "100", CultureInfo.InvariantCulture));
                    var options = new LightGbmBinaryTrainer.Options
                    {
                        NumberOfLeaves = _options.NumberOfLeaves,
                        LearningRate = _options.LearningRate ?? 0.05,
                    };
                    return lgbm.Fit(data);
                }
            }

            namespace Microsoft.Extensions.Configuration
            {
                public interface IConfiguration { string? this[string key] { get; set; } }
            }

            namespace Microsoft.Extensions.Options
            {
                public interface IOptions<out TOptions> where TOptions : class { TOptions Value { get; } }
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task HyperparameterRecordAndConstFieldsByDefault_NoDiagnostic()
    {
        const string source = """
            using Microsoft.ML;

            public sealed record TreeHyperparameters(int NumberOfLeaves = 50, int NumberOfTrees = 50, int MinimumExampleCountPerLeaf = 20);

            public static class Hyperparameters
            {
                public const double LearningRate = 0.2;
                public static readonly int Trees = 100;
            }

            public static class Program
            {
                public static void Train(MLContext mlContext)
                {
                    var hp = new TreeHyperparameters(NumberOfLeaves: 64);
                    var trainer = mlContext.BinaryClassification.Trainers.FastTree(
                        numberOfLeaves: hp.NumberOfLeaves,
                        numberOfTrees: Hyperparameters.Trees,
                        minimumExampleCountPerLeaf: hp.MinimumExampleCountPerLeaf,
                        learningRate: Hyperparameters.LearningRate);
                }
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task SeedThreadsAndCachingArguments_NoDiagnostic()
    {
        const string source = """
            using Microsoft.ML;
            using Microsoft.ML.Trainers;

            public static class Program
            {
                public static void Train(MLContext mlContext, int rank)
                {
                    var pca = mlContext.AnomalyDetection.Trainers.RandomizedPca("Features", rank: rank, seed: 42);
                    var svm = mlContext.BinaryClassification.Trainers.LdSvm(treeDepth: rank, useCachedData: false);
                    var options = new SdcaLogisticRegressionBinaryTrainer.Options { NumberOfThreads = 1, LabelColumnName = "Label" };
                    var kmeans = new KMeansTrainer.Options { NumberOfThreads = 1, AccelerationMemoryBudgetMb = 1024 };
                    var sdca = mlContext.BinaryClassification.Trainers.SdcaLogisticRegression(l2Regularization: null, l1Regularization: default);
                    var lgbm = new Microsoft.ML.Trainers.LightGbm.LightGbmRegressionTrainer.Options { LearningRate = null, NumberOfLeaves = null };
                }
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task NonMLMethodsWithHyperparameterNamedParameters_NoDiagnostic()
    {
        const string source = """
            using Microsoft.ML;
            using Microsoft.ML.Trainers.FastTree;

            public sealed class MyGradientBoosting
            {
                public double LearningRate { get; set; }
                public static MyGradientBoosting Create(double learningRate, int numberOfLeaves) => new() { LearningRate = learningRate };
            }

            public static class MyCatalogExtensions
            {
                // A team helper around the library: its literals are the helper's own API, not ML.NET's.
                public static FastTreeRegressionTrainer TunedFastTree(this RegressionCatalog.RegressionTrainers trainers, int leaves)
                    => trainers.FastTree(numberOfLeaves: leaves);
            }

            public static class Program
            {
                public static void Train(MLContext mlContext)
                {
                    var model = MyGradientBoosting.Create(learningRate: 0.1, numberOfLeaves: 20);
                    model.LearningRate = 0.05;
                    var trainer = mlContext.Regression.Trainers.TunedFastTree(leaves: 20);
                }
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task HyperparameterSweepLoop_NoDiagnostic()
    {
        const string source = """
            using System;
            using System.Linq;
            using Microsoft.ML;

            public static class Sweep
            {
                public static void Run(MLContext mlContext, IDataView train, IDataView validation)
                {
                    foreach (var learningRate in new[] { 0.3, 0.1, 0.03 })
                    {
                        foreach (var leaves in Enumerable.Range(4, 5).Select(i => 1 << i))
                        {
                            var trainer = mlContext.BinaryClassification.Trainers.FastTree(numberOfLeaves: leaves, learningRate: learningRate);
                            var metrics = mlContext.BinaryClassification.Evaluate(trainer.Fit(train).Transform(validation));
                            Console.WriteLine($"{learningRate} {leaves} {metrics.AreaUnderRocCurve}");
                        }
                    }

                    for (var exponent = 1; exponent <= 4; exponent++)
                    {
                        var l2 = (float)Math.Pow(10, -exponent);
                        var sdca = mlContext.BinaryClassification.Trainers.SdcaLogisticRegression(l2Regularization: l2);
                    }
                }
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task ComputedValuesAndOtherMLCalls_NoDiagnostic()
    {
        const string source = """
            using System;
            using Microsoft.ML;
            using static TorchSharp.torch;

            public static class Program
            {
                public static void Main()
                {
                    var mlContext = new MLContext(seed: 42);
                    var trainer = mlContext.Regression.Trainers.Gam(learningRate: Math.Pow(10, -3));
                    var ngrams = mlContext.Transforms.Text.ProduceNgrams("Tokens", ngramLength: 2);

                    manual_seed(42);
                    var model = nn.Sequential(("fc", nn.Linear(4, 2)), ("drop", nn.Dropout(0.5)));
                    var optimizer = optim.Adam(model.parameters());
                    var cosine = optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max: Environment.ProcessorCount * 10);
                }
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task CarefulTorchSharpTrainerAndNestedRulesFromConfiguration_NoDiagnostic()
    {
        const string source = """
            using System.Collections.Generic;
            using Microsoft.ML;
            using Microsoft.ML.TorchSharp;
            using Microsoft.ML.TorchSharp.NasBert;
            using Microsoft.ML.Trainers.FastTree;

            public sealed record TrainingConfig(int MaxEpochs, double WeightDecay, double LearningRate, float EarlyStoppingThreshold, int Window);

            public static class Program
            {
                public static void Build(MLContext mlContext, TrainingConfig config)
                {
                    var classifier = mlContext.MulticlassClassification.Trainers.TextClassification(
                        labelColumnName: "Label", sentence1ColumnName: "Review", maxEpochs: config.MaxEpochs);
                    var options = new TextClassificationTrainer.TextClassificationOptions
                    {
                        LabelColumnName = "Label",
                        Sentence1ColumnName = "Review",
                        MaxEpoch = config.MaxEpochs,
                        WeightDecay = config.WeightDecay,
                        LearningRate = new List<double>(1) { config.LearningRate },
                    };
                    var fastTree = new FastTreeBinaryTrainer.Options
                    {
                        EarlyStoppingRule = new LowProgressRule(config.EarlyStoppingThreshold, config.Window),
                    };
                    fastTree.EarlyStoppingRule = new TolerantEarlyStoppingRule();
                }
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task CalibratorsAndNonTrainerOptionsObjects_NoDiagnostic()
    {
        // Calibrators.Platt(slope, offset) fixes a learned mapping (not a hyperparameter); loader and featurizer options
        // are not trainer options although they are library option classes with numeric members.
        const string source = """
            using Microsoft.ML;
            using Microsoft.ML.Data;
            using Microsoft.ML.Transforms.Text;

            public static class Program
            {
                public static void Build(MLContext mlContext)
                {
                    var fixedPlatt = mlContext.BinaryClassification.Calibrators.Platt(slope: -1.2, offset: 0.1);
                    var platt = mlContext.BinaryClassification.Calibrators.Platt(labelColumnName: "Label");
                    var loader = new TextLoader.Options { HasHeader = true, AllowQuoting = true, Separators = new[] { ',' } };
                    var words = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = false };
                    var text = new TextFeaturizingEstimator.Options { KeepPunctuations = false, WordFeatureExtractor = words };
                }
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task OwnOptionsClassesNamedLikeTheLibrarys_NoDiagnostic()
    {
        const string source = """
            using Microsoft.ML;

            public sealed class TextClassifierTrainer
            {
                public sealed class Options
                {
                    public int MaxEpoch { get; set; }
                    public double WeightDecay { get; set; }
                    public Schedule EarlyStopping { get; set; } = new Schedule(0, 0);
                }

                public sealed record Schedule(float Threshold, int WindowSize);

                public static Options Defaults()
                {
                    var options = new Options { MaxEpoch = 4, WeightDecay = 0.01 };
                    options.EarlyStopping = new Schedule(0.01f, 5);
                    return options;
                }
            }
            """;

        await Verify.VerifyAsync(source);
    }

    // ---------------------------------------------------------------- options

    [Fact]
    public async Task TrackedTypes_ExemptsCodeInsideTheListedTypes()
    {
        const string source = """
            using Microsoft.ML;
            using static TorchSharp.torch;

            namespace MyApp
            {
                public static class TrainingConfig
                {
                    public static IEstimator<ITransformer> Trainer(MLContext mlContext)
                        => mlContext.Regression.Trainers.FastTree(numberOfLeaves: 20, learningRate: 0.2);
                }

                public static class VisionHyperparameters
                {
                    public static optim.Optimizer Optimizer(nn.Module model) => optim.SGD(model.parameters(), 0.01, momentum: 0.9);
                }

                public static class Program
                {
                    public static void Main() => MLContextTrainer(new MLContext(1));

                    private static void MLContextTrainer(MLContext mlContext)
                        => mlContext.Regression.Trainers.FastTree({|MLOPS301:numberOfLeaves: 20|});
                }
            }
            """;

        await Verify.VerifyAsync(source, editorConfig: "mlops.MLOPS301.tracked_types = MyApp.TrainingConfig, *Hyperparameters");
    }

    [Fact]
    public async Task FlagConstFields_ReportsConstFieldsOutsideTrackedTypes()
    {
        const string source = """
            using Microsoft.ML;

            namespace MyApp
            {
                public static class Defaults
                {
                    public const int Leaves = 20;
                }

                public static class TrackedDefaults
                {
                    public const double LearningRate = 0.2;
                }

                public static class Program
                {
                    private const int Trees = 100;

                    public static void Train(MLContext mlContext)
                    {
                        var trainer = mlContext.Regression.Trainers.FastTree(
                            {|MLOPS301:numberOfLeaves: Defaults.Leaves|},
                            {|MLOPS301:numberOfTrees: Trees|},
                            learningRate: TrackedDefaults.LearningRate);
                    }
                }
            }
            """;

        await Verify.VerifyAsync(
            source,
            editorConfig: "mlops.MLOPS301.flag_const_fields = true\nmlops.MLOPS301.tracked_types = MyApp.TrackedDefaults");
    }

    [Fact]
    public async Task EditorConfigSeveritySuggestion_ReportsAsInfo()
    {
        const string source = """
            using Microsoft.ML;

            public static class Program
            {
                public static void Train(MLContext mlContext)
                    => mlContext.Clustering.Trainers.KMeans({|#0:numberOfClusters: 3|});
            }
            """;

        await Verify.VerifyAsync(
            source,
            editorConfig: "dotnet_diagnostic.MLOPS301.severity = suggestion",
            Verify.Diagnostic(InlineHyperparameterAnalyzer.Rule).WithLocation(0).WithSeverity(DiagnosticSeverity.Info)
                .WithArguments("numberOfClusters", "trainer 'ClusteringTrainers.KMeans'", "3"));
    }

    [Fact]
    public async Task EditorConfigSeverityNone_Silences()
    {
        const string source = """
            using Microsoft.ML;

            public static class Program
            {
                public static void Train(MLContext mlContext)
                    => mlContext.Clustering.Trainers.KMeans(numberOfClusters: 3);
            }
            """;

        await Verify.VerifyAsync(source, editorConfig: "dotnet_diagnostic.MLOPS301.severity = none");
    }

    [Fact]
    public async Task SuppressMessageAttribute_Silences()
    {
        const string source = """
            using System.Diagnostics.CodeAnalysis;
            using Microsoft.ML;

            public static class Program
            {
                [SuppressMessage("ExperimentTracking", "MLOPS301:Hyperparameter is hard-coded", Justification = "Smoke-test model")]
                public static void Train(MLContext mlContext)
                    => mlContext.Regression.Trainers.FastTree(numberOfLeaves: 4, numberOfTrees: 2);
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task TestProject_Silent()
    {
        var test = new CSharpAnalyzerVerifier<InlineHyperparameterAnalyzer>.Test
        {
            TestCode = """
                using Microsoft.ML;

                public static class TrainerTests
                {
                    public static void FastTreeLearnsTinyData(MLContext mlContext)
                        => mlContext.Regression.Trainers.FastTree(numberOfLeaves: 2, numberOfTrees: 1, minimumExampleCountPerLeaf: 1);
                }
                """,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.IsTestProject = true\n"));

        await test.RunAsync();
    }

    // ---------------------------------------------------------------- ML.NET Model Builder's generated code

    /// <summary>
    /// The training file ML.NET Model Builder writes beside HousePriceModel.mbconfig (the shape of Model Builder 17),
    /// with the six values AutoML chose marked as MLOPS301 for the runs that analyse Model Builder's code.
    /// </summary>
    private const string ModelBuilderTraining = """
        // This file was auto-generated by ML.NET Model Builder.
        using Microsoft.ML.Data;
        using Microsoft.ML.Trainers.FastTree;
        using Microsoft.ML.Trainers;
        using Microsoft.ML.Transforms;
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using Microsoft.ML;

        namespace HousePrices
        {
            public partial class HousePriceModel
            {
                public const string RetrainFilePath =  @"C:\Users\dev\source\repos\HousePrices\houses.csv";
                public const char RetrainSeparatorChar = ',';
                public const bool RetrainHasHeader =  true;

                /// <summary>
                /// Train a new model with the provided dataset.
                /// </summary>
                public static void Train(string outputModelPath, string inputDataFilePath = RetrainFilePath, char separatorChar = RetrainSeparatorChar, bool hasHeader = RetrainHasHeader)
                {
                    var mlContext = new MLContext();
                    var data = mlContext.Data.LoadFromTextFile<ModelInput>(inputDataFilePath, separatorChar, hasHeader);
                    var model = RetrainModel(mlContext, data);
                    using (var fs = File.Create(outputModelPath))
                    {
                        mlContext.Model.Save(model, data.Schema, fs);
                    }
                }

                public static ITransformer RetrainModel(MLContext mlContext, IDataView trainData)
                {
                    var pipeline = BuildPipeline(mlContext);
                    var model = pipeline.Fit(trainData);
                    return model;
                }

                /// <summary>
                /// build the pipeline that is used from model builder. Use this function to retrain model.
                /// </summary>
                public static IEstimator<ITransformer> BuildPipeline(MLContext mlContext)
                {
                    // Data process configuration with pipeline data transformations
                    var pipeline = mlContext.Transforms.ReplaceMissingValues(new []{new InputOutputColumnPair(@"Size", @"Size")})      
                                            .Append(mlContext.Transforms.Concatenate(@"Features", new []{@"Size"}))      
                                            .Append(mlContext.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options(){{|MLOPS301:NumberOfLeaves=4|},{|MLOPS301:MinimumExampleCountPerLeaf=20|},{|MLOPS301:NumberOfTrees=4|},{|MLOPS301:MaximumBinCountPerFeature=254|},{|MLOPS301:FeatureFraction=1|},{|MLOPS301:LearningRate=0.1|},LabelColumnName=@"Price",FeatureColumnName=@"Features"}));

                    return pipeline;
                }
            }
        }
        """;

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
                /// <summary>
                /// model input class for HousePriceModel.
                /// </summary>
                #region model input class
                public class ModelInput
                {
                    [LoadColumn(0)]
                    [ColumnName(@"Size")]
                    public float Size { get; set; }

                    [LoadColumn(1)]
                    [ColumnName(@"Price")]
                    public float Price { get; set; }
                }
                #endregion

                private static string MLNetModelPath = Path.GetFullPath("HousePriceModel.mlnet");
            }
        }
        """;

    private static string WithoutMarkup(string source) => System.Text.RegularExpressions.Regex.Replace(source, @"\{\|MLOPS301:(.*?)\|\}", "$1");

    private static CSharpAnalyzerVerifier<InlineHyperparameterAnalyzer>.Test ModelBuilderProject(string trainingPath, string training, string? editorConfig)
    {
        var test = new CSharpAnalyzerVerifier<InlineHyperparameterAnalyzer>.Test();
        test.TestState.Sources.Add((trainingPath, training));
        test.TestState.Sources.Add(("/0/HousePriceModel.consumption.cs", ModelBuilderConsumption));
        if (editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + editorConfig));
        }

        return test;
    }

    [Fact]
    public async Task ModelBuilderTrainingFile_SilentByDefault_WhileHandWrittenRetrainingBesideItIsReported()
    {
        var test = ModelBuilderProject("/0/HousePriceModel.training.cs", WithoutMarkup(ModelBuilderTraining), editorConfig: null);
        test.TestState.Sources.Add(("/0/Retrain.cs", """
            using Microsoft.ML;

            namespace HousePrices
            {
                public static class Retrain
                {
                    // Hand-written next to the generated files: the team's own choice, not AutoML's.
                    public static IEstimator<ITransformer> Tuned(MLContext mlContext)
                        => mlContext.Regression.Trainers.FastTree(labelColumnName: "Price", {|MLOPS301:numberOfTrees: 400|});
                }
            }
            """));

        await test.RunAsync();
    }

    [Theory]
    [InlineData("/0/ModelBuilder.cs")]                   // older Model Builder: the header, no naming pattern
    [InlineData("/0/HousePriceModel.training.cs")]
    public async Task ModelBuilderHeader_Silent(string path)
        => await ModelBuilderProject(path, WithoutMarkup(ModelBuilderTraining), editorConfig: null).RunAsync();

    [Fact]
    public async Task ModelBuilderFileNameWithoutHeader_Silent()
    {
        // A file-header tool (StyleCop's SA1633 fix) replaced Model Builder's header with the company's.
        var training = WithoutMarkup(ModelBuilderTraining).Replace(
            "// This file was auto-generated by ML.NET Model Builder.",
            "// Copyright (c) Contoso. All rights reserved.",
            StringComparison.Ordinal);
        await ModelBuilderProject("/0/HousePriceModel.training.cs", training, editorConfig: null).RunAsync();
    }

    [Theory]
    [InlineData("mlops.MLOPS301.analyze_model_builder_code = true")]
    [InlineData("mlops.analyze_model_builder_code = true")]
    public async Task AnalyzeModelBuilderCode_ReportsAutoMLsValues(string editorConfig)
        => await ModelBuilderProject("/0/HousePriceModel.training.cs", ModelBuilderTraining, editorConfig).RunAsync();

    [Fact]
    public async Task HandWrittenFileThatOnlyMentionsModelBuilder_Reported()
    {
        // The header must lead the file; a note further down, or a name without a model before ".training.cs", is not Model Builder's.
        var test = new CSharpAnalyzerVerifier<InlineHyperparameterAnalyzer>.Test();
        test.TestState.Sources.Add(("/0/training.cs", """
            using Microsoft.ML;

            public static class Pipeline
            {
                // Started from what was auto-generated by ML.NET Model Builder, then tuned by hand.
                public static IEstimator<ITransformer> Build(MLContext mlContext)
                    => mlContext.Regression.Trainers.FastTree(labelColumnName: "Price", {|MLOPS301:numberOfLeaves: 31|});
            }
            """));

        await test.RunAsync();
    }

    // ---------------------------------------------------------------- robustness

    [Fact]
    public async Task NoMLLibraryReferenced_Silent()
    {
        var test = new CSharpAnalyzerVerifier<InlineHyperparameterAnalyzer>.Test
        {
            TestCode = """
                public static class Trainers
                {
                    public static object FastTree(int numberOfLeaves = 20, double learningRate = 0.2) => new object();
                    public static object Adam(object parameters, double lr = 0.001) => parameters;
                }

                public static class Program
                {
                    public static void Main()
                    {
                        var trainer = Trainers.FastTree(numberOfLeaves: 20, learningRate: 0.2);
                        var optimizer = Trainers.Adam(new object(), lr: 0.001);
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
        var test = new CSharpAnalyzerVerifier<InlineHyperparameterAnalyzer>.Test
        {
            TestCode = """
                using Microsoft.ML;
                using Microsoft.ML.Trainers.FastTree;
                using static TorchSharp.torch;

                public static class Program
                {
                    public static void Train(MLContext mlContext)
                    {
                        var a = mlContext.Regression.Trainers.FastTree(numberOfLeaves: );
                        var b = mlContext.Regression.Trainers.FastTree(numberOfLeafs: 20);
                        var c = mlContext.Regression.Trainers.FastTree(numberOfLeaves: "twenty");
                        var d = optim.Adam(lr: 0.01);
                        var e = optim.SGD(nn.Linear(1, 1).parameters(), );
                        var f = new FastTreeRegressionTrainer.Options { NumberOfLeafs = 20, = 3, LearningRate = };
                        var g = mlContext.Regression.Trainers.FastTree(numberOfLeaves: UnknownConstant);
                        mlContext.Regression.Trainers.
                    }
                }
                """,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };

        await test.RunAsync();
    }
}
