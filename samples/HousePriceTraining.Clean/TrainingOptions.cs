namespace HousePriceTraining.Clean;

/// <summary>
/// Everything that decides which model comes out of a run. Bound from configuration
/// (appsettings.json, HOUSES_* environment variables, command line), so every run's inputs are
/// recorded outside the code and can be tracked with the model.
/// </summary>
public sealed class TrainingOptions
{
    public string DataPath { get; set; } = string.Empty;
    public string ModelPath { get; set; } = string.Empty;
    public int Seed { get; set; }
    public double TestFraction { get; set; }
    public float L2Regularization { get; set; }
    public int MaximumNumberOfIterations { get; set; }
    public double MinimumRSquared { get; set; }
    public double TorchLearningRate { get; set; }
    public int TorchEpochs { get; set; }
    public int TorchBatchSize { get; set; }
}
