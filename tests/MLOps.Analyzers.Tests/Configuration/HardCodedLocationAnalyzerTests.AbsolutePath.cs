using Microsoft.CodeAnalysis.Testing;
using MLOps.Analyzers.Configuration;
using MLOps.Analyzers.Tests.Verifiers;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MLOps.Analyzers.Configuration.HardCodedLocationAnalyzer>;

namespace MLOps.Analyzers.Tests.Configuration;

public sealed partial class HardCodedLocationAnalyzerTests
{
    /// <summary>AbsolutePath: MLOPS20x cases of <see cref="HardCodedLocationAnalyzer"/>.</summary>
    public sealed class AbsolutePath
    {
        private const string Usings = """
            using System;
            using System.Collections.Generic;
            using System.IO;
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
        public async Task WindowsDrivePath_IsReportedWithPathAndSink()
        {
            var source = Usings + """
                public static class Program
                {
                    public static void Main()
                    {
                        var mlContext = new MLContext(seed: 1);
                        IDataView dataView = mlContext.Data.LoadFromTextFile<SentimentIssue>({|#0:@"C:\Users\alice\source\repos\Sentiment\Data\wikipedia-detox-250-line-data.tsv"|}, hasHeader: true);
                    }
                }
                """ + SentimentIssue;

            await Verify.VerifyAsync(
                source,
                Verify.Diagnostic(HardCodedLocationAnalyzer.AbsolutePathRule)
                    .WithLocation(0)
                    .WithArguments(@"C:\Users\alice\source\repos\Sentiment\Data\wikipedia-detox-250-line-data.tsv", "DataOperationsCatalog.LoadFromTextFile"));
        }

        [Fact]
        public async Task UncUnixAndHomePaths_AreReportedAtEveryKindOfSink()
        {
            const string source = """
                using System.IO;
                using Microsoft.Data.Analysis;
                using Microsoft.ML;
                using Microsoft.ML.OnnxRuntime;
                using TorchSharp;
                using static TorchSharp.torch;

                public static class Program
                {
                    private const string ModelShare = {|MLOPS201:@"\\fileserver\ml\models\"|};

                    public static void Main()
                    {
                        var mlContext = new MLContext(seed: 1);
                        var model = mlContext.Model.Load(ModelShare + "SentimentModel.zip", out var schema);
                        using var session = new InferenceSession({|MLOPS201:"/opt/models/resnet50-v2-7.onnx"|});
                        var frame = DataFrame.LoadCsv({|MLOPS201:"~/datasets/housing.csv"|});
                        var net = nn.Linear(10, 1);
                        net.save(Path.Combine({|MLOPS201:"/mnt/checkpoints"|}, "linear.dat"));
                        var bytes = File.ReadAllBytes({|MLOPS201:"D:/data/train.parquet"|});
                    }
                }
                """;

            await Verify.VerifyAsync(source);
        }

        [Fact]
        public async Task AbsoluteRootWithConfiguredFileName_IsStillReportedAtMLSinks()
        {
            var source = Usings + """
                public static class Program
                {
                    public static void Train(string fileName)
                    {
                        var mlContext = new MLContext(seed: 1);
                        var data = mlContext.Data.LoadFromTextFile<SentimentIssue>(Path.Combine({|MLOPS201:@"D:\ml\data"|}, fileName), hasHeader: true);
                        var other = mlContext.Data.LoadFromTextFile<SentimentIssue>($"{{|MLOPS201:"/srv/data/"|}}{fileName}", hasHeader: true);
                    }
                }
                """ + SentimentIssue;

            await Verify.VerifyAsync(source);
        }

        [Fact]
        public async Task RootedSegmentInPathCombine_RestartsThePath()
        {
            var source = Usings + """
                public static class Program
                {
                    public static void Main()
                    {
                        var mlContext = new MLContext(seed: 1);
                        var data = mlContext.Data.LoadFromTextFile<SentimentIssue>(Path.Combine(AppContext.BaseDirectory, {|MLOPS201:"/data/sentiment.tsv"|}), hasHeader: true);
                    }
                }
                """ + SentimentIssue;

            await Verify.VerifyAsync(source);
        }

        [Fact]
        public async Task ConfiguredTemporaryAndNonDataLocations_AreNotReported()
        {
            var source = Usings + """
                public static class Program
                {
                    public static void Main(string[] args)
                    {
                        var mlContext = new MLContext(seed: 1);
                        var fromArgs = mlContext.Data.LoadFromTextFile<SentimentIssue>(args[0], hasHeader: true);
                        var dataDir = Environment.GetEnvironmentVariable("DATA_DIR") ?? "/data";
                        var fromEnvironment = mlContext.Data.LoadFromTextFile<SentimentIssue>(Path.Combine(dataDir, "train.tsv"), hasHeader: true);
                        var model = mlContext.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text)).Fit(fromArgs);
                        mlContext.Model.Save(model, fromArgs.Schema, Path.Combine(Path.GetTempPath(), "model.zip"));
                        File.AppendAllText("/var/log/training.log", "done");
                        File.WriteAllText(@"C:\logs\run.txt", "done");
                        var appData = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
                        var cached = mlContext.Data.LoadFromTextFile<SentimentIssue>(Path.Combine(appData, "SentimentApp", "train.tsv"));
                        Console.WriteLine(@"Copy the data to C:\data\train.tsv first");
                    }
                }
                """ + SentimentIssue;

            await Verify.VerifyAsync(source);
        }

        [Fact]
        public async Task RelativePathsAndUrls_AreReportedByTheirOwnRulesOnly()
        {
            var source = Usings + """
                public static class Program
                {
                    public static void Main()
                    {
                        var mlContext = new MLContext(seed: 1);
                        var a = mlContext.Data.LoadFromTextFile<SentimentIssue>({|#0:"Data/train.tsv"|}, hasHeader: true);
                        var b = mlContext.Data.LoadFromTextFile<SentimentIssue>({|#1:"https://example.org/train.tsv"|}, hasHeader: true);
                    }
                }
                """ + SentimentIssue;

            await Verify.VerifyAsync(
                source,
                Verify.Diagnostic(HardCodedLocationAnalyzer.RelativePathRule).WithLocation(0).WithArguments("Data/train.tsv", "DataOperationsCatalog.LoadFromTextFile"),
                Verify.Diagnostic(HardCodedLocationAnalyzer.DatasetUrlRule).WithLocation(1).WithArguments("https://example.org/train.tsv", "DataOperationsCatalog.LoadFromTextFile"));
        }

        [Fact]
        public async Task AllowedPaths_ContainerMountConventions()
        {
            var source = Usings + """
                public static class Program
                {
                    public static void Main()
                    {
                        var mlContext = new MLContext(seed: 1);
                        var train = mlContext.Data.LoadFromTextFile<SentimentIssue>("/opt/ml/input/data/train/train.tsv", hasHeader: true);
                        var model = mlContext.Transforms.Text.FeaturizeText("Features", nameof(SentimentIssue.Text)).Fit(train);
                        mlContext.Model.Save(model, train.Schema, "/opt/ml/model/model.zip");
                        var other = mlContext.Data.LoadFromTextFile<SentimentIssue>({|MLOPS201:"/home/alice/train.tsv"|}, hasHeader: true);
                    }
                }
                """ + SentimentIssue;

            await Verify.VerifyAsync(source, "mlops.MLOPS201.allowed_paths = /opt/ml/");
            await Verify.VerifyAsync(source.Replace("{|MLOPS201:\"/home/alice/train.tsv\"|}", "\"/home/alice/train.tsv\""), "mlops.allowed_paths = /opt/ml/**, /home/*/train.tsv");
        }

        [Fact]
        public async Task AllowedPaths_APathologicalGlobCostsTheCompilerLinearTime()
        {
            // The allow-list runs inside the compiler: the former recursive glob tried every split of the
            // segment for every '*' and never finished on this pair.
            var segment = new string('a', 300);
            var source = Usings + $$"""
                public static class Program
                {
                    public static void Main()
                    {
                        var mlContext = new MLContext(seed: 1);
                        var train = mlContext.Data.LoadFromTextFile<SentimentIssue>({|MLOPS201:"/srv/{{segment}}.tsv"|}, hasHeader: true);
                    }
                }
                """ + SentimentIssue;

            await Verify.VerifyAsync(source, "mlops.MLOPS201.allowed_paths = /srv/" + string.Concat(Enumerable.Repeat("*a", 40)) + "*b.tsv");
            await Verify.VerifyAsync(source.Replace("{|MLOPS201:", string.Empty, StringComparison.Ordinal).Replace(".tsv\"|}", ".tsv\"", StringComparison.Ordinal), "mlops.MLOPS201.allowed_paths = /srv/" + string.Concat(Enumerable.Repeat("*a", 40)) + "*.tsv");
        }

        [Fact]
        public async Task CompilationWithoutMLLibraries_IsNotAnalyzed()
        {
            var test = new CSharpAnalyzerVerifier<HardCodedLocationAnalyzer>.Test
            {
                TestCode = """
                    using System.IO;

                    public static class Program
                    {
                        public static void Main() => File.ReadAllBytes(@"C:\data\train.parquet");
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
                        public static void Main()
                        {
                            var mlContext = new MLContext(seed: 1);
                            var a = mlContext.Data.LoadFromTextFile<SentimentIssue>(@"C:\data\
                            mlContext.Model.Save(null, null, );
                            mlContext.Model.Load(Path.Combine(@"C:\models", Missing()), out );
                            string local;
                            var b = mlContext.Data.LoadFromTextFile<SentimentIssue>(local);
                        }
                    }
                    """ + SentimentIssue,
                CompilerDiagnostics = CompilerDiagnostics.None,
            };
            await test.RunAsync();
        }

        [Fact]
        public async Task SuppressMessageAttributeAndSeverityNone_Suppress()
        {
            var source = Usings + """
                using System.Diagnostics.CodeAnalysis;

                public static class Program
                {
                    [SuppressMessage("Configuration", "MLOPS201", Justification = "Local experiment")]
                    public static void Main()
                    {
                        var mlContext = new MLContext(seed: 1);
                        var data = mlContext.Data.LoadFromTextFile<SentimentIssue>(@"C:\data\train.tsv", hasHeader: true);
                    }
                }
                """ + SentimentIssue;

            await Verify.VerifyAsync(source);
            await Verify.VerifyAsync(
                source.Replace("[SuppressMessage(\"Configuration\", \"MLOPS201\", Justification = \"Local experiment\")]", string.Empty),
                "dotnet_diagnostic.MLOPS201.severity = none");
        }

        [Fact]
        public async Task TestProject_IsExcludedUnlessIncludeTestCode()
        {
            var source = Usings + """
                public static class ModelTests
                {
                    public static void LoadsTheModel()
                    {
                        var mlContext = new MLContext(seed: 1);
                        var model = mlContext.Model.Load({|MLOPS201:@"C:\models\model.zip"|}, out _);
                    }
                }
                """;

            var excluded = new CSharpAnalyzerVerifier<HardCodedLocationAnalyzer>.Test
            {
                TestCode = source.Replace("{|MLOPS201:", string.Empty).Replace("|}", string.Empty),
            };
            excluded.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.IsTestProject = true\n"));
            await excluded.RunAsync();

            var included = new CSharpAnalyzerVerifier<HardCodedLocationAnalyzer>.Test { TestCode = source };
            included.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.IsTestProject = true\nmlops.MLOPS201.include_test_code = true\n"));
            await included.RunAsync();
        }
    }
}
