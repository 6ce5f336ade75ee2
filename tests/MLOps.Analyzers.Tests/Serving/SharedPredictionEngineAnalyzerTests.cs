using MLOps.Analyzers.Serving;
using Xunit;

namespace MLOps.Analyzers.Tests.Serving;

public sealed class SharedPredictionEngineAnalyzerTests
{
    private const string U = ServingTestCode.Usings;
    private const string W = ServingTestCode.WebUsings;
    private const string M = ServingTestCode.Models;

    private static Task VerifyAsync(string source, ServingHost host, string? globalConfig = null)
        => ServingTestCode.VerifyAsync<SharedPredictionEngineAnalyzer>(source, host, globalConfig: globalConfig);

    // ---------------------------------------------------------------- static fields and properties

    [Fact]
    public async Task StaticEngineFieldInLibrary_Reports()
    {
        await VerifyAsync(U + """
            public static class SentimentModel
            {
                private static readonly MLContext MlContext = new MLContext(seed: 0);
                private static PredictionEngine<SentimentData, SentimentPrediction> {|MLOPS601:_predEngine|};

                public static void Load(string modelPath)
                {
                    ITransformer model = MlContext.Model.Load(modelPath, out _);
                    _predEngine = MlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(model);
                }

                public static bool IsToxic(string text)
                    => _predEngine.Predict(new SentimentData { SentimentText = text }).Prediction;
            }
            """ + M, ServingHost.Library);
    }

    [Fact]
    public async Task StaticLazyEngineInWebApp_Reports()
    {
        await VerifyAsync(W + """
            var app = WebApplication.CreateBuilder(args).Build();
            app.MapPost("/sentiment", (SentimentData input) => SentimentScorer.Score(input));
            app.Run();

            static class SentimentScorer
            {
                private static readonly Lazy<PredictionEngine<SentimentData, SentimentPrediction>> {|MLOPS601:Engine|} = new(() =>
                {
                    var mlContext = new MLContext();
                    var model = mlContext.Model.Load("SentimentModel.zip", out _);
                    return mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(model);
                });

                public static SentimentPrediction Score(SentimentData input) => Engine.Value.Predict(input);
            }
            """ + M, ServingHost.WebApp);
    }

    [Fact]
    public async Task PublicStaticAutoPropertyInLibrary_Reports()
    {
        await VerifyAsync(U + """
            public static class ModelHolder
            {
                public static PredictionEngine<SentimentData, SentimentPrediction> {|MLOPS601:Engine|} { get; set; }
            }
            """ + M, ServingHost.Library);
    }

    [Fact]
    public async Task StaticEngineFieldInConsoleApp_NoDiagnostic()
    {
        // The GitHub issue classification tutorial: one thread, one engine.
        await VerifyAsync(U + """
            public static class Program
            {
                private static MLContext _mlContext;
                private static PredictionEngine<GitHubIssue, IssuePrediction> _predEngine;
                private static ITransformer _trainedModel;

                public static void Main(string[] args)
                {
                    _mlContext = new MLContext(seed: 0);
                    _trainedModel = _mlContext.Model.Load(args[0], out _);
                    _predEngine = _mlContext.Model.CreatePredictionEngine<GitHubIssue, IssuePrediction>(_trainedModel);
                    var issue = new GitHubIssue { Title = "WebSockets communication is slow in my machine", Description = "The WebSockets communication used under the covers by SignalR looks like is going slow in my development machine.." };
                    var prediction = _predEngine.Predict(issue);
                    Console.WriteLine($"=============== Single Prediction just-trained-model - Result: {prediction.Area} ===============");
                }
            }
            """ + M, ServingHost.ConsoleApp);
    }

    [Fact]
    public async Task ThreadStaticAndThreadLocalEngines_NoDiagnostic()
    {
        await VerifyAsync(U + """
            public static class SentimentModel
            {
                private static readonly MLContext MlContext = new MLContext(seed: 0);
                private static readonly ITransformer Model = MlContext.Model.Load("model.zip", out _);

                [ThreadStatic]
                private static PredictionEngine<SentimentData, SentimentPrediction> _perThread;

                private static readonly ThreadLocal<PredictionEngine<SentimentData, SentimentPrediction>> PerThreadToo =
                    new(() => MlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(Model));

                public static SentimentPrediction Score(SentimentData input)
                {
                    _perThread ??= MlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(Model);
                    return _perThread.Predict(input);
                }

                public static SentimentPrediction ScoreToo(SentimentData input) => PerThreadToo.Value.Predict(input);
            }
            """ + M, ServingHost.Library);
    }

