using MLOps.Analyzers.CodeFixes.Serving;
using MLOps.Analyzers.Serving;
using Xunit;

namespace MLOps.Analyzers.Tests.Serving;

public sealed class ModelCreatedPerItemAnalyzerTests
{
    private const string U = ServingTestCode.Usings;
    private const string W = ServingTestCode.WebUsings;
    private const string M = ServingTestCode.Models;

    private static Task VerifyAsync(string source, ServingHost host, string? globalConfig = null)
        => ServingTestCode.VerifyAsync<ModelCreatedPerItemAnalyzer>(source, host, globalConfig: globalConfig);

    private static Task VerifyFixAsync(string source, string fixedSource, ServingHost host, int? fixAllIterations = null)
        => ServingTestCode.VerifyFixAsync<ModelCreatedPerItemAnalyzer, ModelCreatedPerItemCodeFixProvider>(source, fixedSource, host, fixAllIterations);

    // ---------------------------------------------------------------- loops

    [Fact]
    public async Task EngineCreatedForEveryRowOfABatch_ReportsAndHoists()
    {
        await VerifyFixAsync(U + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 0);
                    ITransformer model = mlContext.Model.Load(args[0], out var modelSchema);
                    var rows = System.IO.File.ReadLines(args[1]).Select(line => new SentimentData { SentimentText = line });
                    foreach (var row in rows)
                    {
                        var engine = {|MLOPS602:mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(model)|};
                        var prediction = engine.Predict(row);
                        Console.WriteLine($"{row.SentimentText}: {prediction.Probability:P2}");
                    }
                }
            }
            """ + M, U + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 0);
                    ITransformer model = mlContext.Model.Load(args[0], out var modelSchema);
                    var rows = System.IO.File.ReadLines(args[1]).Select(line => new SentimentData { SentimentText = line });
                    var engine = mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(model);
                    foreach (var row in rows)
                    {
                        var prediction = engine.Predict(row);
                        Console.WriteLine($"{row.SentimentText}: {prediction.Probability:P2}");
                    }
                }
            }
            """ + M, ServingHost.ConsoleApp);
    }

    [Fact]
    public async Task OnnxSessionCreatedForEveryImage_ReportsAndHoistsTheUsingDeclaration()
    {
        await VerifyFixAsync(U + """
            using Microsoft.ML.OnnxRuntime;
            using Microsoft.ML.OnnxRuntime.Tensors;

            var modelPath = args[0];
            foreach (var imagePath in args.Skip(1))
            {
                using var session = {|MLOPS602:new InferenceSession(modelPath)|};
                var tensor = new DenseTensor<float>(new[] { 1, 3, 224, 224 });
                var inputs = new List<NamedOnnxValue> { NamedOnnxValue.CreateFromTensor("data", tensor) };
                using var results = session.Run(inputs);
                Console.WriteLine($"{imagePath}: {results.First().AsTensor<float>().Max()}");
            }
            """ + M, U + """
            using Microsoft.ML.OnnxRuntime;
            using Microsoft.ML.OnnxRuntime.Tensors;

            var modelPath = args[0];
            using var session = new InferenceSession(modelPath);
            foreach (var imagePath in args.Skip(1))
            {
                var tensor = new DenseTensor<float>(new[] { 1, 3, 224, 224 });
                var inputs = new List<NamedOnnxValue> { NamedOnnxValue.CreateFromTensor("data", tensor) };
                using var results = session.Run(inputs);
                Console.WriteLine($"{imagePath}: {results.First().AsTensor<float>().Max()}");
            }
            """ + M, ServingHost.ConsoleApp);
    }

    [Fact]
    public async Task ModelLoadedAndEngineCreatedInAForLoop_ReportsBothAndHoistsTheLoadThenTheEngine()
    {
        // The engine reads the model the loop loads: it can move only once the load has moved (a second fix).
        await VerifyFixAsync(U + """
            public static class Scoring
            {
                public static float[] Score(MLContext mlContext, string modelPath, SentimentData[] rows)
                {
                    var scores = new float[rows.Length];
                    for (var i = 0; i < rows.Length; i++)
                    {
                        var model = {|MLOPS602:mlContext.Model.Load(modelPath, out _)|};
                        var engine = {|MLOPS602:mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(model)|};
                        scores[i] = engine.Predict(rows[i]).Score;
                    }

                    return scores;
                }
            }
            """ + M, U + """
            public static class Scoring
            {
                public static float[] Score(MLContext mlContext, string modelPath, SentimentData[] rows)
                {
                    var scores = new float[rows.Length];
                    var model = mlContext.Model.Load(modelPath, out _);
                    var engine = mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(model);
                    for (var i = 0; i < rows.Length; i++)
                    {
                        scores[i] = engine.Predict(rows[i]).Score;
                    }

                    return scores;
                }
            }
            """ + M, ServingHost.Library, fixAllIterations: 2);
    }

    [Fact]
    public async Task HoistWouldClashWithAnotherLocalOrLoopIsNotInABlock_ReportsWithoutFix()
    {
        const string Source = U + """
            public static class Scoring
            {
                public static void Score(MLContext mlContext, ITransformer model, List<SentimentData> rows, bool verbose)
                {
                    foreach (var row in rows)
                    {
                        var engine = {|MLOPS602:mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(model)|};
                        Console.WriteLine(engine.Predict(row).Score);
                    }

                    foreach (var row in rows)
                    {
                        var engine = 42;
                        Console.WriteLine(engine);
                    }

                    if (verbose)
                        foreach (var row in rows)
                        {
                            var engine = {|MLOPS602:mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(model)|};
                            Console.WriteLine(engine.Predict(row).Probability);
                        }
                }
            }
            """ + M;
        await VerifyFixAsync(Source, Source, ServingHost.Library);
    }

    [Fact]
    public async Task ContextCreatedInTheLoopToo_ReportsWithoutFix()
    {
        await VerifyAsync(U + """
            public static class Scoring
            {
                public static void ScoreAll(string modelPath, IEnumerable<SentimentData> rows)
                {
                    foreach (var row in rows)
                    {
                        var mlContext = new MLContext();
                        var model = {|MLOPS602:mlContext.Model.Load(modelPath, out _)|};
                        Console.WriteLine({|MLOPS602:mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(model)|}.Predict(row).Score);
                    }
                }
            }
            """ + M, ServingHost.Library);
    }

    [Fact]
    public async Task ConsoleLoopReadingInputLines_Reports()
    {
        await VerifyAsync(U + """
            var mlContext = new MLContext();
            string text;
            while ((text = Console.ReadLine()) != null)
            {
                var model = {|MLOPS602:mlContext.Model.Load("SentimentModel.zip", out _)|};
                var engine = {|MLOPS602:mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(model)|};
                Console.WriteLine(engine.Predict(new SentimentData { SentimentText = text }).Prediction ? "Toxic" : "Not toxic");
            }
            """ + M, ServingHost.ConsoleApp);
    }

    [Fact]
    public async Task CreationsThatDependOnTheItem_NoDiagnostic()
    {
        // Comparing candidate models, one per file; scoring one model per tenant.
        await VerifyAsync(U + """
            public static class ModelComparison
            {
                public static void CompareModels(MLContext mlContext, string modelsFolder, IDataView testData)
                {
                    foreach (var modelPath in System.IO.Directory.GetFiles(modelsFolder, "*.zip"))
                    {
                        var model = mlContext.Model.Load(modelPath, out _);
                        var metrics = mlContext.BinaryClassification.Evaluate(model.Transform(testData));
                        var engine = mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(model);
                        Console.WriteLine($"{modelPath}: {metrics.Accuracy:P2} {engine.Predict(new SentimentData { SentimentText = "nice" }).Score}");
                    }
                }

                public static void ScorePerTenant(MLContext mlContext, Dictionary<string, List<SentimentData>> rowsByTenant)
                {
                    foreach (var tenant in rowsByTenant)
                    {
                        var engine = mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(mlContext.Model.Load($"models/{tenant.Key}.zip", out _));
                        foreach (var row in tenant.Value)
                        {
                            Console.WriteLine(engine.Predict(row).Score);
                        }
                    }
                }

                public static void RetrainEachRound(MLContext mlContext, IDataView data, IEstimator<ITransformer> pipeline, SentimentData probe)
                {
                    for (var round = 0; round < 3; round++)
                    {
                        var model = pipeline.Fit(data);
                        var engine = mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(model);
                        Console.WriteLine(engine.Predict(probe).Score);
                    }
                }
            }
            """ + M, ServingHost.Library);
    }

    [Fact]
    public async Task ModelLoadedFromAStreamOpenedInTheLoop_ReportsWithoutFix()
    {
        await VerifyAsync(U + """
            public static class Scoring
            {
                public static void ScoreAll(MLContext mlContext, string modelPath, IEnumerable<SentimentData> rows)
                {
                    foreach (var row in rows)
                    {
                        using var stream = System.IO.File.OpenRead(System.IO.Path.Combine(modelPath, "model.zip"));
                        var model = {|MLOPS602:mlContext.Model.Load(stream, out _)|};
                        Console.WriteLine(model.Transform(mlContext.Data.LoadFromEnumerable(new[] { row })).Schema.Count);
                    }
                }
            }
            """ + M, ServingHost.Library);
    }

    [Fact]
    public async Task PathFromACallThatMayAnswerDifferentlyEachTime_NoDiagnostic()
    {
        await VerifyAsync(U + """
            public static class Scoring
            {
                private static int _version;

                private static string NextModelPath() => $"models/v{++_version}.zip";

                public static void ScoreWithEachVersion(MLContext mlContext, IEnumerable<SentimentData> rows)
                {
                    foreach (var row in rows)
                    {
                        var engine = mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(mlContext.Model.Load(NextModelPath(), out _));
                        Console.WriteLine(engine.Predict(row).Score);
                    }
                }
            }
            """ + M, ServingHost.Library);
    }

    [Fact]
    public async Task CreatedBeforeTheLoopCachedOrInALambda_NoDiagnostic()
    {
        await VerifyAsync(U + """
            public sealed class Scorer
            {
                private readonly Dictionary<string, ITransformer> _models = new();
                private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ITransformer> _cache = new();
                private PredictionEngine<SentimentData, SentimentPrediction> _engine;

                public void ScoreAll(MLContext mlContext, string modelPath, List<SentimentData> rows)
                {
                    var model = mlContext.Model.Load(modelPath, out _);
                    var engine = mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(model);
                    foreach (var row in rows)
                    {
                        _engine ??= mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(model);
                        if (!_models.ContainsKey(modelPath))
                        {
                            _models[modelPath] = mlContext.Model.Load(modelPath, out _);
                        }

                        var cached = _cache.GetOrAdd(modelPath, path => mlContext.Model.Load(path, out _));
                        Console.WriteLine(engine.Predict(row).Score + _engine.Predict(row).Score);
                    }

                    Parallel.ForEach(rows, row =>
                    {
                        var perIteration = mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(model);
                        Console.WriteLine(perIteration.Predict(row).Score);
                    });
                }
            }
            """ + M, ServingHost.Library);
    }

    [Fact]
    public async Task PollingLoopThatReloadsTheModel_NoDiagnostic()
    {
        // A background job that picks up a retrained model file on every round, on purpose.
        await VerifyAsync(U + """
            public static class ModelRefresher
            {
                public static async Task RunAsync(MLContext mlContext, string modelPath, Func<IDataView> nextBatch, CancellationToken stoppingToken)
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        var model = mlContext.Model.Load(modelPath, out _);
                        var scored = model.Transform(nextBatch());
                        Console.WriteLine(scored.Schema.Count);
                        await Task.Delay(TimeSpan.FromMinutes(5), stoppingToken);
                    }
                }
            }
            """ + M, ServingHost.Library);
    }

    [Fact]
    public async Task LoopThatDoesNotPredict_NoDiagnostic()
    {
        await VerifyAsync(U + """
            public static class ModelInspection
            {
                public static void PrintSchemas(MLContext mlContext, string modelPath, int times)
                {
                    for (var i = 0; i < times; i++)
                    {
                        mlContext.Model.Load(modelPath, out var schema);
                        Console.WriteLine(schema.Count);
                    }
                }
            }
            """ + M, ServingHost.Library);
    }

    // ---------------------------------------------------------------- ASP.NET Core

    [Fact]
    public async Task MinimalApiHandlerLoadsAndCreatesPerRequest_Reports()
    {
        await VerifyAsync(W + """
            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            var mlContext = new MLContext();
            var modelPath = builder.Configuration["ModelPath"];

            app.MapPost("/predict", (SentimentData input) =>
            {
                var model = {|MLOPS602:mlContext.Model.Load(modelPath, out _)|};
                var engine = {|MLOPS602:mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(model)|};
                return Results.Ok(engine.Predict(input));
            });
            app.Run();
            """ + M, ServingHost.WebApp);
    }

    [Fact]
    public async Task ControllerActionConstructorAndFieldInitializer_Report()
    {
        await VerifyAsync(W + """
            var app = WebApplication.CreateBuilder(args).Build();
            app.MapControllers();
            app.Run();

            [ApiController]
            [Route("api/[controller]")]
            public sealed class SentimentController : ControllerBase
            {
                [HttpPost]
                public ActionResult<SentimentPrediction> Post(SentimentData input)
                {
                    var mlContext = new MLContext();
                    ITransformer model = {|MLOPS602:mlContext.Model.Load("SentimentModel.zip", out _)|};
                    var engine = {|MLOPS602:mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(model)|};
                    return engine.Predict(input);
                }
            }

            public sealed class IssuesController : Controller
            {
                private readonly MLContext _mlContext = new MLContext();
                private readonly ITransformer _model = {|MLOPS602:new MLContext().Model.Load("IssueModel.zip", out _)|};
                private readonly PredictionEngine<GitHubIssue, IssuePrediction> _engine;

                public IssuesController()
                    => _engine = {|MLOPS602:_mlContext.Model.CreatePredictionEngine<GitHubIssue, IssuePrediction>(_model)|};

                public IActionResult Classify(GitHubIssue issue) => Ok(_engine.Predict(issue).Area);
            }
            """ + M, ServingHost.WebApp);
    }

    [Fact]
    public async Task HandlersThatCacheOrChooseTheModelPerRequest_NoDiagnostic()
    {
        await VerifyAsync(W + """
            var builder = WebApplication.CreateBuilder(args);
            var mlContext = new MLContext();
            var model = mlContext.Model.Load("SentimentModel.zip", out _);
            builder.Services.AddSingleton(model);
            var app = builder.Build();

            // The model is chosen by the request: loading it is the request's work (a cache would help, but not a hoist).
            app.MapPost("/predict/{modelName}", (string modelName, SentimentData input) =>
            {
                var chosen = mlContext.Model.Load($"models/{modelName}.zip", out _);
                return mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(chosen).Predict(input);
            });

            // Batch scoring with the shared model: no creation per request.
            app.MapPost("/batch", (SentimentData[] inputs) => mlContext.Data.CreateEnumerable<SentimentPrediction>(
                model.Transform(mlContext.Data.LoadFromEnumerable(inputs)), reuseRowObject: false).ToList());

            // A reload endpoint swaps the shared model.
            app.MapPost("/reload", () => ModelStore.Current = mlContext.Model.Load("SentimentModel.zip", out _));
            app.Run();

            public static class ModelStore
            {
                public static ITransformer Current { get; set; }
            }

            [ApiController]
            public sealed class CachedController : ControllerBase
            {
                private static PredictionEngine<SentimentData, SentimentPrediction> _engine;
                private static readonly object Gate = new();

                [HttpPost("cached")]
                public ActionResult<SentimentPrediction> Post(SentimentData input, [FromServices] ITransformer model)
                {
                    lock (Gate)
                    {
                        _engine ??= new MLContext().Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(model);
                        return _engine.Predict(input);
                    }
                }

                public static ITransformer LoadOnce() => new MLContext().Model.Load("SentimentModel.zip", out _);
            }
            """ + M, ServingHost.WebApp);
    }

    // ---------------------------------------------------------------- scope

    [Fact]
    public async Task TestProject_NoDiagnostic()
    {
        await VerifyAsync(U + """
            public static class ScoringTests
            {
                public static void EveryRowScores(MLContext mlContext, string modelPath, SentimentData[] rows)
                {
                    foreach (var row in rows)
                    {
                        var engine = mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(mlContext.Model.Load(modelPath, out _));
                        Console.WriteLine(engine.Predict(row).Score);
                    }
                }
            }
            """ + M, ServingHost.Library, globalConfig: "build_property.IsTestProject = true\n");
    }
}
