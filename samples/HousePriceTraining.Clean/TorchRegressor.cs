using TorchSharp;
using static TorchSharp.torch;

namespace HousePriceTraining.Clean;

/// <summary>The same regression as a small TorchSharp network, seeded and deterministic.</summary>
public static class TorchRegressor
{
    public static void Train(IReadOnlyList<HouseData> houses, TrainingOptions options)
    {
        torch.random.manual_seed(options.Seed);
        // torch.use_deterministic_algorithms is not implemented in TorchSharp 0.107 (it is an
        // [Obsolete] error); on CPU the seeded run is reproducible without it.

        var features = tensor(houses.SelectMany(h => new[] { h.Size / 100f, h.Bedrooms, h.Age / 10f, h.DistanceToCenter / 10f, h.HasGarage }).ToArray(), new long[] { houses.Count, 5 });
        var target = tensor(houses.Select(h => h.Price / 100_000f).ToArray(), new long[] { houses.Count, 1 });

        var model = nn.Sequential(
            ("hidden", nn.Linear(5, 16)),
            ("relu", nn.ReLU()),
            ("output", nn.Linear(16, 1)));
        var optimizer = optim.Adam(model.parameters(), lr: options.TorchLearningRate);
        var loss = nn.MSELoss();

        model.train();
        for (var epoch = 0; epoch < options.TorchEpochs; epoch++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var output = loss.forward(model.forward(features), target);
            output.backward();
            optimizer.step();
        }

        model.save(Path.ChangeExtension(options.ModelPath, ".torch.bin"));
    }
}
