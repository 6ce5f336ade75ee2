using HousePriceTraining.Clean;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace HousePriceTraining.Tests;

/// <summary>Data.7: the input feature code (Concatenate + NormalizeMinMax of BuildPipeline) is unit tested.</summary>
public class FeaturePipelineTests
{
    private sealed class FeatureRow
    {
        [VectorType(5)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    private static readonly HouseData[] KnownHouses =
    {
        new() { Size = 200f, Bedrooms = 4, Age = 40, DistanceToCenter = 10f, HasGarage = 1, Price = 450_000 },
        new() { Size = 100f, Bedrooms = 2, Age = 0, DistanceToCenter = 20f, HasGarage = 0, Price = 250_000 },
        new() { Size = 50f, Bedrooms = 1, Age = 80, DistanceToCenter = 5f, HasGarage = 1, Price = 120_000 },
    };

    /// <summary>Fits the program's pipeline and applies only its feature transforms (all but the trainer).</summary>
    private static (IDataView Features, MLContext Context) Featurize(IDataView trainingData, IDataView input, HousePriceTrainer trainer)
    {
        var chain = (IEnumerable<ITransformer>)trainer.BuildPipeline().Fit(trainingData);
        var transforms = chain.ToList();
        var featurized = input;
        foreach (var transform in transforms.Take(transforms.Count - 1))
        {
            featurized = transform.Transform(featurized);
        }

        return (featurized, trainer.Context);
    }

    [Fact]
    [Trait("MLTestScore", "Data.7")]
    public void Known_inputs_give_a_five_wide_vector_scaled_by_each_columns_maximum()
    {
        var trainer = new HousePriceTrainer(Sample.Options());
        var data = trainer.Context.Data.LoadFromEnumerable(KnownHouses);

        var (featurized, context) = Featurize(data, data, trainer);
        var rows = context.Data.CreateEnumerable<FeatureRow>(featurized, reuseRowObject: false).ToList();

        // NormalizeMinMax keeps zero at zero (fixZero): non-negative columns are divided by their
        // maximum. Maxima here: Size 200, Bedrooms 4, Age 80, DistanceToCenter 20, HasGarage 1.
        var expected = new[]
        {
            new[] { 1f, 1f, 0.5f, 0.5f, 1f },
            new[] { 0.5f, 0.5f, 0f, 1f, 0f },
            new[] { 0.25f, 0.25f, 1f, 0.25f, 1f },
        };
        Assert.Equal(expected.Length, rows.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(5, rows[i].Features.Length);
            for (var j = 0; j < 5; j++)
            {
                Assert.Equal(expected[i][j], rows[i].Features[j], 6);
            }
        }
    }

    [Fact]
    [Trait("MLTestScore", "Data.7")]
    public void Features_slots_follow_the_feature_columns_in_order_and_exclude_the_label()
    {
        var trainer = new HousePriceTrainer(Sample.Options());
        var data = trainer.Context.Data.LoadFromEnumerable(KnownHouses);

        var (featurized, _) = Featurize(data, data, trainer);
        var features = featurized.Schema["Features"];
        var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
        features.GetSlotNames(ref slotNames);

        var vectorType = Assert.IsType<VectorDataViewType>(features.Type);
        Assert.Equal(NumberDataViewType.Single, vectorType.ItemType);
        Assert.Equal(5, vectorType.Size);
        Assert.Equal(HousePriceTrainer.FeatureColumns, slotNames.DenseValues().Select(n => n.ToString()));
        Assert.DoesNotContain(nameof(HouseData.Price), HousePriceTrainer.FeatureColumns);
    }

    [Fact]
    [Trait("MLTestScore", "Data.7")]
    public void Every_row_of_the_real_data_featurizes_into_the_unit_interval()
    {
        var options = Sample.Options();
        var trainer = new HousePriceTrainer(options);
        var data = trainer.Load(options.DataPath);

        var (featurized, context) = Featurize(data, data, trainer);
        var rows = context.Data.CreateEnumerable<FeatureRow>(featurized, reuseRowObject: false).ToList();

        Assert.Equal(400, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal(5, r.Features.Length);
            Assert.All(r.Features, v => Assert.InRange(v, 0f, 1f));
        });
        // Each column's largest value maps to exactly 1.
        for (var j = 0; j < 5; j++)
        {
            Assert.Equal(1f, rows.Max(r => r.Features[j]), 6);
        }
    }

    [Fact]
    [Trait("MLTestScore", "Data.7")]
    public void Normalization_learned_on_training_rows_is_reused_unchanged_for_new_rows()
    {
        var trainer = new HousePriceTrainer(Sample.Options());
        var training = trainer.Context.Data.LoadFromEnumerable(KnownHouses);
        var newHouse = trainer.Context.Data.LoadFromEnumerable(new[]
        {
            new HouseData { Size = 150f, Bedrooms = 3, Age = 20, DistanceToCenter = 15f, HasGarage = 0 },
        });

        var (featurized, context) = Featurize(training, newHouse, trainer);
        var row = context.Data.CreateEnumerable<FeatureRow>(featurized, reuseRowObject: false).Single();

        // Scaled by the training maxima (200, 4, 80, 20, 1), not by the new row's own values.
        var expected = new[] { 0.75f, 0.75f, 0.25f, 0.75f, 0f };
        for (var j = 0; j < 5; j++)
        {
            Assert.Equal(expected[j], row.Features[j], 6);
        }
    }
}