    [Fact]
    public async Task StaticEngineUsedUnderLockOrSemaphore_NoDiagnostic()
    {
        await VerifyAsync(U + """
            public static class SentimentModel
            {
                private static readonly object Gate = new();
                private static readonly SemaphoreSlim Semaphore = new(1, 1);
                private static PredictionEngine<SentimentData, SentimentPrediction> _engine;
                private static PredictionEngine<SentimentData, SentimentPrediction> _asyncEngine;

                public static void Load(MLContext mlContext, ITransformer model)
                {
                    _engine = mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(model);
                    _asyncEngine = mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(model);
                }

                public static SentimentPrediction Score(SentimentData input)
                {
                    lock (Gate)
                    {
                        return _engine.Predict(input);
                    }
                }

                public static async Task<SentimentPrediction> ScoreAsync(SentimentData input)
                {
                    await Semaphore.WaitAsync();
                    try
                    {
                        return _asyncEngine.Predict(input);
                    }
                    finally
                    {
                        Semaphore.Release();
                    }
                }
            }
            """ + M, ServingHost.Library);
    }

    [Fact]
    public async Task StaticEngineUsedOutsideTheLockToo_Reports()
    {
        await VerifyAsync(U + """
            public static class SentimentModel
            {
                private static readonly object Gate = new();
                private static PredictionEngine<SentimentData, SentimentPrediction> {|MLOPS601:_engine|};

                public static void Load(MLContext mlContext, ITransformer model)
                    => _engine = mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(model);

                public static SentimentPrediction Score(SentimentData input)
                {
                    lock (Gate)
                    {
                        return _engine.Predict(input);
                    }
                }

                public static bool IsToxic(string text) => _engine.Predict(new SentimentData { SentimentText = text }).Prediction;
            }
            """ + M, ServingHost.Library);
    }

    [Fact]
    public async Task StaticComputedPropertyCreatingAnEngineEachTime_NoDiagnostic()
    {
        await VerifyAsync(U + """
            public static class SentimentModel
            {
                private static readonly MLContext MlContext = new MLContext(seed: 0);
                private static readonly ITransformer Model = MlContext.Model.Load("model.zip", out _);

                public static PredictionEngine<SentimentData, SentimentPrediction> NewEngine
                    => MlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(Model);
            }
            """ + M, ServingHost.Library);
    }

    private const string ModelBuilderConsumption = """
        // This file was auto-generated by ML.NET Model Builder.
        using Microsoft.ML;
        using Microsoft.ML.Data;
        using System;
        using System.IO;

        namespace SentimentApp
        {
            public partial class SentimentModel
            {
                public class ModelInput
                {
                    [LoadColumn(0)] [ColumnName(@"col0")] public string Col0 { get; set; }
                }

                public class ModelOutput
                {
                    [ColumnName(@"PredictedLabel")] public float PredictedLabel { get; set; }
                    [ColumnName(@"Score")] public float[] Score { get; set; }
                }

                private static string MLNetModelPath = Path.GetFullPath("SentimentModel.mlnet");

                public static readonly Lazy<PredictionEngine<ModelInput, ModelOutput>> {|MLOPS601:PredictEngine|} = new Lazy<PredictionEngine<ModelInput, ModelOutput>>(() => CreatePredictEngine(), true);

                public static ModelOutput Predict(ModelInput input)
                {
                    var predEngine = PredictEngine.Value;
                    return predEngine.Predict(input);
                }

                private static PredictionEngine<ModelInput, ModelOutput> CreatePredictEngine()
                {
                    var mlContext = new MLContext();
                    ITransformer mlModel = mlContext.Model.Load(MLNetModelPath, out var _);
                    return mlContext.Model.CreatePredictionEngine<ModelInput, ModelOutput>(mlModel);
                }
            }
        }
        """;

