using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MLOps.Analyzers.TrainingLoop.InferenceBuildsGraphAnalyzer>;
using VerifyFix = MLOps.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<MLOps.Analyzers.TrainingLoop.InferenceBuildsGraphAnalyzer, MLOps.Analyzers.CodeFixes.TrainingLoop.InferenceBuildsGraphCodeFixProvider>;

namespace MLOps.Analyzers.Tests.TrainingLoop;

public sealed class InferenceBuildsGraphAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;
        using static TorchSharp.torch.nn.functional;

        """;

    // The shape of dotnet/TorchSharpExamples' MNIST model.
    private const string Model = """
        public sealed class MnistModel : Module<Tensor, Tensor>
        {
            private readonly Module<Tensor, Tensor> fc1 = Linear(784, 128);
            private readonly Module<Tensor, Tensor> dropout = Dropout(0.25);
            private readonly Module<Tensor, Tensor> fc2 = Linear(128, 10);

            public MnistModel() : base(nameof(MnistModel))
            {
                RegisterComponents();
            }

            public override Tensor forward(Tensor input) => fc2.forward(dropout.forward(relu(fc1.forward(input))));
        }

        """;

    private const string Main = """
        public static class Program
        {
            public static void Main()
            {
                var model = new MnistModel();
                var loader = new List<(Tensor, Tensor)>();
                Test(model, NLLLoss(), loader, 10000);
            }

        """;

    // ---------- positives ----------

    [Fact]
    public async Task TorchSharpExamplesMnistTest_IsReported()
    {
        // dotnet/TorchSharpExamples' MNIST Test method: eval mode, a dispose scope per batch, but no no_grad.
        var source = Usings + Model + Main + """
                private static void Test(Module<Tensor, Tensor> model, Loss<Tensor, Tensor, Tensor> loss, IEnumerable<(Tensor, Tensor)> dataLoader, int size)
                {
                    {|#1:model.eval()|};
                    double testLoss = 0;
                    int correct = 0;
                    foreach (var (data, target) in dataLoader)
                    {
                        using (var d = torch.NewDisposeScope())
                        {
                            var prediction = {|#0:model.forward(data)|};
                            var output = loss.forward(prediction, target);
                            testLoss += output.ToSingle();
                            correct += prediction.argmax(1).eq(target).sum().ToInt32();
                        }
                    }

                    Console.WriteLine($"Test set: Average loss {(testLoss / size):F4} | Accuracy {((double)correct / size):P2}");
                }
            }
            """;
        await VerifyProgramAsync(source, Verify.Diagnostic("MLOPS502").WithLocation(0).WithLocation(1).WithArguments("model"));
    }

    [Fact]
    public async Task FieldModelInAPredictorCalledOnlyByTheApplication_IsReported()
    {
        var source = Usings + Model + """
            public sealed class Predictor
            {
                private readonly MnistModel _model = new MnistModel();

                public int Predict(Tensor image)
                {
                    {|#1:_model.train(false)|};
                    using var scope = torch.NewDisposeScope();
                    return {|#0:_model.call(image)|}.argmax(1).ToInt32();
                }
            }

            public static class Program
            {
                public static void Main() => Console.WriteLine(new Predictor().Predict(torch.ones(1, 784)));
            }
            """;
        await VerifyProgramAsync(source, Verify.Diagnostic("MLOPS502").WithLocation(0).WithLocation(1).WithArguments("_model"));
    }

    [Fact]
    public async Task InALibrary_MethodsReachedFromThePublicSurface_AreNotReported()
    {
        // A caller in another project may open the scope around Api.Classify: the internal predictor it calls is not judged.
        var source = Usings + Model + """
            internal sealed class Predictor
            {
                private readonly MnistModel _model = new MnistModel();

                public int Predict(Tensor image)
                {
                    _model.eval();
                    return _model.call(image).argmax(1).ToInt32();
                }
            }

            public static class Api
            {
                public static int Classify(Tensor image) => new Predictor().Predict(image);
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task InALibrary_AnInternalMethodNoPublicMethodReaches_IsReported()
    {
        var source = Usings + Model + """
            internal static class Diagnostics
            {
                internal static void PrintPredictions(MnistModel model, IEnumerable<Tensor> batches)
                {
                    model.eval();
                    foreach (var x in batches)
                    {
                        Console.WriteLine({|MLOPS502:model.call(x)|}.argmax(1).ToInt32());
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task InferenceModeFalse_DoesNotCount_AndCalledUnderEnableGrad_IsReported()
    {
        var source = Usings + Model + """
            public static class Program
            {
                public static void Main()
                {
                    var model = new MnistModel();
                    using (torch.enable_grad())
                    {
                        Evaluate(model, torch.ones(1, 784));
                    }
                }

                private static Tensor Evaluate(MnistModel model, Tensor x)
                {
                    model.eval();
                    using (torch.inference_mode(false))
                    {
                        return {|MLOPS502:model.call(x)|};
                    }
                }
            }
            """;
        await VerifyProgramAsync(source);
    }

    [Fact]
    public async Task OneDiagnosticPerModelAndMethod()
    {
        var source = Usings + Model + """
            public static class Program
            {
                public static void Main()
                {
                    var encoder = new MnistModel();
                    var decoder = new MnistModel();
                    encoder.eval();
                    decoder.eval();
                    var x = torch.ones(1, 784);
                    var h = {|MLOPS502:encoder.call(x)|};
                    var h2 = encoder.call(h);
                    Console.WriteLine({|MLOPS502:decoder.forward(h2)|});
                }
            }
            """;
        await VerifyProgramAsync(source);
    }

    // ---------- negatives ----------

    [Fact]
    public async Task NoGradScopes_AreNotReported()
    {
        var source = Usings + Model + """
            public static class Program
            {
                public static void Main()
                {
                    var model = new MnistModel();
                    var x = torch.ones(1, 784);
                    UsingStatement(model, x);
                    UsingDeclaration(model, x);
                    InferenceMode(model, x);
                    SetGradEnabledFalse(model, x);
                    NestedBlocks(model, new List<Tensor> { x });
                    Guard(model, x);
                }

                private static Tensor UsingStatement(MnistModel model, Tensor x)
                {
                    model.eval();
                    using (torch.no_grad())
                    {
                        return model.call(x);
                    }
                }

                private static Tensor UsingDeclaration(MnistModel model, Tensor x)
                {
                    model.eval();
                    using var noGrad = torch.no_grad();
                    return model.call(x);
                }

                private static Tensor InferenceMode(MnistModel model, Tensor x)
                {
                    model.eval();
                    using (var mode = torch.inference_mode())
                    {
                        return model.forward(x);
                    }
                }

                private static Tensor SetGradEnabledFalse(MnistModel model, Tensor x)
                {
                    model.eval();
                    using (torch.set_grad_enabled(false))
                    {
                        return model.call(x);
                    }
                }

                private static void NestedBlocks(MnistModel model, List<Tensor> batches)
                {
                    using var noGrad = torch.no_grad();
                    model.eval();
                    foreach (var batch in batches)
                    {
                        using (var d = torch.NewDisposeScope())
                        {
                            Console.WriteLine(model.call(batch).argmax(1).ToInt32());
                        }
                    }
                }

                private static Tensor Guard(MnistModel model, Tensor x)
                {
                    var guard = torch.no_grad();
                    try
                    {
                        model.eval();
                        return model.call(x);
                    }
                    finally
                    {
                        guard.Dispose();
                    }
                }
            }
            """;
        await VerifyProgramAsync(source);
    }

    [Fact]
    public async Task CallerOpensTheScope_DirectlyOrThroughAnotherMethod_IsNotReported()
    {
        var source = Usings + Model + """
            public static class Program
            {
                public static void Main()
                {
                    var model = new MnistModel();
                    var loader = new List<(Tensor, Tensor)>();
                    using (torch.no_grad())
                    {
                        Test(model, loader);
                        RunAllEvaluations(model, loader);
                    }
                }

                private static void RunAllEvaluations(MnistModel model, List<(Tensor, Tensor)> loader) => Report(model, loader);

                private static void Report(MnistModel model, List<(Tensor, Tensor)> loader)
                {
                    model.eval();
                    foreach (var (x, y) in loader)
                    {
                        Console.WriteLine(model.call(x).argmax(1).eq(y).sum().ToInt32());
                    }
                }

                private static void Test(MnistModel model, List<(Tensor, Tensor)> loader)
                {
                    model.eval();
                    foreach (var (x, y) in loader)
                    {
                        Console.WriteLine(model.forward(x).argmax(1).eq(y).sum().ToInt32());
                    }
                }
            }
            """;
        await VerifyProgramAsync(source);
    }

    [Fact]
    public async Task OwnGuardHelperOrConstructorCalledInAScope_IsNotReported()
    {
        var source = Usings + Model + """
            public static class Inference
            {
                public static IDisposable NoGrad() => torch.no_grad();
            }

            internal sealed class Evaluation
            {
                public Evaluation(MnistModel model, Tensor x)
                {
                    model.eval();
                    Result = model.call(x);
                }

                public Tensor Result { get; }
            }

            public static class Program
            {
                public static void Main()
                {
                    var model = new MnistModel();
                    var x = torch.ones(1, 784);
                    using (torch.no_grad())
                    {
                        Console.WriteLine(new Evaluation(model, x).Result);
                    }

                    model.eval();
                    using (Inference.NoGrad())
                    {
                        Console.WriteLine(model.call(x));
                    }
                }
            }
            """;
        await VerifyProgramAsync(source);
    }

    [Fact]
    public async Task TrainingCode_IsNotReported()
    {
        var source = Usings + Model + """
            public static class Program
            {
                public static void Main()
                {
                    var model = new MnistModel();
                    var optimizer = optim.Adam(model.parameters());
                    var batches = new List<(Tensor, Tensor)>();
                    ValidateThenTrain(model, optimizer, batches);
                    EvalThenTrainMode(model, batches);
                }

                // Backward in the same method: training code (a validation step that feeds the loop).
                private static void ValidateThenTrain(MnistModel model, optim.Optimizer optimizer, List<(Tensor, Tensor)> batches)
                {
                    model.eval();
                    var validation = nll_loss(model.call(batches[0].Item1), batches[0].Item2).ToSingle();
                    model.train();
                    foreach (var (x, y) in batches)
                    {
                        optimizer.zero_grad();
                        nll_loss(model.call(x), y).backward();
                        optimizer.step();
                    }
                }

                // Switched back to training mode: the call may be a training forward pass.
                private static Tensor EvalThenTrainMode(MnistModel model, List<(Tensor, Tensor)> batches)
                {
                    model.eval();
                    Console.WriteLine("switching back");
                    model.train();
                    return model.call(batches[0].Item1);
                }
            }
            """;
        await VerifyProgramAsync(source);
    }

    [Fact]
    public async Task CallersOutOfSight_AreNotReported()
    {
        // A public method of a library, a virtual method, an interface implementation, a method used as a delegate,
        // and a call inside a lambda: code this compilation cannot see may open the scope.
        var source = Usings + Model + """
            public interface IEvaluator
            {
                Tensor Evaluate(Tensor x);
            }

            public sealed class Evaluator : IEvaluator
            {
                private readonly MnistModel _model = new MnistModel();

                public Tensor Evaluate(Tensor x)
                {
                    _model.eval();
                    return _model.call(x);
                }
            }

            public class Scorer
            {
                private readonly MnistModel _model = new MnistModel();

                public Tensor Score(Tensor x)
                {
                    _model.eval();
                    return _model.call(x);
                }

                internal virtual Tensor ScoreVirtual(Tensor x)
                {
                    _model.eval();
                    return _model.call(x);
                }

                internal Func<Tensor, Tensor> AsDelegate() => Infer;

                private Tensor Infer(Tensor x)
                {
                    _model.eval();
                    return _model.call(x);
                }

                internal Func<Tensor, Tensor> Lambda()
                {
                    _model.eval();
                    return x => _model.call(x);
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task NoEvalCall_FrozenParameters_OrCallBeforeEval_AreNotReported()
    {
        var source = Usings + Model + """
            public static class Program
            {
                public static void Main()
                {
                    var model = new MnistModel();
                    var x = torch.ones(1, 784);
                    NoEval(model, x);
                    Frozen(model, x);
                    CallBeforeEval(model, x);
                    OtherModule(model, new MnistModel(), x);
                }

                // No eval() in sight: whether this is inference or training is not known.
                private static Tensor NoEval(MnistModel model, Tensor x) => model.call(x);

                private static Tensor Frozen(MnistModel model, Tensor x)
                {
                    foreach (var p in model.parameters())
                    {
                        p.requires_grad = false;
                    }

                    model.eval();
                    return model.call(x);
                }

                private static Tensor CallBeforeEval(MnistModel model, Tensor x)
                {
                    var y = model.call(x);
                    model.eval();
                    return y;
                }

                private static Tensor OtherModule(MnistModel model, MnistModel teacher, Tensor x)
                {
                    teacher.eval();
                    return model.call(x);
                }
            }
            """;
        await VerifyProgramAsync(source);
    }

    [Fact]
    public async Task TestProject_IsNotReported()
    {
        var source = Usings + Model + """
            public static class Checks
            {
                internal static Tensor Predict(MnistModel model, Tensor x)
                {
                    model.eval();
                    return model.call(x);
                }
            }
            """;
        var test = new Verify.Test { TestCode = source };
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.IsTestProject = true\n"));
        await test.RunAsync();
    }

    // ---------- code fix ----------

    [Fact]
    public async Task CodeFix_InsertsAUsingDeclarationAfterEval()
    {
        var source = Usings + Model + """
            public static class Program
            {
                public static void Main()
                {
                    var model = new MnistModel();
                    model.eval();
                    var batches = new List<Tensor> { torch.ones(1, 784) };
                    foreach (var batch in batches)
                    {
                        Console.WriteLine({|MLOPS502:model.call(batch)|}.argmax(1).ToInt32());
                    }
                }
            }
            """;
        var fixedSource = Usings + Model + """
            public static class Program
            {
                public static void Main()
                {
                    var model = new MnistModel();
                    model.eval();
                    using var noGrad = torch.no_grad();
                    var batches = new List<Tensor> { torch.ones(1, 784) };
                    foreach (var batch in batches)
                    {
                        Console.WriteLine(model.call(batch).argmax(1).ToInt32());
                    }
                }
            }
            """;
        await VerifyFixProgramAsync(source, fixedSource);
    }

    [Fact]
    public async Task CodeFix_EvalInAnotherBlock_InsertsBeforeTheCallsStatement_WithAFreeNameAndQualifiedTorch()
    {
        const string NoTorchSharpUsing = """
            using System;
            using System.Collections.Generic;
            using TorchSharp.Modules;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            using static TorchSharp.torch.nn.functional;

            """;
        var source = NoTorchSharpUsing + Model + """
            public static class Program
            {
                public static void Main()
                {
                    var model = new MnistModel();
                    var noGrad = true;
                    if (noGrad)
                    {
                        model.eval();
                    }

                    var x = ones(1, 784);
                    Console.WriteLine({|MLOPS502:model.call(x)|});
                }
            }
            """;
        var fixedSource = NoTorchSharpUsing + Model + """
            public static class Program
            {
                public static void Main()
                {
                    var model = new MnistModel();
                    var noGrad = true;
                    if (noGrad)
                    {
                        model.eval();
                    }

                    var x = ones(1, 784);
                    using var noGrad2 = TorchSharp.torch.no_grad();
                    Console.WriteLine(model.call(x));
                }
            }
            """;
        await VerifyFixProgramAsync(source, fixedSource);
    }

    [Fact]
    public async Task CodeFix_FixAll_OneDeclarationPerBlock()
    {
        var source = Usings + Model + """
            public static class Program
            {
                public static void Main()
                {
                    var encoder = new MnistModel();
                    var decoder = new MnistModel();
                    var x = torch.ones(1, 784);
                    encoder.eval();
                    decoder.eval();
                    var h = {|MLOPS502:encoder.call(x)|};
                    Console.WriteLine({|MLOPS502:decoder.call(h)|});
                    Report(encoder, x);
                }

                private static void Report(MnistModel model, Tensor x)
                {
                    model.eval();
                    Console.WriteLine({|MLOPS502:model.call(x)|});
                }
            }
            """;
        var batchFixedSource = Usings + Model + """
            public static class Program
            {
                public static void Main()
                {
                    var encoder = new MnistModel();
                    var decoder = new MnistModel();
                    var x = torch.ones(1, 784);
                    encoder.eval();
                    using var noGrad = torch.no_grad();
                    decoder.eval();
                    var h = encoder.call(x);
                    Console.WriteLine(decoder.call(h));
                    Report(encoder, x);
                }

                private static void Report(MnistModel model, Tensor x)
                {
                    model.eval();
                    using var noGrad2 = torch.no_grad();
                    Console.WriteLine(model.call(x));
                }
            }
            """;

        // One fix at a time, the first fix also covers Report: it is now called in a no-grad scope.
        var fixedSource = batchFixedSource.Replace("        using var noGrad2 = torch.no_grad();\n", string.Empty, StringComparison.Ordinal);
        var test = new VerifyFix.Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            BatchFixedCode = batchFixedSource,
            CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = OutputKind.ConsoleApplication;
        test.BatchFixedState.OutputKind = OutputKind.ConsoleApplication;
        test.NumberOfIncrementalIterations = 1;
        test.NumberOfFixAllIterations = 1;
        await test.RunAsync(CancellationToken.None);
    }

    private static Task VerifyProgramAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Verify.Test { TestCode = source };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    // MLOPS502 is a compilation-end diagnostic (its callers decide too): the IDE computes it outside document analysis,
    // so the testing library's "fix only local diagnostics" check does not apply (as for MLOPS103).
    private static Task VerifyFixProgramAsync(string source, string fixedSource)
    {
        var test = new VerifyFix.Test { TestCode = source, FixedCode = fixedSource, CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync(CancellationToken.None);
    }
}
