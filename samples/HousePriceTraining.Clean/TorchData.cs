using static TorchSharp.torch;

namespace HousePriceTraining.Clean;

/// <summary>The houses as TorchSharp tensors: five scaled features, the price in units of 100,000.</summary>
public static class TorchData
{
    public static Tensor Features(IReadOnlyList<HouseData> houses)
        => tensor(houses.SelectMany(h => new[] { h.Size / 100f, h.Bedrooms, h.Age / 10f, h.DistanceToCenter / 10f, h.HasGarage }).ToArray(), new long[] { houses.Count, 5 });

    public static Tensor Target(IReadOnlyList<HouseData> houses)
        => tensor(houses.Select(h => h.Price / 100_000f).ToArray(), new long[] { houses.Count, 1 });
}