    [Fact]
    public async Task ModelBuilderConsumptionCodeInLibrary_ReportsTheLazyEngine()
    {
        // Model Builder's Predict(input) goes through one static engine: a race as soon as a web API calls it.
        var test = new Verifiers.CSharpAnalyzerVerifier<SharedPredictionEngineAnalyzer>.Test();
        test.TestState.Sources.Add(("/0/SentimentModel.consumption.cs", ModelBuilderConsumption));
        await test.RunAsync();
    }

    [Fact]
    public async Task ModelBuilderConsumptionCodeWithOptionOff_NoDiagnostic()
    {
        var test = new Verifiers.CSharpAnalyzerVerifier<SharedPredictionEngineAnalyzer>.Test();
        test.TestState.Sources.Add(("/0/SentimentModel.consumption.cs", ModelBuilderConsumption.Replace("{|MLOPS601:PredictEngine|}", "PredictEngine", StringComparison.Ordinal)));
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\nmlops.MLOPS601.analyze_model_builder_code = false\n"));
        await test.RunAsync();
    }

    // ---------------------------------------------------------------- minimal APIs

    [Fact]
    public async Task EngineCapturedByMinimalApiHandler_Reports()
    {
        await VerifyAsync(W + """
            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();

            var mlContext = new MLContext();
            ITransformer model = mlContext.Model.Load("SentimentModel.zip", out var inputSchema);
            var predictionEngine = mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(model);

            app.MapPost("/predict", (SentimentData input) =>
            {
                var prediction = {|MLOPS601:predictionEngine|}.Predict(input);
                return Results.Ok(prediction);
            });
            app.MapGet("/health", () => "ok");

            app.Run();
            """ + M, ServingHost.WebApp);
    }

    [Fact]
    public async Task EngineParameterCapturedByHandlerOfRouteGroup_Reports()
    {
        await VerifyAsync(W + """
            var app = WebApplication.CreateBuilder(args).Build();
            var mlContext = new MLContext();
            var model = mlContext.Model.Load("SentimentModel.zip", out _);
            Endpoints.Map(app, mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(model));
            app.Run();

            static class Endpoints
            {
                public static void Map(WebApplication app, PredictionEngine<SentimentData, SentimentPrediction> engine)
                {
                    var group = app.MapGroup("/sentiment");
                    group.MapPost("/", async (HttpContext context) =>
                    {
                        var input = await context.Request.ReadFromJsonAsync<SentimentData>();
                        await context.Response.WriteAsJsonAsync({|MLOPS601:engine|}.Predict(input));
                    });
                }
            }
            """ + M, ServingHost.WebApp);
    }

    [Fact]
    public async Task EngineCapturedByLocalFunctionHandler_Reports()
    {
        await VerifyAsync(W + """
            var app = WebApplication.CreateBuilder(args).Build();
            var mlContext = new MLContext();
            var engine = mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(mlContext.Model.Load("SentimentModel.zip", out _));
            app.MapPost("/predict", Predict);
            app.Run();

            SentimentPrediction Predict(SentimentData input) => {|MLOPS601:engine|}.Predict(input);
            """ + M, ServingHost.WebApp);
    }

    [Fact]
    public async Task EngineCreatedInHandlerOrInjectedPerRequest_NoDiagnostic()
    {
        // Creating an engine per request is slow (MLOPS602's business) but not shared; an engine parameter of the
        // handler comes from DI, whose registration is what MLOPS601 looks at.
        await VerifyAsync(W + """
            var builder = WebApplication.CreateBuilder(args);
            var mlContext = new MLContext();
            ITransformer model = mlContext.Model.Load("SentimentModel.zip", out _);
            builder.Services.AddScoped(_ => mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(model));
            var app = builder.Build();

            app.MapPost("/predict", (SentimentData input) =>
            {
                var engine = mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(model);
                return engine.Predict(input);
            });
            app.MapPost("/predict2", ([FromServices] PredictionEngine<SentimentData, SentimentPrediction> engine, SentimentData input) => engine.Predict(input));
            app.MapPost("/batch", (SentimentData[] inputs) => mlContext.Data.CreateEnumerable<SentimentPrediction>(
                model.Transform(mlContext.Data.LoadFromEnumerable(inputs)), reuseRowObject: false).ToList());

            app.Run();
            """ + M, ServingHost.WebApp);
    }

