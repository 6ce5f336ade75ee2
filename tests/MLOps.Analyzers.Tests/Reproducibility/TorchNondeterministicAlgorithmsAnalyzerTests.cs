using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using MLOps.Analyzers.Reproducibility;
using Verify = MLOps.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MLOps.Analyzers.Tests.Reproducibility.TorchNondeterministicAlgorithmsAnalyzerTests.AsIfImplemented>;
using VerifyShipped = MLOps.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MLOps.Analyzers.Reproducibility.TorchNondeterministicAlgorithmsAnalyzer>;

namespace MLOps.Analyzers.Tests.Reproducibility;

/// <remarks>
/// TorchSharp 0.107 (the version the tests reference) marks torch.use_deterministic_algorithms
/// [Obsolete("not implemented", error: true)], so the shipped rule is silent against it (see
/// <see cref="ShippedRule_IsSilentWhileTorchSharpDoesNotImplementTheApi"/>). The other tests run the rule's logic as it
/// will behave once TorchSharp implements the API; code calling the obsolete method carries CS0619, which is expected.
/// </remarks>
public sealed class TorchNondeterministicAlgorithmsAnalyzerTests
{
#pragma warning disable RS1036, RS1025, RS1026 // Test wrapper: the real analyzer configures these in its Initialize.
    [Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class AsIfImplemented : Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer
    {
        private readonly TorchNondeterministicAlgorithmsAnalyzer _inner = new(requireImplementedApi: false);

        public override System.Collections.Immutable.ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => _inner.SupportedDiagnostics;

        public override void Initialize(Microsoft.CodeAnalysis.Diagnostics.AnalysisContext context) => _inner.Initialize(context);
    }
#pragma warning restore RS1036, RS1025, RS1026

    private static DiagnosticResult ObsoleteCall(int line, int column, int endLine, int endColumn, string file = "/0/Test0.cs")
        => DiagnosticResult.CompilerError("CS0619").WithSpan(file, line, column, endLine, endColumn)
            .WithArguments("TorchSharp.torch.use_deterministic_algorithms(bool, bool)", "not implemented");

    [Fact]
    public async Task ShippedRule_IsSilentWhileTorchSharpDoesNotImplementTheApi()
    {
        await VerifyShipped.VerifyAsync(TrainingProgram("torch.random.manual_seed(1);"));
    }

    private const string Usings = """
        using System;
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        """;

    private static string TrainingProgram(string startup, string backward = "output.backward()", string step = "optimizer.step()") => Usings + $$"""
        public static class Program
        {
            public static void Main(string[] args)
            {
                {{startup}}
                var model = Sequential(("fc1", Linear(784, 128)), ("relu", ReLU()), ("fc2", Linear(128, 10)));
                var optimizer = torch.optim.Adam(model.parameters(), lr: 0.001);
                var criterion = CrossEntropyLoss();
                var x = torch.zeros(64, 784);
                var y = torch.zeros(new long[] { 64 }, dtype: ScalarType.Int64);
                model.train();
                for (var epoch = 0; epoch < 10; epoch++)
                {
                    using var scope = NewDisposeScope();
                    optimizer.zero_grad();
                    var output = criterion.forward(model.forward(x), y);
                    {{backward}};
                    {{step}};
                }
            }
        }
        """;

    private static DiagnosticResult Info(int line, int column, int endColumn, string name)
        => new DiagnosticResult("MLOPS104", DiagnosticSeverity.Info).WithSpan(line, column, line, endColumn).WithArguments(name);

    // ---------- positives ----------

    [Fact]
    public async Task TrainingLoopWithoutDeterministicAlgorithms_IsReportedOnceAtFirstTrainingCall()
    {
        await Verify.VerifyAsync(TrainingProgram("torch.random.manual_seed(1);"), Info(22, 13, 30, "backward"));
    }

    [Fact]
    public async Task OptimizerStepAlone_IsReported()
    {
        await Verify.VerifyAsync(TrainingProgram("torch.random.manual_seed(1);", backward: "Console.WriteLine(output.item<float>())"), Info(23, 13, 29, "step"));
    }

    [Fact]
    public async Task AutogradBackward_IsReported()
    {
        await Verify.VerifyAsync(TrainingProgram(string.Empty, backward: "torch.autograd.backward(output)", step: "Console.WriteLine()"), Info(22, 13, 44, "backward"));
    }

    [Fact]
    public async Task ExplicitFalse_IsReported()
    {
        await Verify.VerifyAsync(TrainingProgram("torch.use_deterministic_algorithms(false);"), Info(22, 13, 30, "backward"), ObsoleteCall(10, 9, 10, 50));
    }

    // ---------- negatives ----------

    [Fact]
    public async Task DeterministicAlgorithmsRequested_IsNotReported()
    {
        await Verify.VerifyAsync(TrainingProgram("torch.random.manual_seed(1); torch.use_deterministic_algorithms(true);"), ObsoleteCall(10, 38, 10, 78));
    }

    [Fact]
    public async Task DeterministicAlgorithmsFromConfiguration_IsNotReported()
    {
        await Verify.VerifyAsync(TrainingProgram("torch.use_deterministic_algorithms(args.Length > 0);"), ObsoleteCall(10, 9, 10, 60));
    }

    [Fact]
    public async Task DeterministicAlgorithmsInAnotherFile_IsNotReported()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(TrainingProgram("Startup.Configure();"));
        test.TestState.Sources.Add(Usings + """
            public static class Startup
            {
                public static void Configure()
                {
                    torch.manual_seed(0);
                    torch.use_deterministic_algorithms(true, warn_only: true);
                }
            }
            """);
        test.ExpectedDiagnostics.Add(ObsoleteCall(11, 9, 11, 66, "/0/Test1.cs"));
        await test.RunAsync();
    }

