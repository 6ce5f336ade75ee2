namespace MLOps.Analyzers.Benchmarks.Corpus;

/// <summary>
/// ML files of the shapes public ML.NET and TorchSharp samples have: a training program, a
/// classifier with trainer options and cross-validation, a prediction service over ML.NET, ONNX
/// Runtime and a DataFrame, and a TorchSharp network with its training loop. Every other file
/// carries the usual debts (unseeded contexts, literal paths, inline hyperparameters, evaluation
/// on the training data); the rest is written the careful way, so the rules do both kinds of work.
/// </summary>
internal static class MachineLearningTemplates
{
    public static readonly Func<int, string>[] All = { Regression, Classification, Serving, Torch };

    /// <summary>ML files come at every tenth index and cycle through the four templates; every other cycle carries the debts.</summary>
    private static bool Debt(int n) => n / (CorpusGenerator.MachineLearningEvery * 4) % 2 == 0;

    public static string Regression(int n) => $$"""
        using System;
        using System.IO;
        using System.Linq;
        using Microsoft.ML;
        using Microsoft.ML.Data;

        namespace Contoso.Pricing.Training{{n % 9}};

        public sealed class HouseRecord{{n}}
        {
            [LoadColumn(0)] public float Size { get; set; }
            [LoadColumn(1)] public float Bedrooms { get; set; }
            [LoadColumn(2)] public float Age { get; set; }
            [LoadColumn(3)] public float DistanceToCenter { get; set; }
            [LoadColumn(4)] public float Price { get; set; }
        }

        public sealed class HousePrediction{{n}}
        {
            [ColumnName("Score")] public float Price { get; set; }
        }

        public static class HousePriceTrainer{{n}}
        {
            {{(Debt(n)
                ? "private static readonly string DataPath = Path.Combine(\"..\", \"..\", \"Data\", \"houses-" + n + ".csv\");"
                : "private static readonly string DataPath = Environment.GetEnvironmentVariable(\"HOUSES_DATA\") ?? throw new InvalidOperationException(\"Set HOUSES_DATA.\");")}}

            public static RegressionMetrics Run(string modelPath, int seed)
            {
                var mlContext = {{(Debt(n) ? "new MLContext()" : "new MLContext(seed)")}};
                var data = mlContext.Data.LoadFromTextFile<HouseRecord{{n}}>(DataPath, hasHeader: true, separatorChar: ',');
                var split = mlContext.Data.TrainTestSplit(data, testFraction: 0.2);

                var pipeline = mlContext.Transforms.Concatenate("Features",
                        nameof(HouseRecord{{n}}.Size), nameof(HouseRecord{{n}}.Bedrooms), nameof(HouseRecord{{n}}.Age), nameof(HouseRecord{{n}}.DistanceToCenter))
                    .Append(mlContext.Transforms.NormalizeMinMax("Features"))
                    .Append(mlContext.Regression.Trainers.{{(n % 3) switch
                    {
                        0 => "Sdca(labelColumnName: nameof(HouseRecord" + n + ".Price), l2Regularization: 0.01f, maximumNumberOfIterations: 200)",
                        1 => "FastTree(labelColumnName: nameof(HouseRecord" + n + ".Price), numberOfLeaves: 20, numberOfTrees: 100, learningRate: 0.2)",
                        _ => "LightGbm(labelColumnName: nameof(HouseRecord" + n + ".Price), numberOfLeaves: 31, learningRate: 0.05, numberOfIterations: 300)",
                    }}});

                Console.WriteLine("Training the model...");
                var model = pipeline.Fit(split.TrainSet);

                var predictions = model.Transform({{(Debt(n) ? "split.TrainSet" : "split.TestSet")}});
                var metrics = mlContext.Regression.Evaluate(predictions, labelColumnName: nameof(HouseRecord{{n}}.Price));
                Console.WriteLine($"R^2: {metrics.RSquared:0.###}  RMSE: {metrics.RootMeanSquaredError:#,0}");

                mlContext.Model.Save(model, data.Schema, {{(Debt(n) ? "\"/var/models/house-price-" + n + ".zip\"" : "modelPath")}});
                return metrics;
            }

            public static float[] PredictSample(MLContext mlContext, ITransformer model, IDataView data, int count)
            {
                var engine = mlContext.Model.CreatePredictionEngine<HouseRecord{{n}}, HousePrediction{{n}}>(model);
                return mlContext.Data.CreateEnumerable<HouseRecord{{n}}>(data, reuseRowObject: false)
                    .Take(count)
                    .Select(h => engine.Predict(h).Price)
                    .ToArray();
            }
        }
        """;