    [Fact]
    public async Task HandlerPredictsUnderLock_NoDiagnostic()
    {
        await VerifyAsync(W + """
            var app = WebApplication.CreateBuilder(args).Build();
            var mlContext = new MLContext();
            var engine = mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(mlContext.Model.Load("SentimentModel.zip", out _));
            var gate = new object();

            app.MapPost("/predict", (SentimentData input) =>
            {
                lock (gate)
                {
                    return engine.Predict(input);
                }
            });
            app.Run();
            """ + M, ServingHost.WebApp);
    }

    // ---------------------------------------------------------------- dependency injection

    [Fact]
    public async Task EngineRegisteredAsSingleton_Reports()
    {
        await VerifyAsync(W + """
            var builder = WebApplication.CreateBuilder(args);
            var mlContext = new MLContext();
            ITransformer model = mlContext.Model.Load("SentimentModel.zip", out _);
            var engine = mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(model);
            {|MLOPS601:builder.Services.AddSingleton(engine)|};
            {|MLOPS601:builder.Services.AddSingleton(_ => mlContext.Model.CreatePredictionEngine<GitHubIssue, IssuePrediction>(model))|};
            builder.Services.AddSingleton(model);
            builder.Services.AddSingleton(mlContext);

            var app = builder.Build();
            app.MapPost("/predict", (PredictionEngine<SentimentData, SentimentPrediction> e, SentimentData input) => e.Predict(input));
            app.Run();
            """ + M, ServingHost.WebApp);
    }

    [Fact]
    public async Task ServiceHoldingEngineRegisteredAsSingleton_Reports()
    {
        await VerifyAsync(W + """
            var builder = WebApplication.CreateBuilder(args);
            {|MLOPS601:builder.Services.AddSingleton<ISentimentService, SentimentService>()|};
            {|MLOPS601:builder.Services.AddSingleton<IssueClassifier>()|};
            var app = builder.Build();
            app.MapPost("/sentiment", (ISentimentService service, SentimentData input) => service.Predict(input));
            app.Run();

            public interface ISentimentService
            {
                SentimentPrediction Predict(SentimentData input);
            }

            public sealed class SentimentService : ISentimentService
            {
                private readonly PredictionEngine<SentimentData, SentimentPrediction> _engine;

                public SentimentService()
                {
                    var mlContext = new MLContext();
                    var model = mlContext.Model.Load("SentimentModel.zip", out _);
                    _engine = mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(model);
                }

                public SentimentPrediction Predict(SentimentData input) => _engine.Predict(input);
            }

            public sealed class IssueClassifier
            {
                public IssueClassifier(MLContext mlContext, ITransformer model)
                    => Engine = mlContext.Model.CreatePredictionEngine<GitHubIssue, IssuePrediction>(model);

                public PredictionEngine<GitHubIssue, IssuePrediction> Engine { get; }

                public string Classify(GitHubIssue issue) => Engine.Predict(issue).Area;
            }
            """ + M, ServingHost.WebApp);
    }

    [Fact]
    public async Task FactoryRegistrationAndStaticEngineOfAController_Report()
    {
        await VerifyAsync(W + """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddControllers();
            {|MLOPS601:builder.Services.AddSingleton<ISentimentService>(sp => new SentimentService(new MLContext(), "SentimentModel.zip"))|};
            var app = builder.Build();
            app.MapControllers();
            app.Run();

            public interface ISentimentService
            {
                SentimentPrediction Predict(SentimentData input);
            }

            public sealed class SentimentService : ISentimentService
            {
                private readonly PredictionEngine<SentimentData, SentimentPrediction> _engine;

                public SentimentService(MLContext mlContext, string modelPath)
                    => _engine = mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(mlContext.Model.Load(modelPath, out _));

                public SentimentPrediction Predict(SentimentData input) => _engine.Predict(input);
            }

            [ApiController]
            [Route("api/[controller]")]
            public sealed class IssuesController : ControllerBase
            {
                private static readonly MLContext MlContext = new();
                private static readonly PredictionEngine<GitHubIssue, IssuePrediction> {|MLOPS601:Engine|} =
                    MlContext.Model.CreatePredictionEngine<GitHubIssue, IssuePrediction>(MlContext.Model.Load("IssueModel.zip", out _));

                [HttpPost]
                public ActionResult<string> Post(GitHubIssue issue) => Engine.Predict(issue).Area;
            }
            """ + M, ServingHost.WebApp);
    }

