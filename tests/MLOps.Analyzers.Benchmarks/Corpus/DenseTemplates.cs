namespace MLOps.Analyzers.Benchmarks.Corpus;

/// <summary>
/// The ML-dense tier: every file is ML code, in the shapes of the public ML.NET samples
/// (dotnet/machinelearning-samples) and the TorchSharp examples, and with the cross-method shapes
/// they use: static path fields resolved by a <c>GetAbsolutePath</c> helper, helpers that take a path
/// and load or save (called with literals from elsewhere), predictor classes whose constructor stores
/// the model path in a field used later by Model.Load / CreatePredictionEngine, hyperparameters held in
/// locals and fields, the context passed to helpers that train, TorchSharp training loops and ONNX
/// Runtime serving classes. Templates cycle; every other cycle carries the usual debts (unseeded
/// contexts and generators, literal paths and URLs, inline hyperparameters, evaluation on the training
/// data), the rest is written the careful way, so the rules do both kinds of work.
/// </summary>
internal static class DenseTemplates
{
    public static readonly Func<int, string>[] All =
    {
        SentimentSample, TaxiFareHelpers, IssueLabeler, BikeDemandExperiment, CustomerSegmentation, DigitConvNet,
        NewsClassifier, FraudOnnxServing, OnnxTransformerScorer, HousingDataFrame, TabularTorchRegression, CreditRisk,
    };

    /// <summary>Templates cycle; every other cycle carries the debts.</summary>
    private static bool Debt(int n) => n / All.Length % 2 == 0;

    private static string Pick(int n, string debt, string clean) => Debt(n) ? debt : clean;

    /// <summary>The getting-started sample shape: relative path fields resolved against the assembly, a Main that passes the context to helpers that train and predict.</summary>
    public static string SentimentSample(int n) => $$"""
        using System;
        using System.IO;
        using Microsoft.ML;
        using Microsoft.ML.Data;

        namespace Contoso.Samples.Sentiment{{n % 7}};

        public sealed class SentimentIssue{{n}}
        {
            [LoadColumn(0)] public bool Label { get; set; }
            [LoadColumn(2)] public string Text { get; set; } = string.Empty;
        }

        public sealed class SentimentPrediction{{n}}
        {
            [ColumnName("PredictedLabel")] public bool Prediction { get; set; }
            public float Probability { get; set; }
            public float Score { get; set; }
        }

        public static class SentimentProgram{{n}}
        {
        {{Pick(n, $$"""
            private static readonly string BaseDatasetsRelativePath = @"../../../../Data";
            private static readonly string TrainDataRelativePath = $"{BaseDatasetsRelativePath}/wikiDetoxAnnotated-{{n}}.tsv";
            private static readonly string TrainDataPath = GetAbsolutePath(TrainDataRelativePath);

            private static readonly string BaseModelsRelativePath = @"../../../../MLModels";
            private static readonly string ModelRelativePath = $"{BaseModelsRelativePath}/SentimentModel.zip";
            private static readonly string ModelPath = GetAbsolutePath(ModelRelativePath);
        """, """
            private static string TrainDataPath = string.Empty;
            private static string ModelPath = string.Empty;
        """)}}

            public static int Main(string[] args)
            {
        {{Pick(n, "", """
                if (args.Length < 2)
                {
                    Console.Error.WriteLine("usage: sentiment <training data> <model output>");
                    return 2;
                }

                TrainDataPath = GetAbsolutePath(args[0]);
                ModelPath = GetAbsolutePath(args[1]);
        """)}}
                var mlContext = {{Pick(n, "new MLContext()", "new MLContext(seed: 1)")}};
                var model = BuildTrainEvaluateAndSaveModel(mlContext);
                TestSinglePrediction(mlContext, model);
                return 0;
            }

            private static ITransformer BuildTrainEvaluateAndSaveModel(MLContext mlContext)
            {
                var dataView = mlContext.Data.LoadFromTextFile<SentimentIssue{{n}}>(TrainDataPath, hasHeader: true);
                var trainTestSplit = mlContext.Data.TrainTestSplit(dataView, testFraction: 0.2);
                var trainingData = trainTestSplit.TrainSet;
                var testData = trainTestSplit.TestSet;

                var dataProcessPipeline = mlContext.Transforms.Text.FeaturizeText(outputColumnName: "Features", inputColumnName: nameof(SentimentIssue{{n}}.Text));
                var trainer = mlContext.BinaryClassification.Trainers.FastTree(labelColumnName: "Label", featureColumnName: "Features"{{Pick(n, ", numberOfLeaves: 20, numberOfTrees: 100, minimumExampleCountPerLeaf: 10, learningRate: 0.2", "")}});
                var trainingPipeline = dataProcessPipeline.Append(trainer);

                Console.WriteLine("=============== Training the model ===============");
                ITransformer trainedModel = trainingPipeline.Fit(trainingData);

                Console.WriteLine("===== Evaluating the model's accuracy =====");
                var predictions = trainedModel.Transform({{Pick(n, "trainingData", "testData")}});
                var metrics = mlContext.BinaryClassification.Evaluate(data: predictions, labelColumnName: "Label", scoreColumnName: "Score");
                Console.WriteLine($"Accuracy: {metrics.Accuracy:P2}  AUC: {metrics.AreaUnderRocCurve:P2}  F1: {metrics.F1Score:P2}");

                mlContext.Model.Save(trainedModel, trainingData.Schema, ModelPath);
                Console.WriteLine("The model is saved to {0}", ModelPath);
                return trainedModel;
            }

            private static void TestSinglePrediction(MLContext mlContext, ITransformer fallback)
            {
                var sampleStatement = new SentimentIssue{{n}} { Text = "This is a very rude movie" };
                var trainedModel = File.Exists(ModelPath) ? mlContext.Model.Load(ModelPath, out _) : fallback;
                var predictionEngine = mlContext.Model.CreatePredictionEngine<SentimentIssue{{n}}, SentimentPrediction{{n}}>(trainedModel);
                var result = predictionEngine.Predict(sampleStatement);
                Console.WriteLine($"Text: {sampleStatement.Text} | Prediction: {(result.Prediction ? "Toxic" : "Non Toxic")} sentiment | Probability: {result.Probability}");
            }

            public static string GetAbsolutePath(string relativePath)
            {
                var dataRoot = new FileInfo(typeof(SentimentProgram{{n}}).Assembly.Location);
                var assemblyFolderPath = dataRoot.Directory!.FullName;
                return Path.Combine(assemblyFolderPath, relativePath);
            }
        }
        """;

