using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MLOps.Analyzers.TrainingLoop.ModuleModeNotSetAnalyzer>;
using VerifyFix = MLOps.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<MLOps.Analyzers.TrainingLoop.ModuleModeNotSetAnalyzer, MLOps.Analyzers.CodeFixes.TrainingLoop.ModuleModeNotSetCodeFixProvider>;

namespace MLOps.Analyzers.Tests.TrainingLoop;

public sealed class ModuleModeNotSetAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;
        using static TorchSharp.torch.nn.functional;

        """;

    // The shape of dotnet/TorchSharpExamples' MNIST model: dropout makes the mode matter.
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

    private const string LoadMessage = "is restored with load() and then called without 'model.eval()': dropout and batch norm still run in training mode";

    // ---------- positives: loaded, then inference in training mode ----------

    [Fact]
    public async Task LoadedModelCalledWithoutEval_IsReported()
    {
        var source = Usings + Model + """
            public static class Inference
            {
                public static int Classify(string weights, Tensor image)
                {
                    var model = new MnistModel();
                    {|#1:model.load(weights)|};
                    using var noGrad = torch.no_grad();
                    return {|#0:model.call(image)|}.argmax(1).ToInt32();
                }
            }
            """;
        await Verify.VerifyAsync(source, Verify.Diagnostic("MLOPS505").WithLocation(0).WithLocation(1).WithArguments("model", LoadMessage));
    }

    [Fact]
    public async Task ModelStoredFromAFluentLoad_IsReported()
    {
        var source = Usings + Model + """
            public static class Inference
            {
                public static Tensor Predict(string weights, Tensor batch)
                {
                    var model = (MnistModel){|#1:new MnistModel().load(weights)|};
                    using (torch.no_grad())
                    {
                        return {|#0:model.forward(batch)|};
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source, Verify.Diagnostic("MLOPS505").WithLocation(0).WithLocation(1));
    }

    [Fact]
    public async Task FieldRestoredWithLoadStateDict_IsReportedOncePerModule()
    {
        var source = Usings + Model + """
            public sealed class Scorer
            {
                private readonly MnistModel _model = new MnistModel();

                public float[] Score(Dictionary<string, Tensor> checkpoint, IEnumerable<Tensor> batches)
                {
                    {|#1:_model.load_state_dict(checkpoint)|};
                    var scores = new List<float>();
                    using var noGrad = torch.no_grad();
                    foreach (var batch in batches)
                    {
                        scores.Add({|#0:_model.call(batch)|}.max().ToSingle());
                        scores.Add(_model.call(batch.flip(0)).max().ToSingle());
                    }

                    return scores.ToArray();
                }
            }
            """;
        await Verify.VerifyAsync(source, Verify.Diagnostic("MLOPS505").WithLocation(0).WithLocation(1));
    }

    // ---------- positives: trained after eval() ----------

    [Fact]
    public async Task EpochLoopThatEvaluatesWithoutSwitchingBack_IsReported()
    {
        // Epoch 2 onwards trains with dropout off: the eval() at the end of epoch 1 is never undone.
        var source = Usings + Model + """
            public static class Training
            {
                public static void Fit(MnistModel model, optim.Optimizer optimizer, List<(Tensor, Tensor)> train, List<(Tensor, Tensor)> test)
                {
                    for (var epoch = 0; epoch < 10; epoch++)
                    {
                        foreach (var (x, y) in train)
                        {
                            optimizer.zero_grad();
                            var loss = nll_loss({|#0:model.call(x)|}, y);
                            loss.backward();
                            optimizer.step();
                        }

                        {|#1:model.eval()|};
                        using (torch.no_grad())
                        {
                            var correct = test.Sum(b => model.call(b.Item1).argmax(1).eq(b.Item2).sum().ToInt32());
                            Console.WriteLine($"epoch {epoch}: {correct} correct");
                        }
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source, Verify.Diagnostic("MLOPS505").WithLocation(0).WithLocation(1).WithArguments(
            "model",
            "is trained in this loop after 'model.eval()' without 'model.train()': dropout is off and batch norm frozen"));
    }

    [Fact]
    public async Task BaselineEvaluationBeforeTraining_IsReported()
    {
        var source = Usings + Model + """
            public sealed class Trainer
            {
                private readonly MnistModel _model = new MnistModel();

                public void Run(optim.Optimizer optimizer, List<(Tensor x, Tensor y)> batches)
                {
                    {|#1:_model.eval()|};
                    using (torch.no_grad())
                    {
                        Console.WriteLine(nll_loss(_model.call(batches[0].x), batches[0].y).ToSingle());
                    }

                    foreach (var (x, y) in batches)
                    {
                        optimizer.zero_grad();
                        nll_loss({|#0:_model.call(x)|}, y).backward();
                        optimizer.step();
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source, Verify.Diagnostic("MLOPS505").WithLocation(0).WithLocation(1));
    }

    // ---------- negatives ----------

    [Fact]
    public async Task ModesSetAsTorchSharpExamplesDo_AreNotReported()
    {
        var source = Usings + Model + """
            public static class Program
            {
                public static void Predict(string weights, Tensor image)
                {
                    var model = new MnistModel();
                    model.load(weights);
                    model.eval();
                    using var noGrad = torch.no_grad();
                    Console.WriteLine(model.call(image).argmax(1).ToInt32());
                }

                public static Tensor PredictFluent(string weights, Tensor image)
                {
                    var model = new MnistModel();
                    model.load(weights).eval();
                    using var noGrad = torch.no_grad();
                    return model.call(image);
                }

                public static void EvalBeforeLoadAlsoHolds(string weights, Tensor image)
                {
                    var model = new MnistModel();
                    model.eval();
                    model.load(weights);
                    using var noGrad = torch.no_grad();
                    Console.WriteLine(model.call(image).argmax(1).ToInt32());
                }

                public static void Fit(MnistModel model, optim.Optimizer optimizer, List<(Tensor, Tensor)> train, List<(Tensor, Tensor)> test)
                {
                    for (var epoch = 0; epoch < 10; epoch++)
                    {
                        model.train();
                        foreach (var (x, y) in train)
                        {
                            optimizer.zero_grad();
                            nll_loss(model.call(x), y).backward();
                            optimizer.step();
                        }

                        model.eval();
                        using (torch.no_grad())
                        {
                            foreach (var (x, y) in test)
                            {
                                Console.WriteLine(nll_loss(model.call(x), y).ToSingle());
                            }
                        }
                    }
                }

                public static void Train(MnistModel model, optim.Optimizer optimizer, List<(Tensor, Tensor)> batches)
                {
                    // Training in its own method: the eval() of another method is not visible and not guessed.
                    foreach (var (x, y) in batches)
                    {
                        optimizer.zero_grad();
                        nll_loss(model.call(x), y).backward();
                        optimizer.step();
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task FineTuningALoadedModel_IsNotReported()
    {
        var source = Usings + Model + """
            public static class FineTuning
            {
                public static void Run(string weights, optim.Optimizer optimizer, List<(Tensor, Tensor)> batches)
                {
                    var model = new MnistModel();
                    model.load(weights);
                    foreach (var (x, y) in batches)
                    {
                        optimizer.zero_grad();
                        nll_loss(model.call(x), y).backward();
                        optimizer.step();
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task ModeThatMayBeSetOutOfSight_IsNotReported()
    {
        var source = Usings + Model + """
            public sealed class Service
            {
                private readonly MnistModel _model = new MnistModel();

                public Tensor HandedToOwnCode(string weights, Tensor x)
                {
                    var model = new MnistModel();
                    model.load(weights);
                    Prepare(model);
                    return model.call(x);
                }

                public Tensor FieldAndAMethodOfTheHolder(string weights, Tensor x)
                {
                    _model.load(weights);
                    SwitchToInference();
                    return _model.call(x);
                }

                public Tensor ExplicitTrainingMode(string weights, Tensor x)
                {
                    // Monte Carlo dropout: training mode on purpose.
                    var model = new MnistModel();
                    model.load(weights);
                    model.train();
                    return model.call(x);
                }

                public Func<Tensor, Tensor> CallInALambda(string weights)
                {
                    var model = new MnistModel();
                    model.load(weights);
                    return x => model.call(x);
                }

                public Tensor TorchScriptKeepsTheSavedMode(string path, Tensor x)
                {
                    var model = torch.jit.load<Tensor, Tensor>(path);
                    return model.call(x);
                }

                public Tensor FreshModelNeverLoaded(Tensor x) => new MnistModel().call(x);

                private static void Prepare(MnistModel model) => model.eval();

                private void SwitchToInference() => _model.eval();
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task TrainedAfterEvalButHandedToOwnCode_IsNotReported()
    {
        var source = Usings + Model + """
            public static class Training
            {
                public static void Fit(MnistModel model, optim.Optimizer optimizer, List<(Tensor, Tensor)> train)
                {
                    for (var epoch = 0; epoch < 10; epoch++)
                    {
                        foreach (var (x, y) in train)
                        {
                            optimizer.zero_grad();
                            nll_loss(model.call(x), y).backward();
                            optimizer.step();
                        }

                        Evaluate(model);
                    }
                }

                private static void Evaluate(MnistModel model) => model.eval();
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task FrozenBackboneInEvalModeFeedingATrainedHead_IsNotReported()
    {
        // Transfer learning: the pretrained backbone stays in eval mode on purpose while the new head trains.
        var source = Usings + Model + """
            public static class TransferLearning
            {
                public static void FitHead(MnistModel backbone, Module<Tensor, Tensor> head, optim.Optimizer optimizer, List<(Tensor, Tensor)> batches)
                {
                    backbone.eval();
                    head.train();
                    var criterion = NLLLoss();
                    foreach (var (x, y) in batches)
                    {
                        optimizer.zero_grad();
                        var features = backbone.call(x);
                        criterion.call(head.call(features), y).backward();
                        optimizer.step();
                    }
                }

                public static void FeaturesUnderNoGrad(MnistModel backbone, Linear head, optim.Optimizer optimizer, List<(Tensor, Tensor)> batches)
                {
                    backbone.eval();
                    foreach (var (x, y) in batches)
                    {
                        optimizer.zero_grad();
                        Tensor features;
                        using (torch.no_grad())
                        {
                            features = backbone.call(x);
                        }

                        nll_loss(features.matmul(head.weight!), y).backward();
                        optimizer.step();
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task TrainedAfterEvalWithALossModule_IsReported()
    {
        var source = Usings + Model + """
            public static class Training
            {
                public static void Fit(MnistModel model, optim.Optimizer optimizer, List<(Tensor, Tensor)> batches)
                {
                    var criterion = CrossEntropyLoss();
                    {|#1:model.eval()|};
                    foreach (var (x, y) in batches)
                    {
                        optimizer.zero_grad();
                        criterion.call({|#0:model.call(x)|}, y).backward();
                        optimizer.step();
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source, Verify.Diagnostic("MLOPS505").WithLocation(0).WithLocation(1));
    }

    [Fact]
    public async Task WithoutTorchSharpCalls_NothingIsReported()
    {
        var source = """
            public sealed class Model
            {
                public void load(string path) { }
                public void eval() { }
                public int call(int x) => x;
            }

            public static class Program
            {
                public static int Run()
                {
                    var model = new Model();
                    model.load("w.bin");
                    return model.call(1);
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    // ---------- code fix ----------

    [Fact]
    public async Task CodeFix_InsertsEvalAfterTheLoad()
    {
        var source = Usings + Model + """
            public static class Inference
            {
                public static int Classify(string weights, Tensor image)
                {
                    var model = new MnistModel();
                    {|#1:model.load(weights)|};
                    using var noGrad = torch.no_grad();
                    return {|#0:model.call(image)|}.argmax(1).ToInt32();
                }
            }
            """;
        var fixedSource = Usings + Model + """
            public static class Inference
            {
                public static int Classify(string weights, Tensor image)
                {
                    var model = new MnistModel();
                    model.load(weights);
                    model.eval();
                    using var noGrad = torch.no_grad();
                    return model.call(image).argmax(1).ToInt32();
                }
            }
            """;
        await VerifyFix.VerifyCodeFixAsync(source, fixedSource, VerifyFix.Diagnostic("MLOPS505").WithLocation(0).WithLocation(1));
    }

    [Fact]
    public async Task CodeFix_InsertsTrainBeforeTheTrainingLoop()
    {
        var source = Usings + Model + """
            public static class Training
            {
                public static void Fit(MnistModel model, optim.Optimizer optimizer, List<(Tensor, Tensor)> train)
                {
                    for (var epoch = 0; epoch < 10; epoch++)
                    {
                        // One pass over the data.
                        foreach (var (x, y) in train)
                        {
                            optimizer.zero_grad();
                            nll_loss({|#0:model.call(x)|}, y).backward();
                            optimizer.step();
                        }

                        {|#1:model.eval()|};
                    }
                }
            }
            """;
        var fixedSource = Usings + Model + """
            public static class Training
            {
                public static void Fit(MnistModel model, optim.Optimizer optimizer, List<(Tensor, Tensor)> train)
                {
                    for (var epoch = 0; epoch < 10; epoch++)
                    {
                        // One pass over the data.
                        model.train();
                        foreach (var (x, y) in train)
                        {
                            optimizer.zero_grad();
                            nll_loss(model.call(x), y).backward();
                            optimizer.step();
                        }

                        model.eval();
                    }
                }
            }
            """;
        await VerifyFix.VerifyCodeFixAsync(source, fixedSource, VerifyFix.Diagnostic("MLOPS505").WithLocation(0).WithLocation(1));
    }

    [Fact]
    public async Task CodeFix_FixAll_OneStatementPerModule()
    {
        var source = Usings + Model + """
            public static class Ensemble
            {
                public static Tensor Predict(string first, string second, Tensor x)
                {
                    var a = new MnistModel();
                    var b = new MnistModel();
                    {|#1:a.load(first)|};
                    {|#3:b.load(second)|};
                    using var noGrad = torch.no_grad();
                    return {|#0:a.call(x)|} + {|#2:b.call(x)|};
                }

                public static void Fit(MnistModel model, optim.Optimizer optimizer, List<(Tensor, Tensor)> train)
                {
                    {|#5:model.eval()|};
                    foreach (var (x, y) in train)
                    {
                        optimizer.zero_grad();
                        nll_loss({|#4:model.call(x)|}, y).backward();
                        optimizer.step();
                    }
                }
            }
            """;
        var fixedSource = Usings + Model + """
            public static class Ensemble
            {
                public static Tensor Predict(string first, string second, Tensor x)
                {
                    var a = new MnistModel();
                    var b = new MnistModel();
                    a.load(first);
                    a.eval();
                    b.load(second);
                    b.eval();
                    using var noGrad = torch.no_grad();
                    return a.call(x) + b.call(x);
                }

                public static void Fit(MnistModel model, optim.Optimizer optimizer, List<(Tensor, Tensor)> train)
                {
                    model.eval();
                    model.train();
                    foreach (var (x, y) in train)
                    {
                        optimizer.zero_grad();
                        nll_loss(model.call(x), y).backward();
                        optimizer.step();
                    }
                }
            }
            """;
        await VerifyFix.VerifyCodeFixAsync(
            source,
            fixedSource,
            VerifyFix.Diagnostic("MLOPS505").WithLocation(0).WithLocation(1),
            VerifyFix.Diagnostic("MLOPS505").WithLocation(2).WithLocation(3),
            VerifyFix.Diagnostic("MLOPS505").WithLocation(4).WithLocation(5));
    }
}