    public static string Classification(int n) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using Microsoft.ML;
        using Microsoft.ML.Data;
        using Microsoft.ML.Trainers;

        namespace Contoso.Support.Sentiment{{n % 9}};

        public sealed class Review{{n}}
        {
            [LoadColumn(0)] public string Text { get; set; } = string.Empty;
            [LoadColumn(1), ColumnName("Label")] public bool Positive { get; set; }
        }

        public sealed class ReviewPrediction{{n}}
        {
            [ColumnName("PredictedLabel")] public bool Positive { get; set; }
            public float Probability { get; set; }
            public float Score { get; set; }
        }

        public sealed class SentimentOptions{{n}}
        {
            public float L2Regularization { get; set; } = 0.1f;
            public int MaximumNumberOfIterations { get; set; } = 100;
            public int Folds { get; set; } = 5;
        }

        public sealed class SentimentModelBuilder{{n}}
        {
            private readonly MLContext _mlContext;
            private readonly SentimentOptions{{n}} _options;

            public SentimentModelBuilder{{n}}(SentimentOptions{{n}} options, int? seed)
            {
                _options = options;
                _mlContext = new MLContext(seed: {{(Debt(n) ? "null" : "seed ?? 1")}});
            }

            public IDataView Load(string path) => _mlContext.Data.LoadFromTextFile<Review{{n}}>(path, hasHeader: true, separatorChar: '\t');

            public (ITransformer Model, CalibratedBinaryClassificationMetrics Metrics, double CrossValidatedAuc) Build(IDataView data)
            {
                var trainer = _mlContext.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
                {
                    LabelColumnName = "Label",
                    FeatureColumnName = "Features",
                    {{(Debt(n) ? "L2Regularization = 0.05f," : "L2Regularization = _options.L2Regularization,")}}
                    {{(Debt(n) ? "MaximumNumberOfIterations = 50," : "MaximumNumberOfIterations = _options.MaximumNumberOfIterations,")}}
                });
                var pipeline = _mlContext.Transforms.Text.FeaturizeText("Features", nameof(Review{{n}}.Text)).Append(trainer);

                var split = _mlContext.Data.TrainTestSplit(data, testFraction: 0.25);
                var folds = _mlContext.BinaryClassification.CrossValidate(split.TrainSet, pipeline, numberOfFolds: _options.Folds, labelColumnName: "Label");
                var auc = folds.Average(f => f.Metrics.AreaUnderRocCurve);

                var model = pipeline.Fit(split.TrainSet);
                var metrics = _mlContext.BinaryClassification.Evaluate(model.Transform(split.TestSet), labelColumnName: "Label");
                return (model, metrics, auc);
            }

            public IReadOnlyList<ReviewPrediction{{n}}> Score(ITransformer model, IEnumerable<Review{{n}}> reviews)
            {
                var view = _mlContext.Data.LoadFromEnumerable(reviews);
                return _mlContext.Data.CreateEnumerable<ReviewPrediction{{n}}>(model.Transform(view), reuseRowObject: false).ToList();
            }

