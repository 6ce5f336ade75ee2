using Microsoft.CodeAnalysis.Testing;
using MLOps.Analyzers.Configuration;
using MLOps.Analyzers.Tests.Verifiers;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MLOps.Analyzers.Configuration.HardCodedLocationAnalyzer>;

namespace MLOps.Analyzers.Tests.Configuration;

public sealed partial class HardCodedLocationAnalyzerTests
{
    /// <summary>DatasetUrl: MLOPS20x cases of <see cref="HardCodedLocationAnalyzer"/>.</summary>
    public sealed class DatasetUrl
    {
        private const string Usings = """
            using System;
            using System.IO;
            using System.Net;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.ML;
            using Microsoft.ML.Data;

            """;

        private const string SentimentIssue = """

            public sealed class SentimentIssue
            {
                [LoadColumn(0)] public bool Label { get; set; }
                [LoadColumn(2)] public string Text { get; set; } = "";
            }
            """;

        [Fact]
        public async Task DatasetDownloadedWithHttpClient_IsReportedWithUrlAndSink()
        {
            var source = Usings + """
                public static class Program
                {
                    private const string DatasetUrl = {|#0:"https://raw.githubusercontent.com/dotnet/machinelearning/main/test/data/wikipedia-detox-250-line-data.tsv"|};

                    public static async Task Main()
                    {
                        using var http = new HttpClient();
                        await using var stream = await http.GetStreamAsync(DatasetUrl);
                        await using var file = File.Create({|MLOPS202:"wikipedia-detox-250-line-data.tsv"|});
                        await stream.CopyToAsync(file);
                        var mlContext = new MLContext(seed: 1);
                    }
                }
                """;

            await Verify.VerifyAsync(
                source,
                Verify.Diagnostic(HardCodedLocationAnalyzer.DatasetUrlRule)
                    .WithLocation(0)
                    .WithArguments("https://raw.githubusercontent.com/dotnet/machinelearning/main/test/data/wikipedia-detox-250-line-data.tsv", "HttpClient.GetStreamAsync"));
        }

        [Fact]
        public async Task ModelWeightsAndArchives_AreReported()
        {
            var source = Usings + """
                using Microsoft.ML.OnnxRuntime;

                public static class Program
                {
                    private static readonly Uri ModelUri = new Uri({|MLOPS203:"https://huggingface.co/onnx-community/resnet-50/resolve/main/onnx/model"|});

                    public static async Task Main()
                    {
                        using var http = new HttpClient();
                        var bytes = await http.GetByteArrayAsync(ModelUri);
                        using var session = new InferenceSession(bytes);
                        using var response = await http.GetAsync({|MLOPS203:"https://archive.ics.uci.edu/static/public/53/iris.zip"|});
                        var request = new HttpRequestMessage(HttpMethod.Get, {|MLOPS203:"https://example.org/datasets/taxi-fare-train.csv?version=3"|});
                        var version = "v2";
                        var weights = await http.GetByteArrayAsync({|MLOPS203:$"https://models.example.org/{version}/resnet50.onnx"|});
                    }
                }
                """;

            await Verify.VerifyAsync(source);
        }

        [Fact]
        public async Task WebClientDownloadToDataFile_IsReported()
        {
            var source = Usings + """
                public static class Program
                {
                    public static void Main()
                    {
                        var mlContext = new MLContext(seed: 1);
                #pragma warning disable SYSLIB0014
                        using var client = new WebClient();
                #pragma warning restore SYSLIB0014
                        client.DownloadFile({|MLOPS203:"https://aka.ms/mlnet-resources/datasets/sentiment"|}, "sentiment.zip");
                        var data = mlContext.Data.LoadFromTextFile<SentimentIssue>({|MLOPS202:"sentiment.tsv"|});
                    }
                }
                """ + SentimentIssue;

            await Verify.VerifyAsync(source);
        }

        [Fact]
        public async Task UrlPassedStraightToAnMLLoader_IsReported()
        {
            var source = Usings + """
                public static class Program
                {
                    public static void Main()
                    {
                        var mlContext = new MLContext(seed: 1);
                        var data = mlContext.Data.LoadFromTextFile<SentimentIssue>({|MLOPS203:"https://example.org/sentiment/train"|}, hasHeader: true);
                    }
                }
                """ + SentimentIssue;

            await Verify.VerifyAsync(source);
        }

