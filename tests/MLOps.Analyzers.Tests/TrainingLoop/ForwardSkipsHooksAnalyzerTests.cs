using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MLOps.Analyzers.TrainingLoop.ForwardSkipsHooksAnalyzer>;
using VerifyFix = MLOps.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<MLOps.Analyzers.TrainingLoop.ForwardSkipsHooksAnalyzer, MLOps.Analyzers.CodeFixes.TrainingLoop.ForwardSkipsHooksCodeFixProvider>;

namespace MLOps.Analyzers.Tests.TrainingLoop;

public sealed class ForwardSkipsHooksAnalyzerTests
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

    // The shape of dotnet/TorchSharpExamples' models: submodules called through forward in the model's own forward.
    private const string Model = """
        public sealed class MnistModel : Module<Tensor, Tensor>
        {
            public readonly Module<Tensor, Tensor> fc1 = Linear(784, 128);
            public readonly Module<Tensor, Tensor> fc2 = Linear(128, 10);

            public MnistModel() : base(nameof(MnistModel))
            {
                RegisterComponents();
            }

            public override Tensor forward(Tensor input) => fc2.forward(relu(FORWARD_FC1));
        }

        """;

    // ---------- positives ----------

    [Fact]
    public async Task FeatureExtractionHookOnALayer_CalledThroughForwardInTheModel_IsReported()
    {
        var source = Usings + Model.Replace("FORWARD_FC1", "{|MLOPS503:fc1.forward(input)|}", StringComparison.Ordinal) + """
            public static class Program
            {
                public static void Main()
                {
                    var model = new MnistModel();
                    var features = new List<Tensor>();
                    model.fc1.register_forward_hook((module, input, output) =>
                    {
                        features.Add(output.detach());
                        return output;
                    });
                    using (torch.no_grad())
                    {
                        Console.WriteLine(model.call(torch.ones(1, 784)));
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task HookOnTheModel_ThenForwardOnIt_IsReported_WithTheName()
    {
        var source = Usings + Model.Replace("FORWARD_FC1", "fc1.forward(input)", StringComparison.Ordinal) + """
            public sealed class Monitor
            {
                private readonly MnistModel _model = new MnistModel();

                public Monitor() => _model.register_forward_pre_hook((module, input) => input);

                public Tensor Predict(Tensor x) => _model.forward(x);
            }
            """;
        await Verify.VerifyAsync(source, Verify.Diagnostic("MLOPS503").WithSpan(26, 40, 26, 57).WithArguments("_model"));
    }

    [Fact]
    public async Task HookRegisteredByTheModuleOnItself_IsReportedForCallersOfForward()
    {
        var source = Usings + """
            public sealed class LoggedBlock : Module<Tensor, Tensor>
            {
                private readonly Module<Tensor, Tensor> inner = Linear(8, 8);

                public LoggedBlock() : base(nameof(LoggedBlock))
                {
                    RegisterComponents();
                    register_forward_hook((module, input, output) =>
                    {
                        Console.WriteLine(output.shape[0]);
                        return output;
                    });
                }

                public override Tensor forward(Tensor input) => inner.forward(input);
            }

            public sealed class Net : Module<Tensor, Tensor>
            {
                private readonly LoggedBlock block = new LoggedBlock();

                public Net() : base(nameof(Net)) => RegisterComponents();

                public override Tensor forward(Tensor input) => {|MLOPS503:block.forward(input)|};
            }
            """;
        await Verify.VerifyAsync(source);
    }

    // ---------- negatives ----------

    [Fact]
    public async Task NoHooks_TorchSharpExamplesStyleForwardCalls_AreNotReported()
    {
        var source = Usings + Model.Replace("FORWARD_FC1", "fc1.forward(input)", StringComparison.Ordinal) + """
            public static class Training
            {
                public static void Train(MnistModel model, optim.Optimizer optimizer, Loss<Tensor, Tensor, Tensor> loss, IEnumerable<(Tensor, Tensor)> dataLoader)
                {
                    model.train();
                    foreach (var (data, target) in dataLoader)
                    {
                        using var d = torch.NewDisposeScope();
                        optimizer.zero_grad();
                        var output = loss.forward(model.forward(data), target);
                        output.backward();
                        optimizer.step();
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task HookOnAnotherModule_BaseAndThisForward_AndCall_AreNotReported()
    {
        var source = Usings + Model.Replace("FORWARD_FC1", "fc1.forward(input)", StringComparison.Ordinal) + """
            public class Hooked : Module<Tensor, Tensor>
            {
                public Hooked() : base(nameof(Hooked))
                {
                    register_forward_hook((module, input, output) => output);
                }

                public override Tensor forward(Tensor input) => input * 2;

                public Tensor Twice(Tensor input) => this.forward(forward(input));
            }

            public sealed class MoreHooked : Hooked
            {
                public override Tensor forward(Tensor input) => base.forward(input) + 1;
            }

            public static class Program
            {
                public static void Main()
                {
                    var model = new MnistModel();
                    model.fc2.register_forward_hook((module, input, output) => output);
                    var hooked = new MoreHooked();
                    Console.WriteLine(model.call(torch.ones(1, 784)));
                    Console.WriteLine(hooked.call(torch.ones(1)));
                }
            }
            """;

        // fc2 is hooked and the model calls fc2.forward: that one is reported; fc1 (not hooked) is not.
        source = source.Replace("=> fc2.forward(relu(", "=> {|MLOPS503:fc2.forward(relu(fc1.forward(input)))|};\n    private Tensor Unused(Tensor input) => fc2.call(relu(", StringComparison.Ordinal);
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task TestProject_IsNotReported()
    {
        var source = Usings + Model.Replace("FORWARD_FC1", "fc1.forward(input)", StringComparison.Ordinal) + """
            public static class Checks
            {
                public static Tensor Run(MnistModel model)
                {
                    model.register_forward_hook((m, i, o) => o);
                    return model.forward(torch.ones(1, 784));
                }
            }
            """;
        var test = new Verify.Test { TestCode = source };
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.IsTestProject = true\n"));
        await test.RunAsync();
    }

    // ---------- code fix ----------

    [Fact]
    public async Task CodeFix_RewritesForwardToCall_FixAll()
    {
        var source = Usings + Model.Replace("FORWARD_FC1", "fc1.forward(input)", StringComparison.Ordinal) + """
            public static class Program
            {
                public static void Main()
                {
                    var model = new MnistModel();
                    model.register_forward_hook((m, input, output) => output);
                    var x = torch.ones(1, 784);
                    Console.WriteLine({|MLOPS503:model.forward(x)|});
                    Console.WriteLine({|MLOPS503:model
                        .forward(x)|}.shape[0]);
                }
            }
            """;
        var fixedSource = Usings + Model.Replace("FORWARD_FC1", "fc1.forward(input)", StringComparison.Ordinal) + """
            public static class Program
            {
                public static void Main()
                {
                    var model = new MnistModel();
                    model.register_forward_hook((m, input, output) => output);
                    var x = torch.ones(1, 784);
                    Console.WriteLine(model.call(x));
                    Console.WriteLine(model
                        .call(x).shape[0]);
                }
            }
            """;
        var test = new VerifyFix.Test { TestCode = source, FixedCode = fixedSource, CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = OutputKind.ConsoleApplication;
        await test.RunAsync(CancellationToken.None);
    }
}
