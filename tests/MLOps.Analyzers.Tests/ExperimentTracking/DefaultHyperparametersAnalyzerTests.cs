using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using MLOps.Analyzers.ExperimentTracking;
using MLOps.Analyzers.Tests.Verifiers;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MLOps.Analyzers.ExperimentTracking.DefaultHyperparametersAnalyzer>;

namespace MLOps.Analyzers.Tests.ExperimentTracking;

/// <summary>MLOPS302 is disabled by default: every test that expects it enables it through .editorconfig.</summary>
public sealed class DefaultHyperparametersAnalyzerTests
{
    private const string Enable = "dotnet_diagnostic.MLOPS302.severity = suggestion";

    // ---------------------------------------------------------------- positives

    [Fact]
    public async Task TrainersWithOnlyColumnNames_Reported()
    {
        const string source = """
            using Microsoft.ML;

            public static class Program
            {
                public static void Train(MLContext mlContext)
                {
                    var fastTree = mlContext.Regression.Trainers.{|MLOPS302:FastTree|}(labelColumnName: "Price", featureColumnName: "Features");
                    var sdca = mlContext.Regression.Trainers.{|MLOPS302:Sdca|}(labelColumnName: "Label", featureColumnName: "Features");
                    var lgbm = mlContext.BinaryClassification.Trainers.{|MLOPS302:LightGbm|}();
                    var forest = mlContext.BinaryClassification.Trainers.{|MLOPS302:FastForest|}("Label", "Features");
                    var kmeans = mlContext.Clustering.Trainers.{|MLOPS302:KMeans|}("Features");
                    var maxEnt = mlContext.MulticlassClassification.Trainers.{|MLOPS302:SdcaMaximumEntropy|}();
                }
            }
            """;

        await Verify.VerifyAsync(source, Enable);
    }

    [Fact]
    public async Task MessageListsTheImportantHyperparameters()
    {
        const string source = """
            using Microsoft.ML;

            public static class Program
            {
                public static void Train(MLContext mlContext)
                    => mlContext.Regression.Trainers.{|#0:FastTree|}(labelColumnName: "Price");
            }
            """;

        await Verify.VerifyAsync(
            source,
            Enable,
            Verify.Diagnostic(DefaultHyperparametersAnalyzer.Rule).WithLocation(0)
                .WithArguments("Trainer 'RegressionTrainers.FastTree'", "numberOfLeaves, numberOfTrees, minimumExampleCountPerLeaf, learningRate"));
    }

    [Fact]
    public async Task TorchOptimizerWithOnlyParameters_Reported()
    {
        const string source = """
            using TorchSharp;
            using static TorchSharp.torch.nn;

            public static class Program
            {
                public static void Main()
                {
                    var seq = Sequential(("lin1", Linear(1000, 100)), ("relu1", ReLU()), ("lin2", Linear(100, 10)));
                    var optimizer = torch.optim.{|#0:Adam|}(seq.parameters());
                    var adamW = torch.optim.{|MLOPS302:AdamW|}(seq.parameters(), amsgrad: true);
                }
            }
            """;

        await Verify.VerifyAsync(
            source,
            Enable,
            Verify.Diagnostic(DefaultHyperparametersAnalyzer.Rule).WithLocation(0)
                .WithArguments("Optimizer 'torch.optim.Adam'", "lr, weight_decay"));
    }

    [Fact]
    public async Task OptionsObjectCreatedInlineWithoutHyperparameters_Reported()
    {
        const string source = """
            using Microsoft.ML;
            using Microsoft.ML.Trainers.FastTree;

            public static class Program
            {
                public static void Train(MLContext mlContext)
                {
                    var trainer = mlContext.Regression.Trainers.{|#0:FastTree|}(new FastTreeRegressionTrainer.Options
                    {
                        LabelColumnName = "Price",
                        NumberOfThreads = 1,
                    });
                }
            }
            """;

        await Verify.VerifyAsync(
            source,
            Enable,
            Verify.Diagnostic(DefaultHyperparametersAnalyzer.Rule).WithLocation(0)
                .WithArguments("Trainer 'RegressionTrainers.FastTree'", "LearningRate, NumberOfLeaves, MinimumExampleCountPerLeaf, NumberOfTrees"));
    }