    [Fact]
    public async Task InferenceOnly_IsNotReported()
    {
        var source = Usings + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var model = Sequential(("fc1", Linear(784, 10)));
                    model.load(args[0]);
                    model.eval();
                    using var noGrad = torch.no_grad();
                    var prediction = model.forward(torch.zeros(1, 784)).argmax(1);
                    Console.WriteLine(prediction.item<long>());
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task GradientCheckWithoutOptimizerStepOnUserType_IsNotReported()
    {
        // A user type with its own Step/backward methods is not TorchSharp training.
        var source = Usings + """
            public sealed class Simulation
            {
                public void step() { }
                public void backward() { }
            }

            public static class Program
            {
                public static void Main()
                {
                    var s = new Simulation();
                    s.step();
                    s.backward();
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task NoTorchSharpReference_IsSilent()
    {
        var test = new Verify.Test
        {
            TestCode = """
                public sealed class Optimizer { public void step() { } }
                public static class Program { public static void Main() => new Optimizer().step(); }
                """,
        };
        test.TestState.AdditionalReferences.Clear();
        test.TestState.AdditionalReferences.AddRange(MLOps.Analyzers.Tests.Verifiers.TestReferences.Platform);
        await test.RunAsync();
    }

    // ---------- robustness ----------

    [Fact]
    public async Task HalfTypedCode_DoesNotCrash()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                public static class Program
                {
                    public static void Main(string[] args)
                    {
                        torch.use_deterministic_algorithms(;
                        Tensor loss = null!;
                        loss.backward(;
                        unknown.step();
                        torch.optim.Adam(;
                    }
                }
                """,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        await test.RunAsync();
    }

    // ---------- suppression and configuration ----------

    [Fact]
    public async Task EditorConfigSeverityNone_SilencesTheRule()
    {
        await Verify.VerifyAsync(TrainingProgram(string.Empty), "dotnet_diagnostic.MLOPS104.severity = none");
    }

    [Fact]
    public async Task SuppressMessageAttribute_Suppresses()
    {
        var source = TrainingProgram(string.Empty).Replace(
            "    public static void Main",
            "    [System.Diagnostics.CodeAnalysis.SuppressMessage(\"Reproducibility\", \"MLOPS104\", Justification = \"CPU-only training\")]\n    public static void Main",
            StringComparison.Ordinal);
        await Verify.VerifyAsync(source);
    }
}