    [Fact]
    public async Task ServicesThatAreScopedOrLockOrCreatePerCall_NoDiagnostic()
    {
        await VerifyAsync(W + """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddScoped<SentimentService>();
            builder.Services.AddTransient<ISentimentService, SentimentService>();
            builder.Services.AddSingleton<LockedSentimentService>();
            builder.Services.AddSingleton(new BatchScorer(new MLContext()));
            var app = builder.Build();
            app.Run();

            public interface ISentimentService
            {
                SentimentPrediction Predict(SentimentData input);
            }

            public sealed class SentimentService : ISentimentService
            {
                private readonly PredictionEngine<SentimentData, SentimentPrediction> _engine;

                public SentimentService(MLContext mlContext, ITransformer model)
                    => _engine = mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(model);

                public SentimentPrediction Predict(SentimentData input) => _engine.Predict(input);
            }

            public sealed class LockedSentimentService
            {
                private readonly object _gate = new();
                private readonly PredictionEngine<SentimentData, SentimentPrediction> _engine;

                public LockedSentimentService(MLContext mlContext, ITransformer model)
                    => _engine = mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(model);

                public SentimentPrediction Predict(SentimentData input)
                {
                    lock (_gate)
                    {
                        return _engine.Predict(input);
                    }
                }
            }

            public sealed class BatchScorer
            {
                private readonly MLContext _mlContext;
                private readonly ITransformer _model;

                public BatchScorer(MLContext mlContext)
                {
                    _mlContext = mlContext;
                    _model = mlContext.Model.Load("SentimentModel.zip", out _);
                }

                public IEnumerable<SentimentPrediction> Score(IEnumerable<SentimentData> rows)
                    => _mlContext.Data.CreateEnumerable<SentimentPrediction>(_model.Transform(_mlContext.Data.LoadFromEnumerable(rows)), reuseRowObject: false);
            }
            """ + M, ServingHost.WebApp);
    }

    // ---------------------------------------------------------------- parallel loops, PLINQ, tasks

