using BenchmarkDotNet.Attributes;
using MLOps.Analyzers.Benchmarks.Analysis;
using MLOps.Analyzers.Benchmarks.Corpus;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MLOps.Analyzers.Benchmarks.Benchmarks;

/// <summary>
/// What a build pays for the MLOps rules, in wall-clock time: compiling a fresh compilation of the
/// generated solution (the baseline), and compiling it with all MLOps analyzers run on it, as csc
/// does. The Ratio column is (compile + analyzers) / compile. "mixed" is the corpus with one file in
/// ten of ML code and the ML references; "no-ml" is its ordinary code alone, without them.
/// </summary>
public class AnalyzerBenchmarks
{
    private CorpusCompilation _corpus = null!;
    private readonly MemoryStream _peStream = new();

    [ParamsSource(nameof(Cases))]
    public string Case { get; set; } = "mixed-1x";

    public static IEnumerable<string> Cases => CaseNames;

    internal static string[] CaseNames { get; set; } = { "mixed-1x", "no-ml-1x" };

    [GlobalSetup]
    public void Setup()
    {
        var parts = Case.Split('-');
        var scale = int.Parse(parts[^1].TrimEnd('x'), System.Globalization.CultureInfo.InvariantCulture);
        _corpus = CorpusCompilation.For(CorpusGenerator.Generate(scale, includeMachineLearning: parts[0] == "mixed"));
        var errors = _corpus.Errors();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The generated corpus does not compile: " + errors[0]);
        }
    }

    [Benchmark(Baseline = true, Description = "compile")]
    public bool Compile()
    {
        _peStream.SetLength(0);
        return _corpus.Create().Emit(_peStream).Success;
    }

    [Benchmark(Description = "compile + MLOps analyzers")]
    public async Task<int> CompileWithMLOpsAnalyzers()
    {
        _peStream.SetLength(0);
        var compilation = _corpus.Create();
        compilation.Emit(_peStream);
        var diagnostics = await compilation
            .WithAnalyzers(AnalyzerSets.MLOps, new AnalyzerOptions(System.Collections.Immutable.ImmutableArray<AdditionalText>.Empty))
            .GetAnalyzerDiagnosticsAsync()
            .ConfigureAwait(false);
        return diagnostics.Length;
    }
}
