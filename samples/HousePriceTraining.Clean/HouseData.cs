using Microsoft.ML.Data;

namespace HousePriceTraining.Clean;

public sealed class HouseData
{
    [LoadColumn(0)] public float Size { get; set; }
    [LoadColumn(1)] public float Bedrooms { get; set; }
    [LoadColumn(2)] public float Age { get; set; }
    [LoadColumn(3)] public float DistanceToCenter { get; set; }
    [LoadColumn(4)] public float HasGarage { get; set; }
    [LoadColumn(5)] public float Price { get; set; }
}

public sealed class HousePricePrediction
{
    [ColumnName("Score")] public float Price { get; set; }
}
