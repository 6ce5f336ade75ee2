using HousePriceTraining.Clean;

namespace HousePriceTraining.Tests;

/// <summary>Monitor.5: the model is numerically stable: no NaN or infinite weights or predictions.</summary>
public class NumericalStabilityTests : IClassFixture<TrainedSample>
{
    private readonly TrainedSample _sample;

    public NumericalStabilityTests(TrainedSample sample) => _sample = sample;

    [Fact]
    [Trait("MLTestScore", "Monitor.5")]
    public void Weights_bias_and_every_prediction_on_the_data_set_are_finite()
    {
        var linear = Sample.LinearModel(_sample.Model);
        var scores = Sample.Scores(_sample.Model.Transform(_sample.Data));

        Assert.All(linear.Weights, w => Assert.True(float.IsFinite(w), $"weight {w}"));
        Assert.True(float.IsFinite(linear.Bias), $"bias {linear.Bias}");
        Assert.Equal(400, scores.Length);
        Assert.All(scores, s => Assert.True(float.IsFinite(s), $"prediction {s}"));
    }

    [Fact]
    [Trait("MLTestScore", "Monitor.5")]
    public void Edge_inputs_at_and_beyond_the_expected_ranges_give_finite_predictions()
    {
        var engine = _sample.Context.Model.CreatePredictionEngine<HouseData, HousePricePrediction>(_sample.Model);
        var features = HouseExpectations.Features.ToList();
        HouseData House(Func<ColumnExpectation, float> value) => new()
        {
            Size = value(features[0]), Bedrooms = value(features[1]), Age = value(features[2]),
            DistanceToCenter = value(features[3]), HasGarage = value(features[4]),
        };

        var edges = new[]
        {
            House(c => c.Min),
            House(c => c.Max),
            House(_ => 0f),
            House(c => c.Max * 1000),
            House(c => float.Epsilon),
            House(c => c.Min == 0 ? c.Max : c.Min),
        };

        foreach (var edge in edges)
        {
            var price = engine.Predict(edge).Price;
            Assert.True(float.IsFinite(price), $"prediction {price} for Size {edge.Size}, Bedrooms {edge.Bedrooms}, Age {edge.Age}, Distance {edge.DistanceToCenter}, Garage {edge.HasGarage}");
        }
    }

    [Fact]
    [Trait("MLTestScore", "Monitor.5")]
    public void Retraining_on_a_slice_with_a_constant_feature_stays_finite()
    {
        // Retraining on houses without a garage makes HasGarage constant 0: min-max scaling must
        // not divide by zero and poison the weights with NaN.
        var options = _sample.Options;
        var trainer = new HousePriceTrainer(options);
        var noGarage = trainer.Context.Data.FilterRowsByColumn(trainer.Load(options.DataPath), nameof(HouseData.HasGarage), upperBound: 0.5);

        var (model, metrics) = trainer.TrainAndEvaluate(noGarage);
        var linear = Sample.LinearModel(model);

        Assert.All(linear.Weights, w => Assert.True(float.IsFinite(w), $"weight {w}"));
        Assert.True(float.IsFinite(linear.Bias));
        Assert.True(double.IsFinite(metrics.RootMeanSquaredError));
        Assert.All(Sample.Scores(model.Transform(noGarage)), s => Assert.True(float.IsFinite(s), $"prediction {s}"));
    }
}