    /// <summary>Helpers that take a path and load or save; the training code calls them with literal paths (or with settings).</summary>
    public static string TaxiFareHelpers(int n) => $$"""
        using System;
        using System.IO;
        using Microsoft.ML;
        using Microsoft.ML.Data;

        namespace Contoso.Mobility.Fares{{n % 7}};

        public sealed class TaxiTrip{{n}}
        {
            [LoadColumn(0)] public string VendorId { get; set; } = string.Empty;
            [LoadColumn(1)] public string RateCode { get; set; } = string.Empty;
            [LoadColumn(2)] public float PassengerCount { get; set; }
            [LoadColumn(3)] public float TripTime { get; set; }
            [LoadColumn(4)] public float TripDistance { get; set; }
            [LoadColumn(5)] public string PaymentType { get; set; } = string.Empty;
            [LoadColumn(6)] public float FareAmount { get; set; }
        }

        public sealed class TaxiTripFarePrediction{{n}}
        {
            [ColumnName("Score")] public float FareAmount { get; set; }
        }

        public sealed class FareSettings{{n}}
        {
            public string TrainPath { get; init; } = Environment.GetEnvironmentVariable("FARES_TRAIN") ?? string.Empty;
            public string TestPath { get; init; } = Environment.GetEnvironmentVariable("FARES_TEST") ?? string.Empty;
            public string ModelPath { get; init; } = Environment.GetEnvironmentVariable("FARES_MODEL") ?? string.Empty;
            public int Seed { get; init; } = 1;
        }

        public static class ModelIo{{n}}
        {
            public static IDataView LoadData(MLContext mlContext, string dataPath, bool hasHeader = true)
                => mlContext.Data.LoadFromTextFile<TaxiTrip{{n}}>(dataPath, hasHeader: hasHeader, separatorChar: ',');

            public static void SaveModel(MLContext mlContext, ITransformer model, DataViewSchema schema, string modelPath)
            {
                var directory = Path.GetDirectoryName(modelPath);
                if (!string.IsNullOrEmpty(directory))
                {
                    Directory.CreateDirectory(directory);
                }

                mlContext.Model.Save(model, schema, modelPath);
            }

            public static ITransformer LoadModel(MLContext mlContext, string modelPath, out DataViewSchema schema)
                => mlContext.Model.Load(modelPath, out schema);

            public static void SaveToStream(MLContext mlContext, ITransformer model, DataViewSchema schema, string path)
            {
                using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Write);
                mlContext.Model.Save(model, schema, stream);
            }
        }

        public static class FareTraining{{n}}
        {
            public static RegressionMetrics Train(MLContext mlContext, FareSettings{{n}} settings)
            {
                var trainData = ModelIo{{n}}.LoadData(mlContext, {{Pick(n, "\"Data/taxi-fare-train.csv\"", "settings.TrainPath")}});
                var testData = ModelIo{{n}}.LoadData(mlContext, {{Pick(n, "\"Data/taxi-fare-test.csv\"", "settings.TestPath")}});

                var pipeline = mlContext.Transforms.CopyColumns(outputColumnName: "Label", inputColumnName: nameof(TaxiTrip{{n}}.FareAmount))
                    .Append(mlContext.Transforms.Categorical.OneHotEncoding(outputColumnName: "VendorIdEncoded", inputColumnName: nameof(TaxiTrip{{n}}.VendorId)))
                    .Append(mlContext.Transforms.Categorical.OneHotEncoding(outputColumnName: "RateCodeEncoded", inputColumnName: nameof(TaxiTrip{{n}}.RateCode)))
                    .Append(mlContext.Transforms.Categorical.OneHotEncoding(outputColumnName: "PaymentTypeEncoded", inputColumnName: nameof(TaxiTrip{{n}}.PaymentType)))
                    .Append(mlContext.Transforms.NormalizeMeanVariance(outputColumnName: nameof(TaxiTrip{{n}}.PassengerCount)))
                    .Append(mlContext.Transforms.NormalizeMeanVariance(outputColumnName: nameof(TaxiTrip{{n}}.TripTime)))
                    .Append(mlContext.Transforms.NormalizeMeanVariance(outputColumnName: nameof(TaxiTrip{{n}}.TripDistance)))
                    .Append(mlContext.Transforms.Concatenate("Features", "VendorIdEncoded", "RateCodeEncoded", "PaymentTypeEncoded",
                        nameof(TaxiTrip{{n}}.PassengerCount), nameof(TaxiTrip{{n}}.TripTime), nameof(TaxiTrip{{n}}.TripDistance)))
                    .Append(mlContext.Regression.Trainers.Sdca(labelColumnName: "Label", featureColumnName: "Features"));

                Console.WriteLine("=============== Training the model ===============");
                var model = pipeline.Fit(trainData);
                var metrics = mlContext.Regression.Evaluate(model.Transform(testData), labelColumnName: "Label", scoreColumnName: "Score");
                Console.WriteLine($"R^2 {metrics.RSquared:0.###}, RMSE {metrics.RootMeanSquaredError:0.###}");

                ModelIo{{n}}.SaveModel(mlContext, model, trainData.Schema, {{Pick(n, "\"/srv/models/taxi-fare-" + n + ".zip\"", "settings.ModelPath")}});
                return metrics;
            }

            public static float PredictOne(MLContext mlContext, {{Pick(n, "", "FareSettings" + n + " settings, ")}}TaxiTrip{{n}} trip)
            {
                var model = ModelIo{{n}}.LoadModel(mlContext, {{Pick(n, "\"MLModels/TaxiFareModel.zip\"", "settings.ModelPath")}}, out _);
                var engine = mlContext.Model.CreatePredictionEngine<TaxiTrip{{n}}, TaxiTripFarePrediction{{n}}>(model);
                return engine.Predict(trip).FareAmount;
            }
        }

        public static class FareApp{{n}}
        {
            public static void Run()
            {
                var settings = new FareSettings{{n}}();
                var mlContext = {{Pick(n, "new MLContext()", "new MLContext(seed: settings.Seed)")}};
                FareTraining{{n}}.Train(mlContext, settings);
                var fare = FareTraining{{n}}.PredictOne(mlContext, {{Pick(n, "", "settings, ")}}new TaxiTrip{{n}} { VendorId = "VTS", RateCode = "1", PassengerCount = 1, TripTime = 1140, TripDistance = 3.75f, PaymentType = "CRD" });
                Console.WriteLine($"Predicted fare: {fare:0.####}");
            }
        }
        """;

