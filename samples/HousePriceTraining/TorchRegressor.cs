using TorchSharp;
using static TorchSharp.torch;

namespace HousePriceTraining;

/// <summary>The same regression as a small TorchSharp network.</summary>
public static class TorchRegressor
{
    public static void Train(IReadOnlyList<HouseData> houses)
    {
        var features = tensor(houses.SelectMany(h => new[] { h.Size / 100f, h.Bedrooms, h.Age / 10f, h.DistanceToCenter / 10f, h.HasGarage }).ToArray(), new long[] { houses.Count, 5 });
        var target = tensor(houses.Select(h => h.Price / 100_000f).ToArray(), new long[] { houses.Count, 1 });

        var model = nn.Sequential(
            ("hidden", nn.Linear(5, 16)),
            ("relu", nn.ReLU()),
            ("dropout", nn.Dropout(0.1)),
            ("output", nn.Linear(16, 1)));
        var optimizer = optim.Adam(model.parameters(), lr: 0.01);
        var loss = nn.MSELoss();

        model.train();
        for (var epoch = 0; epoch < 200; epoch++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var output = loss.forward(model.forward(features), target);
            output.backward();
            optimizer.step();
        }

        model.save("torch-house-price.bin");
    }
}
