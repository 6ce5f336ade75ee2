using MLOps.MLTestScore;

namespace MLOps.Analyzers.Benchmarks.Engine;

/// <summary>What the MSBuild task and the CLI do with a run's results: score them and write the three reports.</summary>
internal static class EngineRun
{
    public static ScoreReport ScoreAndWrite(IReadOnlyList<string> resultFiles, string outputDirectory)
    {
        var options = new ScoreOptions { Now = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero) };
        foreach (var file in resultFiles)
        {
            options.ResultFiles.Add(file);
        }

        var result = ScoreEngine.Compute(options);
        if (result.Diagnostics.Any(d => d.Severity == ScoreDiagnosticSeverity.Error))
        {
            throw new InvalidOperationException("The generated results did not score cleanly: " + result.Diagnostics.First(d => d.Severity == ScoreDiagnosticSeverity.Error));
        }

        ReportWriter.WriteAll(result.Report, outputDirectory);
        return result.Report;
    }
}
