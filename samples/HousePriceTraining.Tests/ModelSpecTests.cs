using HousePriceTraining.Clean;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;

namespace HousePriceTraining.Tests;

/// <summary>Infra.2: the model specification (BuildPipeline) is unit tested.</summary>
public class ModelSpecTests
{
    /// <summary>A small synthetic market with a known linear price rule and a little seeded noise.</summary>
    private static HouseData[] SyntheticHouses(int seed, int count)
    {
        var random = new Random(seed);
        var houses = new HouseData[count];
        for (var i = 0; i < count; i++)
        {
            var size = 40f + (float)(random.NextDouble() * 200);
            var bedrooms = (float)random.Next(1, 7);
            var age = (float)random.Next(0, 81);
            var distance = (float)(random.NextDouble() * 35);
            var garage = (float)random.Next(0, 2);
            var noise = (float)((random.NextDouble() - 0.5) * 10_000);
            houses[i] = new HouseData
            {
                Size = size, Bedrooms = bedrooms, Age = age, DistanceToCenter = distance, HasGarage = garage,
                Price = 50_000 + (2_000 * size) + (10_000 * bedrooms) - (1_000 * age) - (3_000 * distance) + (15_000 * garage) + noise,
            };
        }

        return houses;
    }

    [Fact]
    [Trait("MLTestScore", "Infra.2")]
    public void Pipeline_is_concatenate_then_minmax_then_an_sdca_regression_on_price()
    {
        var trainer = new HousePriceTrainer(Sample.Options());
        var data = trainer.Context.Data.LoadFromEnumerable(SyntheticHouses(1, 20));

        var pipeline = Assert.IsType<EstimatorChain<RegressionPredictionTransformer<LinearRegressionModelParameters>>>(trainer.BuildPipeline());
        Assert.IsType<SdcaRegressionTrainer>(pipeline.LastEstimator);

        var model = pipeline.Fit(data);
        var transforms = ((IEnumerable<ITransformer>)model).ToList();
        var output = model.GetOutputSchema(data.Schema);

        Assert.Collection(
            transforms,
            t => Assert.IsType<ColumnConcatenatingTransformer>(t),
            t => Assert.IsType<NormalizingTransformer>(t),
            t => Assert.IsType<RegressionPredictionTransformer<LinearRegressionModelParameters>>(t));
        var features = Assert.IsType<VectorDataViewType>(output["Features"].Type);
        Assert.Equal(NumberDataViewType.Single, features.ItemType);
        Assert.Equal(5, features.Size);
        Assert.True(output["Features"].IsNormalized());
        Assert.Equal(NumberDataViewType.Single, output["Score"].Type);
        Assert.Equal(5, Sample.LinearModel(model).Weights.Count);
        Assert.Equal(new[] { "Size", "Bedrooms", "Age", "DistanceToCenter", "HasGarage" }, HousePriceTrainer.FeatureColumns);
    }

    [Fact]
    [Trait("MLTestScore", "Infra.2")]
    public void Pipeline_refuses_data_without_a_feature_column_or_without_the_price_label()
    {
        var trainer = new HousePriceTrainer(Sample.Options());
        var data = trainer.Context.Data.LoadFromEnumerable(SyntheticHouses(2, 20));
        var noAge = trainer.Context.Transforms.DropColumns(nameof(HouseData.Age)).Fit(data).Transform(data);
        var noPrice = trainer.Context.Transforms.DropColumns(nameof(HouseData.Price)).Fit(data).Transform(data);

        var missingFeature = Assert.ThrowsAny<ArgumentException>(() => trainer.BuildPipeline().Fit(noAge));
        var missingLabel = Assert.ThrowsAny<ArgumentException>(() => trainer.BuildPipeline().Fit(noPrice));

        Assert.Contains("Age", missingFeature.Message);
        Assert.Contains("Price", missingLabel.Message);
    }

    [Fact]
    [Trait("MLTestScore", "Infra.2")]
    public void Training_on_a_small_synthetic_market_converges_to_the_known_price_rule()
    {
        var options = Sample.Options();
        var trainer = new HousePriceTrainer(options);
        var train = trainer.Context.Data.LoadFromEnumerable(SyntheticHouses(options.Seed, 200));
        var test = trainer.Context.Data.LoadFromEnumerable(SyntheticHouses(options.Seed + 1, 100));

        var model = trainer.BuildPipeline().Fit(train);
        var metrics = trainer.Context.Regression.Evaluate(model.Transform(test), labelColumnName: nameof(HouseData.Price));
        var weights = Sample.LinearModel(model).Weights.ToArray();

        Assert.True(metrics.RSquared > 0.95, $"R^2 {metrics.RSquared} on a noisy linear rule the linear model should fit");
        // The signs of the learned weights are those of the rule: size, bedrooms and a garage
        // raise the price, age and distance lower it.
        Assert.True(weights[0] > 0, $"Size weight {weights[0]}");
        Assert.True(weights[1] > 0, $"Bedrooms weight {weights[1]}");
        Assert.True(weights[2] < 0, $"Age weight {weights[2]}");
        Assert.True(weights[3] < 0, $"DistanceToCenter weight {weights[3]}");
        Assert.True(weights[4] > 0, $"HasGarage weight {weights[4]}");
    }

    [Fact]
    [Trait("MLTestScore", "Infra.2")]
    public void Training_converges_within_the_configured_iterations_and_cuts_the_loss_far_below_the_start()
    {
        var options = Sample.Options();
        var data = SyntheticHouses(options.Seed, 200);

        (float[] Weights, double Rmse) Train(int iterations)
        {
            var trainer = new HousePriceTrainer(Sample.Options(o => o.MaximumNumberOfIterations = iterations));
            var train = trainer.Context.Data.LoadFromEnumerable(data);
            var model = trainer.BuildPipeline().Fit(train);
            var rmse = trainer.Context.Regression.Evaluate(model.Transform(train), labelColumnName: nameof(HouseData.Price)).RootMeanSquaredError;
            return (Sample.LinearModel(model).Weights.ToArray(), rmse);
        }

        var configured = Train(options.MaximumNumberOfIterations);
        var longer = Train(options.MaximumNumberOfIterations * 5);
        var prices = data.Select(h => h.Price).ToArray();
        var startingLoss = Sample.Rmse(prices, prices.Select(_ => prices.Average()).ToArray());

        // SDCA stops on its convergence tolerance: five times the iteration budget changes nothing,
        // so the configured budget is enough to converge.
        Assert.Equal(configured.Weights, longer.Weights);
        Assert.Equal(configured.Rmse, longer.Rmse);
        // The loss it converged to is a small fraction of the loss of predicting the mean price.
        Assert.True(configured.Rmse < 0.2 * startingLoss, $"training RMSE {configured.Rmse} vs {startingLoss} for the mean price");
    }
}
