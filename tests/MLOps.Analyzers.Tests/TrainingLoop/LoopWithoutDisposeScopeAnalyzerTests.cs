using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MLOps.Analyzers.TrainingLoop.LoopWithoutDisposeScopeAnalyzer>;
using VerifyFix = MLOps.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<MLOps.Analyzers.TrainingLoop.LoopWithoutDisposeScopeAnalyzer, MLOps.Analyzers.CodeFixes.TrainingLoop.LoopWithoutDisposeScopeCodeFixProvider>;

namespace MLOps.Analyzers.Tests.TrainingLoop;

public sealed class LoopWithoutDisposeScopeAnalyzerTests
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

    // ---------- positives ----------

    [Fact]
    public async Task TrainingLoopWithoutScope_IsReported()
    {
        var source = Usings + """
            public static class Training
            {
                public static void Train(Module<Tensor, Tensor> model, optim.Optimizer optimizer, Loss<Tensor, Tensor, Tensor> loss, IEnumerable<(Tensor, Tensor)> dataLoader, int epoch)
                {
                    model.train();
                    var batchId = 0;
                    double total = 0;
                    {|MLOPS504:foreach|} (var (data, target) in dataLoader)
                    {
                        optimizer.zero_grad();
                        var prediction = model.call(data);
                        var output = loss.call(prediction, target);
                        output.backward();
                        optimizer.step();
                        total += output.ToSingle();
                        if (++batchId % 100 == 0)
                        {
                            Console.WriteLine($"epoch {epoch} batch {batchId} loss {output.ToSingle():F4}");
                        }
                    }

                    Console.WriteLine(total / batchId);
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task InferenceLoopsOfEveryKind_AreReported_WithTheCall()
    {
        var source = Usings + """
            public static class Inference
            {
                public static int Count(Module<Tensor, Tensor> model, IList<Tensor> batches)
                {
                    var correct = 0;
                    using (torch.no_grad())
                    {
                        for (var i = 0; i < batches.Count; i++)
                        {
                            correct += model.forward(batches[i]).argmax(1).sum().ToInt32();
                        }

                        var j = 0;
                        while (j < batches.Count)
                        {
                            Console.WriteLine(model.call(batches[j++]));
                        }
                    }

                    return correct;
                }
            }
            """;
        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic("MLOPS504").WithSpan(15, 13, 15, 16).WithArguments("forward"),
            Verify.Diagnostic("MLOPS504").WithSpan(21, 13, 21, 18).WithArguments("call"));
    }

    // ---------- negatives ----------

    [Fact]
    public async Task ScopesUsingsDisposeAndGcCollect_AreNotReported()
    {
        var source = Usings + """
            public static class Training
            {
                public static void ExamplesShape(Module<Tensor, Tensor> model, optim.Optimizer optimizer, Loss<Tensor, Tensor, Tensor> loss, IEnumerable<(Tensor, Tensor)> dataLoader)
                {
                    foreach (var (data, target) in dataLoader)
                    {
                        using (var d = torch.NewDisposeScope())
                        {
                            optimizer.zero_grad();
                            loss.forward(model.forward(data), target).backward();
                            optimizer.step();
                        }
                    }
                }

                public static void Declaration(Module<Tensor, Tensor> model, IEnumerable<Tensor> batches)
                {
                    foreach (var x in batches)
                    {
                        using var scope = NewDisposeScope();
                        Console.WriteLine(model.call(x).argmax(1).ToInt32());
                    }
                }

                public static void UsingTheOutput(Module<Tensor, Tensor> model, IEnumerable<Tensor> batches)
                {
                    foreach (var x in batches)
                    {
                        using (var output = model.forward(x))
                        {
                            Console.WriteLine(output.ToSingle());
                        }
                    }
                }

                public static void ExplicitDispose(Module<Tensor, Tensor> model, IEnumerable<Tensor> batches)
                {
                    foreach (var x in batches)
                    {
                        var output = model.call(x);
                        Console.WriteLine(output.ToSingle());
                        output.Dispose();
                    }
                }

                public static void Collect(Module<Tensor, Tensor> model, IEnumerable<Tensor> batches)
                {
                    foreach (var x in batches)
                    {
                        Console.WriteLine(model.call(x).ToSingle());
                        GC.Collect();
                    }
                }

                public static void ScopeAroundTheLoop(Module<Tensor, Tensor> model, IEnumerable<Tensor> batches)
                {
                    using var scope = NewDisposeScope();
                    foreach (var x in batches)
                    {
                        Console.WriteLine(model.call(x).ToSingle());
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task TensorsThatOutliveTheIteration_AreNotReported()
    {
        // A scope would dispose them: collecting predictions, keeping the last output, summing into an outer tensor.
        var source = Usings + """
            public sealed class Collector
            {
                private Tensor? _last;

                public List<Tensor> Predictions(Module<Tensor, Tensor> model, IEnumerable<Tensor> batches)
                {
                    var predictions = new List<Tensor>();
                    foreach (var x in batches)
                    {
                        predictions.Add(model.call(x));
                    }

                    return predictions;
                }

                public void KeepLast(Module<Tensor, Tensor> model, IEnumerable<Tensor> batches)
                {
                    foreach (var x in batches)
                    {
                        _last = model.call(x);
                    }
                }

                public Tensor Sum(Module<Tensor, Tensor> model, IEnumerable<Tensor> batches)
                {
                    var sum = torch.zeros(1);
                    foreach (var x in batches)
                    {
                        sum = sum + model.call(x).sum();
                    }

                    return sum;
                }

                public IEnumerable<Tensor> Stream(Module<Tensor, Tensor> model, IEnumerable<Tensor> batches)
                {
                    foreach (var x in batches)
                    {
                        yield return model.call(x);
                    }
                }

                public Tensor First(Module<Tensor, Tensor> model, IEnumerable<Tensor> batches)
                {
                    foreach (var x in batches)
                    {
                        return model.call(x);
                    }

                    return torch.zeros(1);
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task LoopsInsideAModelsForward_ThreadingTheActivation_AreNotReported()
    {
        // A model's forward over its layers or time steps: each iteration's output feeds the next and is returned.
        var source = Usings + """
            public sealed class Stack : Module<Tensor, Tensor>
            {
                private readonly ModuleList<Module<Tensor, Tensor>> layers = new ModuleList<Module<Tensor, Tensor>>(Linear(8, 8), ReLU(), Linear(8, 8));
                private readonly GRUCell cell = GRUCell(8, 8);

                public Stack() : base(nameof(Stack)) => RegisterComponents();

                public override Tensor forward(Tensor input)
                {
                    foreach (var layer in layers)
                    {
                        input = layer.call(input);
                    }

                    var h = torch.zeros(input.shape[0], 8);
                    for (var t = 0; t < 4; t++)
                    {
                        h = cell.call(input, h);
                    }

                    return h;
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task LoopsThatDoNotRunAModel_AreNotReported()
    {
        var source = Usings + """
            public static class Epochs
            {
                public static void Run(Module<Tensor, Tensor> model, optim.Optimizer optimizer, IEnumerable<(Tensor, Tensor)> loader, int epochs)
                {
                    for (var epoch = 0; epoch < epochs; epoch++)
                    {
                        TrainOneEpoch(model, optimizer, loader);
                    }

                    foreach (var p in model.parameters())
                    {
                        Console.WriteLine(p.shape[0]);
                    }
                }

                private static int TrainOneEpoch(Module<Tensor, Tensor> model, optim.Optimizer optimizer, IEnumerable<(Tensor, Tensor)> loader) => 0;
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task TestProject_IsNotReported()
    {
        var source = Usings + """
            public static class Checks
            {
                public static void Run(Module<Tensor, Tensor> model, IEnumerable<Tensor> batches)
                {
                    foreach (var x in batches)
                    {
                        Console.WriteLine(model.call(x).ToSingle());
                    }
                }
            }
            """;
        var test = new Verify.Test { TestCode = source };
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.IsTestProject = true\n"));
        await test.RunAsync();
    }

    // ---------- code fix ----------

    [Fact]
    public async Task CodeFix_OpensAScopeAtTheTopOfTheBody()
    {
        var source = Usings + """
            public static class Training
            {
                public static void Train(Module<Tensor, Tensor> model, optim.Optimizer optimizer, IEnumerable<(Tensor, Tensor)> loader)
                {
                    {|MLOPS504:foreach|} (var (x, y) in loader)
                    {
                        optimizer.zero_grad();
                        mse_loss(model.call(x), y).backward();
                        optimizer.step();
                    }
                }
            }
            """;
        var fixedSource = Usings + """
            public static class Training
            {
                public static void Train(Module<Tensor, Tensor> model, optim.Optimizer optimizer, IEnumerable<(Tensor, Tensor)> loader)
                {
                    foreach (var (x, y) in loader)
                    {
                        using var scope = torch.NewDisposeScope();
                        optimizer.zero_grad();
                        mse_loss(model.call(x), y).backward();
                        optimizer.step();
                    }
                }
            }
            """;
        await VerifyFix.VerifyCodeFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task CodeFix_FixAll_NestedLoopsGetDistinctNames()
    {
        var source = Usings + """
            public static class Training
            {
                public static void Train(Module<Tensor, Tensor> model, List<Tensor> batches, int scope)
                {
                    {|MLOPS504:for|} (var epoch = 0; epoch < scope; epoch++)
                    {
                        Console.WriteLine(model.call(batches[0]).ToSingle());
                        {|MLOPS504:foreach|} (var x in batches)
                        {
                            Console.WriteLine(model.call(x).ToSingle());
                        }
                    }
                }
            }
            """;
        var batchFixed = Usings + """
            public static class Training
            {
                public static void Train(Module<Tensor, Tensor> model, List<Tensor> batches, int scope)
                {
                    for (var epoch = 0; epoch < scope; epoch++)
                    {
                        using var scope2 = torch.NewDisposeScope();
                        Console.WriteLine(model.call(batches[0]).ToSingle());
                        foreach (var x in batches)
                        {
                            using var scope3 = torch.NewDisposeScope();
                            Console.WriteLine(model.call(x).ToSingle());
                        }
                    }
                }
            }
            """;

        // One at a time, the outer scope also covers the inner loop, which is then no longer reported.
        var oneByOne = batchFixed.Replace("                using var scope3 = torch.NewDisposeScope();\n", string.Empty, StringComparison.Ordinal);
        var test = new VerifyFix.Test { TestCode = source, FixedCode = oneByOne, BatchFixedCode = batchFixed };
        test.NumberOfIncrementalIterations = 1;
        test.NumberOfFixAllIterations = 1;
        await test.RunAsync(CancellationToken.None);
    }
}