    [Fact]
    public async Task TorchSharpTrainersAndFieldAwareFactorizationMachineLeftAtDefaults_Reported()
    {
        // Trainers that are estimators but not ITrainerEstimators, and Options classes that do not derive from TrainerInputBase.
        const string source = """
            using Microsoft.ML;
            using Microsoft.ML.Trainers;
            using Microsoft.ML.TorchSharp;
            using Microsoft.ML.TorchSharp.NasBert;

            public static class Program
            {
                public static void Train(MLContext mlContext)
                {
                    var classifier = mlContext.MulticlassClassification.Trainers.{|#0:TextClassification|}(labelColumnName: "Label", sentence1ColumnName: "Review");
                    var detector = mlContext.MulticlassClassification.Trainers.{|MLOPS302:ObjectDetection|}("Label", "PredictedLabel", "Score", "Box", "PredictedBox", "Image");
                    var ner = mlContext.MulticlassClassification.Trainers.{|#1:NamedEntityRecognition|}(new NerTrainer.NerOptions
                    {
                        LabelColumnName = "Label",
                        Sentence1ColumnName = "Sentence",
                        BatchSize = 16,
                    });
                    var ffm = mlContext.BinaryClassification.Trainers.{|MLOPS302:FieldAwareFactorizationMachine|}(new FieldAwareFactorizationMachineTrainer.Options
                    {
                        FeatureColumnName = "Features",
                        LabelColumnName = "Label",
                    });
                }
            }
            """;

        await Verify.VerifyAsync(
            source,
            Enable,
            Verify.Diagnostic(DefaultHyperparametersAnalyzer.Rule).WithLocation(0)
                .WithArguments("Trainer 'MulticlassClassificationTrainers.TextClassification'", "maxEpochs"),
            Verify.Diagnostic(DefaultHyperparametersAnalyzer.Rule).WithLocation(1)
                .WithArguments("Trainer 'MulticlassClassificationTrainers.NamedEntityRecognition'", "LearningRate, WeightDecay, MaxEpoch"));
    }

    // ---------------------------------------------------------------- negatives

    [Fact]
    public async Task OneImportantHyperparameterSet_NoDiagnostic()
    {
        const string source = """
            using Microsoft.ML;
            using static TorchSharp.torch;

            public static class Program
            {
                public static void Train(MLContext mlContext, double learningRate, int clusters)
                {
                    var fastTree = mlContext.BinaryClassification.Trainers.FastTree(numberOfLeaves: 50, numberOfTrees: 50, minimumExampleCountPerLeaf: 20);
                    var sdca = mlContext.BinaryClassification.Trainers.SdcaLogisticRegression(l2Regularization: 0.1f);
                    var lgbm = mlContext.Ranking.Trainers.LightGbm(learningRate: learningRate);
                    var kmeans = mlContext.Clustering.Trainers.KMeans("Features", numberOfClusters: clusters);
                    var adam = optim.Adam(nn.Linear(4, 2).parameters(), lr: learningRate);
                    var rms = optim.RMSProp(nn.Linear(4, 2).parameters(), weight_decay: 1e-5);
                    var sgd = optim.SGD(nn.Linear(4, 2).parameters(), learningRate);
                }
            }
            """;

        await Verify.VerifyAsync(source, Enable);
    }

    [Fact]
    public async Task TrainersWithoutImportantHyperparameters_NoDiagnostic()
    {
        const string source = """
            using Microsoft.ML;

            public static class Program
            {
                public static void Train(MLContext mlContext)
                {
                    var naiveBayes = mlContext.MulticlassClassification.Trainers.NaiveBayes("Label", "Features");
                    var prior = mlContext.BinaryClassification.Trainers.Prior();
                    var ova = mlContext.MulticlassClassification.Trainers.OneVersusAll(
                        mlContext.BinaryClassification.Trainers.AveragedPerceptron(learningRate: 0.1f));
                }
            }
            """;

        await Verify.VerifyAsync(source, Enable);
    }

    [Fact]
    public async Task OptionsObjectFromVariableOrWithHyperparameters_NoDiagnostic()
    {
        const string source = """
            using Microsoft.ML;
            using Microsoft.ML.Trainers;
            using Microsoft.ML.Trainers.FastTree;

            public static class Program
            {
                public static void Train(MLContext mlContext, int leaves)
                {
                    var options = new FastTreeRegressionTrainer.Options { LabelColumnName = "Price" };
                    options.NumberOfLeaves = leaves;
                    var fromVariable = mlContext.Regression.Trainers.FastTree(options);
                    var inline = mlContext.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options { NumberOfTrees = 200 });
                    var sdca = mlContext.BinaryClassification.Trainers.SdcaLogisticRegression(
                        new SdcaLogisticRegressionBinaryTrainer.Options { MaximumNumberOfIterations = 50, LabelColumnName = "Label" });
                    var fromFactory = mlContext.Regression.Trainers.FastTree(CreateOptions());
                }

                private static FastTreeRegressionTrainer.Options CreateOptions() => new() { NumberOfLeaves = 31 };
            }
            """;

        await Verify.VerifyAsync(source, Enable);
    }

