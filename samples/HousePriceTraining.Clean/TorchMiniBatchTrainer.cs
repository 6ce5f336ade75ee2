using TorchSharp;
using static TorchSharp.torch;

namespace HousePriceTraining.Clean;

/// <summary>
/// The mini-batch training of the debt-laden sample with the debt paid off: the gradients are cleared before each
/// step, each batch's tensors are released at the end of its iteration (a dispose scope), and the evaluation runs
/// without an autograd graph.
/// </summary>
public static class TorchMiniBatchTrainer
{
    public static nn.Module<Tensor, Tensor> Train(Tensor features, Tensor target, TrainingOptions options)
    {
        torch.random.manual_seed(options.Seed);
        var model = nn.Sequential(
            ("hidden", nn.Linear(5, 16)),
            ("relu", nn.ReLU()),
            ("dropout", nn.Dropout(0.1)),
            ("output", nn.Linear(16, 1)));
        var optimizer = optim.SGD(model.parameters(), options.TorchLearningRate);
        var loss = nn.MSELoss();
        var batches = features.split(options.TorchBatchSize);
        var targets = target.split(options.TorchBatchSize);

        model.train();
        for (var epoch = 0; epoch < options.TorchEpochs; epoch++)
        {
            for (var i = 0; i < batches.Length; i++)
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                var output = loss.forward(model.call(batches[i]), targets[i]);
                output.backward();
                optimizer.step();
            }
        }

        return model;
    }

    public static float Evaluate(nn.Module<Tensor, Tensor> model, Tensor testFeatures, Tensor testTarget)
    {
        model.eval();
        using var noGrad = torch.no_grad();
        var predicted = model.call(testFeatures);
        return nn.functional.mse_loss(predicted, testTarget).item<float>();
    }
}
