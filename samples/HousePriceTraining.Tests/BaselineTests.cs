using HousePriceTraining.Clean;
using Microsoft.ML;

namespace HousePriceTraining.Tests;

/// <summary>Model.5: a simpler model is not better: the model clearly beats simple baselines on the held-out split.</summary>
public class BaselineTests : IClassFixture<TrainedSample>
{
    private readonly TrainedSample _sample;

    public BaselineTests(TrainedSample sample) => _sample = sample;

    [Fact]
    [Trait("MLTestScore", "Model.5")]
    public void Model_beats_predicting_the_mean_training_price_by_a_wide_margin()
    {
        var meanPrice = Sample.Labels(_sample.TrainSet).Average();
        var labels = _sample.TestRows.Select(h => h.Price).ToArray();
        var baseline = labels.Select(_ => meanPrice).ToArray();

        var baselineRmse = Sample.Rmse(labels, baseline);
        var modelRmse = Sample.Rmse(labels, _sample.TestScores);

        Assert.Equal(_sample.Metrics.RootMeanSquaredError, modelRmse, 3);
        Assert.True(modelRmse < 0.5 * baselineRmse, $"model RMSE {modelRmse:0} is not under half the mean-price baseline's {baselineRmse:0}");
        Assert.True(_sample.Metrics.RSquared > Sample.RSquared(labels, baseline) + 0.5);
    }

    [Fact]
    [Trait("MLTestScore", "Model.5")]
    public void Model_beats_a_size_only_linear_model_trained_the_same_way()
    {
        var context = _sample.Context;
        var options = _sample.Options;
        var sizeOnly = context.Transforms.Concatenate("Features", nameof(HouseData.Size))
            .Append(context.Transforms.NormalizeMinMax("Features"))
            .Append(context.Regression.Trainers.Sdca(
                labelColumnName: nameof(HouseData.Price),
                l2Regularization: options.L2Regularization,
                maximumNumberOfIterations: options.MaximumNumberOfIterations))
            .Fit(_sample.TrainSet);

        var simple = context.Regression.Evaluate(sizeOnly.Transform(_sample.TestSet), labelColumnName: nameof(HouseData.Price));

        Assert.True(
            _sample.Metrics.RootMeanSquaredError < 0.8 * simple.RootMeanSquaredError,
            $"model RMSE {_sample.Metrics.RootMeanSquaredError:0} is not clearly under the size-only model's {simple.RootMeanSquaredError:0}");
        Assert.True(_sample.Metrics.RSquared > simple.RSquared, $"R^2 {_sample.Metrics.RSquared} vs size-only {simple.RSquared}");
    }
}
