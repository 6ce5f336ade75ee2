using Microsoft.CodeAnalysis.Testing;
using MLOps.Analyzers.CodeFixes.Reproducibility;
using MLOps.Analyzers.Reproducibility;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MLOps.Analyzers.Reproducibility.UnseededMLContextAnalyzer>;
using VerifyFix = MLOps.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<MLOps.Analyzers.Reproducibility.UnseededMLContextAnalyzer, MLOps.Analyzers.CodeFixes.Reproducibility.UnseededMLContextCodeFixProvider>;

namespace MLOps.Analyzers.Tests.Reproducibility;

public sealed class UnseededMLContextAnalyzerTests
{
    private const string Usings = """
        using System;
        using Microsoft.ML;
        using Microsoft.ML.Data;
        using Microsoft.ML.Trainers;
        using Microsoft.ML.Trainers.LightGbm;

        public sealed class SentimentIssue
        {
            [LoadColumn(0)] public bool Label { get; set; }
            [LoadColumn(2)] public string Text { get; set; } = "";
        }

        public sealed class SentimentPrediction
        {
            [ColumnName("PredictedLabel")] public bool Prediction { get; set; }
            public float Probability { get; set; }
        }

        """;

    // ---------- positives ----------

    [Fact]
    public async Task SampleShapedTrainingProgram_IsReported()
    {
        var source = Usings + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = {|MLOPS101:new MLContext()|};
                    IDataView dataView = mlContext.Data.LoadFromTextFile<SentimentIssue>("../../../Data/wikiDetoxAnnotated40kRows.tsv", hasHeader: true);
                    var trainTestSplit = mlContext.Data.TrainTestSplit(dataView, testFraction: 0.2);
                    var pipeline = mlContext.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text))
                        .Append(mlContext.BinaryClassification.Trainers.SdcaLogisticRegression(labelColumnName: "Label", featureColumnName: "Features"));
                    ITransformer model = pipeline.Fit(trainTestSplit.TrainSet);
                    var metrics = mlContext.BinaryClassification.Evaluate(model.Transform(trainTestSplit.TestSet));
                    mlContext.Model.Save(model, dataView.Schema, "model.zip");
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task ExplicitNullSeed_AndTrainerOnly_IsReported()
    {
        var source = Usings + """
            public static class Program
            {
                public static ITransformer Train(IDataView data)
                {
                    MLContext ml = {|MLOPS101:new MLContext(seed: null)|};
                    var trainer = ml.BinaryClassification.Trainers.SdcaLogisticRegression(labelColumnName: "Label");
                    return trainer.Fit(data);
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task ContextInFieldUsedInAnotherMethod_IsReported()
    {
        var source = Usings + """
            public sealed class ModelTrainer
            {
                private readonly MLContext _mlContext = {|MLOPS101:new MLContext()|};

                public IDataView Load(string path) => _mlContext.Data.LoadFromTextFile<SentimentIssue>(path, hasHeader: true);

                public double CrossValidate(IDataView data)
                {
                    var pipeline = _mlContext.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text))
                        .Append(_mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression());
                    var results = _mlContext.BinaryClassification.CrossValidate(data, pipeline, numberOfFolds: 5);
                    return results.Count;
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task ContextPassedToHelperInSameType_IsReported()
    {
        var source = Usings + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = {|MLOPS101:new MLContext()|};
                    var data = mlContext.Data.LoadFromTextFile<SentimentIssue>(args[0], hasHeader: true);
                    BuildTrainEvaluateAndSaveModel(mlContext, data);
                }

                private static void BuildTrainEvaluateAndSaveModel(MLContext mlContext, IDataView data)
                {
                    var shuffled = mlContext.Data.ShuffleRows(data);
                    var model = mlContext.Transforms.Text.FeaturizeText("Features", "Text")
                        .Append(mlContext.BinaryClassification.Trainers.AveragedPerceptron())
                        .Fit(shuffled);
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task ContextInjectedThroughConstructorIntoField_IsReported()
    {
        var source = Usings + """
            public sealed class Experiment
            {
                private readonly MLContext _ml;

                public Experiment(MLContext ml) => _ml = ml;

                public static Experiment Create() => new Experiment({|MLOPS101:new MLContext()|});

                public IDataView Sample(IDataView data) => _ml.Data.BootstrapSample(data);
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task ContextCreatedInline_IsReported()
    {
        var source = Usings + """
            public static class Split
            {
                public static DataOperationsCatalog.TrainTestData Run(IDataView data)
                    => {|MLOPS101:new MLContext()|}.Data.TrainTestSplit(data, 0.3);
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task TopLevelStatements_AreReported()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using Microsoft.ML;

                var mlContext = {|MLOPS101:new MLContext()|};
                var data = mlContext.Data.LoadFromTextFile<Row>("data.csv", hasHeader: true, separatorChar: ',');
                var split = mlContext.Data.TrainTestSplit(data);
                var model = mlContext.Regression.Trainers.Sdca(labelColumnName: "Label").Fit(split.TrainSet);

                public sealed class Row
                {
                    [Microsoft.ML.Data.LoadColumn(0)] public float Label { get; set; }
                    [Microsoft.ML.Data.LoadColumn(1), Microsoft.ML.Data.VectorType(3)] public float[] Features { get; set; } = new float[3];
                }
                """,
        };
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        await test.RunAsync();
    }

    [Fact]
    public async Task MessageNamesTheRandomOperation()
    {
        var source = Usings + """
            public static class Program
            {
                public static void Main()
                {
                    var ctx = new MLContext();
                    var data = ctx.Data.LoadFromTextFile<SentimentIssue>("x.tsv");
                    var folds = ctx.Data.CrossValidationSplit(data, numberOfFolds: 10);
                }
            }
            """;
        await Verify.VerifyAsync(source, Verify.Diagnostic("MLOPS101").WithSpan(22, 19, 22, 34).WithArguments("CrossValidationSplit"));
    }

    // ---------- negatives ----------

    [Fact]
    public async Task ContextPassedToAHelperOfAnotherTypeThatTrains_IsReported()
    {
        // The shape of many public projects: Program creates the context, a ModelBuilder class in another file splits and trains.
        var program = Usings + """
            public static class Program
            {
                public static void Main()
                {
                    var mlContext = {|#0:new MLContext()|};
                    var data = mlContext.Data.LoadFromEnumerable(new[] { new SentimentIssue { Label = true, Text = "good" } });
                    var model = ModelBuilder.Train(mlContext, data);
                }
            }
            """;
        var builder = """
            using Microsoft.ML;

            public static class ModelBuilder
            {
                public static ITransformer Train(MLContext mlContext, IDataView data)
                {
                    var split = Split(mlContext, data);
                    var pipeline = mlContext.Transforms.Text.FeaturizeText("Features", "Text")
                        .Append(mlContext.BinaryClassification.Trainers.SdcaLogisticRegression());
                    return pipeline.Fit(split.TrainSet);
                }

                private static DataOperationsCatalog.TrainTestData Split(MLContext context, IDataView data)
                    => context.Data.TrainTestSplit(data, testFraction: 0.2);
            }
            """;

        var test = new Verify.Test();
        test.TestState.Sources.Add(("Program.cs", program));
        test.TestState.Sources.Add(("ModelBuilder.cs", builder));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(UnseededMLContextAnalyzer.Rule).WithLocation(0).WithArguments("TrainTestSplit"));
        await test.RunAsync();
    }

    [Fact]
    public async Task ContextPassedToAHelperOfAnotherTypeThatOnlyScores_IsNotReported()
    {
        var source = Usings + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext();
                    var prediction = Scorer.Score(mlContext, args[0], new SentimentIssue { Text = "great" });
                }
            }

            public static class Scorer
            {
                public static bool Score(MLContext mlContext, string modelPath, SentimentIssue input)
                {
                    var model = mlContext.Model.Load(modelPath, out _);
                    var engine = mlContext.Model.CreatePredictionEngine<SentimentIssue, SentimentPrediction>(model);
                    return engine.Predict(input).Prediction;
                }
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task SeededContext_IsNotReported()
    {
        var source = Usings + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    MLContext mlContext = new MLContext(seed: 0);
                    var data = mlContext.Data.LoadFromTextFile<SentimentIssue>(args[0], hasHeader: true);
                    var split = mlContext.Data.TrainTestSplit(data, testFraction: 0.2);
                    var model = mlContext.BinaryClassification.Trainers.SdcaLogisticRegression().Fit(split.TrainSet);
                    var positional = new MLContext(1);
                    positional.Data.ShuffleRows(data);
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task SeedFromConfiguration_IsNotReported()
    {
        var source = Usings + """
            public sealed class Trainer
            {
                private readonly MLContext _ml;

                public Trainer(int? seed) => _ml = new MLContext(seed);

                public IDataView Shuffle(IDataView data) => _ml.Data.ShuffleRows(data);
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task ScoringOnlyController_IsNotReported()
    {
        var source = Usings + """
            public sealed class SentimentController
            {
                private readonly MLContext _mlContext = new MLContext();
                private readonly PredictionEngine<SentimentIssue, SentimentPrediction> _engine;

                public SentimentController(string modelPath)
                {
                    ITransformer model = _mlContext.Model.Load(modelPath, out DataViewSchema schema);
                    _engine = _mlContext.Model.CreatePredictionEngine<SentimentIssue, SentimentPrediction>(model);
                }

                public bool Predict(string text) => _engine.Predict(new SentimentIssue { Text = text }).Prediction;
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task BatchScoringWithTransformAndEvaluate_IsNotReported()
    {
        var source = Usings + """
            public static class BatchScorer
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext();
                    var model = mlContext.Model.Load(args[0], out var schema);
                    var data = mlContext.Data.LoadFromTextFile<SentimentIssue>(args[1], hasHeader: true);
                    var scored = model.Transform(data);
                    var metrics = mlContext.BinaryClassification.Evaluate(scored);
                    var rows = mlContext.Data.CreateEnumerable<SentimentPrediction>(mlContext.Data.TakeRows(scored, 10), reuseRowObject: false);
                    Console.WriteLine(metrics.Accuracy);
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task SplitAndShuffleWithExplicitSeed_AreNotReported()
    {
        var source = Usings + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext();
                    var data = mlContext.Data.LoadFromTextFile<SentimentIssue>(args[0], hasHeader: true);
                    var split = mlContext.Data.TrainTestSplit(data, testFraction: 0.2, seed: 42);
                    var shuffled = mlContext.Data.ShuffleRows(data, seed: 7);
                    var folds = mlContext.Data.CrossValidationSplit(data, 5, seed: 1);
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task DeterministicTrainersAndTrainerWithSeededOptions_AreNotReported()
    {
        var source = Usings + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext();
                    var data = mlContext.Data.LoadFromTextFile<SentimentIssue>(args[0], hasHeader: true);
                    var lbfgs = mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression();
                    var bayes = mlContext.MulticlassClassification.Trainers.NaiveBayes();
                    var lgbm = mlContext.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options { Seed = 1, NumberOfIterations = 100 });
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task TreeEnsembleTrainersSeededByTheirOwnOptions_AreNotReported()
    {
        // Field trial: FastTree, FastTreeTweedie, FastForest and GAM draw from their own generator, seeded by
        // TreeOptions.Seed (default 123), not from the MLContext: the same model comes out whatever the context seed.
        // A train/evaluate/save program whose only "random" step is such a trainer is reproducible as written.
        var source = Usings + """
            public static class ClinicModel
            {
                public static void Main(string[] args)
                {
                    var ctx = new MLContext();
                    var train = ctx.Data.LoadFromTextFile<SentimentIssue>(args[0], hasHeader: true, separatorChar: ';');
                    var test = ctx.Data.LoadFromTextFile<SentimentIssue>(args[1], hasHeader: true, separatorChar: ';');
                    var pipeline = ctx.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text))
                        .Append(ctx.BinaryClassification.Trainers.FastTree(labelColumnName: "Label", featureColumnName: "Features"));
                    var model = pipeline.Fit(train);
                    var metrics = ctx.BinaryClassification.Evaluate(model.Transform(test));
                    ctx.Model.Save(model, train.Schema, args[2]);
                }

                public static void Compare(MLContext unused, IDataView data)
                {
                    var ctx = new MLContext();
                    var forest = ctx.Regression.Trainers.FastForest().Fit(data);
                    var tweedie = ctx.Regression.Trainers.FastTreeTweedie().Fit(data);
                    var gam = ctx.Regression.Trainers.Gam().Fit(data);
                    var ranker = ctx.Ranking.Trainers.FastTree().Fit(data);
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task TreeEnsembleTrainerNextToUnseededSplit_IsReported()
    {
        var source = Usings + """
            public static class ClinicModel
            {
                public static void Main(string[] args)
                {
                    var ctx = {|MLOPS101:new MLContext()|};
                    var all = ctx.Data.LoadFromTextFile<SentimentIssue>(args[0], hasHeader: true);
                    var split = ctx.Data.TrainTestSplit(all, testFraction: 0.2);
                    var model = ctx.BinaryClassification.Trainers.FastTree().Fit(split.TrainSet);
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task MetaTrainerOverDeterministicTrainers_IsNotReported()
    {
        // Regression: 'OneVersusAll(FastTree...)' was reported as drawing random numbers. A meta-trainer trains the
        // binary trainer it wraps once per class (or pair of classes) and draws nothing from the context itself:
        // over FastTree (seeded by its own options) or L-BFGS it is as deterministic as the trainer it wraps.
        var source = Usings + """
            public static class IssueClassifier
            {
                public static void Main(string[] args)
                {
                    var ctx = new MLContext();
                    var train = ctx.Data.LoadFromTextFile<SentimentIssue>(args[0], hasHeader: true);
                    var test = ctx.Data.LoadFromTextFile<SentimentIssue>(args[1], hasHeader: true);
                    var features = ctx.Transforms.Conversion.MapValueToKey("Label")
                        .Append(ctx.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text)));
                    var ova = features.Append(ctx.MulticlassClassification.Trainers.OneVersusAll(
                        ctx.BinaryClassification.Trainers.FastTree(numberOfLeaves: 20, numberOfTrees: 100)));
                    var model = ova.Fit(train);
                    var metrics = ctx.MulticlassClassification.Evaluate(model.Transform(test));
                    Console.WriteLine(metrics.MacroAccuracy);

                    var lbfgs = ctx.BinaryClassification.Trainers.LbfgsLogisticRegression();
                    var pairwise = features.Append(ctx.MulticlassClassification.Trainers.PairwiseCoupling(lbfgs)).Fit(train);
                    ctx.Model.Save(model, train.Schema, args[2]);
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task MetaTrainerOverRandomTrainer_IsReportedForTheWrappedTrainer()
    {
        var source = Usings + """
            public static class IssueClassifier
            {
                public static void Main(string[] args)
                {
                    var ctx = new MLContext();
                    var train = ctx.Data.LoadFromTextFile<SentimentIssue>(args[0], hasHeader: true);
                    var ova = ctx.MulticlassClassification.Trainers.OneVersusAll(ctx.BinaryClassification.Trainers.AveragedPerceptron());
                    var model = ctx.Transforms.Conversion.MapValueToKey("Label")
                        .Append(ctx.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text)))
                        .Append(ova)
                        .Fit(train);
                }

                public static void Pairwise(string path)
                {
                    var ctx = new MLContext();
                    var binary = ctx.BinaryClassification.Trainers.SdcaLogisticRegression();
                    var pairwise = ctx.MulticlassClassification.Trainers.PairwiseCoupling(binary);
                    pairwise.Fit(ctx.Data.LoadFromTextFile<SentimentIssue>(path, hasHeader: true));
                }
            }
            """;
        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic("MLOPS101").WithSpan(22, 19, 22, 34).WithArguments("AveragedPerceptron"),
            Verify.Diagnostic("MLOPS101").WithSpan(33, 19, 33, 34).WithArguments("SdcaLogisticRegression"));
    }

    [Fact]
    public async Task PermutationFeatureImportance_IsReported()
    {
        // PFI shuffles every feature column with a generator drawn from the catalog's context and has no seed
        // parameter: with an unseeded context the importances change on every run. L-BFGS Poisson regression itself
        // is deterministic, so PFI is the only random use here (the shape of ML.NET's own PFI sample).
        var source = Usings + """
            public sealed class HousingData
            {
                [LoadColumn(0)] public float CrimesPerCapita { get; set; }
                [LoadColumn(1)] public float RoomsPerDwelling { get; set; }
                [LoadColumn(2)] public float MedianHomeValue { get; set; }
            }

            public static class Explain
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext();
                    var data = mlContext.Data.LoadFromTextFile<HousingData>(args[0], hasHeader: true, separatorChar: ',');
                    var preprocessed = mlContext.Transforms.Concatenate("Features", nameof(HousingData.CrimesPerCapita), nameof(HousingData.RoomsPerDwelling))
                        .Append(mlContext.Transforms.NormalizeMinMax("Features"))
                        .Fit(data)
                        .Transform(data);
                    var linear = mlContext.Regression.Trainers.LbfgsPoissonRegression(labelColumnName: nameof(HousingData.MedianHomeValue)).Fit(preprocessed);
                    var importance = mlContext.Regression.PermutationFeatureImportance(linear, preprocessed, labelColumnName: nameof(HousingData.MedianHomeValue), permutationCount: 3);
                    Console.WriteLine(importance.Length);
                }

                public static void Binary(MLContext unused, string path, ITransformer model)
                {
                    var ctx = new MLContext();
                    var data = ctx.Data.LoadFromTextFile<SentimentIssue>(path, hasHeader: true);
                    var importance = ctx.BinaryClassification.PermutationFeatureImportanceNonCalibrated(model, model.Transform(data));
                }
            }
            """;
        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic("MLOPS101").WithSpan(29, 25, 29, 40).WithArguments("PermutationFeatureImportance"),
            Verify.Diagnostic("MLOPS101").WithSpan(42, 19, 42, 34).WithArguments("PermutationFeatureImportanceNonCalibrated"));
    }

    [Fact]
    public async Task PermutationFeatureImportanceWithSeededContext_IsNotReported()
    {
        var source = Usings + """
            public sealed class Explainer
            {
                private readonly MLContext _mlContext = new MLContext(seed: 1);

                public void Explain(string modelPath, string dataPath)
                {
                    var model = _mlContext.Model.Load(modelPath, out _);
                    var data = model.Transform(_mlContext.Data.LoadFromTextFile<SentimentIssue>(dataPath, hasHeader: true));
                    var linear = (ISingleFeaturePredictionTransformer<object>)((TransformerChain<ITransformer>)model).LastTransformer;
                    var importance = _mlContext.BinaryClassification.PermutationFeatureImportance(linear, data, permutationCount: 5);
                }
            }

            public static class Ranking
            {
                // A method of your own that happens to have the same name is not ML.NET's.
                public static double[] PermutationFeatureImportance(this RegressionCatalog catalog, double[] weights) => weights;

                public static void Main(string[] args)
                {
                    var ctx = new MLContext();
                    var weights = ctx.Regression.PermutationFeatureImportance(new[] { 0.5, 0.25 });
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task UnseededContextInOtherTypeThanTheRandomUse_IsNotReported()
    {
        // The rule follows a context inside one type only: flows across types are not guessed.
        var source = Usings + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext();
                    new Trainer(mlContext).Run(args[0]);
                }
            }

            public sealed class Trainer
            {
                private readonly MLContext _ml;
                public Trainer(MLContext ml) => _ml = ml;
                public void Run(string path) => _ml.Data.ShuffleRows(_ml.Data.LoadFromTextFile<SentimentIssue>(path));
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task TwoContexts_OnlyTheTrainingOneIsReported()
    {
        var source = Usings + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var scoringContext = new MLContext();
                    var model = scoringContext.Model.Load(args[0], out var schema);

                    var trainingContext = {|MLOPS101:new MLContext()|};
                    var data = trainingContext.Data.LoadFromTextFile<SentimentIssue>(args[1]);
                    trainingContext.Clustering.Trainers.KMeans(numberOfClusters: 3).Fit(data);
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task SeededContextReassignedFromParameter_IsNotReported()
    {
        var source = Usings + """
            public sealed class Pipeline
            {
                public MLContext Context { get; } = new MLContext(seed: 1);

                public void Train(IDataView data)
                {
                    var split = Context.Data.TrainTestSplit(data);
                    Context.Regression.Trainers.FastForest().Fit(split.TrainSet);
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task NoMLNetReference_IsSilent()
    {
        var test = new Verify.Test
        {
            TestCode = """
                public sealed class MLContext
                {
                    public MLContext(int? seed = null) { }
                    public object Data => new object();
                }

                public static class Program
                {
                    public static void Main() { var ctx = new MLContext(); _ = ctx.Data; }
                }
                """,
        };
        test.TestState.AdditionalReferences.Clear();
        test.TestState.AdditionalReferences.AddRange(MLOps.Analyzers.Tests.Verifiers.TestReferences.Platform);
        await test.RunAsync();
    }

    // ---------- robustness ----------

    [Fact]
    public async Task HalfTypedCode_DoesNotCrash()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                public static class Program
                {
                    public static void Main(string[] args)
                    {
                        var mlContext = new MLContext(seed: );
                        var other = new MLContext(;
                        var data = mlContext.Data.LoadFromTextFile<SentimentIssue>(
                        var split = mlContext.Data.TrainTestSplit(data, seed: );
                        other.Data.ShuffleRows(;
                        unknown.Data.TrainTestSplit(data);
                        mlContext.BinaryClassification.Trainers.DoesNotExist();
                        m.Data.TrainTestSplit(
                    }

                    public static void Fine(IDataView view)
                    {
                        MLContext m = {|MLOPS101:new()|};
                        m.Data.ShuffleRows(view);
                    }
                }
                """,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };

        // Broken calls bind to invalid operations and are ignored; the well-formed method next to them is still analysed.
        await test.RunAsync();
    }

    // ---------- suppression and configuration ----------

    [Fact]
    public async Task SuppressMessageAttribute_Suppresses()
    {
        var source = Usings + """
            public static class Program
            {
                [System.Diagnostics.CodeAnalysis.SuppressMessage("Reproducibility", "MLOPS101:MLContext without a seed is used for random operations", Justification = "Exploratory notebook port")]
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext();
                    var split = mlContext.Data.TrainTestSplit(mlContext.Data.LoadFromTextFile<SentimentIssue>(args[0]));
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task EditorConfigSeverityNone_SilencesTheRule()
    {
        var source = Usings + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = {|#0:new MLContext()|};
                    var split = mlContext.Data.TrainTestSplit(mlContext.Data.LoadFromTextFile<SentimentIssue>(args[0]));
                }
            }
            """;
        await Verify.VerifyAsync(source, Verify.Diagnostic("MLOPS101").WithLocation(0).WithArguments("TrainTestSplit"));
        await Verify.VerifyAsync(source.Replace("{|#0:", string.Empty, StringComparison.Ordinal).Replace(")|};", ");", StringComparison.Ordinal), "dotnet_diagnostic.MLOPS101.severity = none");
    }

    // ---------- code fix ----------

    [Fact]
    public async Task CodeFix_AddsSeedArgument()
    {
        var source = Usings + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = {|MLOPS101:new MLContext()|};
                    var split = mlContext.Data.TrainTestSplit(mlContext.Data.LoadFromTextFile<SentimentIssue>(args[0]));
                }
            }
            """;
        var fixedSource = Usings + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 0);
                    var split = mlContext.Data.TrainTestSplit(mlContext.Data.LoadFromTextFile<SentimentIssue>(args[0]));
                }
            }
            """;
        await VerifyFix.VerifyCodeFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task CodeFix_ReplacesNullSeed_AndFixesAll()
    {
        var source = Usings + """
            public sealed class Jobs
            {
                private readonly MLContext _a = {|MLOPS101:new MLContext(seed: null)|};
                private readonly MLContext _b = {|MLOPS101:new MLContext()|};

                public void Run(IDataView data)
                {
                    _a.Data.ShuffleRows(data);
                    _b.Regression.Trainers.Sdca().Fit(data);
                }
            }
            """;
        var fixedSource = Usings + """
            public sealed class Jobs
            {
                private readonly MLContext _a = new MLContext(seed: 0);
                private readonly MLContext _b = new MLContext(seed: 0);

                public void Run(IDataView data)
                {
                    _a.Data.ShuffleRows(data);
                    _b.Regression.Trainers.Sdca().Fit(data);
                }
            }
            """;
        await VerifyFix.VerifyCodeFixAsync(source, fixedSource);
    }
}
