using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using MLOps.Analyzers.Tests.Verifiers;
using MLOps.Analyzers.Validation;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MLOps.Analyzers.Validation.ModelNotEvaluatedAnalyzer>;

namespace MLOps.Analyzers.Tests.Validation;

public sealed class ModelNotEvaluatedAnalyzerTests
{
    private const string P = ValidationTestCode.Prelude;

    // ---------------------------------------------------------------- positives

    [Fact]
    public async Task TrainedAndSavedWithoutEvaluation_Reports()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                private const string ModelPath = "TaxiFareModel.zip";

                public static void Main()
                {
                    var mlContext = new MLContext(seed: 0);
                    IDataView baseTrainingDataView = mlContext.Data.LoadFromTextFile<TaxiTrip>("taxi-fare-train.csv", hasHeader: true, separatorChar: ',');
                    var dataProcessPipeline = mlContext.Transforms.CopyColumns("Label", nameof(TaxiTrip.FareAmount))
                        .Append(mlContext.Transforms.Categorical.OneHotEncoding("VendorIdEncoded", nameof(TaxiTrip.VendorId)))
                        .Append(mlContext.Transforms.NormalizeMeanVariance(nameof(TaxiTrip.TripDistance)))
                        .Append(mlContext.Transforms.Concatenate("Features", "VendorIdEncoded", nameof(TaxiTrip.PassengerCount), nameof(TaxiTrip.TripDistance)));
                    var trainer = mlContext.Regression.Trainers.Sdca(labelColumnName: "Label", featureColumnName: "Features");
                    var trainingPipeline = dataProcessPipeline.Append(trainer);
                    var trainedModel = trainingPipeline.Fit(baseTrainingDataView);
                    {|MLOPS401:mlContext.Model.Save(trainedModel, baseTrainingDataView.Schema, ModelPath)|};
                }
            }
            """);
    }

    [Fact]
    public async Task TrainedAndServedWithoutEvaluation_Reports()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 1);
                    IDataView data = mlContext.Data.LoadFromTextFile<SentimentIssue>(args[0], hasHeader: true);
                    var pipeline = mlContext.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text))
                        .Append(mlContext.BinaryClassification.Trainers.SdcaLogisticRegression("Label", "Features"));
                    ITransformer model = pipeline.Fit(data);
                    var engine = {|MLOPS401:mlContext.Model.CreatePredictionEngine<SentimentIssue, SentimentPrediction>(model)|};
                    var prediction = engine.Predict(new SentimentIssue { Text = "This is a very rude movie" });
                    Console.WriteLine(prediction.Prediction);
                }
            }
            """);
    }

    [Fact]
    public async Task SavedAndServed_ReportedOnceAtTheFirstSink()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 1);
                    IDataView data = mlContext.Data.LoadFromTextFile<SentimentIssue>(args[0], hasHeader: true);
                    var pipeline = mlContext.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text))
                        .Append(mlContext.BinaryClassification.Trainers.FastTree());
                    var model = pipeline.Fit(data);
                    {|MLOPS401:mlContext.Model.Save(model, data.Schema, args[1])|};
                    var engine = mlContext.Model.CreatePredictionEngine<SentimentIssue, SentimentPrediction>(model);
                }
            }
            """);
    }

    [Fact]
    public async Task TrainerInsideChainEndingWithMapKeyToValue_Reports()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 0);
                    var trainingDataView = mlContext.Data.LoadFromTextFile<IrisData>(args[0], hasHeader: true);
                    var dataProcessPipeline = mlContext.Transforms.Conversion.MapValueToKey(outputColumnName: "KeyColumn", inputColumnName: nameof(IrisData.Label))
                        .Append(mlContext.Transforms.Concatenate("Features", nameof(IrisData.SepalLength), nameof(IrisData.SepalWidth), nameof(IrisData.PetalLength), nameof(IrisData.PetalWidth)))
                        .AppendCacheCheckpoint(mlContext);
                    var trainer = mlContext.MulticlassClassification.Trainers.SdcaMaximumEntropy(labelColumnName: "KeyColumn", featureColumnName: "Features");
                    IEstimator<ITransformer> trainingPipeline = dataProcessPipeline.Append(trainer)
                        .Append(mlContext.Transforms.Conversion.MapKeyToValue(outputColumnName: nameof(IrisData.Label), inputColumnName: "KeyColumn"));
                    ITransformer trainedModel = trainingPipeline.Fit(trainingDataView);
                    {|MLOPS401:mlContext.Model.Save(trainedModel, trainingDataView.Schema, args[1])|};
                }
            }
            """);
    }

    [Fact]
    public async Task InlineTrainerFitScoredOnlyOnTrainingData_Reports()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(MLContext mlContext, IDataView featurized, string modelPath)
                {
                    var model = mlContext.Regression.Trainers.LightGbm(labelColumnName: "Label", numberOfLeaves: 31).Fit(featurized);
                    var scored = model.Transform(featurized);
                    {|MLOPS401:mlContext.Model.Save(model, scored.Schema, modelPath)|};
                }
            }
            """);
    }

    [Fact]
    public async Task TopLevelStatements_Reports()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using Microsoft.ML;

                var mlContext = new MLContext(seed: 1);
                var data = mlContext.Data.LoadFromTextFile<TaxiTrip>("taxi-fare-train.csv", hasHeader: true, separatorChar: ',');
                var model = mlContext.Transforms.Concatenate("Features", nameof(TaxiTrip.TripDistance))
                    .Append(mlContext.Regression.Trainers.FastForest(labelColumnName: nameof(TaxiTrip.FareAmount)))
                    .Fit(data);
                {|MLOPS401:mlContext.Model.Save(model, data.Schema, "model.zip")|};

                public sealed class TaxiTrip
                {
                    [Microsoft.ML.Data.LoadColumn(4)] public float TripDistance;
                    [Microsoft.ML.Data.LoadColumn(6)] public float FareAmount;
                }
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        await test.RunAsync();
    }

    [Fact]
    public async Task MessageNamesTheFitAndTheSink()
    {
        await Verify.VerifyAsync(
            P + """
            public static class Program
            {
                public static void Main(MLContext mlContext, IDataView data, string path)
                {
                    var pipeline = mlContext.Transforms.Concatenate("Features", nameof(TaxiTrip.TripDistance))
                        .Append(mlContext.Regression.Trainers.FastTree(labelColumnName: nameof(TaxiTrip.FareAmount)));
                    var model = {|#1:pipeline.Fit(data)|};
                    {|#0:mlContext.Model.Save(model, data.Schema, path)|};
                }
            }
            """,
            Verify.Diagnostic(ModelNotEvaluatedAnalyzer.Rule).WithLocation(0).WithLocation(1).WithArguments("pipeline.Fit(data)", "saved"));
    }

    [Fact]
    public async Task ReturnedModel_ReportedWhenOptionEnabled()
    {
        await Verify.VerifyAsync(
            P + """
            public static class Training
            {
                public static ITransformer Train(MLContext mlContext, IDataView trainingData)
                {
                    var pipeline = mlContext.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text))
                        .Append(mlContext.BinaryClassification.Trainers.SdcaLogisticRegression());
                    var model = pipeline.Fit(trainingData);
                    {|MLOPS401:return model;|}
                }

                public static ITransformer TrainSelector(MLContext mlContext, IDataView trainingData)
                {
                    // The lambda's return is not the method's: only the method's own return is a sink.
                    Func<IDataView, ITransformer> fit = d => mlContext.Regression.Trainers.FastTree().Fit(d);
                    return fit(trainingData);
                }
            }
            """,
            editorConfig: "mlops.MLOPS401.include_returned_models = true");
    }

    [Fact]
    public async Task ReturnedModel_SharedOptionKeyAlsoWorks()
    {
        await Verify.VerifyAsync(
            P + """
            public static class Training
            {
                public static ITransformer Train(MLContext mlContext, IDataView trainingData)
                {
                    var pipeline = mlContext.Regression.Trainers.FastTree();
                    {|MLOPS401:return pipeline.Fit(trainingData);|}
                }
            }
            """,
            editorConfig: "mlops.include_returned_models = true");
    }

    // ---------------------------------------------------------------- negatives

    [Fact]
    public async Task EvaluatedOnTestSetThenSaved_NoDiagnostic()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                private const string ModelPath = "SentimentModel.zip";

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
                    mlContext.Model.Save(trainedModel, trainingData.Schema, ModelPath);
                }
            }
            """);
    }

    [Fact]
    public async Task EvaluateNonCalibratedThenServed_NoDiagnostic()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(MLContext mlContext, IDataView trainData, IDataView testData)
                {
                    var pipeline = mlContext.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text))
                        .Append(mlContext.BinaryClassification.Trainers.AveragedPerceptron(numberOfIterations: 10));
                    var model = pipeline.Fit(trainData);
                    var metrics = mlContext.BinaryClassification.EvaluateNonCalibrated(model.Transform(testData));
                    Console.WriteLine(metrics.Accuracy);
                    var engine = mlContext.Model.CreatePredictionEngine<SentimentIssue, SentimentPrediction>(model);
                }
            }
            """);
    }

    [Fact]
    public async Task CrossValidatedThenTrainedOnAllDataAndSaved_NoDiagnostic()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 1);
                    var data = mlContext.Data.LoadFromTextFile<IrisData>(args[0], separatorChar: ',');
                    var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label")
                        .Append(mlContext.Transforms.Concatenate("Features", "SepalLength", "SepalWidth", "PetalLength", "PetalWidth"))
                        .Append(mlContext.MulticlassClassification.Trainers.SdcaMaximumEntropy());
                    var cvResults = mlContext.MulticlassClassification.CrossValidate(data, pipeline, numberOfFolds: 5);
                    Console.WriteLine(cvResults.Average(r => r.Metrics.MacroAccuracy));
                    var model = pipeline.Fit(data);
                    mlContext.Model.Save(model, data.Schema, args[1]);
                }
            }
            """);
    }

    [Fact]
    public async Task EvaluatedOnSplitThenRetrainedOnAllData_NoDiagnostic()
    {
        // Evaluate on a split, then fit the same pipeline on every row for production: correct practice.
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 1);
                    IDataView data = mlContext.Data.LoadFromTextFile<TaxiTrip>(args[0], hasHeader: true, separatorChar: ',');
                    var split = mlContext.Data.TrainTestSplit(data, testFraction: 0.2);
                    var pipeline = mlContext.Transforms.Concatenate("Features", nameof(TaxiTrip.TripDistance), nameof(TaxiTrip.PassengerCount))
                        .Append(mlContext.Regression.Trainers.FastTree(labelColumnName: nameof(TaxiTrip.FareAmount)));
                    var candidate = pipeline.Fit(split.TrainSet);
                    var metrics = mlContext.Regression.Evaluate(candidate.Transform(split.TestSet), nameof(TaxiTrip.FareAmount));
                    Console.WriteLine(metrics.RSquared);
                    var finalModel = pipeline.Fit(data);
                    mlContext.Model.Save(finalModel, data.Schema, args[1]);
                }
            }
            """);
    }

    [Fact]
    public async Task ModelHandedToAHelperThatOnlySavesIt_ReportsAtTheCall()
    {
        // The shape of public samples: Main trains, a helper (here two deep, in another class) persists the model.
        await Verify.VerifyAsync(P + """
            public static class ModelStore
            {
                public static void Persist(MLContext mlContext, ITransformer model, DataViewSchema schema, string path)
                    => Write(mlContext, model, schema, path);

                private static void Write(MLContext mlContext, ITransformer trained, DataViewSchema schema, string path)
                {
                    Console.WriteLine($"Saving the model to {path}");
                    mlContext.Model.Save(trained, schema, path);
                }
            }

            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 1);
                    var data = mlContext.Data.LoadFromTextFile<SentimentIssue>(args[0], hasHeader: true);
                    var pipeline = mlContext.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text))
                        .Append(mlContext.BinaryClassification.Trainers.SdcaLogisticRegression());
                    var model = pipeline.Fit(data);
                    {|#0:ModelStore.Persist(mlContext, model, data.Schema, args[1])|};
                }
            }
            """,
            Verify.Diagnostic(ModelNotEvaluatedAnalyzer.Rule).WithLocation(0)
                .WithArguments("pipeline.Fit(data)", "saved (through ModelStore.Persist)")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
    }

    [Fact]
    public async Task ModelTrainedByAHelperAndSavedByTheCallerWithoutEvaluation_Reports()
    {
        // The getting-started samples' shape (BuildAndTrainModel, then save in Main), without the Evaluate step.
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 1);
                    var data = mlContext.Data.LoadFromTextFile<SentimentIssue>(args[0], hasHeader: true);
                    var model = {|#1:BuildAndTrainModel(mlContext, data)|};
                    {|#0:mlContext.Model.Save(model, data.Schema, args[1])|};
                }

                public static ITransformer BuildAndTrainModel(MLContext mlContext, IDataView trainingData)
                {
                    var estimator = mlContext.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text))
                        .Append(mlContext.BinaryClassification.Trainers.SdcaLogisticRegression("Label", "Features"));
                    Console.WriteLine("Training the model...");
                    var model = estimator.Fit(trainingData);
                    return model;
                }
            }
            """,
            Verify.Diagnostic(ModelNotEvaluatedAnalyzer.Rule).WithLocation(0).WithLocation(1)
                .WithArguments("BuildAndTrainModel(mlContext, data)", "saved"));
    }

    [Fact]
    public async Task ModelTrainedByAHelperThenEvaluatedOrCheckedByTheCaller_NoDiagnostic()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 1);
                    var split = mlContext.Data.TrainTestSplit(mlContext.Data.LoadFromTextFile<SentimentIssue>(args[0], hasHeader: true));
                    var model = BuildAndTrainModel(mlContext, split.TrainSet);
                    Evaluate(mlContext, model, split.TestSet);
                    mlContext.Model.Save(model, split.TrainSet.Schema, args[1]);

                    var featurizer = BuildFeaturizer(mlContext, split.TrainSet);
                    mlContext.Model.Save(featurizer, split.TrainSet.Schema, args[2]);

                    var selfChecked = TrainAndCheck(mlContext, split.TrainSet, split.TestSet);
                    mlContext.Model.Save(selfChecked, split.TrainSet.Schema, args[3]);
                }

                public static ITransformer BuildAndTrainModel(MLContext mlContext, IDataView trainingData)
                    => mlContext.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text))
                        .Append(mlContext.BinaryClassification.Trainers.SdcaLogisticRegression("Label", "Features"))
                        .Fit(trainingData);

                public static ITransformer BuildFeaturizer(MLContext mlContext, IDataView data)
                    => mlContext.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text)).Fit(data);

                public static ITransformer TrainAndCheck(MLContext mlContext, IDataView train, IDataView test)
                {
                    var model = mlContext.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text))
                        .Append(mlContext.BinaryClassification.Trainers.SdcaLogisticRegression("Label", "Features"))
                        .Fit(train);
                    var metrics = mlContext.BinaryClassification.Evaluate(model.Transform(test));
                    return metrics.Accuracy > 0.8 ? model : throw new InvalidOperationException("not good enough");
                }

                public static void Evaluate(MLContext mlContext, ITransformer model, IDataView test)
                    => Console.WriteLine(mlContext.BinaryClassification.Evaluate(model.Transform(test)).Accuracy);
            }
            """);
    }

    [Fact]
    public async Task ModelExportedToOnnxWithoutEvaluation_Reports()
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
                    var model = pipeline.Fit(data);
                    using var stream = System.IO.File.Create(args[1]);
                    {|#0:mlContext.Model.ConvertToOnnx(model, data, stream)|};
                }
            }
            """,
            Verify.Diagnostic(ModelNotEvaluatedAnalyzer.Rule).WithLocation(0)
                .WithArguments("pipeline.Fit(data)", "exported to ONNX")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
    }

    [Fact]
    public async Task HelperThatEvaluatesBeforeSaving_NoDiagnostic()
    {
        await Verify.VerifyAsync(P + """
            public static class ModelStore
            {
                public static void EvaluateAndSave(MLContext mlContext, ITransformer model, IDataView test, string path)
                {
                    var metrics = mlContext.BinaryClassification.Evaluate(model.Transform(test));
                    if (metrics.Accuracy < 0.8)
                    {
                        throw new InvalidOperationException("The model is not good enough to ship.");
                    }

                    mlContext.Model.Save(model, test.Schema, path);
                }
            }

            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 1);
                    var split = mlContext.Data.TrainTestSplit(mlContext.Data.LoadFromTextFile<SentimentIssue>(args[0], hasHeader: true));
                    var model = mlContext.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text))
                        .Append(mlContext.BinaryClassification.Trainers.SdcaLogisticRegression())
                        .Fit(split.TrainSet);
                    ModelStore.EvaluateAndSave(mlContext, model, split.TestSet, args[1]);
                }
            }
            """);
    }

    [Fact]
    public async Task HelperThatKeepsTheModelForLater_NoDiagnostic()
    {
        await Verify.VerifyAsync(P + """
            public sealed class ModelRegistry
            {
                private ITransformer? current;

                public void Register(ITransformer model) => current = model;
            }

            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 1);
                    var data = mlContext.Data.LoadFromTextFile<SentimentIssue>(args[0], hasHeader: true);
                    var model = mlContext.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text))
                        .Append(mlContext.BinaryClassification.Trainers.SdcaLogisticRegression())
                        .Fit(data);
                    new ModelRegistry().Register(model);
                    mlContext.Model.Save(model, data.Schema, args[1]);
                }
            }
            """);
    }

    [Fact]
    public async Task EvaluationInUserHelperMethod_NoDiagnostic()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 1);
                    var split = mlContext.Data.TrainTestSplit(mlContext.Data.LoadFromTextFile<SentimentIssue>(args[0], hasHeader: true));
                    var pipeline = mlContext.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text))
                        .Append(mlContext.BinaryClassification.Trainers.SdcaLogisticRegression());
                    var model = pipeline.Fit(split.TrainSet);
                    EvaluateModel(mlContext, model, split.TestSet);
                    mlContext.Model.Save(model, split.TrainSet.Schema, args[1]);
                }

                private static void EvaluateModel(MLContext mlContext, ITransformer model, IDataView testData)
                {
                    var metrics = mlContext.BinaryClassification.Evaluate(model.Transform(testData));
                    Console.WriteLine($"Accuracy: {metrics.Accuracy:P2}");
                }
            }
            """);
    }

    [Fact]
    public async Task PredictionsPassedToUserHelper_NoDiagnostic()
    {
        await Verify.VerifyAsync(P + """
            public sealed class MetricsPrinter
            {
                public MetricsPrinter(MLContext mlContext, IDataView predictions) { }
            }

            public static class Program
            {
                public static void Main(MLContext mlContext, IDataView trainData, IDataView testData, string path)
                {
                    var model = mlContext.Regression.Trainers.Sdca().Fit(trainData);
                    var predictions = model.Transform(testData);
                    _ = new MetricsPrinter(mlContext, predictions);
                    mlContext.Model.Save(model, trainData.Schema, path);
                }
            }
            """);
    }

    [Fact]
    public async Task ModelLoadedFromDiskThenServed_NoDiagnostic()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 1);
                    ITransformer trainedModel = mlContext.Model.Load(args[0], out var modelInputSchema);
                    var predEngine = mlContext.Model.CreatePredictionEngine<SentimentIssue, SentimentPrediction>(trainedModel);
                    Console.WriteLine(predEngine.Predict(new SentimentIssue { Text = "I love this movie!" }).Probability);
                    mlContext.Model.Save(trainedModel, modelInputSchema, args[1]);
                }
            }
            """);
    }

    [Fact]
    public async Task DataPrepPipelineWithoutTrainerSaved_NoDiagnostic()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 1);
                    IDataView data = mlContext.Data.LoadFromTextFile<TaxiTrip>(args[0], hasHeader: true, separatorChar: ',');
                    var featurizer = mlContext.Transforms.Categorical.OneHotEncoding("VendorIdEncoded", nameof(TaxiTrip.VendorId))
                        .Append(mlContext.Transforms.Concatenate("Features", "VendorIdEncoded", nameof(TaxiTrip.TripDistance)))
                        .Append(mlContext.Transforms.NormalizeMinMax("Features"));
                    var featurizerModel = featurizer.Fit(data);
                    mlContext.Model.Save(featurizerModel, data.Schema, args[1]);

                    var text = mlContext.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text)).Fit(data);
                    var engine = mlContext.Model.CreatePredictionEngine<SentimentIssue, SentimentPrediction>(text);
                }
            }
            """);
    }

    [Fact]
    public async Task AnomalyDetectionAndClusteringEvaluated_NoDiagnostic()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Anomalies(MLContext mlContext, IDataView train, IDataView test, string path)
                {
                    var pipeline = mlContext.Transforms.Concatenate("Features", nameof(TaxiTrip.TripDistance), nameof(TaxiTrip.FareAmount))
                        .Append(mlContext.AnomalyDetection.Trainers.RandomizedPca(featureColumnName: "Features", rank: 1));
                    var model = pipeline.Fit(train);
                    var metrics = mlContext.AnomalyDetection.Evaluate(model.Transform(test));
                    mlContext.Model.Save(model, train.Schema, path);
                }

                public static void Clusters(MLContext mlContext, IDataView data, string path)
                {
                    var pipeline = mlContext.Transforms.Concatenate("Features", "SepalLength", "SepalWidth", "PetalLength", "PetalWidth")
                        .Append(mlContext.Clustering.Trainers.KMeans("Features", numberOfClusters: 3));
                    var model = pipeline.Fit(data);
                    var metrics = mlContext.Clustering.Evaluate(model.Transform(data), scoreColumnName: "Score", featureColumnName: "Features");
                    mlContext.Model.Save(model, data.Schema, path);
                }
            }
            """);
    }

    [Fact]
    public async Task ReturnedModel_NotReportedByDefault()
    {
        // The shape of the ML.NET sentiment tutorial: BuildAndTrainModel returns, the caller evaluates.
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext();
                    var splitDataView = mlContext.Data.TrainTestSplit(mlContext.Data.LoadFromTextFile<SentimentIssue>(args[0]), testFraction: 0.2);
                    ITransformer model = BuildAndTrainModel(mlContext, splitDataView.TrainSet);
                    Evaluate(mlContext, model, splitDataView.TestSet);
                }

                public static ITransformer BuildAndTrainModel(MLContext mlContext, IDataView splitTrainSet)
                {
                    var estimator = mlContext.Transforms.Text.FeaturizeText(outputColumnName: "Features", inputColumnName: nameof(SentimentIssue.Text))
                        .Append(mlContext.BinaryClassification.Trainers.SdcaLogisticRegression(labelColumnName: "Label", featureColumnName: "Features"));
                    var model = estimator.Fit(splitTrainSet);
                    return model;
                }

                public static void Evaluate(MLContext mlContext, ITransformer model, IDataView splitTestSet)
                {
                    var metrics = mlContext.BinaryClassification.Evaluate(model.Transform(splitTestSet), "Label");
                    Console.WriteLine($"Auc: {metrics.AreaUnderRocCurve:P2}");
                }
            }
            """);
    }

    [Fact]
    public async Task TrainerFittedWithValidationSet_NoDiagnostic()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(MLContext mlContext, IDataView featurizedTrain, IDataView featurizedValidation, string path)
                {
                    var trainer = mlContext.BinaryClassification.Trainers.FastTree(labelColumnName: "Label", numberOfTrees: 100);
                    var model = trainer.Fit(featurizedTrain, featurizedValidation);
                    mlContext.Model.Save(model, featurizedTrain.Schema, path);
                }
            }
            """);
    }

    [Fact]
    public async Task ModelLocalReassignedBeforeSave_NoDiagnostic()
    {
        // Which model reaches Save depends on the branch: the rule does not guess.
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(MLContext mlContext, IDataView data, bool useProduction, string path)
                {
                    ITransformer model = mlContext.Regression.Trainers.Sdca().Fit(data);
                    if (useProduction)
                    {
                        model = mlContext.Model.Load(path, out _);
                    }

                    mlContext.Model.Save(model, data.Schema, path);
                }
            }
            """);
    }

    [Fact]
    public async Task EstimatorFromParameter_TrainerUnknown_NoDiagnostic()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void TrainAndSave(MLContext mlContext, IEstimator<ITransformer> pipeline, IDataView data, string path)
                {
                    var model = pipeline.Fit(data);
                    mlContext.Model.Save(model, data.Schema, path);
                }
            }
            """);
    }

    [Fact]
    public async Task HandWrittenAccuracyWithPredictInLoop_NoDiagnostic()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(MLContext mlContext, IDataView trainData, IEnumerable<SentimentIssue> testRows, string path)
                {
                    var pipeline = mlContext.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text))
                        .Append(mlContext.BinaryClassification.Trainers.SdcaLogisticRegression());
                    var model = pipeline.Fit(trainData);
                    var engine = mlContext.Model.CreatePredictionEngine<SentimentIssue, SentimentPrediction>(model);
                    int correct = 0, total = 0;
                    foreach (var row in testRows)
                    {
                        if (engine.Predict(row).Prediction == row.Label) correct++;
                        total++;
                    }
                    Console.WriteLine((double)correct / total);
                    mlContext.Model.Save(model, trainData.Schema, path);
                }
            }
            """);
    }

    [Fact]
    public async Task ModelStoredInFieldForLaterEvaluation_NoDiagnostic()
    {
        await Verify.VerifyAsync(P + """
            public sealed class SentimentService
            {
                private readonly MLContext _mlContext = new MLContext(seed: 1);

                public ITransformer Model { get; private set; }

                public void Train(IDataView trainData, string path)
                {
                    var pipeline = _mlContext.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text))
                        .Append(_mlContext.BinaryClassification.Trainers.SdcaLogisticRegression());
                    var model = pipeline.Fit(trainData);
                    Model = model;
                    _mlContext.Model.Save(model, trainData.Schema, path);
                }
            }
            """);
    }

    [Fact]
    public async Task EvaluationInsideLocalFunction_NoDiagnostic()
    {
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(MLContext mlContext, IDataView trainData, IDataView testData, string path)
                {
                    var model = mlContext.BinaryClassification.Trainers.LightGbm().Fit(trainData);
                    Report(model.Transform(testData));
                    mlContext.Model.Save(model, trainData.Schema, path);

                    void Report(IDataView scored)
                    {
                        var metrics = mlContext.BinaryClassification.Evaluate(scored);
                        Console.WriteLine(metrics.F1Score);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task PermutationFeatureImportanceIsNotAnEvaluation_Reports()
    {
        // Decided once for MLOPS401 and MLOPS402: PFI returns how much each metric drops when a feature is shuffled,
        // never the model's own metrics. It explains the model (ML Test Score Data 2), it does not say whether the
        // model is good enough to save, so it does not count as the evaluation this rule asks for.
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(MLContext mlContext, IDataView featurizedTrain, IDataView featurizedTest, string path)
                {
                    var linear = mlContext.Regression.Trainers.Sdca(labelColumnName: "Label").Fit(featurizedTrain);
                    var importance = mlContext.Regression.PermutationFeatureImportance(linear, featurizedTest, labelColumnName: "Label", permutationCount: 3);
                    {|MLOPS401:mlContext.Model.Save(linear, featurizedTrain.Schema, path)|};
                }
            }
            """);
    }

    [Fact]
    public async Task PermutationFeatureImportanceNextToEvaluation_NoDiagnostic()
    {
        // The usual shape (ML.NET's PFI sample): evaluate the model on test data, then explain it with PFI, then save.
        await Verify.VerifyAsync(P + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 1);
                    var data = mlContext.Data.LoadFromTextFile<TaxiTrip>(args[0], hasHeader: true, separatorChar: ',');
                    var split = mlContext.Data.TrainTestSplit(data, testFraction: 0.2);
                    var features = mlContext.Transforms.Concatenate("Features", nameof(TaxiTrip.TripDistance), nameof(TaxiTrip.PassengerCount))
                        .Append(mlContext.Transforms.NormalizeMinMax("Features"))
                        .Fit(split.TrainSet);
                    var featurizedTrain = features.Transform(split.TrainSet);
                    var featurizedTest = features.Transform(split.TestSet);
                    var linear = mlContext.Regression.Trainers.Sdca(labelColumnName: nameof(TaxiTrip.FareAmount)).Fit(featurizedTrain);
                    var metrics = mlContext.Regression.Evaluate(linear.Transform(featurizedTest), labelColumnName: nameof(TaxiTrip.FareAmount));
                    var importance = mlContext.Regression.PermutationFeatureImportance(linear, featurizedTrain, labelColumnName: nameof(TaxiTrip.FareAmount), permutationCount: 3);
                    Console.WriteLine($"R2 {metrics.RSquared:0.###}, {importance.Length} features");
                    mlContext.Model.Save(linear, featurizedTrain.Schema, args[1]);
                }
            }
            """);
    }

    [Fact]
    public async Task NonMLMethodsNamedFitAndSave_NoDiagnostic()
    {
        await Verify.VerifyAsync(P + """
            public sealed class Curve
            {
                public Curve Fit(IDataView points) => this;
            }

            public static class Storage
            {
                public static void Save(Curve curve, string path) { }
            }

            public static class Program
            {
                public static Curve Main(IDataView data, string path)
                {
                    var curve = new Curve().Fit(data);
                    Storage.Save(curve, path);
                    return curve;
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
                    public static ITransformer Main(string[] args)
                    {
                        var mlContext = new MLContext(seed: 1);
                        var pipeline = mlContext.Regression.Trainers.Sdca(;
                        var model = pipeline.Fit();
                        mlContext.Model.Save(model, , args[0]);
                        mlContext.Model.Save();
                        var engine = mlContext.Model.CreatePredictionEngine<SentimentIssue, >(undefinedModel);
                        var other = undefinedPipeline.Append(mlContext.Regression.Trainers.Sdca()).Fit(args);
                        return model
                    }
                }
                """,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\nmlops.MLOPS401.include_returned_models = true\n"));
        await test.RunAsync();
    }

    [Fact]
    public async Task WithoutMLNetReference_NoDiagnostic()
    {
        var test = new Verify.Test
        {
            TestCode = """
                public sealed class Model { }
                public sealed class Trainer { public Model Fit(object data) => new Model(); }
                public static class ModelStore { public static void Save(Model model, string path) { } }

                public static class Program
                {
                    public static void Main(object data, string path)
                    {
                        var model = new Trainer().Fit(data);
                        ModelStore.Save(model, path);
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
        var test = new Verify.Test { TestCode = P + UnevaluatedSnippet(string.Empty) };
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.IsTestProject = true\n"));
        await test.RunAsync();
    }

    [Fact]
    public async Task SuppressMessageAttribute_NoDiagnostic()
    {
        await Verify.VerifyAsync(P + UnevaluatedSnippet(
            """[System.Diagnostics.CodeAnalysis.SuppressMessage("Validation", "MLOPS401:Trained model is saved or served without evaluation", Justification = "Metrics are computed by the nightly evaluation job")]"""));
    }

    [Fact]
    public async Task EditorConfigSeverityNone_NoDiagnostic()
    {
        await Verify.VerifyAsync(P + UnevaluatedSnippet(string.Empty), editorConfig: "dotnet_diagnostic.MLOPS401.severity = none");
    }

    private static string UnevaluatedSnippet(string attribute) => $$"""
        public static class Program
        {
            {{attribute}}
            public static void Main(string[] args)
            {
                var mlContext = new MLContext(seed: 1);
                IDataView data = mlContext.Data.LoadFromTextFile<SentimentIssue>(args[0], hasHeader: true);
                var pipeline = mlContext.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text))
                    .Append(mlContext.BinaryClassification.Trainers.SdcaLogisticRegression());
                var model = pipeline.Fit(data);
                mlContext.Model.Save(model, data.Schema, args[1]);
            }
        }
        """;
}
