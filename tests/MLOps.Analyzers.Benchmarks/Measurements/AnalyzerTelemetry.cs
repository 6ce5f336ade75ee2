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

    /// <summary>
    /// The analysis run <paramref name="runs"/> times on fresh compilations, each analyzer's time the
    /// minimum over the runs: on a shared machine, the figure least disturbed by other processes.
    /// </summary>
    public static async Task<AnalysisRun> MinimumOfAsync(CorpusCompilation corpus, ImmutableArray<DiagnosticAnalyzer> analyzers, int runs, bool concurrent = true)
    {
        await WarmUpAsync(corpus, analyzers, concurrent).ConfigureAwait(false);
        var all = new List<AnalysisRun>();
        for (var i = 0; i < Math.Max(1, runs); i++)
        {
            all.Add(await RunAsync(corpus, analyzers, concurrent).ConfigureAwait(false));
        }

        return Minimum(all);
    }

    /// <summary>
    /// One untimed analysis and compile of the corpus' first files (every template of the tier), so that JIT
    /// compilation of the analyzers and of the compiler's paths is not charged to the first timed run.
    /// </summary>
    public static async Task WarmUpAsync(CorpusCompilation corpus, ImmutableArray<DiagnosticAnalyzer> analyzers, bool concurrent = true)
    {
        var small = corpus.Take(48);
        small.TimeEmit();
        await RunAsync(small, analyzers, concurrent).ConfigureAwait(false);
    }

    /// <summary>Runs of the same analyzers on the same corpus combined: each analyzer's time the minimum over the runs.</summary>
    public static AnalysisRun Minimum(IReadOnlyList<AnalysisRun> all)
    {
        var first = all[0];
        if (all.Any(r => !r.DiagnosticsById.SequenceEqual(first.DiagnosticsById)))
        {
            throw new InvalidOperationException("The analyzers reported different diagnostics on identical compilations.");
        }

        var times = first.Analyzers
            .Select((a, i) => a with { ExecutionTime = all.Min(r => r.Analyzers[i].ExecutionTime) })
            .ToList();
        return new AnalysisRun(all.Min(r => r.WallTime), times, first.DiagnosticsById, all.Sum(r => r.AnalyzerExceptions));
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
        var compilation = corpus.Create();

        // The compilation's type lookup is built by whoever asks first: in a build, the compiler and the
        // SDK's analyzers, which run in every build. Built here, so it is not charged to whichever
        // analyzer happens to run first.
        _ = compilation.GetTypeByMetadataName("System.Object");
        var stopwatch = Stopwatch.StartNew();
        var withAnalyzers = compilation.WithAnalyzers(analyzers, options);
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
