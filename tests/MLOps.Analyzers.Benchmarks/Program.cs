using Microsoft.CodeAnalysis.Diagnostics;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using MLOps.Analyzers.Benchmarks.Analysis;
using MLOps.Analyzers.Benchmarks.Benchmarks;
using MLOps.Analyzers.Benchmarks.Corpus;
using MLOps.Analyzers.Benchmarks.Engine;
using MLOps.Analyzers.Benchmarks.Measurements;

namespace MLOps.Analyzers.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/MLOps.Analyzers.Benchmarks</c> runs every measurement
/// and prints the ratios against the budgets (see README, Performance). Other commands:
/// <c>telemetry [--tier mixed|dense|no-ml] [--scale N] [--with-peers] [--repeat N] [--sequential]</c> (one analysis
/// with per-analyzer times, for profiling a rule; with <c>--with-peers</c>, the tier's budgets too) and
/// <c>corpus [--tier T] --scale N --out DIR</c> (writes the generated solution and checks that it compiles).
/// The quick loop on ML-dense code: <c>telemetry --tier dense --scale 1 --repeat 3 --with-peers</c>.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var command = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "all";
        switch (command)
        {
            case "all":
                return await AllAsync(
                    maxScale: Option(args, "--max-scale", 8),
                    buildScale: Option(args, "--build-scale", 2),
                    iterations: Option(args, "--iterations", 5),
                    skipBuild: args.Contains("--skip-build")).ConfigureAwait(false);
            case "telemetry":
                return await TelemetryAsync(Option(args, "--scale", 1), Tier(args), args.Contains("--with-peers"), Option(args, "--repeat", 1), !args.Contains("--sequential")).ConfigureAwait(false);
            case "flow-choice":
                return await FlowChoiceAsync(Option(args, "--scale", 1), Tier(args), Option(args, "--repeat", 3)).ConfigureAwait(false);
            case "corpus":
                return WriteCorpus(Option(args, "--scale", 1), Tier(args), StringOption(args, "--out") ?? "corpus");
            case "engine-probe":
                return EngineMemoryProbe.Run(args);
            default:
                Console.Error.WriteLine("usage: [all] [--max-scale 8] [--build-scale 2] [--iterations 5] [--skip-build] | telemetry [--tier mixed|dense|no-ml] [--scale N] [--with-peers] [--repeat N] [--sequential] | flow-choice [--tier dense] [--scale N] [--repeat N] | corpus [--tier mixed|dense|no-ml] --scale N --out DIR");
                return 2;
        }
    }

    private static async Task<int> AllAsync(int maxScale, int buildScale, int iterations, bool skipBuild)
    {
        var total = Stopwatch.StartNew();
        var artifacts = Path.Combine(Repository.Root, "artifacts", "benchmarks");
        Directory.CreateDirectory(artifacts);
        var work = Directory.CreateTempSubdirectory("mlops-bench-").FullName;
        var summary = new SummaryTable();
        try
        {
            var scales = Enumerable.Range(0, 31).Select(i => 1 << i).TakeWhile(s => s <= maxScale).ToArray();
            Section("Corpus");
            foreach (var scale in scales)
            {
                var c = CorpusGenerator.Generate(scale, includeMachineLearning: true);
                Console.WriteLine($"  {scale}x: {c.Files.Count,5} files, {c.Lines,8:N0} lines, {c.MachineLearningLines,7:N0} of them ML code");
            }

            var dense = CorpusGenerator.Generate(1, CorpusTier.Dense);
            Console.WriteLine($"  ML-dense 1x: {dense.Files.Count,5} files, {dense.Lines,8:N0} lines, all of them ML code ({DenseTemplates.All.Length} sample shapes, half with the usual debts)");

            // 1. Wall clock, BenchmarkDotNet: compile vs compile + MLOps analyzers; the score engine.
            Section("BenchmarkDotNet: compile vs compile + MLOps analyzers (1x), score engine (100k results)");
            var config = BenchmarkConfig.Create(artifacts, iterations);
            var analyzerSummary = BenchmarkRunner.Run<AnalyzerBenchmarks>(config);
            var engineSummary = BenchmarkRunner.Run<ScoreEngineBenchmarks>(config);

            var compileMixed = Mean(analyzerSummary, nameof(AnalyzerBenchmarks.Compile), "mixed-1x");
            var withMixed = Mean(analyzerSummary, nameof(AnalyzerBenchmarks.CompileWithMLOpsAnalyzers), "mixed-1x");
            var compileNoMl = Mean(analyzerSummary, nameof(AnalyzerBenchmarks.Compile), "no-ml-1x");
            var withNoMl = Mean(analyzerSummary, nameof(AnalyzerBenchmarks.CompileWithMLOpsAnalyzers), "no-ml-1x");
            var engineMean = Mean(engineSummary, nameof(ScoreEngineBenchmarks.ScoreAndWrite), null);

            // 2. Roslyn's per-analyzer telemetry, ours beside the SDK's NetAnalyzers in one analysis, per tier: the
            //    budgets of the issue (ML-dense, mixed, no-ML). Compile and analysis alternate; minimum of three.
            var tiers = new List<TierMeasurement>();
            foreach (var tier in new[] { CorpusTier.Dense, CorpusTier.Mixed, CorpusTier.NoMachineLearning })
            {
                var tierCorpus = CorpusCompilation.For(CorpusGenerator.Generate(1, tier));
                Section($"Per-analyzer execution time (Roslyn telemetry), {TierBudgets.Label(tier)} 1x ({tierCorpus.Corpus.Lines:N0} lines), MLOps beside NetAnalyzers' default-enabled analyzers");
                if (ReportErrors(tierCorpus))
                {
                    return 1;
                }

                var measured = await TierMeasurement.MeasureAsync(tierCorpus, runs: 3).ConfigureAwait(false);
                Console.WriteLine($"  compile (emit) {measured.Compile.TotalMilliseconds:N0} ms");
                PrintAnalyzers(measured.Run);
                tiers.Add(measured);
            }

            var together = tiers.Single(t => t.Tier == CorpusTier.Mixed).Run;

            // 3. Growth and the no-ML compilation: compile and MLOps analyzers alone at each size.
            Section("Growth: compile and MLOps analyzers (telemetry) at each size");
            var growth = new List<(int Scale, int Lines, TimeSpan Compile, TimeSpan Ours, int Exceptions, IReadOnlyDictionary<string, int> Diagnostics)>();
            foreach (var scale in scales)
            {
                var corpus = CorpusCompilation.For(CorpusGenerator.Generate(scale, includeMachineLearning: true));
                // Numerator and denominator alike: the minimum of three fresh runs.
                var compile = Enumerable.Range(0, 3).Select(_ => TimeCompile(corpus)).Min();
                var run = await AnalysisRun.MinimumOfAsync(corpus, AnalyzerSets.MLOps, runs: 3).ConfigureAwait(false);
                growth.Add((scale, corpus.Corpus.Lines, compile, run.Ours, run.AnalyzerExceptions, run.DiagnosticsById));
                Console.WriteLine($"  {scale}x {corpus.Corpus.Lines,8:N0} lines: compile {compile.TotalMilliseconds,8:N0} ms, MLOps analyzers {run.Ours.TotalMilliseconds,7:N0} ms ({Percent(run.Ours, compile)}), diagnostics {string.Join(", ", run.DiagnosticsById.Select(p => p.Key + " " + p.Value))}");
                corpus = null;
                GC.Collect();
            }

            var noMl = CorpusCompilation.For(CorpusGenerator.Generate(1, includeMachineLearning: false));
            var noMlCompile = Enumerable.Range(0, 3).Select(_ => TimeCompile(noMl)).Min();
            var noMlRun = await AnalysisRun.MinimumOfAsync(noMl, AnalyzerSets.MLOps, runs: 3).ConfigureAwait(false);
            Console.WriteLine($"  no-ML 1x {noMl.Corpus.Lines,8:N0} lines: compile {noMlCompile.TotalMilliseconds,8:N0} ms, MLOps analyzers {noMlRun.Ours.TotalMilliseconds,7:N1} ms ({Percent(noMlRun.Ours, noMlCompile)})");

            // 4. The score engine: peak memory of a fresh process, and the incremental target.
            Section("Score engine: 100k results in 50 files, in a fresh process");
            var results = ResultFileGenerator.Write(Path.Combine(work, "results"), ScoreEngineBenchmarks.Files, ScoreEngineBenchmarks.ResultsPerFile);
            var memory = EngineMemoryProbe.Measure(Path.Combine(work, "results"), Path.Combine(work, "engine-out"));
            Console.WriteLine($"  {memory.Results:N0} results scored and written in {memory.Elapsed.TotalMilliseconds:N0} ms; peak working set {Mb(memory.PeakBytes)} (an idle process of the same program: {Mb(memory.IdlePeakBytes)})");

            BuildTiming? without = null, with = null;
            IncrementalTiming? incremental = null;
            if (!skipBuild)
            {
                Section($"dotnet build -p:ReportAnalyzer=true of the generated {buildScale}x solution");
                (without, with, incremental) = BuildTimings.Measure(buildScale, Path.Combine(work, "build"), results, Console.Out);
                foreach (var build in new[] { without, with })
                {
                    Console.WriteLine($"  {build.Label}: build {build.Wall.TotalSeconds:N1} s, Csc task {Format(build.CscTask)}, all analyzers {Format(build.AllAnalyzers)}, MLOps.Analyzers {Format(build.MLOpsAnalyzers)}, MLOPS warnings: {(build.MLOpsWarnings.Count == 0 ? "none" : string.Join(", ", build.MLOpsWarnings.Select(p => p.Key + " " + p.Value)))}");
                    foreach (var (assembly, time) in build.Assemblies.Take(4))
                    {
                        Console.WriteLine($"      {time.TotalSeconds,7:N3} s  {assembly}");
                    }
                }

                Console.WriteLine($"  MLTestScore target: first run {incremental.FirstRun.TotalSeconds:N1} s (report written: {incremental.FirstRunWroteReport}), unchanged inputs {incremental.NoOpRun.TotalSeconds:N1} s (target skipped: {incremental.NoOpSkippedTarget})");
            }

            // The verdicts: first the budgets of the issue, per tier, each from one analysis beside NetAnalyzers.
            foreach (var verdict in tiers.SelectMany(t => t.Verdicts()))
            {
                summary.Add(verdict.Measure, verdict.Value, verdict.Budget, verdict.Met);
            }

            // Ours alone (no peers competing for the two cores) over the compile time of the same compilation,
            // both the minimum of three runs; the largest size too, where the most work is.
            summary.Add("MLOps analyzers / compile time, mixed 1x (telemetry, MLOps analyzers alone)", Percent(growth[0].Ours, growth[0].Compile), "<= 1%", growth[0].Ours / growth[0].Compile <= 0.01);
            summary.Add($"MLOps analyzers / compile time, mixed {growth[^1].Scale}x (telemetry, MLOps analyzers alone)", Percent(growth[^1].Ours, growth[^1].Compile), "<= 1%", growth[^1].Ours / growth[^1].Compile <= 0.01);
            summary.Add("MLOps analyzers / compile time, mixed 1x (telemetry beside NetAnalyzers / BenchmarkDotNet compile mean)", Percent(together.Ours, compileMixed), "(context)", null);
            summary.Add("compile + MLOps analyzers / compile, mixed 1x (BenchmarkDotNet wall clock)", Ratio(withMixed / compileMixed), "(context)", null);
            var slowest = together.SlowestOfOurs;
            summary.Add($"slowest MLOps analyzer ({slowest.Name}) / median NetAnalyzers peer", $"{slowest.ExecutionTime.TotalMilliseconds:N0} / {together.MedianPeer.TotalMilliseconds:N0} ms = {Ratio(slowest.ExecutionTime / together.MedianPeer)}", "< 1", slowest.ExecutionTime < together.MedianPeer);
            summary.Add("MLOps analyzers / NetAnalyzers (default-enabled), same compilation", Ratio(together.Ours / TimeSpan.FromTicks(together.Analyzers.Where(a => !a.IsOurs).Sum(a => a.ExecutionTime.Ticks))), "(context)", null);
            summary.Add("no-ML compilation: MLOps analyzers / compile time (telemetry)", Percent(noMlRun.Ours, noMlCompile), "<= 0.1%", noMlRun.Ours / noMlCompile <= 0.001);
            summary.Add("no-ML compilation: compile + MLOps analyzers / compile (wall clock)", Ratio(withNoMl / compileNoMl), "(context)", null);
            if (growth.Count > 1)
            {
                var first = growth[0];
                var last = growth[^1];
                var lineGrowth = (double)last.Lines / first.Lines;
                var oursGrowth = last.Ours / first.Ours;
                summary.Add($"growth {first.Scale}x -> {last.Scale}x: MLOps analyzers (lines x{lineGrowth:N1}, compile x{last.Compile / first.Compile:N1})", $"x{oursGrowth:N1}", $"linear (<= x{lineGrowth * 1.25:N0})", oursGrowth <= lineGrowth * 1.25);
            }

            var exceptions = tiers.Sum(t => t.Run.AnalyzerExceptions) + growth.Sum(g => g.Exceptions) + noMlRun.AnalyzerExceptions;
            summary.Add("analyzer exceptions (AD0001) over all runs", exceptions.ToString(CultureInfo.InvariantCulture), "0", exceptions == 0);
            if (without is not null && with is not null && incremental is not null)
            {
                summary.Add($"build {buildScale}x: MLOps.Analyzers (ReportAnalyzer) / Csc task", with.MLOpsAnalyzers is { } m && with.CscTask is { } csc ? Percent(m, csc) : "n/a", "(context)", null);
                summary.Add($"build {buildScale}x: wall time with / without the package", Ratio(with.Wall / without.Wall), "(context)", null);
                if (growth.FirstOrDefault(g => g.Scale == buildScale) is { Diagnostics: not null } inProcess)
                {
                    var same = with.MLOpsWarnings.OrderBy(p => p.Key, StringComparer.Ordinal).SequenceEqual(inProcess.Diagnostics.OrderBy(p => p.Key, StringComparer.Ordinal));
                    summary.Add($"build {buildScale}x: the build's MLOPS warnings are the in-process analysis' diagnostics", same ? "same" : "DIFFERENT", "same", same);
                }
                summary.Add("MLTestScore target on unchanged inputs: skipped, time vs first run", $"{(incremental.NoOpSkippedTarget ? "skipped" : "NOT skipped")}, {Ratio(incremental.NoOpRun / incremental.FirstRun)}", "skipped", incremental.NoOpSkippedTarget);
            }

            summary.Add("score engine, 100k results / 50 files: time (BenchmarkDotNet mean)", $"{engineMean.TotalMilliseconds:N0} ms", "< 2000 ms", engineMean < TimeSpan.FromSeconds(2));
            summary.Add("score engine, 100k results / 50 files: peak working set of the process", Mb(memory.PeakBytes), "< 200 MB", memory.PeakBytes < 200L * 1024 * 1024);
            summary.Add("score engine, 100k results / 50 files: time in a fresh process (JIT and start-up included)", $"{memory.Elapsed.TotalMilliseconds:N0} ms", "(context)", null);

            Section($"Summary (all figures from this run, {total.Elapsed.TotalMinutes:N0} min)");
            var table = summary.ToMarkdown();
            Console.WriteLine(table);
            File.WriteAllText(Path.Combine(artifacts, "summary.md"), table);
            Console.WriteLine($"written to {Path.Combine(artifacts, "summary.md")}; BenchmarkDotNet reports in {Path.Combine(artifacts, "results")}");
            return 0;
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// One analysis with per-analyzer times: the quick loop for profiling a rule. With <c>--with-peers</c>, the
    /// analysis runs beside NetAnalyzers' default-enabled analyzers, alternating with compiles, and the tier's
    /// figures are printed against its budgets (and written to artifacts/benchmarks/telemetry-TIER-Nx.md).
    /// </summary>
    private static async Task<int> TelemetryAsync(int scale, CorpusTier tier, bool withPeers, int repeat, bool concurrent)
    {
        var corpus = CorpusCompilation.For(CorpusGenerator.Generate(scale, tier));
        Console.WriteLine($"corpus {corpus.Corpus.Name} {scale}x: {corpus.Corpus.Files.Count} files, {corpus.Corpus.Lines:N0} lines ({corpus.Corpus.MachineLearningLines:N0} of ML code)");
        if (ReportErrors(corpus))
        {
            return 1;
        }

        var minimum = repeat > 1 ? $" (each figure the minimum of {repeat} runs)" : string.Empty;
        if (!withPeers)
        {
            var compile = corpus.TimeEmit();
            Console.WriteLine($"compile (emit): {compile.TotalMilliseconds:N0} ms");
            var alone = await AnalysisRun.MinimumOfAsync(corpus, AnalyzerSets.MLOps, repeat, concurrent).ConfigureAwait(false);
            PrintRun(alone, minimum);
            Console.WriteLine($"  MLOps analyzers alone / compile time: {Percent(alone.Ours, compile)} (the budgets are taken beside NetAnalyzers: add --with-peers)");
            return 0;
        }

        var measured = await TierMeasurement.MeasureAsync(corpus, repeat, concurrent).ConfigureAwait(false);
        Console.WriteLine($"compile (emit): {measured.Compile.TotalMilliseconds:N0} ms{minimum}");
        PrintRun(measured.Run, minimum);

        var table = SummaryTable.ToMarkdown(measured.Verdicts());
        Console.WriteLine();
        Console.WriteLine(table);
        var artifacts = Path.Combine(Repository.Root, "artifacts", "benchmarks");
        Directory.CreateDirectory(artifacts);
        var file = Path.Combine(artifacts, $"telemetry-{corpus.Corpus.Name}-{scale}x.md");
        File.WriteAllText(file, $"telemetry --tier {corpus.Corpus.Name} --scale {scale} --repeat {repeat} --with-peers{(concurrent ? string.Empty : " --sequential")}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores\n\n{table}");
        Console.WriteLine($"written to {file}");
        return 0;
    }

    /// <summary>
    /// The flow-model choice of the issue, measured: the package's path analyzer (its own per-compilation flow model)
    /// and <see cref="ValueContentPathProbe"/> (AnalyzerUtilities' interprocedural ValueContentAnalysis on the same
    /// calls) in one analysis of the same corpus, each analyzer's telemetry the minimum of the runs.
    /// </summary>
    private static async Task<int> FlowChoiceAsync(int scale, CorpusTier tier, int repeat)
    {
        var corpus = CorpusCompilation.For(CorpusGenerator.Generate(scale, tier));
        Console.WriteLine($"corpus {corpus.Corpus.Name} {scale}x: {corpus.Corpus.Files.Count} files, {corpus.Corpus.Lines:N0} lines ({corpus.Corpus.MachineLearningLines:N0} of ML code)");
        if (ReportErrors(corpus))
        {
            return 1;
        }

        // Compile time as the tiers measure it: the minimum of the runs, so the JIT of the first one does not count.
        var compile = Enumerable.Range(0, Math.Max(1, repeat)).Select(_ => corpus.TimeEmit()).Min();
        var analyzers = AnalyzerSets.MLOps.Add(new ValueContentPathProbe());
        var run = await AnalysisRun.MinimumOfAsync(corpus, analyzers, repeat).ConfigureAwait(false);
        var ours = run.Analyzers.Single(a => a.Name == "HardCodedLocationAnalyzer");
        var probe = run.Analyzers.Single(a => a.Name == nameof(ValueContentPathProbe));
        var found = run.DiagnosticsById.TryGetValue(ValueContentPathProbe.Rule.Id, out var n) ? n : 0;
        var reported = run.DiagnosticsById.Where(p => p.Key is "MLOPS201" or "MLOPS202" or "MLOPS203").Sum(p => p.Value);
        Console.WriteLine($"compile (emit): {compile.TotalMilliseconds:N0} ms; each analyzer the minimum of {repeat} runs");
        Console.WriteLine($"  HardCodedLocationAnalyzer (own flow model, every sink, across methods): {ours.ExecutionTime.TotalMilliseconds,9:N1} ms = {Percent(ours.ExecutionTime, compile)} of compile, {reported} findings");
        Console.WriteLine($"  ValueContentAnalysis probe (sinks in the analysed method only):       {probe.ExecutionTime.TotalMilliseconds,9:N1} ms = {Percent(probe.ExecutionTime, compile)} of compile, {found} literal sink arguments");
        Console.WriteLine($"  probe / ours: {Ratio(probe.ExecutionTime / ours.ExecutionTime)}");

        // The driver's price of reporting in a file at all (its generated-code walk), measured alone.
        var reporting = await AnalysisRun.MinimumOfAsync(corpus, ImmutableArray.Create<DiagnosticAnalyzer>(new ReportCostProbe()), repeat).ConfigureAwait(false);
        var floor = reporting.Analyzers.Single().ExecutionTime;
        Console.WriteLine($"  one diagnostic in each of the {corpus.Corpus.Files.Count} files, nothing analysed (ReportCostProbe): {floor.TotalMilliseconds,9:N1} ms = {Percent(floor, compile)} of compile");
        var noCheck = await AnalysisRun.MinimumOfAsync(corpus, ImmutableArray.Create<DiagnosticAnalyzer>(new ReportCostProbeWithoutGeneratedCodeCheck()), repeat).ConfigureAwait(false);
        var bare = noCheck.Analyzers.Single().ExecutionTime;
        Console.WriteLine($"  the same, reporting in generated code too (no generated-code check by the driver):        {bare.TotalMilliseconds,9:N1} ms = {Percent(bare, compile)} of compile");
        return 0;
    }

    private static void PrintRun(AnalysisRun run, string minimum)
    {
        Console.WriteLine($"analysis wall time {run.WallTime.TotalMilliseconds:N0} ms, analyzer exceptions {run.AnalyzerExceptions}{minimum}");
        foreach (var (id, count) in run.DiagnosticsById.Where(p => p.Key.StartsWith("MLOPS", StringComparison.Ordinal)))
        {
            Console.WriteLine($"  {id}: {count}");
        }

        PrintAnalyzers(run);
    }

    private static void PrintAnalyzers(AnalysisRun run)
    {
        foreach (var analyzer in run.Analyzers.Where(a => a.IsOurs).OrderByDescending(a => a.ExecutionTime))
        {
            Console.WriteLine($"  {analyzer.Name,-55} {analyzer.ExecutionTime.TotalMilliseconds,9:N1} ms");
        }

        Console.WriteLine($"  {"MLOps analyzers in all",-55} {run.Ours.TotalMilliseconds,9:N1} ms");
        var peers = run.Analyzers.Where(a => !a.IsOurs).OrderByDescending(a => a.ExecutionTime).ToList();
        if (peers.Count > 0)
        {
            Console.WriteLine($"  NetAnalyzers analyzers with a rule on by default: {peers.Count}; median {run.MedianPeer.TotalMilliseconds:N1} ms, in all {peers.Sum(p => p.ExecutionTime.TotalMilliseconds):N0} ms; the slowest:");
            foreach (var peer in peers.Take(5))
            {
                Console.WriteLine($"    {peer.Name,-53} {peer.ExecutionTime.TotalMilliseconds,9:N1} ms");
            }
        }
    }

    private static TimeSpan TimeCompile(CorpusCompilation corpus) => corpus.TimeEmit();

    private static TimeSpan Mean(Summary summary, string method, string? caseName)
    {
        var report = summary.Reports.Single(r =>
            r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method
            && (caseName is null || Equals(r.BenchmarkCase.Parameters["Case"], caseName)));
        return TimeSpan.FromTicks((long)(report.ResultStatistics!.Mean / 100));
    }

    private static void Section(string title) => Console.WriteLine($"\n== {title}");

    private static string Percent(TimeSpan part, TimeSpan whole) => (part / whole).ToString("P2", CultureInfo.InvariantCulture);

    private static string Ratio(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("N0", CultureInfo.InvariantCulture) + " MB";

    private static string Format(TimeSpan? time) => time is { } t ? $"{t.TotalSeconds:N2} s" : "n/a";

    /// <summary>Writes the generated solution and checks, in process, that it compiles without errors against the real ML assemblies.</summary>
    private static int WriteCorpus(int scale, CorpusTier tier, string directory)
    {
        var corpus = CorpusGenerator.Generate(scale, tier);
        CorpusGenerator.WriteProject(corpus, directory, "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>");
        Console.WriteLine($"{corpus.Name} {scale}x: {corpus.Files.Count} files, {corpus.Lines:N0} lines ({corpus.MachineLearningLines:N0} of ML code) written to {Path.GetFullPath(directory)}");
        return ReportErrors(CorpusCompilation.For(corpus)) ? 1 : 0;
    }

    /// <summary>The generated code must compile without errors, or the figures mean nothing: prints the errors and says whether there were any.</summary>
    private static bool ReportErrors(CorpusCompilation corpus)
    {
        var errors = corpus.Errors();
        if (errors.Count == 0)
        {
            Console.WriteLine($"  compiles without errors against {corpus.References.Length} references");
            return false;
        }

        Console.Error.WriteLine($"  {errors.Count} compiler errors in the generated {corpus.Corpus.Name} corpus; the first:");
        foreach (var error in errors.Take(20))
        {
            Console.Error.WriteLine("  " + error);
        }

        return true;
    }

    /// <summary><c>--tier mixed|dense|no-ml</c>; <c>--no-ml</c> is the older spelling of <c>--tier no-ml</c>.</summary>
    private static CorpusTier Tier(string[] args)
        => args.Contains("--no-ml") ? CorpusTier.NoMachineLearning : CorpusGenerator.ParseTier(StringOption(args, "--tier") ?? "mixed");

    private static string? StringOption(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed class SummaryTable
    {
        private readonly List<Verdict> _rows = new();

        public void Add(string measure, string value, string budget, bool? met) => _rows.Add(new Verdict(measure, value, budget, met));

        public string ToMarkdown() => ToMarkdown(_rows);

        public static string ToMarkdown(IEnumerable<Verdict> rows)
        {
            var lines = new List<string> { "| measure | value | budget | verdict |", "|---|---:|---|---|" };
            lines.AddRange(rows.Select(r => $"| {r.Measure} | {r.Value} | {r.Budget} | {(r.Met is null ? "" : r.Met.Value ? "MET" : "MISSED")} |"));
            return string.Join('\n', lines) + "\n";
        }
    }
}
