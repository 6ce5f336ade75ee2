using HousePriceTraining.Clean;

namespace HousePriceTraining.Tests;

/// <summary>Infra.4: model quality is validated before the model is saved for serving.</summary>
public class QualityGateTests
{
    private static void InTempDirectory(Action<string> test)
    {
        var directory = Directory.CreateTempSubdirectory("houses-gate-");
        try
        {
            test(directory.FullName);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    [Trait("MLTestScore", "Infra.4")]
    public void A_model_under_the_bar_is_refused_and_nothing_is_written() => InTempDirectory(root =>
    {
        var options = Sample.Options(o =>
        {
            o.MinimumRSquared = 0.999;
            o.ModelPath = Path.Combine(root, "artifacts", "house-price.zip");
        });
        var trainer = new HousePriceTrainer(options);
        var data = trainer.Load(options.DataPath);
        var (model, metrics) = trainer.TrainAndEvaluate(data);

        var saved = trainer.SaveIfGoodEnough(model, metrics, data.Schema, options.ModelPath);

        Assert.True(metrics.RSquared < 0.999);
        Assert.False(saved);
        Assert.False(File.Exists(options.ModelPath));
        Assert.Empty(Directory.EnumerateFileSystemEntries(root));
    });

    [Fact]
    [Trait("MLTestScore", "Infra.4")]
    public void A_good_model_passes_the_configured_bar_and_is_saved() => InTempDirectory(root =>
    {
        var options = Sample.Options(o => o.ModelPath = Path.Combine(root, "artifacts", "house-price.zip"));
        var trainer = new HousePriceTrainer(options);
        var data = trainer.Load(options.DataPath);
        var (model, metrics) = trainer.TrainAndEvaluate(data);

        var saved = trainer.SaveIfGoodEnough(model, metrics, data.Schema, options.ModelPath);

        Assert.True(options.MinimumRSquared >= 0.9, $"the configured bar {options.MinimumRSquared} was lowered");
        Assert.True(saved, $"held-out R^2 {metrics.RSquared} under the bar {options.MinimumRSquared}");
        Assert.True(new FileInfo(options.ModelPath).Length > 0);
    });

    [Fact]
    [Trait("MLTestScore", "Infra.4")]
    public void A_model_trained_on_scrambled_prices_is_refused_at_the_configured_bar() => InTempDirectory(root =>
    {
        var options = Sample.Options(o => o.ModelPath = Path.Combine(root, "house-price.zip"));
        var trainer = new HousePriceTrainer(options);
        var rows = Sample.Rows(trainer.Context, trainer.Load(options.DataPath));
        // A broken join: every house gets another house's price. The features no longer explain the label.
        var random = new Random(options.Seed);
        var prices = rows.Select(h => h.Price).OrderBy(_ => random.Next()).ToArray();
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].Price = prices[i];
        }

        var scrambled = trainer.Context.Data.LoadFromEnumerable(rows);
        var (model, metrics) = trainer.TrainAndEvaluate(scrambled);
        var saved = trainer.SaveIfGoodEnough(model, metrics, scrambled.Schema, options.ModelPath);

        Assert.True(metrics.RSquared < 0.5, $"R^2 {metrics.RSquared} on scrambled prices");
        Assert.False(saved);
        Assert.False(File.Exists(options.ModelPath));
    });
}