    [Fact]
    public async Task SchedulersAndNonMLCalls_NoDiagnostic()
    {
        const string source = """
            using Microsoft.ML;
            using static TorchSharp.torch;

            public sealed class MyTrainers
            {
                public object FastTree(string labelColumnName = "Label", int numberOfLeaves = 20) => new object();
                public object Adam(object parameters, double lr = 0.001) => parameters;
            }

            public static class Program
            {
                public static void Train(MLContext mlContext, MyTrainers mine)
                {
                    var optimizer = optim.SGD(nn.Linear(4, 2).parameters(), 0.1);
                    var scheduler = optim.lr_scheduler.ExponentialLR(optimizer);
                    var split = mlContext.Data.TrainTestSplit(mlContext.Data.LoadFromEnumerable(new[] { new { X = 1f } }));
                    var a = mine.FastTree("Price");
                    var b = mine.Adam(new object());
                }
            }
            """;

        await Verify.VerifyAsync(source, Enable);
    }

    [Fact]
    public async Task TorchSharpTrainersWithTheirHyperparametersAndCalibrators_NoDiagnostic()
    {
        const string source = """
            using Microsoft.ML;
            using Microsoft.ML.TorchSharp;
            using Microsoft.ML.TorchSharp.NasBert;

            public sealed record TextTrainingConfig(int Epochs, double WeightDecay);

            public static class Program
            {
                public static void Train(MLContext mlContext, TextTrainingConfig config, TextClassificationTrainer.TextClassificationOptions configured)
                {
                    var classifier = mlContext.MulticlassClassification.Trainers.TextClassification(
                        labelColumnName: "Label", sentence1ColumnName: "Review", maxEpochs: config.Epochs);
                    var similarity = mlContext.Regression.Trainers.SentenceSimilarity(new SentenceSimilarityTrainer.SentenceSimilarityOptions
                    {
                        Sentence1ColumnName = "A",
                        Sentence2ColumnName = "B",
                        WeightDecay = config.WeightDecay,
                    });
                    var fromConfiguration = mlContext.MulticlassClassification.Trainers.TextClassification(configured);
                    var calibrator = mlContext.BinaryClassification.Calibrators.Platt(labelColumnName: "Label");
                }
            }
            """;

        await Verify.VerifyAsync(source, Enable);
    }

    // ---------------------------------------------------------------- ML.NET Model Builder's generated code

    /// <summary>Model Builder's text classification scenario: it leaves the epochs at the default on purpose.</summary>
    private const string ModelBuilderTextTraining = """
        // This file was auto-generated by ML.NET Model Builder.
        using Microsoft.ML;
        using Microsoft.ML.Data;
        using Microsoft.ML.TorchSharp;

        namespace Reviews
        {
            public partial class SentimentModel
            {
                public static IEstimator<ITransformer> BuildPipeline(MLContext mlContext)
                {
                    // Data process configuration with pipeline data transformations
                    var pipeline = mlContext.Transforms.Conversion.MapValueToKey(outputColumnName:@"Label",inputColumnName:@"Label",addKeyValueAnnotationsAsText:false)      
                                            .Append(mlContext.MulticlassClassification.Trainers.{|#0:TextClassification|}(labelColumnName:@"Label",sentence1ColumnName:@"Review"))      
                                            .Append(mlContext.Transforms.Conversion.MapKeyToValue(outputColumnName:@"PredictedLabel",inputColumnName:@"PredictedLabel"));

                    return pipeline;
                }
            }
        }
        """;

    private static string WithoutMarkup(string source) => source.Replace("{|#0:TextClassification|}", "TextClassification", StringComparison.Ordinal);

