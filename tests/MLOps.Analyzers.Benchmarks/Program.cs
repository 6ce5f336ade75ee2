using System.Diagnostics;
using System.Globalization;
using MLOps.Analyzers.Benchmarks.Analysis;
using MLOps.Analyzers.Benchmarks.Corpus;
using MLOps.Analyzers.Benchmarks.Measurements;

namespace MLOps.Analyzers.Benchmarks;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var command = args.Length > 0 ? args[0] : "all";
        switch (command)
        {
            case "telemetry":
                return await TelemetryAsync(Option(args, "--scale", 1), !args.Contains("--no-ml"), args.Contains("--with-peers"), Option(args, "--repeat", 1)).ConfigureAwait(false);
            default:
                Console.Error.WriteLine("usage: all | telemetry [--scale N] [--no-ml] [--with-peers] [--repeat N]");
                return 2;
        }
    }

    /// <summary>
    /// One analysis with per-analyzer times: the quick loop for profiling a rule. With <c>--repeat N</c> the analysis
    /// runs N times on fresh compilations and each time printed is the minimum over the runs (the median beside it):
    /// on a shared machine the minimum is the figure least disturbed by other processes.
    /// </summary>
    private static async Task<int> TelemetryAsync(int scale, bool machineLearning, bool withPeers, int repeat)
    {
        var corpus = CorpusCompilation.For(CorpusGenerator.Generate(scale, machineLearning));
        Console.WriteLine($"corpus {scale}x: {corpus.Corpus.Files.Count} files, {corpus.Corpus.Lines:N0} lines ({corpus.Corpus.MachineLearningLines:N0} of ML code)");
        var errors = corpus.Errors();
        if (errors.Count > 0)
        {
            foreach (var error in errors.Take(20))
            {
                Console.Error.WriteLine(error);
            }

            return 1;
        }

        var stopwatch = Stopwatch.StartNew();
        corpus.Create().Emit(Stream.Null);
        Console.WriteLine($"compile (emit): {stopwatch.Elapsed.TotalMilliseconds:N0} ms");

        var analyzers = withPeers ? AnalyzerSets.MLOps.AddRange(AnalyzerSets.NetAnalyzersEnabledByDefault) : AnalyzerSets.MLOps;
        var runs = new List<AnalysisRun>();
        for (var i = 0; i < Math.Max(1, repeat); i++)
        {
            runs.Add(await AnalysisRun.RunAsync(corpus, analyzers).ConfigureAwait(false));
        }

        var run = runs[0];
        Console.WriteLine($"analysis wall time {runs.Min(r => r.WallTime.TotalMilliseconds):N0} ms, analyzer exceptions {runs.Sum(r => r.AnalyzerExceptions)}{(runs.Count > 1 ? $" (min of {runs.Count} runs; per-analyzer: min, median)" : string.Empty)}");
        foreach (var (id, count) in run.DiagnosticsById.Where(p => p.Key.StartsWith("MLOPS", StringComparison.Ordinal)))
        {
            Console.WriteLine($"  {id}: {count}");
        }

        foreach (var other in runs.Skip(1))
        {
            if (!other.DiagnosticsById.OrderBy(p => p.Key, StringComparer.Ordinal).SequenceEqual(run.DiagnosticsById.OrderBy(p => p.Key, StringComparer.Ordinal)))
            {
                Console.WriteLine("  WARNING: the diagnostics differ between runs");
            }
        }

        double Min(string name) => runs.Min(r => r.Analyzers.First(a => a.Name == name).ExecutionTime.TotalMilliseconds);
        double Median(IEnumerable<double> values)
        {
            var sorted = values.OrderBy(v => v).ToList();
            return sorted[sorted.Count / 2];
        }

        foreach (var analyzer in run.Analyzers.Where(a => a.IsOurs).OrderByDescending(a => Min(a.Name)))
        {
            var median = Median(runs.Select(r => r.Analyzers.First(a => a.Name == analyzer.Name).ExecutionTime.TotalMilliseconds));
            Console.WriteLine(runs.Count > 1
                ? $"  {analyzer.Name,-45} {Min(analyzer.Name),9:N1} ms {median,9:N1} ms"
                : $"  {analyzer.Name,-45} {Min(analyzer.Name),9:N1} ms");
        }

        Console.WriteLine($"MLOps analyzers in all: {runs.Min(r => r.Ours.TotalMilliseconds):N0} ms");
        if (withPeers)
        {
            Console.WriteLine($"peers (NetAnalyzers, on by default): {run.Analyzers.Count(a => !a.IsOurs)}, median {runs.Min(r => r.MedianPeer.TotalMilliseconds):N1} ms");
            var slowest = run.Analyzers.Where(a => a.IsOurs).MaxBy(a => Min(a.Name))!;
            Console.WriteLine($"slowest MLOps analyzer: {slowest.Name} {Min(slowest.Name):N1} ms");
        }

        return 0;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