    /// <summary>A predictor whose constructor stores the model path in a field that a later method loads; multiclass training with cross-validation.</summary>
    public static string IssueLabeler(int n) => $$"""
        using System;
        using System.IO;
        using System.Linq;
        using Microsoft.ML;
        using Microsoft.ML.Data;

        namespace Contoso.Support.Labeler{{n % 7}};

        public sealed class GitHubIssue{{n}}
        {
            [LoadColumn(0)] public string Id { get; set; } = string.Empty;
            [LoadColumn(1)] public string Area { get; set; } = string.Empty;
            [LoadColumn(2)] public string Title { get; set; } = string.Empty;
            [LoadColumn(3)] public string Description { get; set; } = string.Empty;
        }

        public sealed class IssuePrediction{{n}}
        {
            [ColumnName("PredictedLabel")] public string Area { get; set; } = string.Empty;
            public float[] Score { get; set; } = Array.Empty<float>();
        }

        public sealed class IssueLabeler{{n}}
        {
            private readonly string _modelPath;
            private readonly MLContext _mlContext;
            private ITransformer? _model;
            private PredictionEngine<GitHubIssue{{n}}, IssuePrediction{{n}}>? _engine;

            public IssueLabeler{{n}}(string modelPath)
            {
                _modelPath = modelPath;
                _mlContext = {{Pick(n, "new MLContext()", "new MLContext(seed: 1)")}};
            }

            public string PredictArea(GitHubIssue{{n}} issue)
            {
                _model ??= _mlContext.Model.Load(_modelPath, out _);
                _engine ??= _mlContext.Model.CreatePredictionEngine<GitHubIssue{{n}}, IssuePrediction{{n}}>(_model);
                return _engine.Predict(issue).Area;
            }

            public float Confidence(GitHubIssue{{n}} issue)
            {
                _ = PredictArea(issue);
                return _engine!.Predict(issue).Score.Max();
            }
        }

        public static class IssueLabelerTraining{{n}}
        {
            public static double BuildAndTrain(MLContext mlContext, string dataSetLocation, string modelPath, int folds)
            {
                var trainingDataView = mlContext.Data.LoadFromTextFile<GitHubIssue{{n}}>(dataSetLocation, hasHeader: true, separatorChar: '\t', allowSparse: false);

                var dataProcessPipeline = mlContext.Transforms.Conversion.MapValueToKey(outputColumnName: "Label", inputColumnName: nameof(GitHubIssue{{n}}.Area))
                    .Append(mlContext.Transforms.Text.FeaturizeText(outputColumnName: "TitleFeaturized", inputColumnName: nameof(GitHubIssue{{n}}.Title)))
                    .Append(mlContext.Transforms.Text.FeaturizeText(outputColumnName: "DescriptionFeaturized", inputColumnName: nameof(GitHubIssue{{n}}.Description)))
                    .Append(mlContext.Transforms.Concatenate(outputColumnName: "Features", "TitleFeaturized", "DescriptionFeaturized"))
                    .AppendCacheCheckpoint(mlContext);

                var trainer = mlContext.MulticlassClassification.Trainers.SdcaMaximumEntropy(labelColumnName: "Label", featureColumnName: "Features"{{Pick(n, ", l2Regularization: 0.001f, maximumNumberOfIterations: 30", "")}});
                var trainingPipeline = dataProcessPipeline.Append(trainer)
                    .Append(mlContext.Transforms.Conversion.MapKeyToValue("PredictedLabel"));

                var crossValidationResults = mlContext.MulticlassClassification.CrossValidate(data: trainingDataView, estimator: trainingPipeline, numberOfFolds: {{Pick(n, "6", "folds")}}, labelColumnName: "Label");
                var microAccuracy = crossValidationResults.Average(r => r.Metrics.MicroAccuracy);
                Console.WriteLine($"Cross-validated micro accuracy: {microAccuracy:P2}");

                var trainedModel = trainingPipeline.Fit(trainingDataView);
                mlContext.Model.Save(trainedModel, trainingDataView.Schema, modelPath);
                return microAccuracy;
            }
        }

        public static class LabelerApp{{n}}
        {
        {{Pick(n, """
            private const string DataSetLocation = @"..\..\..\Data\corefx-issues-train.tsv";
            private const string ModelPath = @"..\..\..\MLModels\GitHubLabelerModel.zip";
        """, """
            private static readonly string DataSetLocation = Environment.GetEnvironmentVariable("LABELER_DATA") ?? throw new InvalidOperationException("Set LABELER_DATA.");
            private static readonly string ModelPath = Environment.GetEnvironmentVariable("LABELER_MODEL") ?? throw new InvalidOperationException("Set LABELER_MODEL.");
        """)}}

            public static void Run(int folds)
            {
                var mlContext = {{Pick(n, "new MLContext()", "new MLContext(seed: 0)")}};
                IssueLabelerTraining{{n}}.BuildAndTrain(mlContext, DataSetLocation, ModelPath, folds);

                var labeler = new IssueLabeler{{n}}({{Pick(n, "\"MLModels/GitHubLabelerModel.zip\"", "ModelPath")}});
                var issue = new GitHubIssue{{n}} { Id = "1", Title = "Crash when loading a model", Description = "The model file cannot be read after upgrading." };
                Console.WriteLine($"Predicted area: {labeler.PredictArea(issue)} ({labeler.Confidence(issue):P1})");
            }
        }
        """;

