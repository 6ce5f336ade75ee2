using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using MLOps.Analyzers.Tests.Verifiers;
using Xunit;

namespace MLOps.Analyzers.Tests.Infrastructure;

/// <summary>Test compilations see the real ML APIs; a broken reference set fails here first, with compiler errors.</summary>
public sealed class TestReferencesTests
{
    [Fact]
    public async Task RealMLNetTorchSharpOnnxAndDataFrameApisCompile()
    {
        const string source = """
            using System.Linq;
            using Microsoft.Data.Analysis;
            using Microsoft.ML;
            using Microsoft.ML.Data;
            using Microsoft.ML.OnnxRuntime;
            using static TorchSharp.torch;

            public sealed class HouseData
            {
                [LoadColumn(0)] public float Size { get; set; }
                [LoadColumn(1)] public float Price { get; set; }
            }

            public static class Program
            {
                public static void Main(string[] args)
                {
                    var ml = new MLContext(seed: 1);
                    IDataView data = ml.Data.LoadFromTextFile<HouseData>(args[0], hasHeader: true, separatorChar: ',');
                    var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
                    var pipeline = ml.Transforms.Concatenate("Features", nameof(HouseData.Size))
                        .Append(ml.Regression.Trainers.FastTree(labelColumnName: "Price"));
                    ITransformer model = pipeline.Fit(split.TrainSet);
                    var metrics = ml.Regression.Evaluate(model.Transform(split.TestSet), labelColumnName: "Price");
                    ml.Model.Save(model, data.Schema, args[1]);

                    var lgbm = ml.BinaryClassification.Trainers.LightGbm();
                    using var session = new InferenceSession(args[2]);
                    var frame = DataFrame.LoadCsv(args[3]);

                    manual_seed(42);
                    var x = randn(3, 4);
                    var linear = nn.Linear(4, 2);
                    var optimizer = optim.Adam(linear.parameters(), lr: 0.001);
                }
            }
            """;

        await CSharpAnalyzerVerifier<NoOpAnalyzer>.VerifyAsync(source);
    }

    [Fact]
    public void PlatformAndMachineLearningReferencesAreLoaded()
    {
        Assert.Contains(TestReferences.Platform, r => r.Display!.EndsWith("System.Runtime.dll", StringComparison.Ordinal));
        Assert.Contains(TestReferences.MachineLearning, r => r.Display!.EndsWith("Microsoft.ML.Data.dll", StringComparison.Ordinal));
        Assert.Contains(TestReferences.MachineLearning, r => r.Display!.EndsWith("TorchSharp.dll", StringComparison.Ordinal));
    }

#pragma warning disable RS1036 // Test-only analyzer that reports nothing.
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class NoOpAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray<DiagnosticDescriptor>.Empty;

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        }
    }
#pragma warning restore RS1036
}
