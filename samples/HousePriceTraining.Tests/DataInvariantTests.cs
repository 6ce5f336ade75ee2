using HousePriceTraining.Clean;

namespace HousePriceTraining.Tests;

/// <summary>Monitor.2: the data invariants hold for the training inputs and are enforced on serving inputs.</summary>
public class DataInvariantTests
{
    [Fact]
    [Trait("MLTestScore", "Monitor.2")]
    public void Training_data_has_no_missing_values_and_every_value_within_its_invariant()
    {
        var options = Sample.Options();
        var trainer = new HousePriceTrainer(options);
        var rows = Sample.Rows(trainer.Context, trainer.Load(options.DataPath));

        Assert.Empty(HouseExpectations.Violations(rows));
        Assert.All(rows, h => Assert.True(h.Price > 0, $"price {h.Price} is not positive"));
    }

    [Fact]
    [Trait("MLTestScore", "Monitor.2")]
    public void Both_sides_of_the_split_hold_the_invariants_and_cover_the_same_ranges()
    {
        var options = Sample.Options();
        var trainer = new HousePriceTrainer(options);
        var split = Sample.Split(trainer, trainer.Load(options.DataPath), options);
        var train = Sample.Rows(trainer.Context, split.TrainSet);
        var test = Sample.Rows(trainer.Context, split.TestSet);

        Assert.Empty(HouseExpectations.Violations(train));
        Assert.Empty(HouseExpectations.Violations(test));
        Assert.Equal(400, train.Count + test.Count);
        Assert.InRange(test.Count, 60, 100);
        // The held-out part must not sit outside what the model was trained on: its feature
        // means stay within 20 % of the training means.
        foreach (var column in HouseExpectations.Columns.Where(c => c.Name != nameof(HouseData.HasGarage)))
        {
            var trainMean = train.Average(column.Value);
            var testMean = test.Average(column.Value);
            Assert.True(Math.Abs(testMean - trainMean) <= 0.2 * trainMean, $"{column.Name}: held-out mean {testMean} vs training mean {trainMean}");
        }
    }

    [Fact]
    [Trait("MLTestScore", "Monitor.2")]
    public void Serving_inputs_that_break_an_invariant_are_detected_before_prediction()
    {
        var requests = new[]
        {
            new HouseData { Size = 95f, Bedrooms = 3, Age = 20, DistanceToCenter = 6.5f, HasGarage = 1 },
            new HouseData { Size = float.NaN, Bedrooms = 3, Age = 20, DistanceToCenter = 6.5f, HasGarage = 1 },
            new HouseData { Size = 95f, Bedrooms = 2.5f, Age = -1, DistanceToCenter = 6.5f, HasGarage = 0 },
            new HouseData { Size = 95f, Bedrooms = 3, Age = 20, DistanceToCenter = 6.5f, HasGarage = 3 },
        };

        // At serving time the label is unknown, so only the features are checked.
        var violations = HouseExpectations.Violations(requests, includeLabel: false);

        Assert.Equal(
            new[]
            {
                "row 2: Size is missing or not a number (NaN)",
                "row 3: Bedrooms = 2.5 is not a whole number",
                "row 3: Age = -1 is outside [0, 150]",
                "row 4: HasGarage = 3 is outside [0, 1]",
            },
            violations);
    }
}
