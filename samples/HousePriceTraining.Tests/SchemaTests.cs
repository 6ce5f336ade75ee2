using HousePriceTraining.Clean;
using Microsoft.ML.Data;

namespace HousePriceTraining.Tests;

/// <summary>Data.1: the feature expectations are captured in a schema and the data set is checked against it.</summary>
public class SchemaTests
{
    [Fact]
    [Trait("MLTestScore", "Data.1")]
    public void Csv_header_names_the_expected_columns_in_the_loader_order()
    {
        var header = File.ReadLines(Sample.DataPath).First().Split(',');

        Assert.Equal(HouseExpectations.Columns.OrderBy(c => c.Index).Select(c => c.Name), header);
        // The [LoadColumn] indexes of HouseData agree with the header's positions.
        foreach (var column in HouseExpectations.Columns)
        {
            var property = typeof(HouseData).GetProperty(column.Name)!;
            var loadColumn = property.CustomAttributes.Single(a => a.AttributeType == typeof(LoadColumnAttribute));
            Assert.Equal(column.Index, (int)loadColumn.ConstructorArguments[0].Value!);
        }
    }

    [Fact]
    [Trait("MLTestScore", "Data.1")]
    public void Loaded_schema_has_six_single_precision_columns_and_every_row_parses()
    {
        var options = Sample.Options();
        var trainer = new HousePriceTrainer(options);

        var data = trainer.Load(options.DataPath);

        Assert.Equal(HouseExpectations.Columns.Select(c => c.Name), data.Schema.Select(c => c.Name));
        Assert.All(data.Schema, column => Assert.Equal(NumberDataViewType.Single, column.Type));
        var lines = File.ReadLines(options.DataPath).Skip(1).Count(line => line.Length > 0);
        Assert.Equal(400, lines);
        // The text loader turns a field it cannot parse into NaN instead of failing: a row count
        // match plus no NaN means every field of every row was read as a number.
        var rows = Sample.Rows(trainer.Context, data);
        Assert.Equal(lines, rows.Count);
        Assert.All(HouseExpectations.Columns, c => Assert.DoesNotContain(rows, h => float.IsNaN(c.Value(h))));
    }

    [Fact]
    [Trait("MLTestScore", "Data.1")]
    public void Column_statistics_lie_within_the_expected_ranges()
    {
        var options = Sample.Options();
        var trainer = new HousePriceTrainer(options);
        var data = trainer.Load(options.DataPath);

        foreach (var expectation in HouseExpectations.Columns)
        {
            var values = data.GetColumn<float>(expectation.Name).ToArray();
            var min = values.Min();
            var max = values.Max();
            var distinct = values.Distinct().Count();

            Assert.True(min >= expectation.Min, $"{expectation.Name}: min {min} < expected {expectation.Min}");
            Assert.True(max <= expectation.Max, $"{expectation.Name}: max {max} > expected {expectation.Max}");
            // A constant column carries no information; one that collapsed to a constant is a broken feed.
            Assert.True(distinct > 1, $"{expectation.Name} is constant ({min})");
            if (expectation.WholeNumbers)
            {
                Assert.All(values, v => Assert.Equal(MathF.Round(v), v));
            }
        }

        // HasGarage is a flag, and both values occur (the model sees houses with and without garages).
        var garage = data.GetColumn<float>(nameof(HouseData.HasGarage)).ToArray();
        Assert.Equal(new[] { 0f, 1f }, garage.Distinct().Order());
        var share = garage.Average();
        Assert.InRange(share, 0.2f, 0.8f);
    }

    [Fact]
    [Trait("MLTestScore", "Data.1")]
    public void Schema_check_rejects_a_file_with_a_renamed_column_and_an_out_of_range_value()
    {
        var directory = Directory.CreateTempSubdirectory("houses-schema-");
        try
        {
            var broken = Path.Combine(directory.FullName, "houses.csv");
            File.WriteAllLines(broken, new[]
            {
                "Size,Rooms,Age,DistanceToCenter,HasGarage,Price",
                "120.5,3,12,4.2,1,310000",
                "-3,2,900,5.0,2,250000",
            });
            var header = File.ReadLines(broken).First().Split(',');
            var trainer = new HousePriceTrainer(Sample.Options());
            var rows = Sample.Rows(trainer.Context, trainer.Load(broken));

            Assert.NotEqual(HouseExpectations.Columns.Select(c => c.Name), header);
            var violations = HouseExpectations.Violations(rows);
            Assert.Contains("row 2: Size = -3 is outside [20, 500]", violations);
            Assert.Contains("row 2: Age = 900 is outside [0, 150]", violations);
            Assert.Contains("row 2: HasGarage = 2 is outside [0, 1]", violations);
            Assert.Equal(3, violations.Count);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
