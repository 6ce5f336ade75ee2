using Microsoft.ML;
using Microsoft.ML.Data;

namespace HousePriceTraining.Clean;

/// <summary>Builds, trains and evaluates the house-price model; used by the program and its tests.</summary>
public sealed class HousePriceTrainer
{
    public static readonly string[] FeatureColumns =
    {
        nameof(HouseData.Size), nameof(HouseData.Bedrooms), nameof(HouseData.Age),
        nameof(HouseData.DistanceToCenter), nameof(HouseData.HasGarage),
    };

    private readonly MLContext _mlContext;
    private readonly TrainingOptions _options;

    public HousePriceTrainer(TrainingOptions options)
    {
        _options = options;
        _mlContext = new MLContext(seed: options.Seed);
    }

    public MLContext Context => _mlContext;

    public IDataView Load(string path)
        => _mlContext.Data.LoadFromTextFile<HouseData>(path, hasHeader: true, separatorChar: ',');

    public IEstimator<ITransformer> BuildPipeline()
        => _mlContext.Transforms.Concatenate("Features", FeatureColumns)
            .Append(_mlContext.Transforms.NormalizeMinMax("Features"))
            .Append(_mlContext.Regression.Trainers.Sdca(
                labelColumnName: nameof(HouseData.Price),
                l2Regularization: _options.L2Regularization,
                maximumNumberOfIterations: _options.MaximumNumberOfIterations));

    /// <summary>Trains on the train part of a seeded split and evaluates on the held-out part.</summary>
    public (ITransformer Model, RegressionMetrics Metrics) TrainAndEvaluate(IDataView data)
    {
        var split = _mlContext.Data.TrainTestSplit(data, testFraction: _options.TestFraction, seed: _options.Seed);
        var model = BuildPipeline().Fit(split.TrainSet);
        var metrics = _mlContext.Regression.Evaluate(model.Transform(split.TestSet), labelColumnName: nameof(HouseData.Price));
        return (model, metrics);
    }

    /// <summary>Saves the model only when its held-out quality reaches the configured bar.</summary>
    public bool SaveIfGoodEnough(ITransformer model, RegressionMetrics metrics, DataViewSchema schema, string modelPath)
    {
        if (metrics.RSquared < _options.MinimumRSquared)
        {
            return false;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(modelPath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _mlContext.Model.Save(model, schema, modelPath);
        return true;
    }
}
