using System.Diagnostics;
using System.Globalization;
using MLOps.Analyzers.Benchmarks.Engine;

namespace MLOps.Analyzers.Benchmarks.Measurements;

/// <summary>Peak memory of a process that scores a run and writes the reports, beside that of a process that does nothing.</summary>
internal sealed record EngineMemory(TimeSpan Elapsed, long PeakBytes, long IdlePeakBytes, int Results);

internal static class EngineMemoryProbe
{
    /// <summary>Runs this program again as `engine-probe` (a fresh process, so its peak is the engine's) and reads what it prints.</summary>
    public static EngineMemory Measure(string resultsDirectory, string outputDirectory)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
        var entry = typeof(EngineMemoryProbe).Assembly.Location;
        string[] Arguments(params string[] rest) => self.EndsWith("dotnet", StringComparison.Ordinal) ? rest.Prepend(entry).ToArray() : rest;

        var work = Parse(DotNet.Check(DotNet.RunProgram(self, Environment.CurrentDirectory, Arguments("engine-probe", resultsDirectory, outputDirectory)), "engine probe").Output);
        var idle = Parse(DotNet.Check(DotNet.RunProgram(self, Environment.CurrentDirectory, Arguments("engine-probe", "--idle")), "idle probe").Output);
        return new EngineMemory(TimeSpan.FromMilliseconds(work.Milliseconds), work.Peak, idle.Peak, work.Results);
    }

    /// <summary>The child's side: score every result file in the folder, write the reports, print time and peak working set.</summary>
    public static int Run(string[] args)
    {
        var stopwatch = Stopwatch.StartNew();
        var results = 0;
        if (args.Length >= 3 && args[1] != "--idle")
        {
            var files = Directory.GetFiles(args[1]).OrderBy(f => f, StringComparer.Ordinal).ToList();
            var report = EngineRun.ScoreAndWrite(files, args[2]);
            results = report.Inputs.ResultCount;
        }

        stopwatch.Stop();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"engine-probe ms={stopwatch.Elapsed.TotalMilliseconds:0} peak={process.PeakWorkingSet64} results={results}"));
        return 0;
    }

    private static (double Milliseconds, long Peak, int Results) Parse(string output)
    {
        var line = output.Split('\n').Single(l => l.StartsWith("engine-probe ", StringComparison.Ordinal));
        var values = line.Split(' ').Skip(1).Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1].Trim());
        return (double.Parse(values["ms"], CultureInfo.InvariantCulture), long.Parse(values["peak"], CultureInfo.InvariantCulture), int.Parse(values["results"], CultureInfo.InvariantCulture));
    }
}
