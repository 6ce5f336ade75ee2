using Microsoft.CodeAnalysis.Testing;
using MLOps.Analyzers.Tests.Verifiers;
using MLOps.Analyzers.Validation;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MLOps.Analyzers.Validation.EvaluatedOnTrainingDataAnalyzer>;
using VerifyFix = MLOps.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    MLOps.Analyzers.Validation.EvaluatedOnTrainingDataAnalyzer,
    MLOps.Analyzers.CodeFixes.Validation.EvaluatedOnTrainingDataCodeFixProvider>;

namespace MLOps.Analyzers.Tests.Validation;

public sealed class EvaluatedOnTrainingDataAnalyzerTests
{
    private const string P = ValidationTestCode.Prelude;

    // ---------------------------------------------------------------- positives

    [Fact]
    public async Task SplitTrainSetUsedForFitAndEvaluate_Reports()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main()
                {
                    var mlContext = new MLContext(seed: 1);
                    IDataView dataView = mlContext.Data.LoadFromTextFile<SentimentIssue>("wikiDetoxAnnotated40kRows.tsv", hasHeader: true);
                    var trainTestSplit = mlContext.Data.TrainTestSplit(dataView, testFraction: 0.2);
                    var pipeline = mlContext.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text))
                        .Append(mlContext.BinaryClassification.Trainers.SdcaLogisticRegression("Label", "Features"));
                    ITransformer trainedModel = pipeline.Fit(trainTestSplit.TrainSet);
                    var predictions = trainedModel.Transform({|MLOPS402:trainTestSplit.TrainSet|});
                    var metrics = mlContext.BinaryClassification.Evaluate(data: predictions, labelColumnName: "Label", scoreColumnName: "Score");
                    Console.WriteLine(metrics.AreaUnderRocCurve);
                }
            }
            """);
    }

    [Fact]
    public async Task SameLocalUsedForFitAndEvaluate_Reports()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main()
                {
                    var mlContext = new MLContext(seed: 0);
                    IDataView trainingData = mlContext.Data.LoadFromTextFile<TaxiTrip>("taxi-fare-train.csv", hasHeader: true, separatorChar: ',');
                    var pipeline = mlContext.Transforms.CopyColumns("Label", nameof(TaxiTrip.FareAmount))
                        .Append(mlContext.Transforms.Categorical.OneHotEncoding("VendorIdEncoded", nameof(TaxiTrip.VendorId)))
                        .Append(mlContext.Transforms.Concatenate("Features", "VendorIdEncoded", nameof(TaxiTrip.PassengerCount), nameof(TaxiTrip.TripDistance)))
                        .Append(mlContext.Regression.Trainers.Sdca(labelColumnName: "Label", featureColumnName: "Features"));
                    var model = pipeline.Fit(trainingData);
                    IDataView predictions = model.Transform({|MLOPS402:trainingData|});
                    var metrics = mlContext.Regression.Evaluate(predictions, "Label", "Score");
                    Console.WriteLine($"RSquared: {metrics.RSquared:0.##}");
                }
            }
            """);
    }

    [Fact]
    public async Task AliasOfTrainSetAndInlineTransform_Reports()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 1);
                    var data = mlContext.Data.LoadFromTextFile<IrisData>(args[0], separatorChar: ',');
                    var split = mlContext.Data.TrainTestSplit(data, testFraction: 0.1);
                    IDataView trainingDataView = split.TrainSet;
                    var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label")
                        .Append(mlContext.Transforms.Concatenate("Features", "SepalLength", "SepalWidth", "PetalLength", "PetalWidth"))
                        .Append(mlContext.MulticlassClassification.Trainers.SdcaMaximumEntropy());
                    var model = pipeline.Fit(trainingDataView);
                    var metrics = mlContext.MulticlassClassification.Evaluate(model.Transform({|MLOPS402:trainingDataView|}));
                    Console.WriteLine(metrics.MacroAccuracy);
                }
            }
            """);
    }

    [Fact]
    public async Task FullDataSetThatWasSplit_Reports()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 1);
                    IDataView data = mlContext.Data.LoadFromTextFile<TaxiTrip>(args[0], hasHeader: true, separatorChar: ',');
                    var split = mlContext.Data.TrainTestSplit(data, testFraction: 0.2);
                    var pipeline = mlContext.Transforms.Concatenate("Features", nameof(TaxiTrip.TripDistance))
                        .Append(mlContext.Regression.Trainers.FastTree(labelColumnName: nameof(TaxiTrip.FareAmount)));
                    var model = pipeline.Fit(split.TrainSet);
                    var metrics = mlContext.Regression.Evaluate(model.Transform({|MLOPS402:data|}), labelColumnName: nameof(TaxiTrip.FareAmount));
                    Console.WriteLine(metrics.RootMeanSquaredError);
                }
            }
            """);
    }

    [Fact]
    public async Task TrainedOnAllDataAndEvaluatedOnItsTestPart_Reports()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 1);
                    IDataView data = mlContext.Data.LoadFromTextFile<SentimentIssue>(args[0], hasHeader: true);
                    var split = mlContext.Data.TrainTestSplit(data, testFraction: 0.2);
                    var pipeline = mlContext.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text))
                        .Append(mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression());
                    var model = pipeline.Fit(data);
                    var metrics = mlContext.BinaryClassification.Evaluate(model.Transform({|MLOPS402:split.TestSet|}));
                    Console.WriteLine(metrics.F1Score);
                }
            }
            """);
    }

    [Fact]
    public async Task InlineFitAndParameterData_EvaluateNonCalibrated_Reports()
    {
        await Verify.VerifyAsync(P + """
            public static class Trainer
            {
                public static double TrainAndScore(MLContext mlContext, IDataView trainData)
                {
                    var pipeline = mlContext.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text))
                        .Append(mlContext.BinaryClassification.Trainers.AveragedPerceptron(numberOfIterations: 10));
                    var metrics = mlContext.BinaryClassification.EvaluateNonCalibrated(
                        labelColumnName: "Label",
                        data: pipeline.Fit(trainData).Transform({|MLOPS402:trainData|}));
                    return metrics.Accuracy;
                }
            }
            """);
    }

    [Fact]
    public async Task ClusteringEvaluatedOnClusteredData_NoDiagnostic()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 1);
                    IDataView fullData = mlContext.Data.LoadFromTextFile<IrisData>(args[0], separatorChar: ',');
                    var trainingDataView = mlContext.Data.TrainTestSplit(fullData, testFraction: 0.2).TrainSet;
                    var pipeline = mlContext.Transforms.Concatenate("Features", "SepalLength", "SepalWidth", "PetalLength", "PetalWidth")
                        .Append(mlContext.Clustering.Trainers.KMeans("Features", numberOfClusters: 3));
                    var model = pipeline.Fit(trainingDataView);
                    // Unsupervised: the metrics describe how these very rows are grouped.
                    var predictions = model.Transform(trainingDataView);
                    var metrics = mlContext.Clustering.Evaluate(predictions, scoreColumnName: "Score", featureColumnName: "Features");
                    Console.WriteLine(metrics.AverageDistance);
                }
            }
            """);
    }

    [Fact]
    public async Task AnomalyDetectionScoredOnItsTrainingRows_Reports()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(MLContext mlContext, IDataView transactions)
                {
                    var pipeline = mlContext.Transforms.Concatenate("Features", nameof(TaxiTrip.TripDistance), nameof(TaxiTrip.FareAmount))
                        .Append(mlContext.AnomalyDetection.Trainers.RandomizedPca(featureColumnName: "Features", rank: 1));
                    var model = pipeline.Fit(transactions);
                    var metrics = mlContext.AnomalyDetection.Evaluate(model.Transform({|MLOPS402:transactions|}));
                    Console.WriteLine(metrics.AreaUnderRocCurve);
                }
            }
            """);
    }

    [Fact]
    public async Task MessageNamesTheDataAndTheReason()
    {
        await Verify.VerifyAsync(
            P + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 1);
                    IDataView data = mlContext.Data.LoadFromTextFile<TaxiTrip>(args[0], hasHeader: true, separatorChar: ',');
                    var split = mlContext.Data.TrainTestSplit(data);
                    var pipeline = mlContext.Transforms.Concatenate("Features", nameof(TaxiTrip.TripDistance))
                        .Append(mlContext.Regression.Trainers.Sdca(labelColumnName: nameof(TaxiTrip.FareAmount)));
                    var model = pipeline.Fit(split.TrainSet);
                    var metrics = {|#1:mlContext.Regression.Evaluate(model.Transform({|#0:data|}), nameof(TaxiTrip.FareAmount))|};
                }
            }
            """,
            Verify.Diagnostic(EvaluatedOnTrainingDataAnalyzer.Rule)
                .WithLocation(0)
                .WithLocation(1)
                .WithArguments("data", "the full data set it was split from, which contains its training rows"));
    }

    // ---------------------------------------------------------------- negatives

    [Fact]
    public async Task EvaluatedOnTestSet_NoDiagnostic()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main()
                {
                    var mlContext = new MLContext(seed: 1);
                    IDataView dataView = mlContext.Data.LoadFromTextFile<SentimentIssue>("wikiDetoxAnnotated40kRows.tsv", hasHeader: true);
                    var trainTestSplit = mlContext.Data.TrainTestSplit(dataView, testFraction: 0.2);
                    IDataView trainingData = trainTestSplit.TrainSet;
                    IDataView testData = trainTestSplit.TestSet;
                    var dataProcessPipeline = mlContext.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text));
                    var trainer = mlContext.BinaryClassification.Trainers.SdcaLogisticRegression("Label", "Features");
                    var trainingPipeline = dataProcessPipeline.Append(trainer);
                    var trainedModel = trainingPipeline.Fit(trainingData);
                    var predictions = trainedModel.Transform(testData);
                    var metrics = mlContext.BinaryClassification.Evaluate(data: predictions, labelColumnName: "Label", scoreColumnName: "Score");
                    mlContext.Model.Save(trainedModel, trainingData.Schema, "SentimentModel.zip");
                }
            }
            """);
    }

    [Fact]
    public async Task TrainingMetricsNextToTestMetrics_NoDiagnostic()
    {
        // Comparing training and test metrics is how over-fitting is spotted: deliberate, not leakage.
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 1);
                    var data = mlContext.Data.LoadFromTextFile<TaxiTrip>(args[0], hasHeader: true, separatorChar: ',');
                    var split = mlContext.Data.TrainTestSplit(data, testFraction: 0.2);
                    var pipeline = mlContext.Transforms.Concatenate("Features", nameof(TaxiTrip.TripDistance), nameof(TaxiTrip.PassengerCount))
                        .Append(mlContext.Regression.Trainers.FastTree(labelColumnName: nameof(TaxiTrip.FareAmount)));
                    var model = pipeline.Fit(split.TrainSet);
                    var trainMetrics = mlContext.Regression.Evaluate(model.Transform(split.TrainSet), nameof(TaxiTrip.FareAmount));
                    var testMetrics = mlContext.Regression.Evaluate(model.Transform(split.TestSet), nameof(TaxiTrip.FareAmount));
                    Console.WriteLine($"train R2 {trainMetrics.RSquared}, test R2 {testMetrics.RSquared}");
                }
            }
            """);
    }

    [Fact]
    public async Task SeparateTestFile_NoDiagnostic()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                private const string TrainDataPath = "taxi-fare-train.csv";
                private const string TestDataPath = "taxi-fare-test.csv";

                public static void Main()
                {
                    var mlContext = new MLContext(seed: 0);
                    IDataView baseTrainingDataView = mlContext.Data.LoadFromTextFile<TaxiTrip>(TrainDataPath, hasHeader: true, separatorChar: ',');
                    IDataView testDataView = mlContext.Data.LoadFromTextFile<TaxiTrip>(TestDataPath, hasHeader: true, separatorChar: ',');
                    var trainingPipeline = mlContext.Transforms.CopyColumns("Label", nameof(TaxiTrip.FareAmount))
                        .Append(mlContext.Transforms.Concatenate("Features", nameof(TaxiTrip.TripDistance)))
                        .Append(mlContext.Regression.Trainers.Sdca(labelColumnName: "Label", featureColumnName: "Features"));
                    var trainedModel = trainingPipeline.Fit(baseTrainingDataView);
                    IDataView predictions = trainedModel.Transform(testDataView);
                    var metrics = mlContext.Regression.Evaluate(predictions, labelColumnName: "Label", scoreColumnName: "Score");
                    mlContext.Model.Save(trainedModel, baseTrainingDataView.Schema, "TaxiFareModel.zip");
                }
            }
            """);
    }

    [Fact]
    public async Task LocalReassignedBetweenFitAndEvaluate_NoDiagnostic()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 1);
                    IDataView data = mlContext.Data.LoadFromTextFile<TaxiTrip>(args[0], hasHeader: true, separatorChar: ',');
                    var pipeline = mlContext.Transforms.Concatenate("Features", nameof(TaxiTrip.TripDistance))
                        .Append(mlContext.Regression.Trainers.Sdca(labelColumnName: nameof(TaxiTrip.FareAmount)));
                    var model = pipeline.Fit(data);
                    data = mlContext.Data.LoadFromTextFile<TaxiTrip>(args[1], hasHeader: true, separatorChar: ',');
                    var metrics = mlContext.Regression.Evaluate(model.Transform(data), nameof(TaxiTrip.FareAmount));
                }
            }
            """);
    }

    [Fact]
    public async Task ModelLoadedFromDisk_NoDiagnostic()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 1);
                    IDataView data = mlContext.Data.LoadFromTextFile<SentimentIssue>(args[0], hasHeader: true);
                    ITransformer model = mlContext.Model.Load(args[1], out var inputSchema);
                    var metrics = mlContext.BinaryClassification.Evaluate(model.Transform(data));
                    Console.WriteLine(metrics.Accuracy);
                }
            }
            """);
    }

    [Fact]
    public async Task EvaluationHelperReceivingModelAndTestData_NoDiagnostic()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Evaluate(MLContext mlContext, ITransformer model, IDataView splitTestSet)
                {
                    IDataView predictions = model.Transform(splitTestSet);
                    var metrics = mlContext.BinaryClassification.Evaluate(predictions, "Label");
                    Console.WriteLine($"Accuracy: {metrics.Accuracy:P2}");
                }

                public static ITransformer BuildAndTrainModel(MLContext mlContext, IDataView splitTrainSet)
                {
                    var estimator = mlContext.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text))
                        .Append(mlContext.BinaryClassification.Trainers.SdcaLogisticRegression("Label", "Features"));
                    return estimator.Fit(splitTrainSet);
                }
            }
            """);
    }

    [Fact]
    public async Task TrainSetHandedToAnEvaluatingHelper_ReportsAtTheCallAndFixes()
    {
        // The sentiment sample's shape, with the leak: Main fits, a helper (two deep) evaluates what it is given.
        const string Program = """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 1);
                    var split = mlContext.Data.TrainTestSplit(mlContext.Data.LoadFromTextFile<SentimentIssue>(args[0]), testFraction: 0.2);
                    var model = mlContext.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text))
                        .Append(mlContext.BinaryClassification.Trainers.SdcaLogisticRegression("Label", "Features"))
                        .Fit(split.TrainSet);
                    ModelMetrics.Report(mlContext, model, SPLIT);
                }
            }

            """;

        await Verify.VerifyAsync(
            P + Program.Replace("SPLIT", "{|#0:split.TrainSet|}", StringComparison.Ordinal) + """
            public static class ModelMetrics
            {
                public static void Evaluate(MLContext mlContext, ITransformer model, IDataView data)
                {
                    IDataView predictions = model.Transform(data);
                    var metrics = mlContext.BinaryClassification.Evaluate(predictions, "Label");
                    Console.WriteLine($"Accuracy: {metrics.Accuracy:P2}");
                }

                public static void Report(MLContext mlContext, ITransformer model, IDataView data) => Evaluate(mlContext, model, data);
            }
            """,
            Verify.Diagnostic(EvaluatedOnTrainingDataAnalyzer.Rule).WithLocation(0)
                .WithArguments("split.TrainSet", "the data it was trained on (through ModelMetrics.Report)")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));

        await VerifyFix.VerifyCodeFixAsync(
            P + Program.Replace("SPLIT", "{|MLOPS402:split.TrainSet|}", StringComparison.Ordinal) + """
            public static class ModelMetrics
            {
                public static void Evaluate(MLContext mlContext, ITransformer model, IDataView data)
                {
                    IDataView predictions = model.Transform(data);
                    var metrics = mlContext.BinaryClassification.Evaluate(predictions, "Label");
                    Console.WriteLine($"Accuracy: {metrics.Accuracy:P2}");
                }

                public static void Report(MLContext mlContext, ITransformer model, IDataView data) => Evaluate(mlContext, model, data);
            }
            """,
            P + Program.Replace("SPLIT", "split.TestSet", StringComparison.Ordinal) + """
            public static class ModelMetrics
            {
                public static void Evaluate(MLContext mlContext, ITransformer model, IDataView data)
                {
                    IDataView predictions = model.Transform(data);
                    var metrics = mlContext.BinaryClassification.Evaluate(predictions, "Label");
                    Console.WriteLine($"Accuracy: {metrics.Accuracy:P2}");
                }

                public static void Report(MLContext mlContext, ITransformer model, IDataView data) => Evaluate(mlContext, model, data);
            }
            """);
    }

    [Fact]
    public async Task TestSetHandedToAnEvaluatingHelper_NextToTrainingMetrics_NoDiagnostic()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 1);
                    var split = mlContext.Data.TrainTestSplit(mlContext.Data.LoadFromTextFile<SentimentIssue>(args[0]), testFraction: 0.2);
                    var model = mlContext.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text))
                        .Append(mlContext.BinaryClassification.Trainers.SdcaLogisticRegression("Label", "Features"))
                        .Fit(split.TrainSet);
                    ModelMetrics.Evaluate(mlContext, model, split.TestSet);
                    // Training metrics next to test metrics, to watch over-fitting: deliberate.
                    ModelMetrics.Report(mlContext, model, split.TrainSet);
                }
            }

            public static class ModelMetrics
            {
                public static void Evaluate(MLContext mlContext, ITransformer model, IDataView data)
                {
                    IDataView predictions = model.Transform(data);
                    var metrics = mlContext.BinaryClassification.Evaluate(predictions, "Label");
                    Console.WriteLine($"Accuracy: {metrics.Accuracy:P2}");
                }

                public static void Report(MLContext mlContext, ITransformer model, IDataView data) => Evaluate(mlContext, model, data);
            }
            """);
    }

    [Fact]
    public async Task CrossValidationFolds_NoDiagnostic()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 1);
                    var data = mlContext.Data.LoadFromTextFile<TaxiTrip>(args[0], hasHeader: true, separatorChar: ',');
                    var pipeline = mlContext.Transforms.Concatenate("Features", nameof(TaxiTrip.TripDistance))
                        .Append(mlContext.Regression.Trainers.Sdca(labelColumnName: nameof(TaxiTrip.FareAmount)));
                    foreach (var fold in mlContext.Data.CrossValidationSplit(data, numberOfFolds: 5))
                    {
                        var model = pipeline.Fit(fold.TrainSet);
                        var metrics = mlContext.Regression.Evaluate(model.Transform(fold.TestSet), nameof(TaxiTrip.FareAmount));
                        Console.WriteLine(metrics.RSquared);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task CrossValidateThenFinalFitMetrics_NoDiagnostic()
    {
        // Cross-validation is the validation here; metrics of the final all-data model are extra information.
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 1);
                    var data = mlContext.Data.LoadFromTextFile<SentimentIssue>(args[0], hasHeader: true);
                    var pipeline = mlContext.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text))
                        .Append(mlContext.BinaryClassification.Trainers.SdcaLogisticRegression());
                    var cvResults = mlContext.BinaryClassification.CrossValidate(data, pipeline, numberOfFolds: 5);
                    Console.WriteLine(cvResults.Average(r => r.Metrics.AreaUnderRocCurve));
                    var model = pipeline.Fit(data);
                    var trainingMetrics = mlContext.BinaryClassification.Evaluate(model.Transform(data));
                    mlContext.Model.Save(model, data.Schema, args[1]);
                }
            }
            """);
    }

    [Fact]
    public async Task DataLoadedTwiceByDifferentCalls_NoDiagnostic()
    {
        // Two calls may return different data: the rule does not guess what a call returns.
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                private static IDataView Load(MLContext mlContext, string path)
                    => mlContext.Data.LoadFromTextFile<TaxiTrip>(path, hasHeader: true, separatorChar: ',');

                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 1);
                    var pipeline = mlContext.Transforms.Concatenate("Features", nameof(TaxiTrip.TripDistance))
                        .Append(mlContext.Regression.Trainers.Sdca(labelColumnName: nameof(TaxiTrip.FareAmount)));
                    var model = pipeline.Fit(Load(mlContext, args[0]));
                    var metrics = mlContext.Regression.Evaluate(model.Transform(Load(mlContext, args[1])), nameof(TaxiTrip.FareAmount));
                }
            }
            """);
    }

    [Fact]
    public async Task FieldHeldData_NoDiagnostic()
    {
        await Verify.VerifyAsync(P + """
            public sealed class ChurnModel
            {
                private readonly MLContext _mlContext = new MLContext(seed: 1);
                private IDataView _data;

                public void Run(string trainPath, string testPath)
                {
                    _data = _mlContext.Data.LoadFromTextFile<SentimentIssue>(trainPath, hasHeader: true);
                    var pipeline = _mlContext.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text))
                        .Append(_mlContext.BinaryClassification.Trainers.FastTree());
                    var model = pipeline.Fit(_data);
                    Reload(testPath);
                    var metrics = _mlContext.BinaryClassification.Evaluate(model.Transform(_data));
                }

                private void Reload(string path) => _data = _mlContext.Data.LoadFromTextFile<SentimentIssue>(path, hasHeader: true);
            }
            """);
    }

    [Fact]
    public async Task NonMLMethodsNamedFitAndEvaluate_NoDiagnostic()
    {
        await Verify.VerifyAsync(P + """
            public sealed class Curve
            {
                public Curve Fit(IDataView points) => this;
                public IDataView Transform(IDataView data) => data;
            }

            public static class Stats
            {
                public static double Evaluate(IDataView data) => 0;
            }

            public static class Program
            {
                public static void Main(IDataView data)
                {
                    var curve = new Curve().Fit(data);
                    Console.WriteLine(Stats.Evaluate(curve.Transform(data)));
                }
            }
            """);
    }

    [Fact]
    public async Task PermutationFeatureImportanceOnTrainingData_NoDiagnostic()
    {
        // PFI is not an evaluation (decided once for MLOPS401 and MLOPS402: it returns metric drops per feature,
        // never the model's metrics): computing it on the training set is common and not reported.
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 1);
                    var data = mlContext.Data.LoadFromTextFile<TaxiTrip>(args[0], hasHeader: true, separatorChar: ',');
                    var split = mlContext.Data.TrainTestSplit(data);
                    var features = mlContext.Transforms.Concatenate("Features", nameof(TaxiTrip.TripDistance), nameof(TaxiTrip.PassengerCount));
                    var preprocessed = features.Fit(split.TrainSet).Transform(split.TrainSet);
                    var linear = mlContext.Regression.Trainers.Sdca(labelColumnName: nameof(TaxiTrip.FareAmount)).Fit(preprocessed);
                    var pfi = mlContext.Regression.PermutationFeatureImportance(linear, preprocessed, labelColumnName: nameof(TaxiTrip.FareAmount));
                    var metrics = mlContext.Regression.Evaluate(linear.Transform(features.Fit(split.TrainSet).Transform(split.TestSet)), nameof(TaxiTrip.FareAmount));
                }
            }
            """);
    }

    // ---------------------------------------------------------------- robustness and configuration

    [Fact]
    public async Task HalfTypedCode_NoCrash()
    {
        var test = new Verify.Test
        {
            TestCode = P + """
                public static class Program
                {
                    public static void Main(string[] args)
                    {
                        var mlContext = new MLContext(seed: 1);
                        var split = mlContext.Data.TrainTestSplit(;
                        var model = pipeline.Fit(split.TrainSet);
                        var metrics = mlContext.Regression.Evaluate(model.Transform(split.);
                        var other = mlContext.BinaryClassification.Evaluate();
                        var third = mlContext.Regression.Evaluate(undefined.Transform(split.TrainSet));
                        var fourth = mlContext.Regression.Evaluate(model.Transform());
                    }
                }
                """,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task WithoutMLNetReference_NoDiagnostic()
    {
        var test = new Verify.Test
        {
            TestCode = """
                public interface IDataView { }
                public sealed class Model { public IDataView Transform(IDataView d) => d; }
                public sealed class Pipeline { public Model Fit(IDataView d) => new Model(); }
                public static class Regression { public static double Evaluate(IDataView d) => 0; }

                public static class Program
                {
                    public static void Main(IDataView train)
                    {
                        var model = new Pipeline().Fit(train);
                        System.Console.WriteLine(Regression.Evaluate(model.Transform(train)));
                    }
                }
                """,
        };
        test.TestState.AdditionalReferences.Clear();
        test.TestState.AdditionalReferences.AddRange(TestReferences.Platform);
        await test.RunAsync();
    }

    [Fact]
    public async Task TestProject_NoDiagnostic()
    {
        var test = new Verify.Test { TestCode = P + LeakySnippet(string.Empty) };
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.IsTestProject = true\n"));
        await test.RunAsync();
    }

    [Fact]
    public async Task SuppressMessageAttribute_NoDiagnostic()
    {
        await Verify.VerifyAsync(P + LeakySnippet(
            """[System.Diagnostics.CodeAnalysis.SuppressMessage("Validation", "MLOPS402:Model is evaluated on its training data", Justification = "Smoke check of the training fit")]"""));
    }

    [Fact]
    public async Task EditorConfigSeverityNone_NoDiagnostic()
    {
        await Verify.VerifyAsync(P + LeakySnippet(string.Empty), editorConfig: "dotnet_diagnostic.MLOPS402.severity = none");
    }

    // ---------------------------------------------------------------- code fix

    [Fact]
    public async Task CodeFix_ReplacesTrainSetWithTestSet()
    {
        await VerifyFix.VerifyCodeFixAsync(
            P + LeakySnippet(string.Empty).Replace("model.Transform(split.TrainSet)", "model.Transform({|MLOPS402:split.TrainSet|})", StringComparison.Ordinal),
            P + LeakySnippet(string.Empty).Replace("model.Transform(split.TrainSet)", "model.Transform(split.TestSet)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CodeFix_FixAllInDocument()
    {
        const string Before = """
            public static class Program
            {
                public static void Binary(MLContext mlContext, IDataView data)
                {
                    var split = mlContext.Data.TrainTestSplit(data, testFraction: 0.2);
                    var model = mlContext.BinaryClassification.Trainers.FastTree().Fit(split.TrainSet);
                    var metrics = mlContext.BinaryClassification.Evaluate(model.Transform({|MLOPS402:split.TrainSet|}));
                }

                public static void Regression(MLContext mlContext, IDataView data)
                {
                    var parts = mlContext.Data.TrainTestSplit(data, testFraction: 0.3);
                    var model = mlContext.Regression.Trainers.FastTree().Fit(parts.TrainSet);
                    var metrics = mlContext.Regression.Evaluate(model.Transform({|MLOPS402:parts.TrainSet|}));
                }
            }
            """;
        var test = new VerifyFix.Test
        {
            TestCode = P + Before,
            FixedCode = P + Before.Replace("{|MLOPS402:split.TrainSet|}", "split.TestSet", StringComparison.Ordinal)
                .Replace("{|MLOPS402:parts.TrainSet|}", "parts.TestSet", StringComparison.Ordinal),
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task CodeFix_NotOfferedForFullDataSet()
    {
        // The model saw part of 'data': swapping in a TestSet is the user's call, not a mechanical fix.
        var source = P + """
            public static class Program
            {
                public static void Main(MLContext mlContext, IDataView data)
                {
                    var split = mlContext.Data.TrainTestSplit(data, testFraction: 0.2);
                    var model = mlContext.Regression.Trainers.FastTree().Fit(split.TrainSet);
                    var metrics = mlContext.Regression.Evaluate(model.Transform({|MLOPS402:data|}));
                }
            }
            """;
        await VerifyFix.VerifyCodeFixAsync(source, source);
    }

    private static string LeakySnippet(string attribute) => $$"""
        public static class Program
        {
            {{attribute}}
            public static void Main(string[] args)
            {
                var mlContext = new MLContext(seed: 1);
                IDataView data = mlContext.Data.LoadFromTextFile<SentimentIssue>(args[0], hasHeader: true);
                var split = mlContext.Data.TrainTestSplit(data, testFraction: 0.2);
                var pipeline = mlContext.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text))
                    .Append(mlContext.BinaryClassification.Trainers.SdcaLogisticRegression());
                var model = pipeline.Fit(split.TrainSet);
                var metrics = mlContext.BinaryClassification.Evaluate(model.Transform(split.TrainSet));
                Console.WriteLine(metrics.Accuracy);
            }
        }
        """;
}
