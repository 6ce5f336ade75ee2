namespace MLOps.Analyzers;

/// <summary>Diagnostic categories, as shown in the IDE and usable in <c>dotnet_analyzer_diagnostic.category-*.severity</c>.</summary>
public static class RuleCategories
{
    public const string Reproducibility = "Reproducibility";
    public const string Configuration = "Configuration";
    public const string ExperimentTracking = "ExperimentTracking";
    public const string Validation = "Validation";
    public const string TrainingLoop = "TrainingLoop";
    public const string Serving = "Serving";
}
