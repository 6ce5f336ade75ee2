using HousePriceTraining.Clean;
using Microsoft.ML;

namespace HousePriceTraining.Tests;

/// <summary>Infra.3: the whole pipeline, from the CSV to a prediction from the saved model, runs end to end.</summary>
public class PipelineIntegrationTests
{
    [Fact]
    [Trait("MLTestScore", "Infra.3")]
    public void Load_train_evaluate_save_reload_and_predict_end_to_end()
    {
        var directory = Directory.CreateTempSubdirectory("houses-pipeline-");
        try
        {
            var options = Sample.Options(o => o.ModelPath = Path.Combine(directory.FullName, "artifacts", "house-price.zip"));
            var trainer = new HousePriceTrainer(options);

            var data = trainer.Load(options.DataPath);
            var (model, metrics) = trainer.TrainAndEvaluate(data);
            var saved = trainer.SaveIfGoodEnough(model, metrics, data.Schema, options.ModelPath);

            Assert.True(saved, $"held-out R^2 {metrics.RSquared} did not pass the configured bar {options.MinimumRSquared}");
            Assert.True(new FileInfo(options.ModelPath).Length > 0);

            // A fresh context, as the serving process would have, loads the file and predicts.
            var serving = new MLContext(seed: options.Seed);
            var loaded = serving.Model.Load(options.ModelPath, out var inputSchema);
            Assert.Equal(data.Schema.Select(c => c.Name), inputSchema.Select(c => c.Name));

            var testSet = Sample.Split(trainer, data, options).TestSet;
            var reloadedMetrics = serving.Regression.Evaluate(loaded.Transform(testSet), labelColumnName: nameof(HouseData.Price));
            Assert.Equal(metrics.RSquared, reloadedMetrics.RSquared, 10);
            Assert.Equal(metrics.RootMeanSquaredError, reloadedMetrics.RootMeanSquaredError, 6);

            var engine = serving.Model.CreatePredictionEngine<HouseData, HousePricePrediction>(loaded);
            var small = engine.Predict(new HouseData { Size = 70f, Bedrooms = 2, Age = 50, DistanceToCenter = 20f, HasGarage = 0 }).Price;
            var large = engine.Predict(new HouseData { Size = 240f, Bedrooms = 5, Age = 5, DistanceToCenter = 3f, HasGarage = 1 }).Price;
            Assert.InRange(small, 1f, 5_000_000f);
            Assert.InRange(large, 1f, 5_000_000f);
            Assert.True(large > small, $"a large new central house ({large}) is predicted no dearer than a small old remote one ({small})");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
