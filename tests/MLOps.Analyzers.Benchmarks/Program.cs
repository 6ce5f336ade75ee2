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
                return await TelemetryAsync(Option(args, "--scale", 1), !args.Contains("--no-ml"), args.Contains("--with-peers")).ConfigureAwait(false);
            default:
                Console.Error.WriteLine("usage: all | telemetry [--scale N] [--no-ml] [--with-peers]");
                return 2;
        }
    }

    /// <summary>One analysis with per-analyzer times: the quick loop for profiling a rule.</summary>
    private static async Task<int> TelemetryAsync(int scale, bool machineLearning, bool withPeers)
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
        var run = await AnalysisRun.RunAsync(corpus, analyzers).ConfigureAwait(false);
        Console.WriteLine($"analysis wall time {run.WallTime.TotalMilliseconds:N0} ms, analyzer exceptions {run.AnalyzerExceptions}");
        foreach (var (id, count) in run.DiagnosticsById.Where(p => p.Key.StartsWith("MLOPS", StringComparison.Ordinal)))
        {
            Console.WriteLine($"  {id}: {count}");
        }

        foreach (var analyzer in run.Analyzers.Where(a => a.IsOurs).OrderByDescending(a => a.ExecutionTime))
        {
            Console.WriteLine($"  {analyzer.Name,-45} {analyzer.ExecutionTime.TotalMilliseconds,9:N1} ms");
        }

        Console.WriteLine($"MLOps analyzers in all: {run.Ours.TotalMilliseconds:N0} ms");
        if (withPeers)
        {
            Console.WriteLine($"peers (NetAnalyzers, on by default): {run.Analyzers.Count(a => !a.IsOurs)}, median {run.MedianPeer.TotalMilliseconds:N1} ms");
        }

        return 0;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
