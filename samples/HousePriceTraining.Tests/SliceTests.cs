using HousePriceTraining.Clean;

namespace HousePriceTraining.Tests;

/// <summary>Model.6: model quality is sufficient on the important slices of the held-out data, not only on average.</summary>
public class SliceTests : IClassFixture<TrainedSample>
{
    private const double MinimumSliceRSquared = 0.8;
    private const double MaximumRmseRatio = 1.25;

    private readonly TrainedSample _sample;

    public SliceTests(TrainedSample sample) => _sample = sample;

    public static TheoryData<string> Slices => new()
    {
        "with garage", "without garage", "small (< 150 m2)", "large (>= 150 m2)", "old (>= 40 years)", "new (< 40 years)",
        "central (< 15 km)", "remote (>= 15 km)",
    };

    private static bool InSlice(string slice, HouseData h) => slice switch
    {
        "with garage" => h.HasGarage == 1,
        "without garage" => h.HasGarage == 0,
        "small (< 150 m2)" => h.Size < 150,
        "large (>= 150 m2)" => h.Size >= 150,
        "old (>= 40 years)" => h.Age >= 40,
        "new (< 40 years)" => h.Age < 40,
        "central (< 15 km)" => h.DistanceToCenter < 15,
        "remote (>= 15 km)" => h.DistanceToCenter >= 15,
        _ => throw new ArgumentOutOfRangeException(nameof(slice), slice, "unknown slice"),
    };

    [Theory]
    [MemberData(nameof(Slices))]
    [Trait("MLTestScore", "Model.6")]
    public void Quality_on_the_slice_is_close_to_the_overall_quality(string slice)
    {
        var indexes = Enumerable.Range(0, _sample.TestRows.Count).Where(i => InSlice(slice, _sample.TestRows[i])).ToList();
        var labels = indexes.Select(i => _sample.TestRows[i].Price).ToArray();
        var scores = indexes.Select(i => _sample.TestScores[i]).ToArray();

        var rSquared = Sample.RSquared(labels, scores);
        var rmse = Sample.Rmse(labels, scores);

        Assert.True(indexes.Count >= 20, $"{slice}: only {indexes.Count} held-out houses, too few to judge");
        Assert.True(rSquared >= MinimumSliceRSquared, $"{slice}: R^2 {rSquared:0.000} < {MinimumSliceRSquared}");
        Assert.True(
            rmse <= MaximumRmseRatio * _sample.Metrics.RootMeanSquaredError,
            $"{slice}: RMSE {rmse:0} > {MaximumRmseRatio} x overall {_sample.Metrics.RootMeanSquaredError:0}");
    }

    [Fact]
    [Trait("MLTestScore", "Model.6")]
    public void Errors_are_not_biased_against_houses_with_or_without_a_garage()
    {
        double MeanError(float garage)
        {
            var errors = Enumerable.Range(0, _sample.TestRows.Count)
                .Where(i => _sample.TestRows[i].HasGarage == garage)
                .Select(i => (double)_sample.TestScores[i] - _sample.TestRows[i].Price)
                .ToList();
            return errors.Average();
        }

        // A systematic over- or under-estimate of one group shows as a mean signed error far from zero.
        var bound = 0.5 * _sample.Metrics.RootMeanSquaredError;
        Assert.InRange(MeanError(1), -bound, bound);
        Assert.InRange(MeanError(0), -bound, bound);
    }
}
