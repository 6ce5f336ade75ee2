using HousePriceTraining.Clean;
using Microsoft.Extensions.Configuration;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace HousePriceTraining.Tests;

/// <summary>
/// The sample as the program runs it: options bound from the program's own appsettings.json, data
/// from the shipped houses.csv copied next to the tests.
/// </summary>
internal static class Sample
{
    public static string DataPath => Path.Combine(AppContext.BaseDirectory, "houses.csv");

    /// <summary>The program's configured options, with the data path pointed at the copied CSV.</summary>
    public static TrainingOptions Options()
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: false)
            .Build();
        var options = configuration.GetSection("Training").Get<TrainingOptions>()
            ?? throw new InvalidOperationException("appsettings.json has no 'Training' section.");
        options.DataPath = DataPath;
        return options;
    }

    /// <summary>The configured options with some values changed (a copy; the configuration is untouched).</summary>
    public static TrainingOptions Options(Action<TrainingOptions> change)
    {
        var options = Options();
        change(options);
        return options;
    }

    /// <summary>The same seeded split <see cref="HousePriceTrainer.TrainAndEvaluate"/> makes.</summary>
    public static DataOperationsCatalog.TrainTestData Split(HousePriceTrainer trainer, IDataView data, TrainingOptions options)
        => trainer.Context.Data.TrainTestSplit(data, testFraction: options.TestFraction, seed: options.Seed);

    public static List<HouseData> Rows(MLContext mlContext, IDataView data)
        => mlContext.Data.CreateEnumerable<HouseData>(data, reuseRowObject: false).ToList();

    /// <summary>The trained linear model at the end of the pipeline.</summary>
    public static LinearRegressionModelParameters LinearModel(ITransformer model)
        => ((TransformerChain<RegressionPredictionTransformer<LinearRegressionModelParameters>>)model).LastTransformer.Model;

    public static float[] Scores(IDataView scored)
        => scored.GetColumn<float>("Score").ToArray();

    public static float[] Labels(IDataView data)
        => data.GetColumn<float>(nameof(HouseData.Price)).ToArray();

    public static double Rmse(IReadOnlyList<float> labels, IReadOnlyList<float> predictions)
    {
        double sum = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            var d = (double)labels[i] - predictions[i];
            sum += d * d;
        }

        return Math.Sqrt(sum / labels.Count);
    }

    public static double RSquared(IReadOnlyList<float> labels, IReadOnlyList<float> predictions)
    {
        var mean = labels.Average(l => (double)l);
        double residual = 0, total = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            residual += Math.Pow((double)labels[i] - predictions[i], 2);
            total += Math.Pow(labels[i] - mean, 2);
        }

        return 1 - (residual / total);
    }
}
