using HousePriceTraining.Clean;

namespace HousePriceTraining.Tests;

/// <summary>One column's expectation: its position in the file, its range and whether it holds whole numbers.</summary>
internal sealed record ColumnExpectation(string Name, int Index, float Min, float Max, bool WholeNumbers, Func<HouseData, float> Value);

/// <summary>
/// The written-down schema of the house data: what every input row, at training and at serving
/// time, must look like. Ranges are domain limits (a house of 20 to 500 m2, up to 10 bedrooms,
/// at most 150 years old, within 100 km of the centre, a price of 1 to 5,000,000), not the
/// observed min/max, so normal new data passes and broken data does not.
/// </summary>
internal static class HouseExpectations
{
    public static readonly IReadOnlyList<ColumnExpectation> Columns = new[]
    {
        new ColumnExpectation(nameof(HouseData.Size), 0, 20f, 500f, false, h => h.Size),
        new ColumnExpectation(nameof(HouseData.Bedrooms), 1, 1f, 10f, true, h => h.Bedrooms),
        new ColumnExpectation(nameof(HouseData.Age), 2, 0f, 150f, true, h => h.Age),
        new ColumnExpectation(nameof(HouseData.DistanceToCenter), 3, 0f, 100f, false, h => h.DistanceToCenter),
        new ColumnExpectation(nameof(HouseData.HasGarage), 4, 0f, 1f, true, h => h.HasGarage),
        new ColumnExpectation(nameof(HouseData.Price), 5, 1f, 5_000_000f, false, h => h.Price),
    };

    /// <summary>The feature columns (everything but the label).</summary>
    public static IEnumerable<ColumnExpectation> Features => Columns.Where(c => c.Name != nameof(HouseData.Price));

    /// <summary>Every broken expectation in <paramref name="rows"/>, as "row N: Column ..." lines; empty when all hold.</summary>
    public static List<string> Violations(IEnumerable<HouseData> rows, bool includeLabel = true)
    {
        var violations = new List<string>();
        var checkedColumns = includeLabel ? Columns : Features.ToList();
        var row = 0;
        foreach (var house in rows)
        {
            row++;
            foreach (var column in checkedColumns)
            {
                var value = column.Value(house);
                if (!float.IsFinite(value))
                {
                    violations.Add($"row {row}: {column.Name} is missing or not a number ({value})");
                }
                else if (value < column.Min || value > column.Max)
                {
                    violations.Add($"row {row}: {column.Name} = {value} is outside [{column.Min}, {column.Max}]");
                }
                else if (column.WholeNumbers && value != MathF.Round(value))
                {
                    violations.Add($"row {row}: {column.Name} = {value} is not a whole number");
                }
            }
        }

        return violations;
    }
}