            public static string Describe(CalibratedBinaryClassificationMetrics metrics)
                => $"accuracy {metrics.Accuracy:P1}, AUC {metrics.AreaUnderRocCurve:0.000}, F1 {metrics.F1Score:0.000}, log-loss {metrics.LogLoss:0.000}";
        }
        """;

    public static string Serving(int n) => $$"""
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using Microsoft.Data.Analysis;
        using Microsoft.ML;
        using Microsoft.ML.Data;
        using Microsoft.ML.OnnxRuntime;
        using Microsoft.ML.OnnxRuntime.Tensors;

        namespace Contoso.Pricing.Serving{{n % 9}};

        public sealed class QuoteInput{{n}}
        {
            public float Size { get; set; }
            public float Bedrooms { get; set; }
            public float Age { get; set; }
            public float DistanceToCenter { get; set; }
        }

        public sealed class QuoteOutput{{n}}
        {
            [ColumnName("Score")] public float Price { get; set; }
        }

        public sealed class QuoteService{{n}} : IDisposable
        {
            private readonly MLContext _mlContext = new();
            private readonly ITransformer _model;
            private readonly InferenceSession _session;
            private readonly string _inputName;

            public QuoteService{{n}}(string modelDirectory)
            {
                _model = _mlContext.Model.Load({{(Debt(n) ? "\"MLModels/quote-model.zip\"" : "Path.Combine(modelDirectory, \"quote-model.zip\")")}}, out _);
                _session = new InferenceSession({{(Debt(n) ? "@\"C:\\models\\quote-" + n + ".onnx\"" : "Path.Combine(modelDirectory, \"quote.onnx\")")}});
                _inputName = _session.InputMetadata.Keys.First();
            }

            public float Quote(QuoteInput{{n}} input)
            {
                var engine = _mlContext.Model.CreatePredictionEngine<QuoteInput{{n}}, QuoteOutput{{n}}>(_model);
                return engine.Predict(input).Price;
            }

            public float[] QuoteWithOnnx(IReadOnlyList<QuoteInput{{n}}> inputs)
            {
                var values = inputs.SelectMany(i => new[] { i.Size, i.Bedrooms, i.Age, i.DistanceToCenter }).ToArray();
                var tensor = new DenseTensor<float>(values, new[] { inputs.Count, 4 });
                var feeds = new List<NamedOnnxValue> { NamedOnnxValue.CreateFromTensor(_inputName, tensor) };
                using var results = _session.Run(feeds);
                return results.First().AsEnumerable<float>().ToArray();
            }

            public static (double Mean, long Rows) Summarize(string csvPath)
            {
                var frame = DataFrame.LoadCsv({{(Debt(n) ? "\"data/quotes-" + n + ".csv\"" : "csvPath")}});
                var prices = frame.Columns["Price"];
                double sum = 0;
                for (long i = 0; i < prices.Length; i++)
                {
                    sum += Convert.ToDouble(prices[i] ?? 0f);
                }

                return (frame.Rows.Count == 0 ? 0 : sum / frame.Rows.Count, frame.Rows.Count);
            }

            public void Dispose() => _session.Dispose();
        }
        """;

    public static string Torch(int n) => $$"""
        using System;
        using System.Collections.Generic;
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;
        using static TorchSharp.torch.nn.functional;

        namespace Contoso.Pricing.Deep{{n % 9}};

        public sealed class TabularNet{{n}} : Module<Tensor, Tensor>
        {
            private readonly Module<Tensor, Tensor> fc1 = Linear(16, 64);
            private readonly Module<Tensor, Tensor> dropout = Dropout(0.2);
            private readonly Module<Tensor, Tensor> fc2 = Linear(64, 32);
            private readonly Module<Tensor, Tensor> head = Linear(32, 1);

            public TabularNet{{n}}(string name) : base(name)
            {
                RegisterComponents();
            }

            public override Tensor forward(Tensor input)
            {
                var x = relu(fc1.forward(input));
                x = dropout.forward(x);
                return head.forward(relu(fc2.forward(x)));
            }
        }

        public sealed class TrainingSettings{{n}}
        {
            public double LearningRate { get; set; } = 1e-3;
            public double WeightDecay { get; set; }
            public int Epochs { get; set; } = 20;
        }

        public static class TabularTrainer{{n}}
        {
            public static IReadOnlyList<float> Train(TrainingSettings{{n}} settings, string checkpointDirectory)
            {
                {{(Debt(n) ? "" : "torch.manual_seed(42);")}}
                var model = new TabularNet{{n}}("tabular");
                var features = randn(256, 16);
                var target = randn(256, 1);
                var optimizer = {{(Debt(n) ? "torch.optim.Adam(model.parameters(), lr: 0.001, weight_decay: 1e-5)" : "torch.optim.Adam(model.parameters(), lr: settings.LearningRate, weight_decay: settings.WeightDecay)")}};
                var scheduler = torch.optim.lr_scheduler.StepLR(optimizer, {{(Debt(n) ? "step_size: 10, gamma: 0.5" : "step_size: settings.Epochs / 2")}});
                var lossFunction = MSELoss();
                var losses = new List<float>();

                model.train();
                for (var epoch = 0; epoch < settings.Epochs; epoch++)
                {
                    using var scope = torch.NewDisposeScope();
                    optimizer.zero_grad();
                    var loss = lossFunction.forward(model.forward(features), target);
                    loss.backward();
                    optimizer.step();
                    scheduler.step();
                    losses.Add(loss.ToSingle());
                }

                model.eval();
                model.save({{(Debt(n) ? "\"checkpoints/tabular-" + n + ".bin\"" : "System.IO.Path.Combine(checkpointDirectory, \"tabular.bin\")")}});
                return losses;
            }
        }
        """;
}
