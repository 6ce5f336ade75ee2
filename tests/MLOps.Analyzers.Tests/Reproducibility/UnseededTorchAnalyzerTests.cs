using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MLOps.Analyzers.Reproducibility.UnseededTorchAnalyzer>;
using VerifyFix = MLOps.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<MLOps.Analyzers.Reproducibility.UnseededTorchAnalyzer, MLOps.Analyzers.CodeFixes.Reproducibility.UnseededTorchCodeFixProvider>;

namespace MLOps.Analyzers.Tests.Reproducibility;

public sealed class UnseededTorchAnalyzerTests
{
    private const string Usings = """
        using System;
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;
        using static TorchSharp.torch.nn.functional;

        """;

    private const string MnistModel = """
        public sealed class MnistModel : Module<Tensor, Tensor>
        {
            private readonly Module<Tensor, Tensor> conv1 = [|Conv2d(1, 32, 3)|];
            private readonly Module<Tensor, Tensor> fc1 = Linear(9216, 128);
            private readonly Module<Tensor, Tensor> dropout = Dropout(0.25);
            private readonly Module<Tensor, Tensor> fc2 = Linear(128, 10);

            public MnistModel(string name) : base(name)
            {
                RegisterComponents();
            }

            public override Tensor forward(Tensor input)
            {
                var x = relu(conv1.forward(input)).flatten(1);
                return fc2.forward(dropout.forward(relu(fc1.forward(x))));
            }
        }

        """;

    // ---------- positives ----------