    [Theory]
    [InlineData("/0/SentimentModel.training.cs", false)]
    [InlineData("/0/SentimentModel.training.cs", true)]
    [InlineData("/0/Pipeline.cs", false)]                 // the header alone
    public async Task ModelBuilderTrainingFile_SilentUnlessAnalyzeModelBuilderCode(string path, bool analyze)
    {
        var test = new CSharpAnalyzerVerifier<DefaultHyperparametersAnalyzer>.Test();
        test.TestState.Sources.Add((path, analyze ? ModelBuilderTextTraining : WithoutMarkup(ModelBuilderTextTraining)));
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + Enable + "\n"
            + (analyze ? "mlops.MLOPS302.analyze_model_builder_code = true\n" : string.Empty)));
        if (analyze)
        {
            test.ExpectedDiagnostics.Add(Verify.Diagnostic(DefaultHyperparametersAnalyzer.Rule).WithLocation(0)
                .WithArguments("Trainer 'MulticlassClassificationTrainers.TextClassification'", "maxEpochs"));
        }

        await test.RunAsync();
    }

    [Fact]
    public async Task HandWrittenTrainerBesideModelBuilderFiles_Reported()
    {
        var test = new CSharpAnalyzerVerifier<DefaultHyperparametersAnalyzer>.Test();
        test.TestState.Sources.Add(("/0/SentimentModel.training.cs", WithoutMarkup(ModelBuilderTextTraining)));
        test.TestState.Sources.Add(("/0/Baseline.cs", """
            using Microsoft.ML;

            namespace Reviews
            {
                public static class Baseline
                {
                    public static IEstimator<ITransformer> Build(MLContext mlContext)
                        => mlContext.MulticlassClassification.Trainers.{|MLOPS302:LbfgsMaximumEntropy|}(labelColumnName: "Label");
                }
            }
            """));
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + Enable + "\n"));

        await test.RunAsync();
    }

    // ---------------------------------------------------------------- configuration and robustness

    [Fact]
    public async Task SuppressMessageAttribute_Silences()
    {
        const string source = """
            using System.Diagnostics.CodeAnalysis;
            using Microsoft.ML;

            public static class Program
            {
                [SuppressMessage("ExperimentTracking", "MLOPS302:Important hyperparameters are all left at library defaults", Justification = "Baseline model")]
                public static void Train(MLContext mlContext)
                    => mlContext.Regression.Trainers.FastTree(labelColumnName: "Price");
            }
            """;

        await Verify.VerifyAsync(source, Enable);
    }

    /// <summary>
    /// The verifier turns on every rule the analyzer supports, so the real default (off) and the effect of
    /// enabling the rule are checked on a plain compilation, as the compiler runs it in a build.
    /// </summary>
    [Theory]
    [InlineData(null, 0, DiagnosticSeverity.Hidden)]
    [InlineData(ReportDiagnostic.Warn, 2, DiagnosticSeverity.Warning)]
    [InlineData(ReportDiagnostic.Info, 2, DiagnosticSeverity.Info)]
    [InlineData(ReportDiagnostic.Suppress, 0, DiagnosticSeverity.Hidden)]
    public async Task DisabledByDefault_AndReportedOnceEnabled(ReportDiagnostic? setting, int expectedCount, DiagnosticSeverity expectedSeverity)
    {
        const string source = """
            using Microsoft.ML;
            using static TorchSharp.torch;

            public static class Program
            {
                public static void Train(MLContext mlContext)
                {
                    var fastTree = mlContext.Regression.Trainers.FastTree(labelColumnName: "Price");
                    var optimizer = optim.Adam(nn.Linear(4, 2).parameters());
                }
            }
            """;

        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary);
        if (setting is { } report)
        {
            options = options.WithSpecificDiagnosticOptions(new[] { new KeyValuePair<string, ReportDiagnostic>("MLOPS302", report) });
        }

        var compilation = CSharpCompilation.Create(
            "DefaultHyperparameters",
            new[] { CSharpSyntaxTree.ParseText(source) },
            TestReferences.All,
            options);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var diagnostics = await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new DefaultHyperparametersAnalyzer()))
            .GetAnalyzerDiagnosticsAsync();

        Assert.Equal(expectedCount, diagnostics.Length);
        Assert.All(diagnostics, d => Assert.Equal("MLOPS302", d.Id));
        Assert.All(diagnostics, d => Assert.Equal(expectedSeverity, d.Severity));
        Assert.False(DefaultHyperparametersAnalyzer.Rule.IsEnabledByDefault);
    }

    [Fact]
    public async Task NoMLLibraryReferenced_Silent()
    {
        var test = new CSharpAnalyzerVerifier<DefaultHyperparametersAnalyzer>.Test
        {
            TestCode = """
                public static class Trainers
                {
                    public static object FastTree(string labelColumnName = "Label", int numberOfLeaves = 20) => new object();
                }

                public static class Program
                {
                    public static void Main() => Trainers.FastTree("Price");
                }
                """,
        };
        test.TestState.AdditionalReferences.Clear();
        test.TestState.AdditionalReferences.AddRange(TestReferences.Platform);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + Enable));

        await test.RunAsync();
    }

    [Fact]
    public async Task HalfTypedCode_DoesNotCrash()
    {
        var test = new CSharpAnalyzerVerifier<DefaultHyperparametersAnalyzer>.Test
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
                        var b = mlContext.Regression.Trainers.FastTree(labelColumnName: "Price", numberOfLeafs: 20);
                        var c = mlContext.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options { NumberOfLeafs = 3, = 4 });
                        var d = optim.Adam();
                        var e = optim.Adam(UnknownModel.parameters());
                        mlContext.Regression.Trainers.
                    }
                }
                """,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + Enable));

        await test.RunAsync();
    }
}
