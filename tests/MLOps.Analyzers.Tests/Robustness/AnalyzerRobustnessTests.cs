using Xunit;
using Xunit.Abstractions;

namespace MLOps.Analyzers.Tests.Robustness;

/// <summary>
/// "Prove it never crashes": analyzers run on every keystroke, mostly on half-typed code, and one that throws
/// (AD0001) switches itself off. Every analyzer and code fix runs on seeded, deterministic mutations of every test
/// source and sample file; any exception fails with the source, the mutation, an excerpt and the stack.
/// </summary>
public sealed class AnalyzerRobustnessTests
{
    private readonly ITestOutputHelper _output;

    public AnalyzerRobustnessTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Corpus_HoldsEveryTestSourceAndSample()
    {
        var sources = RobustnessCorpus.Sources;
        _output.WriteLine($"{sources.Length} sources: {sources.Count(s => !s.IsSample)} from tests, {sources.Count(s => s.IsSample)} samples");

        Assert.True(sources.Length >= 200, $"Only {sources.Length} corpus sources were extracted.");
        Assert.True(sources.Count(s => s.IsSample) >= 20, "The samples/ files are missing from the corpus.");
        Assert.Contains(sources, s => s.Id.StartsWith("tests/MLOps.Analyzers.Tests/Validation/", StringComparison.Ordinal) && s.Text.Contains("class SentimentIssue", StringComparison.Ordinal));
        Assert.Contains(sources, s => s.Id.StartsWith("samples/HousePriceTraining/Program.cs", StringComparison.Ordinal));

        // Markup is gone: the testing library's own parser removed it.
        Assert.DoesNotContain(sources, s => !s.IsSample && (s.Text.Contains("{|MLOPS", StringComparison.Ordinal) || s.Text.Contains("{|#0:", StringComparison.Ordinal)));
    }

    [Fact]
    public void EveryAnalyzerAndCodeFixProvider_IsDiscovered()
    {
        var ids = RobustnessHarness.Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().Count();
        Assert.True(ids >= 11, $"Only {ids} rules were found in {RobustnessHarness.Analyzers.Length} analyzers.");
        Assert.True(RobustnessHarness.CodeFixProviders.Length >= 4, $"Only {RobustnessHarness.CodeFixProviders.Length} code fix providers were found.");
    }

    [Fact]
    public void Analyzers_NeverThrow_OnHalfTypedCode()
    {
        var run = RobustnessHarness.Analysis;
        _output.WriteLine($"{RobustnessCorpus.Sources.Length} sources, {run.Variants} analysis runs (distinct variants) with {RobustnessHarness.Analyzers.Length} analyzers, {run.FixCases.Length} with fixable diagnostics");

        Assert.True(run.Failures.IsEmpty, run.Failures.IsEmpty ? string.Empty : RobustnessHarness.Describe(run.Failures, run.Variants));
        Assert.True(run.Variants >= RobustnessCorpus.Sources.Length * 10, $"Only {run.Variants} variants were analyzed.");

        // Not vacuous: every rule, off-by-default ones included, reported something somewhere.
        var silent = RobustnessHarness.Analyzers
            .SelectMany(a => a.SupportedDiagnostics)
            .Select(d => d.Id)
            .Where(id => !run.ReportedIds.Contains(id))
            .ToList();
        Assert.True(silent.Count == 0, "These rules never reported, so the run did not exercise them: " + string.Join(", ", silent));
    }

    [Fact]
    public void CodeFixes_NeverThrow_OnHalfTypedCode()
    {
        var run = RobustnessHarness.CodeFixes;
        _output.WriteLine($"{RobustnessHarness.Analysis.FixCases.Length} fix cases, {run.ContextsRun} code fix contexts, {run.ActionsApplied} code actions applied, {run.FixAllRuns} fix-all runs");

        Assert.True(run.Failures.IsEmpty, run.Failures.IsEmpty ? string.Empty : RobustnessHarness.Describe(run.Failures, run.ContextsRun));

        // Not vacuous: every provider offered a fix somewhere, and every fix-all provider ran.
        var idle = RobustnessHarness.CodeFixProviders.Select(p => p.GetType().Name).Where(n => !run.ProvidersThatRegistered.Contains(n)).ToList();
        Assert.True(idle.Count == 0, "These code fix providers never registered a fix: " + string.Join(", ", idle));
        var withFixAll = RobustnessHarness.CodeFixProviders.Where(p => p.GetFixAllProvider() is not null).Select(p => p.GetType().Name).ToList();
        Assert.All(withFixAll, name => Assert.Contains(name, run.ProvidersWhoseFixAllRan));
    }
}
