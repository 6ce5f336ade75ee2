using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MLOps.Analyzers.Validation.PreprocessingFittedBeforeSplitAnalyzer>;

namespace MLOps.Analyzers.Tests.Validation;

public sealed class PreprocessingFittedBeforeSplitAnalyzerTests
{
    private const string P = ValidationTestCode.Prelude;

    // ---------------------------------------------------------------- positives

    [Fact]
    public async Task NormalizerFittedOnAllRowsThenTrainTestSplit_Reports()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 0);
                    IDataView data = mlContext.Data.LoadFromTextFile<TaxiTrip>(args[0], hasHeader: true, separatorChar: ',');
                    var preprocessing = mlContext.Transforms.Concatenate("Features", nameof(TaxiTrip.PassengerCount), nameof(TaxiTrip.TripDistance))
                        .Append(mlContext.Transforms.NormalizeMinMax("Features"));
                    var preprocessor = {|MLOPS403:preprocessing.Fit(data)|};
                    IDataView prepared = preprocessor.Transform(data);
                    var split = mlContext.Data.TrainTestSplit(prepared, testFraction: 0.2);
                    var model = mlContext.Regression.Trainers.Sdca(labelColumnName: nameof(TaxiTrip.FareAmount)).Fit(split.TrainSet);
                    var metrics = mlContext.Regression.Evaluate(model.Transform(split.TestSet), labelColumnName: nameof(TaxiTrip.FareAmount));
                    Console.WriteLine(metrics.RSquared);
                }
            }
            """);
    }

    [Fact]
    public async Task TextFeaturizedInlineThenCrossValidated_Reports()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 1);
                    var data = mlContext.Data.LoadFromTextFile<SentimentIssue>(args[0], hasHeader: true);
                    var featurized = {|MLOPS403:mlContext.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text)).Fit(data)|}.Transform(data);
                    var trainer = mlContext.BinaryClassification.Trainers.SdcaLogisticRegression();
                    var results = mlContext.BinaryClassification.CrossValidate(featurized, trainer, numberOfFolds: 5);
                    Console.WriteLine(results.Average(r => r.Metrics.AreaUnderRocCurve));
                }
            }
            """);
    }

    [Fact]
    public async Task MeanImputationThenShuffleThenSplit_Reports()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 1);
                    var data = mlContext.Data.LoadFromTextFile<IrisData>(args[0], separatorChar: ',');
                    var imputer = mlContext.Transforms.ReplaceMissingValues(nameof(IrisData.PetalWidth), replacementMode: Microsoft.ML.Transforms.MissingValueReplacingEstimator.ReplacementMode.Mean);
                    var imputed = {|MLOPS403:imputer.Fit(data)|}.Transform(data);
                    var shuffled = mlContext.Data.ShuffleRows(imputed);
                    var split = mlContext.Data.TrainTestSplit(shuffled, testFraction: 0.3);
                    var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label")
                        .Append(mlContext.Transforms.Concatenate("Features", "SepalLength", "SepalWidth", "PetalLength", "PetalWidth"))
                        .Append(mlContext.MulticlassClassification.Trainers.SdcaMaximumEntropy());
                    var model = pipeline.Fit(split.TrainSet);
                    Console.WriteLine(mlContext.MulticlassClassification.Evaluate(model.Transform(split.TestSet)).MacroAccuracy);
                }
            }
            """);
    }

    // ---------------------------------------------------------------- negatives

    [Fact]
    public async Task SplitFirstThenWholePipelineFittedOnTrainSet_NoDiagnostic()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 0);
                    IDataView data = mlContext.Data.LoadFromTextFile<TaxiTrip>(args[0], hasHeader: true, separatorChar: ',');
                    var split = mlContext.Data.TrainTestSplit(data, testFraction: 0.2);
                    var pipeline = mlContext.Transforms.Concatenate("Features", nameof(TaxiTrip.PassengerCount), nameof(TaxiTrip.TripDistance))
                        .Append(mlContext.Transforms.NormalizeMinMax("Features"))
                        .Append(mlContext.Regression.Trainers.Sdca(labelColumnName: nameof(TaxiTrip.FareAmount)));
                    var model = pipeline.Fit(split.TrainSet);
                    Console.WriteLine(mlContext.Regression.Evaluate(model.Transform(split.TestSet), labelColumnName: nameof(TaxiTrip.FareAmount)).RSquared);

                    // Cross-validating the whole pipeline fits the normalizer inside every fold.
                    var folds = mlContext.Regression.CrossValidate(data, pipeline, numberOfFolds: 5, labelColumnName: nameof(TaxiTrip.FareAmount));
                    Console.WriteLine(folds.Count);
                }
            }
            """);
    }

    [Fact]
    public async Task PreprocessingThatLearnsNothingFromTheRows_NoDiagnostic()
    {
        // Concatenation, key mapping of the label, type conversion and replacing missing values by default(T)
        // compute nothing a test row could leak into.
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 1);
                    var data = mlContext.Data.LoadFromTextFile<IrisData>(args[0], separatorChar: ',');
                    var prep = mlContext.Transforms.Conversion.MapValueToKey("Label")
                        .Append(mlContext.Transforms.ReplaceMissingValues(nameof(IrisData.PetalWidth)))
                        .Append(mlContext.Transforms.Concatenate("Features", "SepalLength", "SepalWidth", "PetalLength", "PetalWidth"));
                    var prepared = prep.Fit(data).Transform(data);
                    var split = mlContext.Data.TrainTestSplit(prepared, testFraction: 0.3);
                    var model = mlContext.MulticlassClassification.Trainers.SdcaMaximumEntropy().Fit(split.TrainSet);
                    Console.WriteLine(mlContext.MulticlassClassification.Evaluate(model.Transform(split.TestSet)).MacroAccuracy);
                }
            }
            """);
    }

    [Fact]
    public async Task ChainWithATrainerOrFittedOnOtherDataOrUnseenEstimator_NoDiagnostic()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Run(MLContext mlContext, IDataView trainFile, IDataView allData, IEstimator<ITransformer> preprocessing)
                {
                    // A model with a trainer scoring the data before a split: another question (MLOPS402).
                    var full = mlContext.Transforms.NormalizeMeanVariance("Features")
                        .Append(mlContext.BinaryClassification.Trainers.SdcaLogisticRegression());
                    var scored = full.Fit(allData).Transform(allData);
                    var scoredSplit = mlContext.Data.TrainTestSplit(scored);

                    // Normalizer fitted on a separate training file, applied to other data.
                    var normalizer = mlContext.Transforms.NormalizeMinMax("Features").Fit(trainFile);
                    var normalized = normalizer.Transform(allData);
                    var split = mlContext.Data.TrainTestSplit(normalized, testFraction: 0.2);

                    // An estimator the method receives: what it contains cannot be seen.
                    var prepared = preprocessing.Fit(allData).Transform(allData);
                    var folds = mlContext.Data.CrossValidationSplit(prepared, numberOfFolds: 5);
                    Console.WriteLine(scoredSplit.TestSet.Schema.Count + split.TestSet.Schema.Count + folds.Count);
                }
            }
            """);
    }

    [Fact]
    public async Task TestProject_NoDiagnostic()
    {
        var test = new Verify.Test
        {
            TestCode = P + """
                public static class Program
                {
                    public static void Main(string[] args)
                    {
                        var mlContext = new MLContext(seed: 1);
                        var data = mlContext.Data.LoadFromTextFile<SentimentIssue>(args[0], hasHeader: true);
                        var featurized = mlContext.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text)).Fit(data).Transform(data);
                        var split = mlContext.Data.TrainTestSplit(featurized);
                        Console.WriteLine(split.TestSet.Schema.Count);
                    }
                }
                """,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.IsTestProject = true\n"));
        await test.RunAsync();
    }
}
