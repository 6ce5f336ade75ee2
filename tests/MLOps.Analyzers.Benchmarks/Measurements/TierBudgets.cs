using System.Globalization;
using MLOps.Analyzers.Benchmarks.Analysis;
using MLOps.Analyzers.Benchmarks.Corpus;

namespace MLOps.Analyzers.Benchmarks.Measurements;

/// <summary>One line of a verdict table: a measure, its value, its budget and whether the budget is met (null: context only).</summary>
internal sealed record Verdict(string Measure, string Value, string Budget, bool? Met);

/// <summary>
/// The speed budgets of the issue, each a ratio taken in one run beside the SDK's NetAnalyzers analyzers
/// that have a rule on by default: on ML-dense code all MLOps analyzers together at most 2% of compile
/// time and the slowest MLOps analyzer no slower than the median NetAnalyzers analyzer; on the mixed
/// corpus at most 0.5%; on a compilation without ML libraries about nothing (at most 0.1%).
/// </summary>
internal static class TierBudgets
{
    public const double DenseShareOfCompile = 0.02;

    public const double MixedShareOfCompile = 0.005;

    public const double NoMachineLearningShareOfCompile = 0.001;

    public static double ShareOfCompile(CorpusTier tier) => tier switch
    {
        CorpusTier.Dense => DenseShareOfCompile,
        CorpusTier.Mixed => MixedShareOfCompile,
        _ => NoMachineLearningShareOfCompile,
    };

    /// <summary>Whether the slowest-analyzer budget applies to the tier (the issue sets it for ML-dense code).</summary>
    public static bool BudgetsSlowest(CorpusTier tier) => tier == CorpusTier.Dense;

    public static string Percent(double ratio) => ratio.ToString("P2", CultureInfo.InvariantCulture);

    /// <summary>A budget as written in the issue: 2%, 0.5%, 0.1%.</summary>
    public static string BudgetPercent(double ratio) => (ratio * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    /// <summary>Milliseconds, with a decimal below 100 ms (the no-ML tier's figures are a few ms).</summary>
    public static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString(time.TotalMilliseconds < 100 ? "N1" : "N0", CultureInfo.InvariantCulture);

    public static string Ratio(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Label(CorpusTier tier) => tier switch
    {
        CorpusTier.Dense => "ML-dense",
        CorpusTier.Mixed => "mixed",
        _ => "no-ML",
    };
}

/// <summary>
/// One tier measured for the budgets: MLOps analyzers beside the NetAnalyzers default-enabled set in the
/// same concurrent analysis (Roslyn's per-analyzer telemetry), and the compile (emit) time of the same
/// corpus. Compile and analysis alternate, <c>runs</c> times each on fresh compilations, and each figure
/// is the minimum over the runs (the parsed trees are not kept: a full run goes on to 8x), so a burst of load on the shared machine hits numerator and denominator
/// alike and the least disturbed run is kept. An untimed warm-up on the first files comes first, so a
/// single run (<c>--repeat 1</c>) is not charged with JIT compilation.
/// </summary>
internal sealed record TierMeasurement(GeneratedCorpus Corpus, TimeSpan Compile, AnalysisRun Run, int Runs)
{
    public CorpusTier Tier => Corpus.Tier;

    public TimeSpan Peers => TimeSpan.FromTicks(Run.Analyzers.Where(a => !a.IsOurs).Sum(a => a.ExecutionTime.Ticks));

    public double OursShareOfCompile => Run.Ours / Compile;

    public AnalyzerTime Slowest => Run.SlowestOfOurs;

    public double SlowestOverMedianPeer => Run.MedianPeer > TimeSpan.Zero ? Slowest.ExecutionTime / Run.MedianPeer : double.PositiveInfinity;

    public static async Task<TierMeasurement> MeasureAsync(CorpusCompilation corpus, int runs, bool concurrent = true)
    {
        var analyzers = AnalyzerSets.MLOps.AddRange(AnalyzerSets.NetAnalyzersEnabledByDefault);
        await AnalysisRun.WarmUpAsync(corpus, analyzers, concurrent).ConfigureAwait(false);
        var compiles = new List<TimeSpan>();
        var analyses = new List<AnalysisRun>();
        for (var i = 0; i < Math.Max(1, runs); i++)
        {
            Settle();
            compiles.Add(corpus.TimeEmit());
            Settle();
            analyses.Add(await AnalysisRun.RunAsync(corpus, analyzers, concurrent).ConfigureAwait(false));
        }

        return new TierMeasurement(corpus.Corpus, compiles.Min(), AnalysisRun.Minimum(analyses), Math.Max(1, runs));
    }

    /// <summary>The verdicts of this tier against the budgets, and the context beside them.</summary>
    public IReadOnlyList<Verdict> Verdicts()
    {
        var label = $"{TierBudgets.Label(Tier)} {Corpus.Scale}x";
        var budget = TierBudgets.ShareOfCompile(Tier);
        var slowestBudgeted = TierBudgets.BudgetsSlowest(Tier);
        return new List<Verdict>
        {
            new($"{label}: MLOps analyzers / compile time (telemetry beside NetAnalyzers, one run)",
                $"{TierBudgets.Ms(Run.Ours)} / {TierBudgets.Ms(Compile)} ms = {TierBudgets.Percent(OursShareOfCompile)}",
                "<= " + TierBudgets.BudgetPercent(budget),
                OursShareOfCompile <= budget),
            new($"{label}: slowest MLOps analyzer ({Slowest.Name}) / median NetAnalyzers analyzer",
                $"{Slowest.ExecutionTime.TotalMilliseconds:N1} / {Run.MedianPeer.TotalMilliseconds:N1} ms = {TierBudgets.Ratio(SlowestOverMedianPeer)}",
                slowestBudgeted ? "<= 1" : "(context)",
                slowestBudgeted ? SlowestOverMedianPeer <= 1 : null),
            new($"{label}: MLOps analyzers / NetAnalyzers ({Run.Analyzers.Count(a => !a.IsOurs)} default-enabled), same analysis",
                $"{TierBudgets.Ms(Run.Ours)} / {TierBudgets.Ms(Peers)} ms = {TierBudgets.Percent(Peers > TimeSpan.Zero ? Run.Ours / Peers : 0)}",
                "(context)",
                null),
        };
    }

    /// <summary>The previous run's garbage collected before the next timing, so it is not charged to it.</summary>
    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
