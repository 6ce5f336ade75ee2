using BenchmarkDotNet.Attributes;
using MLOps.Analyzers.Benchmarks.Engine;
using MLOps.MLTestScore;

namespace MLOps.Analyzers.Benchmarks.Benchmarks;

/// <summary>The ML Test Score engine on a large sharded CI run: 100,000 results in 50 files, scored and written as JSON, Markdown and HTML.</summary>
public class ScoreEngineBenchmarks
{
    public const int Files = 50;
    public const int ResultsPerFile = 2_000;

    private string _directory = null!;
    private IReadOnlyList<string> _results = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("mlops-bench-engine-").FullName;
        _results = ResultFileGenerator.Write(Path.Combine(_directory, "results"), Files, ResultsPerFile);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Description = "score 100k results in 50 files + write reports")]
    public double ScoreAndWrite() => EngineRun.ScoreAndWrite(_results, Path.Combine(_directory, "out")).FinalScore;
}
