using System.Collections.Immutable;
using System.Diagnostics;
using MLOps.Analyzers.Benchmarks.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MLOps.Analyzers.Benchmarks.Measurements;

/// <summary>Time of one analyzer in one run, as Roslyn's own telemetry (what ReportAnalyzer prints) measures it.</summary>
internal sealed record AnalyzerTime(string Name, bool IsOurs, TimeSpan ExecutionTime);

/// <summary>One analysis of a fresh compilation with the given analyzers, with per-analyzer execution times.</summary>
internal sealed record AnalysisRun(TimeSpan WallTime, IReadOnlyList<AnalyzerTime> Analyzers, IReadOnlyDictionary<string, int> DiagnosticsById, int AnalyzerExceptions)
{
    public TimeSpan Ours => TimeSpan.FromTicks(Analyzers.Where(a => a.IsOurs).Sum(a => a.ExecutionTime.Ticks));

    public AnalyzerTime SlowestOfOurs => Analyzers.Where(a => a.IsOurs).MaxBy(a => a.ExecutionTime)!;

    public TimeSpan MedianPeer
    {
        get
        {
            var peers = Analyzers.Where(a => !a.IsOurs).Select(a => a.ExecutionTime).OrderBy(t => t).ToList();
            return peers.Count == 0 ? TimeSpan.Zero : peers[peers.Count / 2];
        }
    }

    public static async Task<AnalysisRun> RunAsync(CorpusCompilation corpus, ImmutableArray<DiagnosticAnalyzer> analyzers, bool concurrent = true)
    {
        var exceptions = 0;
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (_, _, _) => Interlocked.Increment(ref exceptions),
            concurrentAnalysis: concurrent,
            logAnalyzerExecutionTime: true,
            reportSuppressedDiagnostics: false);
        var stopwatch = Stopwatch.StartNew();
        var withAnalyzers = corpus.Create().WithAnalyzers(analyzers, options);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync().ConfigureAwait(false);
        stopwatch.Stop();

        var times = new List<AnalyzerTime>();
        foreach (var analyzer in analyzers)
        {
            var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).ConfigureAwait(false);
            times.Add(new AnalyzerTime(AnalyzerSets.Name(analyzer), AnalyzerSets.IsOurs(analyzer), telemetry.ExecutionTime));
        }

        var byId = diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new AnalysisRun(stopwatch.Elapsed, times, byId, exceptions);
    }
}