        [Fact]
        public async Task ApiCallsConfiguredUrlsAndNonUrlStrings_AreNotReported()
        {
            var source = Usings + """
                using System.Net.Http.Headers;

                public sealed class ScoringClient
                {
                    // Data: https://raw.githubusercontent.com/dotnet/machinelearning/main/test/data/wikipedia-detox-250-line-data.tsv
                    private readonly HttpClient _http = new HttpClient { BaseAddress = new Uri("https://scoring.example.org/") };

                    public async Task RunAsync(string[] args, Uri datasetUri)
                    {
                        var mlContext = new MLContext(seed: 1);
                        var repo = await _http.GetStringAsync("https://api.github.com/repos/dotnet/machinelearning");
                        var health = await _http.GetAsync("api/health");
                        var fromArgs = await _http.GetByteArrayAsync(args[0]);
                        var fromParameter = await _http.GetStreamAsync(datasetUri);
                        var fromEnvironment = await _http.GetStreamAsync(Environment.GetEnvironmentVariable("DATASET_URL"));
                        var content = new StringContent("a,b", System.Text.Encoding.UTF8, "text/csv");
                        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
                        var scored = await _http.PostAsync("https://scoring.example.org/predict.csv", content);
                        Console.WriteLine("Download https://example.org/data.csv manually");
                        var local = mlContext.Data.LoadFromTextFile<SentimentIssue>(args[1]);
                    }
                }
                """ + SentimentIssue;

            await Verify.VerifyAsync(source);
        }

        [Fact]
        public async Task LocalPaths_AreReportedByThePathRulesOnly()
        {
            var source = Usings + """
                public static class Program
                {
                    public static void Main()
                    {
                        var mlContext = new MLContext(seed: 1);
                        var a = mlContext.Data.LoadFromTextFile<SentimentIssue>({|MLOPS202:"Data/train.tsv"|}, hasHeader: true);
                        var b = mlContext.Data.LoadFromTextFile<SentimentIssue>({|MLOPS201:@"C:\Data\train.tsv"|}, hasHeader: true);
                    }
                }
                """ + SentimentIssue;

            await Verify.VerifyAsync(source);
        }

        [Fact]
        public async Task AllowedUrls_InternalArtifactStore()
        {
            var source = Usings + """
                public static class Program
                {
                    public static async Task Main()
                    {
                        var mlContext = new MLContext(seed: 1);
                        using var http = new HttpClient();
                        var pinned = await http.GetByteArrayAsync("https://artifacts.contoso.com/models/sentiment/1.4.2/model.zip");
                        var other = await http.GetByteArrayAsync({|MLOPS203:"https://example.org/model.zip"|});
                    }
                }
                """;

            await Verify.VerifyAsync(source, "mlops.MLOPS203.allowed_urls = https://artifacts.contoso.com/");
        }

        [Fact]
        public async Task CompilationWithoutMLLibraries_IsNotAnalyzed()
        {
            var test = new CSharpAnalyzerVerifier<HardCodedLocationAnalyzer>.Test
            {
                TestCode = """
                    using System.Net.Http;
                    using System.Threading.Tasks;

                    public static class Program
                    {
                        public static async Task Main()
                        {
                            using var http = new HttpClient();
                            var bytes = await http.GetByteArrayAsync("https://example.org/data.csv");
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
            var test = new CSharpAnalyzerVerifier<HardCodedLocationAnalyzer>.Test
            {
                TestCode = Usings + """
                    public static class Program
                    {
                        public static async Task Main()
                        {
                            var mlContext = new MLContext(seed: 1);
                            using var http = new HttpClient();
                            var a = await http.GetByteArrayAsync(
                            var b = await http.GetByteArrayAsync(new Uri());
                            var c = await http.GetStreamAsync(missingUrl + "/data.csv");
                            var d = await http.GetUnknownAsync("https://example.org/data.csv");
                        }
                    }
                    """,
                CompilerDiagnostics = CompilerDiagnostics.None,
            };
            await test.RunAsync();
        }

        [Fact]
        public async Task SuppressMessageSeverityNoneAndTestProjects_AreSilent()
        {
            var source = Usings + """
                using System.Diagnostics.CodeAnalysis;

                public static class Program
                {
                    [SuppressMessage("Configuration", "MLOPS203", Justification = "Public benchmark data set, pinned by commit")]
                    public static async Task Main()
                    {
                        var mlContext = new MLContext(seed: 1);
                        using var http = new HttpClient();
                        var bytes = await http.GetByteArrayAsync("https://example.org/data.csv");
                    }
                }
                """;

            await Verify.VerifyAsync(source);
            var unsuppressed = source.Replace("[SuppressMessage(\"Configuration\", \"MLOPS203\", Justification = \"Public benchmark data set, pinned by commit\")]", string.Empty);
            await Verify.VerifyAsync(unsuppressed, "dotnet_diagnostic.MLOPS203.severity = none");

            var testProject = new CSharpAnalyzerVerifier<HardCodedLocationAnalyzer>.Test { TestCode = unsuppressed };
            testProject.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.IsTestProject = true\n"));
            await testProject.RunAsync();

            var included = new CSharpAnalyzerVerifier<HardCodedLocationAnalyzer>.Test
            {
                TestCode = unsuppressed.Replace("\"https://example.org/data.csv\"", "{|MLOPS203:\"https://example.org/data.csv\"|}"),
            };
            included.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.IsTestProject = true\nmlops.include_test_code = true\n"));
            await included.RunAsync();
        }
    }
}