    /// <summary>Hyperparameters held in locals, then passed to trainers; the sample's loop over candidate trainers.</summary>
    public static string BikeDemandExperiment(int n) => $$"""
        using System;
        using System.Collections.Generic;
        using Microsoft.ML;
        using Microsoft.ML.Data;
        using Microsoft.ML.Trainers.LightGbm;

        namespace Contoso.Mobility.BikeSharing{{n % 7}};

        public sealed class DemandObservation{{n}}
        {
            [LoadColumn(2)] public float Season { get; set; }
            [LoadColumn(3)] public float Year { get; set; }
            [LoadColumn(4)] public float Month { get; set; }
            [LoadColumn(5)] public float Hour { get; set; }
            [LoadColumn(6)] public float Holiday { get; set; }
            [LoadColumn(7)] public float Weekday { get; set; }
            [LoadColumn(8)] public float WorkingDay { get; set; }
            [LoadColumn(9)] public float Weather { get; set; }
            [LoadColumn(10)] public float Temperature { get; set; }
            [LoadColumn(11)] public float NormalizedTemperature { get; set; }
            [LoadColumn(12)] public float Humidity { get; set; }
            [LoadColumn(13)] public float Windspeed { get; set; }
            [LoadColumn(16)] public float Count { get; set; }
        }

        public sealed class DemandSettings{{n}}
        {
            public double LearningRate { get; set; } = 0.2;
            public int NumberOfLeaves { get; set; } = 20;
            public int NumberOfTrees { get; set; } = 100;
            public float L2Regularization { get; set; } = 0.01f;
            public int MaximumNumberOfIterations { get; set; } = 50;
        }

        public static class DemandExperiment{{n}}
        {
            private static readonly string[] FeatureColumns =
            {
                nameof(DemandObservation{{n}}.Season), nameof(DemandObservation{{n}}.Year), nameof(DemandObservation{{n}}.Month),
                nameof(DemandObservation{{n}}.Hour), nameof(DemandObservation{{n}}.Holiday), nameof(DemandObservation{{n}}.Weekday),
                nameof(DemandObservation{{n}}.WorkingDay), nameof(DemandObservation{{n}}.Weather), nameof(DemandObservation{{n}}.Temperature),
                nameof(DemandObservation{{n}}.NormalizedTemperature), nameof(DemandObservation{{n}}.Humidity), nameof(DemandObservation{{n}}.Windspeed),
            };

            public static IReadOnlyList<(string Name, RegressionMetrics Metrics)> CompareTrainers(MLContext mlContext, IDataView trainingData, IDataView testData, DemandSettings{{n}} settings)
            {
        {{Pick(n, """
                var learningRate = 0.2;
                var numberOfLeaves = 20;
                var numberOfTrees = 100;
                var l2 = 0.01f;
                var iterations = 50;
        """, """
                var learningRate = settings.LearningRate;
                var numberOfLeaves = settings.NumberOfLeaves;
                var numberOfTrees = settings.NumberOfTrees;
                var l2 = settings.L2Regularization;
                var iterations = settings.MaximumNumberOfIterations;
        """)}}

                var dataProcessPipeline = mlContext.Transforms.CopyColumns(outputColumnName: "Label", inputColumnName: nameof(DemandObservation{{n}}.Count))
                    .Append(mlContext.Transforms.Concatenate("Features", FeatureColumns))
                    .AppendCacheCheckpoint(mlContext);

                (string Name, IEstimator<ITransformer> Trainer)[] regressionLearners =
                {
                    ("FastTree", mlContext.Regression.Trainers.FastTree(labelColumnName: "Label", featureColumnName: "Features", numberOfLeaves: numberOfLeaves, numberOfTrees: numberOfTrees, learningRate: learningRate)),
                    ("Poisson", mlContext.Regression.Trainers.LbfgsPoissonRegression(labelColumnName: "Label", featureColumnName: "Features", l2Regularization: l2)),
                    ("SDCA", mlContext.Regression.Trainers.Sdca(labelColumnName: "Label", featureColumnName: "Features", l2Regularization: l2, maximumNumberOfIterations: iterations)),
                    ("FastTreeTweedie", mlContext.Regression.Trainers.FastTreeTweedie(labelColumnName: "Label", featureColumnName: "Features", numberOfLeaves: numberOfLeaves, numberOfTrees: numberOfTrees)),
                    ("LightGbm", mlContext.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
                    {
                        LabelColumnName = "Label",
                        FeatureColumnName = "Features",
                        NumberOfLeaves = numberOfLeaves,
                        LearningRate = learningRate,
                        NumberOfIterations = iterations,
                    })),
                };

                var results = new List<(string, RegressionMetrics)>();
                foreach (var (name, trainer) in regressionLearners)
                {
                    var trainingPipeline = dataProcessPipeline.Append(trainer);
                    var trainedModel = trainingPipeline.Fit(trainingData);
                    var predictions = trainedModel.Transform({{Pick(n, "trainingData", "testData")}});
                    var metrics = mlContext.Regression.Evaluate(predictions, labelColumnName: "Label", scoreColumnName: "Score");
                    Console.WriteLine($"{name,-16} R^2 {metrics.RSquared:0.###}  MAE {metrics.MeanAbsoluteError:0.##}");
                    results.Add((name, metrics));
                }

                return results;
            }

            public static void Run(string dataPath)
            {
                var mlContext = {{Pick(n, "new MLContext()", "new MLContext(seed: 0)")}};
                var data = mlContext.Data.LoadFromTextFile<DemandObservation{{n}}>({{Pick(n, "\"Data/hour.csv\"", "dataPath")}}, hasHeader: true, separatorChar: ',');
                var split = mlContext.Data.TrainTestSplit(data, testFraction: 0.2{{Pick(n, "", ", seed: 7")}});
                CompareTrainers(mlContext, split.TrainSet, split.TestSet, new DemandSettings{{n}}());
            }
        }
        """;

    /// <summary>The context passed to helpers: one trains, one evaluates, the caller splits.</summary>
    public static string CustomerSegmentation(int n) => $$"""
        using System;
        using System.IO;
        using Microsoft.ML;
        using Microsoft.ML.Data;

        namespace Contoso.Retail.Segmentation{{n % 7}};

        public sealed class PivotRow{{n}}
        {
            [LoadColumn(0, 31), VectorType(32)] public float[] Features { get; set; } = Array.Empty<float>();
            [LoadColumn(32)] public string LastName { get; set; } = string.Empty;
        }

        public sealed class ClusteringPrediction{{n}}
        {
            [ColumnName("PredictedLabel")] public uint SelectedClusterId { get; set; }
            [ColumnName("Score")] public float[] Distance { get; set; } = Array.Empty<float>();
            [ColumnName("PCAFeatures")] public float[] Location { get; set; } = Array.Empty<float>();
        }

        public static class ClusteringPipeline{{n}}
        {
            public static ITransformer Train(MLContext mlContext, IDataView data, int clusters, int rank)
            {
                var pipeline = mlContext.Transforms.ProjectToPrincipalComponents(outputColumnName: "PCAFeatures", inputColumnName: "Features", rank: {{Pick(n, "2", "rank")}})
                    .Append(mlContext.Transforms.Categorical.OneHotEncoding(outputColumnName: "LastNameKey", inputColumnName: nameof(PivotRow{{n}}.LastName)))
                    .Append(mlContext.Clustering.Trainers.KMeans(featureColumnName: "Features", numberOfClusters: {{Pick(n, "3", "clusters")}}));
                return pipeline.Fit(data);
            }

            public static ClusteringMetrics Evaluate(MLContext mlContext, ITransformer model, IDataView data)
                => mlContext.Clustering.Evaluate(model.Transform(data), scoreColumnName: "Score", featureColumnName: "Features");

            public static void SaveModel(MLContext mlContext, ITransformer model, DataViewSchema schema, string modelPath)
            {
                using var stream = File.Create(modelPath);
                mlContext.Model.Save(model, schema, stream);
            }
        }

        public static class SegmentationApp{{n}}
        {
        {{Pick(n, """
            private static readonly string PivotCsv = Path.Combine("assets", "inputs", "pivot.csv");
            private static readonly string ModelZip = Path.Combine("assets", "outputs", "retailClustering.zip");
        """, """
            private static readonly string AssetsRoot = AppContext.BaseDirectory;
        """)}}

            public static double Run({{Pick(n, "", "string pivotCsv, string modelZip, ")}}int clusters)
            {
                var mlContext = {{Pick(n, "new MLContext()", "new MLContext(seed: 1)")}};
                var data = mlContext.Data.LoadFromTextFile<PivotRow{{n}}>({{Pick(n, "PivotCsv", "Path.Combine(AssetsRoot, pivotCsv)")}}, separatorChar: ',', hasHeader: true);
                var split = mlContext.Data.TrainTestSplit(data, testFraction: 0.25);
                var model = ClusteringPipeline{{n}}.Train(mlContext, split.TrainSet, clusters, rank: 2);
                var metrics = ClusteringPipeline{{n}}.Evaluate(mlContext, model, {{Pick(n, "split.TrainSet", "split.TestSet")}});
                Console.WriteLine($"Average distance {metrics.AverageDistance:0.###}, Davies-Bouldin {metrics.DaviesBouldinIndex:0.###}");
                ClusteringPipeline{{n}}.SaveModel(mlContext, model, data.Schema, {{Pick(n, "ModelZip", "Path.Combine(AssetsRoot, modelZip)")}});

                var engine = mlContext.Model.CreatePredictionEngine<PivotRow{{n}}, ClusteringPrediction{{n}}>(model);
                var prediction = engine.Predict(new PivotRow{{n}} { Features = new float[32], LastName = "Smith" });
                Console.WriteLine($"Cluster {prediction.SelectedClusterId}");
                return metrics.AverageDistance;
            }
        }
        """;

