using TorchSharp;
using static TorchSharp.torch;

namespace HousePriceTraining;

/// <summary>
/// The regression trained in mini-batches with TorchSharp, written the way many training loops are written first:
/// the gradients are never cleared (each step adds to the previous ones), every batch's tensors stay in native
/// memory until the garbage collector happens to run, and the evaluation after <c>eval()</c> still records an
/// autograd graph.
/// </summary>
public static class TorchMiniBatchTrainer
{
    public static nn.Module<Tensor, Tensor> Train(Tensor features, Tensor target, int epochs)
    {
        var model = nn.Sequential(
            ("hidden", nn.Linear(5, 16)),
            ("relu", nn.ReLU()),
            ("dropout", nn.Dropout(0.1)),
            ("output", nn.Linear(16, 1)));
        var optimizer = optim.SGD(model.parameters(), 0.01);
        var loss = nn.MSELoss();
        var batches = features.split(32);
        var targets = target.split(32);

        model.train();
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            for (var i = 0; i < batches.Length; i++)
            {
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
        var predicted = model.call(testFeatures);
        return nn.functional.mse_loss(predicted, testTarget).item<float>();
    }
}