    [Fact]
    public async Task EngineSharedByParallelForEach_Reports()
    {
        await VerifyAsync(U + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 0);
                    ITransformer model = mlContext.Model.Load(args[0], out _);
                    var engine = mlContext.Model.CreatePredictionEngine<GitHubIssue, IssuePrediction>(model);
                    var issues = System.IO.File.ReadLines(args[1]).Select(line => new GitHubIssue { Title = line }).ToList();
                    var areas = new System.Collections.Concurrent.ConcurrentBag<string>();
                    Parallel.ForEach(issues, issue =>
                    {
                        areas.Add({|MLOPS601:engine|}.Predict(issue).Area);
                    });
                    Console.WriteLine(areas.Count);
                }
            }
            """ + M, ServingHost.ConsoleApp);
    }

    [Fact]
    public async Task EngineSharedByPlinqTasksAndInvoke_Reports()
    {
        await VerifyAsync(U + """
            public sealed class BatchScoring
            {
                private readonly PredictionEngine<SentimentData, SentimentPrediction> _engine;

                public BatchScoring(MLContext mlContext, ITransformer model)
                    => _engine = mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(model);

                public List<bool> ScoreAll(List<SentimentData> rows)
                    => rows.AsParallel().Select(row => {|MLOPS601:_engine|}.Predict(row).Prediction).ToList();

                public async Task<int> CountToxicAsync(List<SentimentData> rows, PredictionEngine<SentimentData, SentimentPrediction> engine)
                {
                    var tasks = new List<Task<bool>>();
                    foreach (var row in rows)
                    {
                        tasks.Add(Task.Run(() => {|MLOPS601:engine|}.Predict(row).Prediction));
                    }

                    var results = await Task.WhenAll(tasks);
                    return results.Count(r => r);
                }

                public void ScoreTwo(SentimentData first, SentimentData second, PredictionEngine<SentimentData, SentimentPrediction> engine)
                {
                    SentimentPrediction a = null, b = null;
                    Parallel.Invoke(() => a = {|MLOPS601:engine|}.Predict(first), () => b = engine.Predict(second));
                    Console.WriteLine($"{a.Score} {b.Score}");
                }
            }
            """ + M, ServingHost.Library);
    }

    [Fact]
    public async Task StaticEngineInParallelForOfConsoleApp_ReportsAtTheUse()
    {
        await VerifyAsync(U + """
            public static class Program
            {
                private static PredictionEngine<SentimentData, SentimentPrediction> _engine;

                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 0);
                    _engine = mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(mlContext.Model.Load(args[0], out _));
                    var scores = new float[args.Length];
                    Parallel.For(0, args.Length, i => scores[i] = {|MLOPS601:_engine|}.Predict(new SentimentData { SentimentText = args[i] }).Score);
                }
            }
            """ + M, ServingHost.ConsoleApp);
    }

    [Fact]
    public async Task EngineCreatedInsideParallelBodyOrPerPartition_NoDiagnostic()
    {
        await VerifyAsync(U + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var mlContext = new MLContext(seed: 0);
                    ITransformer model = mlContext.Model.Load(args[0], out _);
                    var rows = args.Skip(1).Select(text => new SentimentData { SentimentText = text }).ToArray();

                    Parallel.ForEach(rows, row =>
                    {
                        var engine = mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(model);
                        Console.WriteLine(engine.Predict(row).Score);
                    });

                    Parallel.ForEach(
                        rows,
                        () => mlContext.Model.CreatePredictionEngine<SentimentData, SentimentPrediction>(model),
                        (row, state, engine) =>
                        {
                            Console.WriteLine(engine.Predict(row).Score);
                            return engine;
                        },
                        engine => engine.Dispose());
                }
            }
            """ + M, ServingHost.ConsoleApp);
    }

    [Fact]
    public async Task SequentialTasksSerializedLoopsAndOneActionOfInvoke_NoDiagnostic()
    {
        await VerifyAsync(U + """
            public sealed class Scorer
            {
                public async Task<float> ScoreAsync(PredictionEngine<SentimentData, SentimentPrediction> engine, SentimentData row)
                    => await Task.Run(() => engine.Predict(row).Score);

                public async Task<float> SumAsync(PredictionEngine<SentimentData, SentimentPrediction> engine, List<SentimentData> rows)
                {
                    var sum = 0f;
                    foreach (var row in rows)
                    {
                        sum += await Task.Run(() => engine.Predict(row).Score).ConfigureAwait(false);
                    }

                    return sum;
                }

                public void OneAtATime(PredictionEngine<SentimentData, SentimentPrediction> engine, List<SentimentData> rows)
                {
                    var options = new ParallelOptions { MaxDegreeOfParallelism = 1 };
                    Parallel.ForEach(rows, options, row => Console.WriteLine(engine.Predict(row).Score));
                }

                public void OnlyOneActionPredicts(PredictionEngine<SentimentData, SentimentPrediction> engine, SentimentData row)
                {
                    Parallel.Invoke(() => Console.WriteLine(engine.Predict(row).Score), () => Console.WriteLine("warming up the cache"));
                }

                public void EachWorkerOwnsItsEngine(List<Worker> workers, SentimentData row)
                {
                    Parallel.ForEach(workers, worker => Console.WriteLine(worker.Engine.Predict(row).Score));
                }
            }

            public sealed class Worker
            {
                public PredictionEngine<SentimentData, SentimentPrediction> Engine { get; set; }
            }
            """ + M, ServingHost.Library);
    }

    // ---------------------------------------------------------------- scope

    [Fact]
    public async Task TestProject_NoDiagnostic()
    {
        await VerifyAsync(U + """
            public static class SentimentModelFixture
            {
                public static PredictionEngine<SentimentData, SentimentPrediction> Engine { get; set; }
            }
            """ + M, ServingHost.Library, globalConfig: "build_property.IsTestProject = true\n");
    }
}
