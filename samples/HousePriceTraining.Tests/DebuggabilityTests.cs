using HousePriceTraining.Clean;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace HousePriceTraining.Tests;

/// <summary>Infra.5: the model is debuggable: one prediction can be taken apart into per-feature contributions.</summary>
public class DebuggabilityTests : IClassFixture<TrainedSample>
{
    private sealed class Explained
    {
        [VectorType(5)]
        public float[] Features { get; set; } = Array.Empty<float>();

        [VectorType(5)]
        public float[] FeatureContributions { get; set; } = Array.Empty<float>();

        public float Score { get; set; }
    }

    private readonly TrainedSample _sample;

    public DebuggabilityTests(TrainedSample sample) => _sample = sample;

    [Fact]
    [Trait("MLTestScore", "Infra.5")]
    public void Each_prediction_is_the_bias_plus_its_per_feature_contributions()
    {
        var chain = (TransformerChain<RegressionPredictionTransformer<Microsoft.ML.Trainers.LinearRegressionModelParameters>>)_sample.Model;
        var explainer = _sample.Context.Transforms.CalculateFeatureContribution(chain.LastTransformer, numberOfPositiveContributions: 5, numberOfNegativeContributions: 5, normalize: false);
        var scored = _sample.Model.Transform(_sample.TestSet);
        var explained = _sample.Context.Data.CreateEnumerable<Explained>(explainer.Fit(scored).Transform(scored), reuseRowObject: false).ToList();
        var linear = chain.LastTransformer.Model;

        Assert.Equal(_sample.TestRows.Count, explained.Count);
        Assert.All(explained, row =>
        {
            Assert.Equal(5, row.FeatureContributions.Length);
            var rebuilt = linear.Bias + row.FeatureContributions.Sum();
            Assert.True(Math.Abs(rebuilt - row.Score) <= 1e-3 * Math.Max(1, Math.Abs(row.Score)), $"bias + contributions {rebuilt} != score {row.Score}");
            for (var j = 0; j < 5; j++)
            {
                Assert.Equal(linear.Weights[j] * row.Features[j], row.FeatureContributions[j], 0.5f);
            }
        });
    }

    [Fact]
    [Trait("MLTestScore", "Infra.5")]
    public void The_explanation_names_size_as_the_main_driver_of_a_large_house_price()
    {
        var chain = (TransformerChain<RegressionPredictionTransformer<Microsoft.ML.Trainers.LinearRegressionModelParameters>>)_sample.Model;
        var explainer = _sample.Context.Transforms.CalculateFeatureContribution(chain.LastTransformer, normalize: false);
        var house = _sample.Context.Data.LoadFromEnumerable(new[]
        {
            new HouseData { Size = 250f, Bedrooms = 3, Age = 30, DistanceToCenter = 10f, HasGarage = 0 },
        });
        var scored = _sample.Model.Transform(house);

        var row = _sample.Context.Data.CreateEnumerable<Explained>(explainer.Fit(scored).Transform(scored), reuseRowObject: false).Single();
        var largest = Array.IndexOf(row.FeatureContributions, row.FeatureContributions.Max());

        Assert.Equal(nameof(HouseData.Size), HousePriceTrainer.FeatureColumns[largest]);
        Assert.True(row.FeatureContributions[2] < 0, "age lowers the price");
        Assert.True(row.FeatureContributions[3] < 0, "distance to the centre lowers the price");
    }
}
