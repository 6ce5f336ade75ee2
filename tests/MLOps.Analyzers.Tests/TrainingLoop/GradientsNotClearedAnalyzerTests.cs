using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MLOps.Analyzers.TrainingLoop.GradientsNotClearedAnalyzer>;
using VerifyFix = MLOps.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<MLOps.Analyzers.TrainingLoop.GradientsNotClearedAnalyzer, MLOps.Analyzers.CodeFixes.TrainingLoop.GradientsNotClearedCodeFixProvider>;

namespace MLOps.Analyzers.Tests.TrainingLoop;

public sealed class GradientsNotClearedAnalyzerTests
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
            private readonly Module<Tensor, Tensor> relu = ReLU();
            private readonly Module<Tensor, Tensor> fc2 = Linear(128, 10);

            public MnistModel() : base(nameof(MnistModel))
            {
                RegisterComponents();
            }

            public override Tensor forward(Tensor input) => fc2.forward(relu.forward(fc1.forward(input)));
        }

        """;

    // ---------- positives ----------

    [Fact]
    public async Task DataLoaderLoopWithoutZeroGrad_IsReported()
    {
        var source = Usings + Model + """
            public static class Training
            {
                public static void Train(MnistModel model, optim.Optimizer optimizer, Loss<Tensor, Tensor, Tensor> loss, IEnumerable<(Tensor, Tensor)> dataLoader)
                {
                    model.train();
                    foreach (var (data, target) in dataLoader)
                    {
                        using (var d = torch.NewDisposeScope())
                        {
                            var prediction = model.call(data);
                            var output = loss.call(prediction, target);
                            output.backward();
                            {|MLOPS501:optimizer.step()|};
                        }
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task MessageNamesTheOptimizer()
    {
        var source = Usings + """
            public static class Training
            {
                public static void Fit(Module<Tensor, Tensor> model, Tensor x, Tensor y)
                {
                    var adam = optim.Adam(model.parameters(), lr: 0.001);
                    for (var epoch = 0; epoch < 10; epoch++)
                    {
                        var loss = mse_loss(model.call(x), y);
                        loss.backward();
                        adam.step();
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source, Verify.Diagnostic("MLOPS501").WithSpan(17, 13, 17, 24).WithArguments("adam"));
    }

    [Fact]
    public async Task ZeroGradOnlyBeforeTheLoop_IsReported()
    {
        var source = Usings + """
            public static class Training
            {
                public static void Fit(Module<Tensor, Tensor> model, optim.Optimizer optimizer, IEnumerable<(Tensor, Tensor)> batches)
                {
                    optimizer.zero_grad();
                    foreach (var (x, y) in batches)
                    {
                        var loss = cross_entropy(model.call(x), y);
                        loss.backward();
                        {|MLOPS501:optimizer.step()|};
                    }

                    optimizer.zero_grad();
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task GanLoop_ClearsTheDiscriminatorButNotTheGenerator_ReportsTheGenerator()
    {
        var source = Usings + """
            public static class Gan
            {
                public static void Train(Module<Tensor, Tensor> generator, Module<Tensor, Tensor> discriminator, IEnumerable<Tensor> images, long batch)
                {
                    var optimizerD = optim.Adam(discriminator.parameters(), lr: 0.0002);
                    var optimizerG = optim.Adam(generator.parameters(), lr: 0.0002);
                    var criterion = BCELoss();
                    foreach (var real in images)
                    {
                        using var scope = torch.NewDisposeScope();
                        optimizerD.zero_grad();
                        var fake = generator.call(torch.randn(batch, 100));
                        var lossD = criterion.call(discriminator.call(real), torch.ones(batch)) + criterion.call(discriminator.call(fake.detach()), torch.zeros(batch));
                        lossD.backward();
                        optimizerD.step();

                        var lossG = criterion.call(discriminator.call(fake), torch.ones(batch));
                        lossG.backward();
                        {|MLOPS501:optimizerG.step()|};
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task OptimizerFieldInATrainerClass_IsReported()
    {
        var source = Usings + Model + """
            public sealed class Trainer
            {
                private readonly MnistModel _model = new MnistModel();
                private readonly optim.Optimizer _optimizer;

                public Trainer() => _optimizer = optim.SGD(_model.parameters(), 0.01);

                public void Epoch(IEnumerable<(Tensor, Tensor)> loader)
                {
                    var step = 0;
                    while (step < 100)
                    {
                        foreach (var (x, y) in loader)
                        {
                            var loss = nll_loss(_model.call(x), y);
                            loss.backward();
                            {|MLOPS501:this._optimizer.step()|};
                            step++;
                        }
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task StepOutsideTheBatchLoopWithoutAnyClear_ReportsTheEpochLoop()
    {
        // Full-batch training that forgot to clear: every epoch adds to the previous epochs' gradients.
        var source = Usings + """
            public static class Training
            {
                public static void Fit(Module<Tensor, Tensor> model, optim.Optimizer optimizer, List<(Tensor, Tensor)> batches, int epochs)
                {
                    for (var epoch = 0; epoch < epochs; epoch++)
                    {
                        foreach (var (x, y) in batches)
                        {
                            mse_loss(model.call(x), y).backward();
                        }

                        {|MLOPS501:optimizer.step()|};
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task AutogradBackwardAndDoWhile_IsReported()
    {
        var source = Usings + """
            public static class Training
            {
                public static void Fit(Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor x, Tensor y)
                {
                    var i = 0;
                    do
                    {
                        var loss = mse_loss(model.call(x), y);
                        torch.autograd.backward(new[] { loss });
                        {|MLOPS501:optimizer.step()|};
                    }
                    while (++i < 10);
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task HelperThatOnlyComputesTheLoss_DoesNotCountAsAClear()
    {
        // A helper of the project's own code that is given the model but returns a tensor computes the loss.
        var source = Usings + Model + """
            public static class Training
            {
                public static void Fit(MnistModel model, optim.Optimizer optimizer, IEnumerable<(Tensor, Tensor)> batches)
                {
                    foreach (var (x, y) in batches)
                    {
                        var loss = Loss(model, x, y);
                        loss.backward();
                        {|MLOPS501:optimizer.step()|};
                    }
                }

                private static Tensor Loss(MnistModel model, Tensor x, Tensor y) => cross_entropy(model.call(x), y);
            }
            """;
        await Verify.VerifyAsync(source);
    }

    // ---------- negatives ----------

    [Fact]
    public async Task TorchSharpExamplesMnistTrain_IsNotReported()
    {
        var source = Usings + """
            public static class Mnist
            {
                private static readonly int _logInterval = 100;

                public static void Train(Module<Tensor, Tensor> model, optim.Optimizer optimizer, Loss<Tensor, Tensor, Tensor> loss, IEnumerable<(Tensor, Tensor)> dataLoader, int epoch, long batchSize, int size)
                {
                    model.train();
                    int batchId = 1;
                    foreach (var (data, target) in dataLoader)
                    {
                        using (var d = torch.NewDisposeScope())
                        {
                            optimizer.zero_grad();
                            var prediction = model.forward(data);
                            var output = loss.forward(prediction, target);
                            output.backward();
                            optimizer.step();
                            if (batchId % _logInterval == 0)
                            {
                                Console.WriteLine($"Train: epoch {epoch} [{batchId * batchSize} / {size}] Loss: {output.ToSingle():F4}");
                            }

                            batchId++;
                        }
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task GradientAccumulation_ZeroGradUnderACondition_IsNotReported()
    {
        var source = Usings + """
            public static class Training
            {
                public static void Fit(Module<Tensor, Tensor> model, optim.Optimizer optimizer, IList<(Tensor, Tensor)> batches, int accumulation)
                {
                    for (var i = 0; i < batches.Count; i++)
                    {
                        var (x, y) = batches[i];
                        var loss = cross_entropy(model.call(x), y) / accumulation;
                        loss.backward();
                        if ((i + 1) % accumulation == 0)
                        {
                            optimizer.step();
                            optimizer.zero_grad();
                        }
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task ZeroGradAtTheEndOfTheLoopOrOnTheModule_IsNotReported()
    {
        var source = Usings + """
            public static class Training
            {
                public static void AtTheEnd(Module<Tensor, Tensor> model, optim.Optimizer optimizer, IEnumerable<(Tensor, Tensor)> batches)
                {
                    foreach (var (x, y) in batches)
                    {
                        mse_loss(model.call(x), y).backward();
                        optimizer.step();
                        optimizer.zero_grad();
                    }
                }

                public static void OnTheModule(Module<Tensor, Tensor> model, optim.Optimizer optimizer, IEnumerable<(Tensor, Tensor)> batches)
                {
                    foreach (var (x, y) in batches)
                    {
                        model.zero_grad();
                        mse_loss(model.call(x), y).backward();
                        optimizer.step();
                    }
                }

                public static void ByHand(Module<Tensor, Tensor> model, optim.Optimizer optimizer, IEnumerable<(Tensor, Tensor)> batches)
                {
                    foreach (var (x, y) in batches)
                    {
                        foreach (var p in model.parameters())
                        {
                            p.grad?.zero_();
                        }

                        mse_loss(model.call(x), y).backward();
                        optimizer.step();
                    }
                }

                public static void SetToNoneByHand(Module<Tensor, Tensor> model, optim.Optimizer optimizer, IEnumerable<(Tensor, Tensor)> batches)
                {
                    foreach (var (x, y) in batches)
                    {
                        mse_loss(model.call(x), y).backward();
                        optimizer.step();
                        foreach (var p in model.parameters())
                        {
                            p.grad = null;
                        }
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task ZeroGradInAHelperOfOwnCode_IsNotReported()
    {
        var source = Usings + """
            public sealed class Trainer
            {
                private readonly Module<Tensor, Tensor> _model;
                private readonly optim.Optimizer _optimizer;

                public Trainer(Module<Tensor, Tensor> model)
                {
                    _model = model;
                    _optimizer = optim.Adam(model.parameters());
                }

                public void WithTheOptimizerPassed(IEnumerable<(Tensor, Tensor)> batches)
                {
                    foreach (var (x, y) in batches)
                    {
                        Reset(_optimizer);
                        mse_loss(_model.call(x), y).backward();
                        _optimizer.step();
                    }
                }

                public void WithTheOptimizerAField(IEnumerable<(Tensor, Tensor)> batches)
                {
                    foreach (var (x, y) in batches)
                    {
                        ClearGradients();
                        mse_loss(_model.call(x), y).backward();
                        _optimizer.step();
                    }
                }

                public void WithALocalFunction(optim.Optimizer optimizer, IEnumerable<(Tensor, Tensor)> batches)
                {
                    foreach (var (x, y) in batches)
                    {
                        Clear();
                        mse_loss(_model.call(x), y).backward();
                        optimizer.step();
                    }

                    void Clear() => optimizer.zero_grad();
                }

                private static void Reset(optim.Optimizer optimizer) => optimizer.zero_grad();

                private void ClearGradients() => _optimizer.zero_grad();
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task ZeroGradOverAListOfOptimizers_IsNotReported()
    {
        // The foreach variable or the lambda parameter may be the stepped optimizer under another name.
        var source = Usings + """
            public static class Training
            {
                public static void Loop(Module<Tensor, Tensor> model, optim.Optimizer body, optim.Optimizer head, List<optim.Optimizer> optimizers, List<(Tensor, Tensor)> batches)
                {
                    foreach (var (x, y) in batches)
                    {
                        foreach (var o in optimizers)
                        {
                            o.zero_grad();
                        }

                        mse_loss(model.call(x), y).backward();
                        body.step();
                        head.step();
                    }
                }

                public static void Lambda(Module<Tensor, Tensor> model, optim.Optimizer body, List<optim.Optimizer> optimizers, List<(Tensor, Tensor)> batches)
                {
                    foreach (var (x, y) in batches)
                    {
                        optimizers.ForEach(o => o.zero_grad());
                        mse_loss(model.call(x), y).backward();
                        body.step();
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task LbfgsClosureThatClears_IsNotReported()
    {
        var source = Usings + """
            public static class Training
            {
                public static void Fit(Module<Tensor, Tensor> model, Tensor x, Tensor y)
                {
                    var optimizer = optim.LBFGS(model.parameters());
                    for (var i = 0; i < 20; i++)
                    {
                        optimizer.step(() =>
                        {
                            optimizer.zero_grad();
                            var loss = mse_loss(model.call(x), y);
                            loss.backward();
                            return loss;
                        });
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task NoBackwardInTheLoop_SchedulerStep_OrNoLoop_IsNotReported()
    {
        var source = Usings + """
            public static class Training
            {
                public static void Epochs(Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor x, Tensor y, int epochs)
                {
                    var scheduler = optim.lr_scheduler.StepLR(optimizer, 1, 0.7);
                    for (var epoch = 0; epoch < epochs; epoch++)
                    {
                        TrainOneEpoch(model, optimizer, x, y);
                        scheduler.step();
                    }
                }

                // One step, no loop: whether the caller clears is not this method's business.
                public static void TrainOneEpoch(Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor x, Tensor y)
                {
                    mse_loss(model.call(x), y).backward();
                    optimizer.step();
                }

                public static void StepInALambda(Module<Tensor, Tensor> model, optim.Optimizer optimizer, List<(Tensor, Tensor)> batches)
                {
                    foreach (var (x, y) in batches)
                    {
                        Action act = () => { mse_loss(model.call(x), y).backward(); optimizer.step(); };
                        act();
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task TestProject_IsNotReported()
    {
        var source = Usings + """
            public static class Training
            {
                public static void Fit(Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor x, Tensor y)
                {
                    for (var i = 0; i < 3; i++)
                    {
                        mse_loss(model.call(x), y).backward();
                        optimizer.step();
                    }
                }
            }
            """;
        var test = new Verify.Test { TestCode = source };
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.IsTestProject = true\n"));
        await test.RunAsync();
    }

    [Fact]
    public async Task WithoutTorchSharpTypes_IsNotReported()
    {
        var source = """
            public sealed class Optimizer { public void step() { } }
            public sealed class Loss { public void backward() { } }
            public static class Training
            {
                public static void Fit(Optimizer optimizer, Loss loss)
                {
                    for (var i = 0; i < 3; i++)
                    {
                        loss.backward();
                        optimizer.step();
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    // ---------- code fix ----------

    [Fact]
    public async Task CodeFix_InsertsZeroGradAsTheFirstStatementOfTheLoopBody()
    {
        var source = Usings + """
            public static class Training
            {
                public static void Fit(Module<Tensor, Tensor> model, optim.Optimizer optimizer, IEnumerable<(Tensor, Tensor)> batches)
                {
                    foreach (var (x, y) in batches)
                    {
                        var loss = cross_entropy(model.call(x), y);
                        loss.backward();
                        {|MLOPS501:optimizer.step()|};
                    }
                }
            }
            """;
        var fixedSource = Usings + """
            public static class Training
            {
                public static void Fit(Module<Tensor, Tensor> model, optim.Optimizer optimizer, IEnumerable<(Tensor, Tensor)> batches)
                {
                    foreach (var (x, y) in batches)
                    {
                        optimizer.zero_grad();
                        var loss = cross_entropy(model.call(x), y);
                        loss.backward();
                        optimizer.step();
                    }
                }
            }
            """;
        await VerifyFix.VerifyCodeFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task CodeFix_FixAll_OneStatementPerLoopAndOptimizer()
    {
        var source = Usings + """
            public sealed class Gan
            {
                private readonly optim.Optimizer _optimizerG;

                public Gan(Module<Tensor, Tensor> generator) => _optimizerG = optim.Adam(generator.parameters());

                public void Train(Module<Tensor, Tensor> generator, Module<Tensor, Tensor> discriminator, optim.Optimizer optimizerD, List<Tensor> images)
                {
                    for (var epoch = 0; epoch < 5; epoch++)
                    {
                        foreach (var real in images)
                        {
                            var lossD = discriminator.call(real).mean();
                            lossD.backward();
                            {|MLOPS501:optimizerD.step()|};
                            var lossG = discriminator.call(generator.call(real)).mean();
                            lossG.backward();
                            {|MLOPS501:this._optimizerG.step()|};
                        }
                    }

                    var i = 0;
                    while (i++ < 10)
                    {
                        discriminator.call(images[0]).mean().backward();
                        {|MLOPS501:optimizerD.step()|};
                    }
                }
            }
            """;
        var fixedSource = Usings + """
            public sealed class Gan
            {
                private readonly optim.Optimizer _optimizerG;

                public Gan(Module<Tensor, Tensor> generator) => _optimizerG = optim.Adam(generator.parameters());

                public void Train(Module<Tensor, Tensor> generator, Module<Tensor, Tensor> discriminator, optim.Optimizer optimizerD, List<Tensor> images)
                {
                    for (var epoch = 0; epoch < 5; epoch++)
                    {
                        foreach (var real in images)
                        {
                            optimizerD.zero_grad();
                            this._optimizerG.zero_grad();
                            var lossD = discriminator.call(real).mean();
                            lossD.backward();
                            optimizerD.step();
                            var lossG = discriminator.call(generator.call(real)).mean();
                            lossG.backward();
                            this._optimizerG.step();
                        }
                    }

                    var i = 0;
                    while (i++ < 10)
                    {
                        optimizerD.zero_grad();
                        discriminator.call(images[0]).mean().backward();
                        optimizerD.step();
                    }
                }
            }
            """;
        await VerifyFix.VerifyCodeFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task CodeFix_NotOfferedForAnOptimizerCreatedInTheLoop()
    {
        var source = Usings + """
            public static class Training
            {
                public static void Fit(Module<Tensor, Tensor> model, Tensor x, Tensor y)
                {
                    for (var i = 0; i < 3; i++)
                    {
                        var optimizer = optim.SGD(model.parameters(), 0.1);
                        mse_loss(model.call(x), y).backward();
                        {|MLOPS501:optimizer.step()|};
                    }
                }
            }
            """;
        await VerifyFix.VerifyCodeFixAsync(source, source);
    }
}
