using HousePriceTraining.Clean;
using Microsoft.ML;

namespace HousePriceTraining.Tests;

/// <summary>Monitor.3: training and serving are not skewed: the serving path scores exactly as the evaluated model.</summary>
public class ServingSkewTests : IClassFixture<TrainedSample>
{
    private readonly TrainedSample _sample;

    public ServingSkewTests(TrainedSample sample) => _sample = sample;

    [Fact]
    [Trait("MLTestScore", "Monitor.3")]
    public void PredictionEngine_predictions_equal_the_batch_scores_the_model_was_evaluated_on()
    {
        var engine = _sample.Context.Model.CreatePredictionEngine<HouseData, HousePricePrediction>(_sample.Model);

        var served = _sample.TestRows.Select(h => engine.Predict(h).Price).ToArray();

        Assert.Equal(_sample.TestScores, served);
    }

    [Fact]
    [Trait("MLTestScore", "Monitor.3")]
    public void The_saved_model_scores_serving_requests_exactly_as_at_training_time()
    {
        using var stream = new MemoryStream();
        _sample.Context.Model.Save(_sample.Model, _sample.Data.Schema, stream);
        stream.Position = 0;
        var serving = new MLContext(seed: _sample.Options.Seed);
        var loaded = serving.Model.Load(stream, out _);
        var engine = serving.Model.CreatePredictionEngine<HouseData, HousePricePrediction>(loaded);

        // Serving requests carry no price: the label must not influence the prediction.
        var served = _sample.TestRows
            .Select(h => new HouseData { Size = h.Size, Bedrooms = h.Bedrooms, Age = h.Age, DistanceToCenter = h.DistanceToCenter, HasGarage = h.HasGarage })
            .Select(request => engine.Predict(request).Price)
            .ToArray();

        Assert.Equal(_sample.TestScores, served);
    }
}