    [Fact]
    public async Task ModelAndTrainingWithoutSeed_ReportsOncePerType()
    {
        var source = Usings + MnistModel + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var model = new MnistModel("mnist");
                    var input = [|randn(64, 1, 28, 28)|];
                    var noise = rand(64, 10);
                    Console.WriteLine(model.forward(input).shape[0]);
                }
            }
            """;
        await VerifyProgramAsync(source.Replace("[|", "{|MLOPS103:", StringComparison.Ordinal).Replace("|]", "|}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InitDropoutTensorSamplingAndShufflingLoader_InALibraryThatTrains_AreReported()
    {
        // A class library that holds the training loop (optimizer.step, loss.backward) owns the seed.
        var source = Usings + """
            public static class Training
            {
                public static void Epoch(Module<Tensor, Tensor> model, torch.optim.Optimizer optimizer, Tensor input, Tensor target)
                {
                    model.train();
                    optimizer.zero_grad();
                    var loss = mse_loss(model.forward(input), target);
                    loss.backward();
                    optimizer.step();
                }
            }

            public static class Init
            {
                public static void Reset(Linear layer) => {|MLOPS103:init.kaiming_uniform_(layer.weight)|};
            }

            public static class Sampling
            {
                public static Tensor Drop(Tensor t) => {|MLOPS103:dropout(t, 0.5, true)|};
            }

            public static class Tokens
            {
                public static Tensor Next(Tensor probabilities) => {|MLOPS103:probabilities.multinomial(1)|};
            }

            public static class Permutation
            {
                public static Tensor Order(long n) => {|MLOPS103:torch.randperm(n)|};
            }

            public static class Loading
            {
                public static DataLoader Create(torch.utils.data.Dataset dataset)
                    => {|MLOPS103:torch.utils.data.DataLoader(dataset, 64, shuffle: true)|};
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task MessageNamesTheCall()
    {
        var source = Usings + """
            public static class Program
            {
                public static void Main() => Console.WriteLine(torch.randn(3, 4));
            }
            """;
        await VerifyProgramAsync(source, Verify.Diagnostic("MLOPS103").WithSpan(9, 52, 9, 69).WithArguments("randn"));
    }

    [Fact]
    public async Task ClassLibraryThatTrainsItsModel_IsReported()
    {
        // A library holding the model and its training loop (the shape of TorchSharpExamples' model projects plus a
        // Trainer): the seed belongs in it. One diagnostic per type: the model class and the trainer's shuffling loader.
        var source = Usings + MnistModel + """
            public sealed class MnistTrainer
            {
                private readonly MnistModel _model = new MnistModel("mnist");

                public void Train(torch.utils.data.Dataset dataset, int epochs)
                {
                    var optimizer = torch.optim.Adam(_model.parameters(), lr: 0.001);
                    var loss = CrossEntropyLoss();
                    var loader = [|torch.utils.data.DataLoader(dataset, 64, shuffle: true)|];
                    _model.train();
                    for (var epoch = 0; epoch < epochs; epoch++)
                    {
                        foreach (var batch in loader)
                        {
                            using var scope = NewDisposeScope();
                            optimizer.zero_grad();
                            var output = loss.forward(_model.forward(batch["data"]), batch["label"]);
                            output.backward();
                            optimizer.step();
                        }
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source.Replace("[|", "{|MLOPS103:", StringComparison.Ordinal).Replace("|]", "|}", StringComparison.Ordinal));
    }

    // ---------- negatives ----------

    [Fact]
    public async Task ClassLibraryThatOnlyDefinesModels_IsNotReported()
    {
        // Regression: MLOPS103 fired in class libraries that only define models. Their layers draw from the global
        // generator when constructed, but a library cannot own the seed: the program that trains them does (and is
        // reported if it does not seed).
        var source = Usings + MnistModel.Replace("[|", string.Empty, StringComparison.Ordinal).Replace("|]", string.Empty, StringComparison.Ordinal) + """
            public sealed class TextClassifier : Module<Tensor, Tensor>
            {
                private readonly Module<Tensor, Tensor> embedding = Embedding(20000, 128);
                private readonly Module<Tensor, Tensor> dropout = Dropout(0.1);
                private readonly Linear head = Linear(128, 4);

                public TextClassifier() : base(nameof(TextClassifier))
                {
                    init.xavier_uniform_(head.weight);
                    RegisterComponents();
                }

                public override Tensor forward(Tensor tokens)
                    => head.forward(dropout.forward(embedding.forward(tokens).mean(new long[] { 1 })));
            }

            public static class Models
            {
                public static Module<Tensor, Tensor> Create(string name)
                    => name == "mnist" ? new MnistModel(name) : new TextClassifier();
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task ClassLibraryThatTrainsAndSeeds_IsNotReported()
    {
        var source = Usings + MnistModel.Replace("[|", string.Empty, StringComparison.Ordinal).Replace("|]", string.Empty, StringComparison.Ordinal) + """
            public sealed class MnistTrainer
            {
                private readonly MnistModel _model;

                public MnistTrainer(long seed)
                {
                    torch.random.manual_seed(seed);
                    _model = new MnistModel("mnist");
                }

                public void Step(Tensor data, Tensor labels, torch.optim.Optimizer optimizer)
                {
                    optimizer.zero_grad();
                    var output = nll_loss(_model.forward(data), labels);
                    output.backward();
                    optimizer.step();
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task TorchRandomManualSeedInMain_SilencesTheWholeCompilation()
    {
        var source = Usings + MnistModel.Replace("[|", string.Empty, StringComparison.Ordinal).Replace("|]", string.Empty, StringComparison.Ordinal) + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    torch.random.manual_seed(1);
                    var model = new MnistModel("mnist");
                    var input = randn(64, 1, 28, 28);
                    Console.WriteLine(model.forward(input).shape[0]);
                }
            }
            """;
        await VerifyProgramAsync(source);
    }

    [Fact]
    public async Task ManualSeedVariants_AreRecognised()
    {
        foreach (var seedCall in new[] { "manual_seed(42);", "torch.manual_seed(42);", "torch.cuda.manual_seed_all(42);", "torch.cuda.manual_seed(42);" })
        {
            var source = Usings + """
                public static class Program
                {
                    public static void Main(string[] args)
                    {
                        SEED
                        var w = randn(10, 10);
                        var layer = Linear(10, 2);
                    }
                }
                """.Replace("SEED", seedCall, StringComparison.Ordinal);
            await VerifyProgramAsync(source);
        }
    }

    [Fact]
    public async Task SeedCallInAnotherFile_SilencesTheCompilation()
    {
        var test = new Verify.Test();
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.TestState.Sources.Add(Usings + """
            public static class Startup
            {
                public static void Configure(long seed) => torch.random.manual_seed(seed);

                public static void Main(string[] args)
                {
                    Configure(42);
                    Console.WriteLine(Trainer.Batch().shape[0]);
                }
            }
            """);
        test.TestState.Sources.Add(Usings + """
            public static class Trainer
            {
                public static Tensor Batch() => randn(32, 10);
            }
            """);
        await test.RunAsync();
    }

    [Fact]
    public async Task DeterministicTensorsAndModules_AreNotReported()
    {
        var source = Usings + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    torch.utils.data.Dataset dataset = null!;
                    var zeros = torch.zeros(3, 4);
                    var ones = torch.ones(3, 4);
                    var range = torch.arange(10);
                    var t = torch.tensor(new float[] { 1f, 2f, 3f });
                    var relu = ReLU();
                    var norm = LayerNorm(10);
                    var flat = Flatten();
                    var loss = CrossEntropyLoss();
                    var pretrained = Linear(new Parameter(torch.ones(2, 3)), new Parameter(torch.zeros(2)));
                    init.zeros_(t);
                    init.constant_(t, 0.5);
                    var loader = torch.utils.data.DataLoader(dataset, 32, shuffle: false);
                    Console.WriteLine(zeros.sum().item<float>());
                }
            }
            """;
        await VerifyProgramAsync(source);
    }

    [Fact]
    public async Task ExplicitGeneratorAndSeededLoader_AreNotReported()
    {
        var source = Usings + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    torch.utils.data.Dataset dataset = null!;
                    var generator = new Generator(42);
                    var noise = torch.randn(new long[] { 3, 4 }, generator: generator);
                    var perm = torch.randperm(100, generator: generator);
                    var loader = torch.utils.data.DataLoader(dataset, 32, shuffle: true, seed: 7);
                }
            }
            """;
        await VerifyProgramAsync(source);
    }

    [Fact]
    public async Task NoTorchSharpReference_IsSilent()
    {
        var test = new Verify.Test
        {
            TestCode = """
                public static class torch
                {
                    public static double[] randn(int n) => new double[n];
                }

                public static class Program
                {
                    public static void Main() => torch.randn(3);
                }
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.TestState.AdditionalReferences.Clear();
        test.TestState.AdditionalReferences.AddRange(MLOps.Analyzers.Tests.Verifiers.TestReferences.Platform);
        await test.RunAsync();
    }

    [Fact]
    public async Task InferenceOnlyLoadingWeights_IsNotReported()
    {
        var source = Usings + MnistModel.Replace("[|", string.Empty, StringComparison.Ordinal).Replace("|]", string.Empty, StringComparison.Ordinal).Replace("Conv2d(1, 32, 3)", "Identity()", StringComparison.Ordinal).Replace("Linear(9216, 128)", "Identity()", StringComparison.Ordinal).Replace("Linear(128, 10)", "Identity()", StringComparison.Ordinal).Replace("Dropout(0.25)", "Identity()", StringComparison.Ordinal) + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var model = new MnistModel("mnist");
                    model.load(args[0]);
                    model.eval();
                    using var input = torch.zeros(1, 1, 28, 28);
                    Console.WriteLine(model.forward(input).argmax(1).item<long>());
                }
            }
            """;
        await VerifyProgramAsync(source);
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
                        var a = randn(;
                        var b = torch.randn(3, generator: );
                        var c = Linear(;
                        var d = torch.utils.data.DataLoader(null!, 32, shuffle: );
                        torch.manual_seed(
                        unknown.randn(3);
                    }
                }
                """,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        await test.RunAsync();
    }

    // ---------- suppression and configuration ----------

    [Fact]
    public async Task SuppressMessageAttribute_Suppresses()
    {
        var source = Usings + """
            public static class Program
            {
                [System.Diagnostics.CodeAnalysis.SuppressMessage("Reproducibility", "MLOPS103", Justification = "Demo of random tensors")]
                public static void Main() => Console.WriteLine(torch.randn(3, 4));
            }
            """;
        await VerifyProgramAsync(source);
    }

    [Fact]
    public async Task EditorConfigSeverityNone_SilencesTheRule()
    {
        var source = Usings + """
            public static class Program
            {
                public static void Main() => Console.WriteLine(torch.randn(3, 4));
            }
            """;
        await VerifyProgramAsync(source, "dotnet_diagnostic.MLOPS103.severity = none");
    }

    // ---------- code fix ----------

    [Fact]
    public async Task CodeFix_InsertsManualSeedAtTheStartOfMain()
    {
        var source = Usings + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var device = cuda.is_available() ? CUDA : CPU;
                    var weights = {|MLOPS103:randn(10, 10)|}.to(device);
                    Console.WriteLine(weights.shape[0]);
                }
            }
            """;
        var fixedSource = Usings + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    torch.manual_seed(0);
                    var device = cuda.is_available() ? CUDA : CPU;
                    var weights = randn(10, 10).to(device);
                    Console.WriteLine(weights.shape[0]);
                }
            }
            """;
        await RunFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task CodeFix_IsNotOfferedOutsideMain()
    {
        var source = Usings + """
            public static class Augment
            {
                public static Tensor Jitter(Tensor t) => t + {|MLOPS103:torch.randn_like(t)|} * 0.01;
            }

            public static class Program
            {
                public static void Main() => Console.WriteLine(Augment.Jitter(torch.ones(3)).shape[0]);
            }
            """;
        await RunFixAsync(source, source);
    }

    // MLOPS103 is a compilation-end diagnostic: the IDE computes it outside document analysis, so the testing
    // library's "fix only local diagnostics" check does not apply.
    private static Task RunFixAsync(string source, string fixedSource)
    {
        var test = new VerifyFix.Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    /// <summary>The source compiled as an application (it has the entry point): where MLOPS103 wants the seed.</summary>
    private static Task VerifyProgramAsync(string source, params DiagnosticResult[] expected)
        => VerifyProgramAsync(source, editorConfig: null, expected);

    private static Task VerifyProgramAsync(string source, string? editorConfig, params DiagnosticResult[] expected)
    {
        var test = new Verify.Test { TestCode = source };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        if (editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + editorConfig));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }
}
