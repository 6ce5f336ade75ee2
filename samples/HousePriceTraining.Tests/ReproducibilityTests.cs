using HousePriceTraining.Clean;

namespace HousePriceTraining.Tests;

/// <summary>Infra.1: training is reproducible: the same configuration gives the same model, bit for bit.</summary>
public class ReproducibilityTests
{
    [Fact]
    [Trait("MLTestScore", "Infra.1")]
    public void Two_trainings_with_the_same_seed_give_identical_metrics_weights_and_predictions()
    {
        var options = Sample.Options();
        var first = new HousePriceTrainer(options);
        var second = new HousePriceTrainer(options);

        var (model1, metrics1) = first.TrainAndEvaluate(first.Load(options.DataPath));
        var (model2, metrics2) = second.TrainAndEvaluate(second.Load(options.DataPath));

        Assert.Equal(metrics1.RSquared, metrics2.RSquared);
        Assert.Equal(metrics1.RootMeanSquaredError, metrics2.RootMeanSquaredError);
        Assert.Equal(metrics1.MeanAbsoluteError, metrics2.MeanAbsoluteError);
        var linear1 = Sample.LinearModel(model1);
        var linear2 = Sample.LinearModel(model2);
        Assert.Equal(linear1.Weights, linear2.Weights);
        Assert.Equal(linear1.Bias, linear2.Bias);

        var data = first.Load(options.DataPath);
        Assert.Equal(Sample.Scores(model1.Transform(data)), Sample.Scores(model2.Transform(data)));
    }

    [Fact]
    [Trait("MLTestScore", "Infra.1")]
    public void The_seeded_split_is_the_same_on_every_run_and_changes_with_the_seed()
    {
        var options = Sample.Options();
        var trainer = new HousePriceTrainer(options);
        var data = trainer.Load(options.DataPath);

        var once = Sample.Labels(Sample.Split(trainer, data, options).TestSet);
        var again = Sample.Labels(Sample.Split(new HousePriceTrainer(options), data, options).TestSet);
        var otherSeed = Sample.Options(o => o.Seed = options.Seed + 1);
        var other = Sample.Labels(Sample.Split(new HousePriceTrainer(otherSeed), data, otherSeed).TestSet);

        Assert.Equal(once, again);
        // The seed really reaches the split: another seed holds out other houses.
        Assert.NotEqual(once, other);
    }
}