    /// <summary>The TorchSharp MNIST shape: a convolutional module, a training loop over batches, a test loop, a checkpoint.</summary>
    public static string DigitConvNet(int n) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.IO;
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        namespace Contoso.Vision.Digits{{n % 7}};

        public sealed class DigitNet{{n}} : Module<Tensor, Tensor>
        {
            private readonly Module<Tensor, Tensor> conv1 = Conv2d(1, 32, 3);
            private readonly Module<Tensor, Tensor> conv2 = Conv2d(32, 64, 3);
            private readonly Module<Tensor, Tensor> fc1 = Linear(9216, 128);
            private readonly Module<Tensor, Tensor> fc2 = Linear(128, 10);
            private readonly Module<Tensor, Tensor> pool1 = MaxPool2d(2);
            private readonly Module<Tensor, Tensor> relu1 = ReLU();
            private readonly Module<Tensor, Tensor> relu2 = ReLU();
            private readonly Module<Tensor, Tensor> relu3 = ReLU();
            private readonly Module<Tensor, Tensor> dropout1 = Dropout(0.25);
            private readonly Module<Tensor, Tensor> dropout2 = Dropout(0.5);
            private readonly Module<Tensor, Tensor> flatten = Flatten();
            private readonly Module<Tensor, Tensor> logsm = LogSoftmax(1);

            public DigitNet{{n}}(string name, Device? device = null) : base(name)
            {
                RegisterComponents();
                if (device is not null && device.type == DeviceType.CUDA)
                {
                    this.to(device);
                }
            }

            public override Tensor forward(Tensor input)
            {
                var l11 = conv1.forward(input);
                var l12 = relu1.forward(l11);
                var l21 = conv2.forward(l12);
                var l22 = relu2.forward(l21);
                var l23 = pool1.forward(l22);
                var l24 = dropout1.forward(l23);
                var x = flatten.forward(l24);
                var l31 = fc1.forward(x);
                var l32 = relu3.forward(l31);
                var l33 = dropout2.forward(l32);
                var l41 = fc2.forward(l33);
                return logsm.forward(l41);
            }
        }

        public static class DigitTraining{{n}}
        {
        {{Pick(n, $$"""
            private static readonly string DatasetPath = Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "Downloads", "mnist");
            private const string CheckpointPath = "/tmp/checkpoints/mnist-{{n}}.model.bin";
        """, """
            private static readonly string DatasetPath = Environment.GetEnvironmentVariable("MNIST_DATA") ?? throw new InvalidOperationException("Set MNIST_DATA.");
        """)}}
            private static readonly int LogInterval = 100;

            public static string DataDirectory => DatasetPath;

            public static void Run(int epochs, double learningRate, IEnumerable<(Tensor, Tensor)> train, IEnumerable<(Tensor, Tensor)> test, long size{{Pick(n, "", ", string checkpointPath")}})
            {
                {{Pick(n, "", "torch.random.manual_seed(1);")}}
                var device = torch.cuda.is_available() ? torch.CUDA : torch.CPU;
                var model = new DigitNet{{n}}("model", device);
                var optimizer = optim.Adam(model.parameters(), {{Pick(n, "lr: 0.001", "lr: learningRate")}});
                var scheduler = optim.lr_scheduler.StepLR(optimizer, {{Pick(n, "1, 0.7", "step_size: 1")}});

                var totalTime = Stopwatch.StartNew();
                for (var epoch = 1; epoch <= epochs; epoch++)
                {
                    Train(model, optimizer, NLLLoss(reduction: Reduction.Mean), train, epoch, size);
                    Test(model, NLLLoss(reduction: Reduction.Sum), test, size);
                    scheduler.step();
                }

                Console.WriteLine($"Elapsed time: {totalTime.Elapsed.TotalSeconds:F1} s.");
                model.save({{Pick(n, "CheckpointPath", "checkpointPath")}});
            }

            private static void Train(Module<Tensor, Tensor> model, optim.Optimizer optimizer, Loss<Tensor, Tensor, Tensor> loss, IEnumerable<(Tensor, Tensor)> dataLoader, int epoch, long size)
            {
                model.train();
                var batchId = 1;
                foreach (var (data, target) in dataLoader)
                {
                    using var scope = torch.NewDisposeScope();
                    optimizer.zero_grad();
                    var prediction = model.forward(data);
                    var output = loss.forward(prediction, target);
                    output.backward();
                    optimizer.step();
                    if (batchId % LogInterval == 0)
                    {
                        Console.WriteLine($"Train: epoch {epoch} [{batchId} / {size}] Loss: {output.ToSingle():F4}");
                    }

                    batchId++;
                }
            }

            private static void Test(Module<Tensor, Tensor> model, Loss<Tensor, Tensor, Tensor> loss, IEnumerable<(Tensor, Tensor)> dataLoader, long size)
            {
                model.eval();
                double testLoss = 0;
                long correct = 0;
                foreach (var (data, target) in dataLoader)
                {
                    using var scope = torch.NewDisposeScope();
                    var prediction = model.forward(data);
                    var output = loss.forward(prediction, target);
                    testLoss += output.ToSingle();
                    correct += prediction.argmax(1).eq(target).sum().ToInt64();
                }

                Console.WriteLine($"Test set: Average loss {testLoss / size:F4} | Accuracy {(double)correct / size:P2}");
            }
        }
        """;

    /// <summary>A TorchSharp text classifier: the serving class loads weights from the path its constructor stored; a training loop with gradient clipping.</summary>
    public static string NewsClassifier(int n) => $$"""
        using System;
        using System.Collections.Generic;
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        namespace Contoso.Content.News{{n % 7}};

        public sealed class NewsModel{{n}} : Module<Tensor, Tensor>
        {
            private readonly Embedding embedding;
            private readonly Linear fc;

            public NewsModel{{n}}(long vocabularySize, long embeddingSize, long classes) : base("news")
            {
                embedding = Embedding(vocabularySize, embeddingSize);
                fc = Linear(embeddingSize, classes);
                InitWeights();
                RegisterComponents();
            }

            private void InitWeights()
            {
                var initRange = 0.5;
                init.uniform_(embedding.weight, -initRange, initRange);
                init.uniform_(fc.weight, -initRange, initRange);
                init.zeros_(fc.bias);
            }

            public override Tensor forward(Tensor tokens) => fc.forward(embedding.forward(tokens).mean(new long[] { 1 }));
        }

