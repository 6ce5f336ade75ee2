using HousePriceTraining.Clean;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace HousePriceTraining.Tests;

/// <summary>
/// The program's model trained once per test class, exactly as the program trains it (configured
/// seed, split and hyperparameters), with the held-out part of the split kept for the tests.
/// </summary>
public sealed class TrainedSample
{
    public TrainedSample()
    {
        Options = Sample.Options();
        Trainer = new HousePriceTrainer(Options);
        Data = Trainer.Load(Options.DataPath);
        (Model, Metrics) = Trainer.TrainAndEvaluate(Data);
        var split = Sample.Split(Trainer, Data, Options);
        TrainSet = split.TrainSet;
        TestSet = split.TestSet;
        TestRows = Sample.Rows(Trainer.Context, TestSet);
        TestScores = Sample.Scores(Model.Transform(TestSet));
    }

    public TrainingOptions Options { get; }

    public HousePriceTrainer Trainer { get; }

    public MLContext Context => Trainer.Context;

    public IDataView Data { get; }

    public ITransformer Model { get; }

    public RegressionMetrics Metrics { get; }

    public IDataView TrainSet { get; }

    public IDataView TestSet { get; }

    public List<HouseData> TestRows { get; }

    /// <summary>The model's batch scores for <see cref="TestRows"/>, in the same order.</summary>
    public float[] TestScores { get; }
}