        public sealed class NewsClassifierService{{n}} : IDisposable
        {
            private readonly string _weightsPath;
            private readonly NewsModel{{n}} _model;

            public NewsClassifierService{{n}}(string weightsPath, long vocabularySize)
            {
                _weightsPath = weightsPath;
                _model = new NewsModel{{n}}(vocabularySize, 200, 4);
            }

            public void Load()
            {
                _model.load(_weightsPath);
                _model.eval();
            }

            public long Classify(Tensor tokens)
            {
                using var noGrad = torch.no_grad();
                using var scope = torch.NewDisposeScope();
                return _model.forward(tokens).argmax(1).ToInt64();
            }

            public void Dispose() => _model.Dispose();
        }

        public static class NewsTraining{{n}}
        {
        {{Pick(n, """
            private const double LearningRate = 5.0;
            private const int Epochs = 15;
        """, """
            public static double LearningRate { get; set; } = double.Parse(Environment.GetEnvironmentVariable("NEWS_LR") ?? "5.0", System.Globalization.CultureInfo.InvariantCulture);
            public static int Epochs { get; set; } = 15;
        """)}}

            public static double Train(IReadOnlyList<(Tensor Tokens, Tensor Labels)> batches, long vocabularySize, string weightsPath)
            {
                {{Pick(n, "", "torch.manual_seed(17);")}}
                var model = new NewsModel{{n}}(vocabularySize, 200, 4);
                var loss = CrossEntropyLoss();
                var optimizer = torch.optim.SGD(model.parameters(), {{Pick(n, "learningRate: 5.0", "learningRate: LearningRate")}});
                var scheduler = torch.optim.lr_scheduler.StepLR(optimizer, 1, {{Pick(n, "0.2", "gamma: 0.2")}});
                double lastLoss = 0;
                for (var epoch = 1; epoch <= Epochs; epoch++)
                {
                    model.train();
                    foreach (var (tokens, labels) in batches)
                    {
                        using var scope = torch.NewDisposeScope();
                        optimizer.zero_grad();
                        var output = loss.forward(model.forward(tokens), labels);
                        output.backward();
                        torch.nn.utils.clip_grad_norm_(model.parameters(), 0.5);
                        optimizer.step();
                        lastLoss = output.ToDouble();
                    }

                    scheduler.step();
                    Console.WriteLine($"epoch {epoch}: loss {lastLoss:0.0000}");
                }

                model.save(weightsPath);
                return lastLoss;
            }

            public static long ClassifyHeadline(Tensor tokens, long vocabularySize{{Pick(n, "", ", string weightsPath")}})
            {
                using var service = new NewsClassifierService{{n}}({{Pick(n, "\"weights/ag_news-" + n + ".dat\"", "weightsPath")}}, vocabularySize);
                service.Load();
                return service.Classify(tokens);
            }
        }
        """;

    /// <summary>ONNX Runtime serving: the session is opened from the path its constructor gets; a factory passes it literals or configuration.</summary>
    public static string FraudOnnxServing(int n) => $$"""
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using Microsoft.ML.OnnxRuntime;
        using Microsoft.ML.OnnxRuntime.Tensors;

        namespace Contoso.Payments.Fraud{{n % 7}};

        public sealed class FraudScorer{{n}} : IDisposable
        {
            private readonly InferenceSession _session;
            private readonly string _inputName;
            private readonly string _outputName;

            public FraudScorer{{n}}(string modelPath, bool useGpu = false)
            {
                using var options = new SessionOptions();
                options.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL;
                if (useGpu)
                {
                    options.AppendExecutionProvider_CUDA(0);
                }

                _session = new InferenceSession(modelPath, options);
                _inputName = _session.InputMetadata.Keys.First();
                _outputName = _session.OutputMetadata.Keys.First();
            }

            public float[] Score(float[] features, int rows)
            {
                var tensor = new DenseTensor<float>(features, new[] { rows, features.Length / rows });
                var inputs = new List<NamedOnnxValue> { NamedOnnxValue.CreateFromTensor(_inputName, tensor) };
                using var results = _session.Run(inputs);
                return results.First(r => r.Name == _outputName).AsEnumerable<float>().ToArray();
            }

            public bool IsFraud(float[] transaction, float threshold) => Score(transaction, 1)[0] >= threshold;

            public void Dispose() => _session.Dispose();
        }

        public static class FraudScorerFactory{{n}}
        {
        {{Pick(n, """
            private static readonly string ModelsDirectory = @"C:\models\onnx";
        """, """
            private static readonly string ModelsDirectory = Environment.GetEnvironmentVariable("FRAUD_MODELS") ?? AppContext.BaseDirectory;
        """)}}

            public static FraudScorer{{n}} CreateDefault()
                => new FraudScorer{{n}}({{Pick(n, "\"models/fraud-" + n + ".onnx\"", "Path.Combine(ModelsDirectory, \"fraud.onnx\")")}});

            public static FraudScorer{{n}} CreateChallenger()
                => new FraudScorer{{n}}(Path.Combine(ModelsDirectory, "fraud-challenger.onnx"), useGpu: true);

            public static IReadOnlyList<bool> ScoreBatch(IEnumerable<float[]> transactions)
            {
                using var champion = CreateDefault();
                return transactions.Select(t => champion.IsFraud(t, 0.5f)).ToList();
            }
        }
        """;

    /// <summary>The ML.NET object-detection sample shape: an ONNX model applied through ML.NET, its location built from an assets path.</summary>
    public static string OnnxTransformerScorer(int n) => $$"""
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using Microsoft.ML;
        using Microsoft.ML.Data;

        namespace Contoso.Vision.Detection{{n % 7}};

        public sealed class FeatureInput{{n}}
        {
            [VectorType(3 * 416 * 416), ColumnName("image")] public float[] Image { get; set; } = Array.Empty<float>();
        }

        public sealed class DetectionOutput{{n}}
        {
            [ColumnName("grid")] public float[] Grid { get; set; } = Array.Empty<float>();
        }

        public sealed class OnnxModelScorer{{n}}
        {
            private readonly string _modelLocation;
            private readonly MLContext _mlContext;

            public OnnxModelScorer{{n}}(string modelLocation, MLContext mlContext)
            {
                _modelLocation = modelLocation;
                _mlContext = mlContext;
            }

            private ITransformer LoadModel(string modelLocation)
            {
                Console.WriteLine($"Model location: {modelLocation}");
                var data = _mlContext.Data.LoadFromEnumerable(new List<FeatureInput{{n}}>());
                var pipeline = _mlContext.Transforms.ApplyOnnxModel(modelFile: modelLocation, outputColumnNames: new[] { "grid" }, inputColumnNames: new[] { "image" });
                return pipeline.Fit(data);
            }

            public IEnumerable<float[]> Score(IDataView data)
            {
                var model = LoadModel(_modelLocation);
                var scored = model.Transform(data);
                return scored.GetColumn<float[]>("grid");
            }

            public DetectionOutput{{n}} ScoreOne(FeatureInput{{n}} input)
            {
                var model = LoadModel(_modelLocation);
                var engine = _mlContext.Model.CreatePredictionEngine<FeatureInput{{n}}, DetectionOutput{{n}}>(model);
                return engine.Predict(input);
            }
        }

        public static class DetectionApp{{n}}
        {
            public static int Run(IEnumerable<FeatureInput{{n}}> images)
            {
                var assetsPath = GetAbsolutePath({{Pick(n, "@\"../../../assets\"", "Environment.GetEnvironmentVariable(\"DETECTION_ASSETS\") ?? \"assets\"")}});
                var modelFilePath = Path.Combine(assetsPath, "Model", "TinyYolo2_model.onnx");
                var mlContext = new MLContext({{Pick(n, "", "seed: 1")}});
                var data = mlContext.Data.LoadFromEnumerable(images);
                var scorer = new OnnxModelScorer{{n}}(modelFilePath, mlContext);
                return scorer.Score(data).Count(grid => grid.Any(v => v > 0.5f));
            }

            public static string GetAbsolutePath(string relativePath)
            {
                var dataRoot = new FileInfo(typeof(DetectionApp{{n}}).Assembly.Location);
                var assemblyFolderPath = dataRoot.Directory!.FullName;
                return Path.GetFullPath(Path.Combine(assemblyFolderPath, relativePath));
            }
        }
        """;

    /// <summary>Data preparation with a DataFrame from a downloaded dataset (a URL in the code or in configuration), then training on the frame.</summary>
    public static string HousingDataFrame(int n) => $$"""
        using System;
        using System.IO;
        using System.Linq;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.Data.Analysis;
        using Microsoft.ML;
        using Microsoft.ML.Data;

        namespace Contoso.RealEstate.Housing{{n % 7}};

        public static class HousingData{{n}}
        {
        {{Pick(n, $$"""
            private const string DatasetUrl = "https://raw.githubusercontent.com/contoso/datasets/main/housing-{{n}}.csv";
        """, """
            private static readonly string DatasetUrl = Environment.GetEnvironmentVariable("HOUSING_DATASET_URL") ?? throw new InvalidOperationException("Set HOUSING_DATASET_URL.");
        """)}}

            public static async Task<string> DownloadAsync(HttpClient client, string url, string destination)
            {
                if (File.Exists(destination))
                {
                    return destination;
                }

                var bytes = await client.GetByteArrayAsync(url).ConfigureAwait(false);
                await File.WriteAllBytesAsync(destination, bytes).ConfigureAwait(false);
                return destination;
            }

            public static async Task<DataFrame> LoadAsync(HttpClient client, string cacheDirectory)
            {
                var path = await DownloadAsync(client, DatasetUrl, Path.Combine(cacheDirectory, "housing.csv")).ConfigureAwait(false);
                var frame = DataFrame.LoadCsv(path);
                var rooms = frame.Columns["Rooms"];
                var price = frame.Columns["Price"];
                var perRoom = new PrimitiveDataFrameColumn<float>("PricePerRoom", frame.Rows.Count);
                for (long i = 0; i < frame.Rows.Count; i++)
                {
                    var r = Convert.ToSingle(rooms[i] ?? 0f);
                    perRoom[i] = r == 0 ? 0f : Convert.ToSingle(price[i] ?? 0f) / r;
                }

                frame.Columns.Add(perRoom);
                return frame.DropNulls();
            }
        }

        public static class HousingTraining{{n}}
        {
            public static RegressionMetrics Train(DataFrame frame, string modelPath, int seed)
            {
                var mlContext = {{Pick(n, "new MLContext()", "new MLContext(seed)")}};
                var split = mlContext.Data.TrainTestSplit(frame, testFraction: 0.2);
                var pipeline = mlContext.Transforms.Concatenate("Features", "Rooms", "Area", "Age", "PricePerRoom")
                    .Append(mlContext.Transforms.NormalizeMeanVariance("Features"))
                    .Append(mlContext.Regression.Trainers.OnlineGradientDescent(labelColumnName: "Price", featureColumnName: "Features"{{Pick(n, ", learningRate: 0.1f, numberOfIterations: 10", "")}}));
                var model = pipeline.Fit(split.TrainSet);
                var metrics = mlContext.Regression.Evaluate(model.Transform({{Pick(n, "split.TrainSet", "split.TestSet")}}), labelColumnName: "Price");
                mlContext.Model.Save(model, split.TrainSet.Schema, modelPath);
                return metrics;
            }

            public static async Task<double> RunAsync(HttpClient client)
            {
                var frame = await HousingData{{n}}.LoadAsync(client, {{Pick(n, "\"/var/cache/housing\"", "Path.GetTempPath()")}}).ConfigureAwait(false);
                var metrics = Train(frame, {{Pick(n, "\"housing-" + n + ".zip\"", "Path.Combine(Path.GetTempPath(), \"housing.zip\")")}}, seed: 3);
                return metrics.RSquared;
            }

            public static (double Mean, double Max) Describe(DataFrame frame)
            {
                var prices = frame.Columns["Price"];
                var values = Enumerable.Range(0, (int)frame.Rows.Count).Select(i => Convert.ToDouble(prices[i] ?? 0f)).ToArray();
                return values.Length == 0 ? (0, 0) : (values.Average(), values.Max());
            }
        }
        """;

    /// <summary>A TorchSharp regression over tabular rows: a batch iterator that shuffles with System.Random, early stopping, checkpoints per epoch.</summary>
    public static string TabularTorchRegression(int n) => $$"""
        using System;
        using System.Collections;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        namespace Contoso.Energy.Forecast{{n % 7}};

        public sealed class TabularBatches{{n}} : IEnumerable<(Tensor Features, Tensor Target)>
        {
            private readonly float[][] _rows;
            private readonly float[] _targets;
            private readonly int _batchSize;
            private readonly Random _random;

            public TabularBatches{{n}}(float[][] rows, float[] targets, int batchSize, int seed)
            {
                _rows = rows;
                _targets = targets;
                _batchSize = batchSize;
                _random = {{Pick(n, "new Random()", "new Random(seed)")}};
            }

            public IEnumerator<(Tensor Features, Tensor Target)> GetEnumerator()
            {
                var order = Enumerable.Range(0, _rows.Length).OrderBy(_ => _random.Next()).ToArray();
                var width = _rows.Length == 0 ? 0 : _rows[0].Length;
                for (var start = 0; start < order.Length; start += _batchSize)
                {
                    var take = order.Skip(start).Take(_batchSize).ToArray();
                    var x = torch.tensor(take.SelectMany(i => _rows[i]).ToArray(), new long[] { take.Length, width });
                    var y = torch.tensor(take.Select(i => _targets[i]).ToArray(), new long[] { take.Length, 1 });
                    yield return (x, y);
                }
            }

            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        }

        public static class LoadForecaster{{n}}
        {
        {{Pick(n, """
            private static readonly string CheckpointDirectory = Path.Combine("..", "..", "checkpoints");
        """, """
            private static readonly string CheckpointDirectory = Environment.GetEnvironmentVariable("FORECAST_CHECKPOINTS") ?? Path.GetTempPath();
        """)}}

            public static Module<Tensor, Tensor> Build(int inputs, int hidden)
                => Sequential(("lin1", Linear(inputs, hidden)), ("relu1", ReLU()), ("drop1", Dropout(0.1)), ("lin2", Linear(hidden, 1)));

            public static float Train(float[][] rows, float[] targets, int epochs, double learningRate, int patience)
            {
                {{Pick(n, "", "torch.manual_seed(5);")}}
                var model = Build(rows[0].Length, {{Pick(n, "64", "Math.Max(8, rows[0].Length * 4)")}});
                var optimizer = torch.optim.Adam(model.parameters(), {{Pick(n, "lr: 3e-4, weight_decay: 1e-5", "lr: learningRate")}});
                var batches = new TabularBatches{{n}}(rows, targets, {{Pick(n, "32", "Math.Max(1, rows.Length / 50)")}}, seed: 11);
                var best = float.MaxValue;
                var sinceBest = 0;
                for (var epoch = 0; epoch < epochs && sinceBest < patience; epoch++)
                {
                    model.train();
                    var total = 0f;
                    foreach (var (features, target) in batches)
                    {
                        using var scope = torch.NewDisposeScope();
                        optimizer.zero_grad();
                        var loss = functional.mse_loss(model.forward(features), target, Reduction.Mean);
                        loss.backward();
                        optimizer.step();
                        total += loss.ToSingle();
                    }

                    if (total < best)
                    {
                        best = total;
                        sinceBest = 0;
                        model.save(Path.Combine(CheckpointDirectory, $"forecast-epoch-{epoch}.bin"));
                    }
                    else
                    {
                        sinceBest++;
                    }
                }

                return best;
            }

            public static float[] Predict(float[][] rows, string checkpoint)
            {
                var model = Build(rows[0].Length, 64);
                model.load({{Pick(n, "\"checkpoints/forecast-best.bin\"", "checkpoint")}});
                model.eval();
                using var noGrad = torch.no_grad();
                var x = torch.tensor(rows.SelectMany(r => r).ToArray(), new long[] { rows.Length, rows[0].Length });
                return model.forward(x).data<float>().ToArray();
            }
        }
        """;

    /// <summary>Binary classification with trainer options from fields, a calibrated evaluation, a model saved through a file stream.</summary>
    public static string CreditRisk(int n) => $$"""
        using System;
        using System.IO;
        using Microsoft.ML;
        using Microsoft.ML.Data;
        using Microsoft.ML.Trainers.LightGbm;

        namespace Contoso.Lending.Risk{{n % 7}};

        public sealed class LoanApplication{{n}}
        {
            [LoadColumn(0)] public float Income { get; set; }
            [LoadColumn(1)] public float Debt { get; set; }
            [LoadColumn(2)] public float Age { get; set; }
            [LoadColumn(3)] public float CreditLines { get; set; }
            [LoadColumn(4)] public string Purpose { get; set; } = string.Empty;
            [LoadColumn(5)] public bool Label { get; set; }
        }

        public sealed class RiskPrediction{{n}}
        {
            [ColumnName("PredictedLabel")] public bool Default { get; set; }
            public float Probability { get; set; }
        }

        public sealed class RiskModelTrainer{{n}}
        {
        {{Pick(n, """
            private static readonly int Leaves = 31;
            private static readonly double Rate = 0.05;
            private static readonly int Rounds = 300;
        """, """
            private readonly int Leaves;
            private readonly double Rate;
            private readonly int Rounds;
        """)}}
            private readonly MLContext _mlContext;
            private readonly string _modelPath;

            public RiskModelTrainer{{n}}(string modelPath, int seed{{Pick(n, "", ", int leaves, double rate, int rounds")}})
            {
                _mlContext = {{Pick(n, "new MLContext()", "new MLContext(seed)")}};
                _modelPath = modelPath;
        {{Pick(n, "", """
                Leaves = leaves;
                Rate = rate;
                Rounds = rounds;
        """)}}
            }

            public CalibratedBinaryClassificationMetrics TrainAndSave(string dataPath)
            {
                var data = _mlContext.Data.LoadFromTextFile<LoanApplication{{n}}>(dataPath, hasHeader: true, separatorChar: ',');
                var split = _mlContext.Data.TrainTestSplit(data, testFraction: 0.3);
                var options = new LightGbmBinaryTrainer.Options
                {
                    LabelColumnName = "Label",
                    FeatureColumnName = "Features",
                    NumberOfLeaves = Leaves,
                    LearningRate = Rate,
                    NumberOfIterations = Rounds,
                };
                var pipeline = _mlContext.Transforms.Categorical.OneHotEncoding("PurposeEncoded", nameof(LoanApplication{{n}}.Purpose))
                    .Append(_mlContext.Transforms.Concatenate("Features", nameof(LoanApplication{{n}}.Income), nameof(LoanApplication{{n}}.Debt), nameof(LoanApplication{{n}}.Age), nameof(LoanApplication{{n}}.CreditLines), "PurposeEncoded"))
                    .Append(_mlContext.BinaryClassification.Trainers.LightGbm(options));
                var model = pipeline.Fit(split.TrainSet);
                var metrics = _mlContext.BinaryClassification.Evaluate(model.Transform({{Pick(n, "split.TrainSet", "split.TestSet")}}), labelColumnName: "Label");
                using (var stream = new FileStream(_modelPath, FileMode.Create, FileAccess.Write, FileShare.Write))
                {
                    _mlContext.Model.Save(model, data.Schema, stream);
                }

                return metrics;
            }

            public RiskPrediction{{n}} Predict(LoanApplication{{n}} application)
            {
                using var stream = new FileStream(_modelPath, FileMode.Open, FileAccess.Read, FileShare.Read);
                var model = _mlContext.Model.Load(stream, out _);
                return _mlContext.Model.CreatePredictionEngine<LoanApplication{{n}}, RiskPrediction{{n}}>(model).Predict(application);
            }
        }

        public static class RiskApp{{n}}
        {
            public static double Run({{Pick(n, "", "string modelPath, string dataPath")}})
            {
                var trainer = new RiskModelTrainer{{n}}({{Pick(n, "\"Models/credit-risk.zip\", seed: 1", "modelPath, seed: 1, leaves: 31, rate: 0.05, rounds: 300")}});
                var metrics = trainer.TrainAndSave({{Pick(n, "@\"D:\\data\\loans-" + n + ".csv\"", "dataPath")}});
                Console.WriteLine($"AUC {metrics.AreaUnderRocCurve:0.000}, log-loss {metrics.LogLoss:0.000}");
                return metrics.AreaUnderRocCurve;
            }
        }
        """;
}
