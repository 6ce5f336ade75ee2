using System.Collections.Immutable;
using System.Runtime.InteropServices;
using MLOps.Analyzers.Benchmarks.Corpus;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MLOps.Analyzers.Benchmarks.Analysis;

/// <summary>
/// The compilation of a generated corpus, as a build makes it: the targeting pack's reference
/// assemblies and, for a corpus with ML code, the REAL ML.NET, ONNX Runtime, Microsoft.Data.Analysis
/// and TorchSharp assemblies this project restores. Trees are parsed once; every call to
/// <see cref="Create"/> is a fresh compilation over them, with nothing bound yet.
/// </summary>
internal sealed class CorpusCompilation
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.None);

    private static readonly Lazy<ImmutableArray<MetadataReference>> PlatformReferences = new(LoadPlatform);

    private static readonly Lazy<ImmutableArray<MetadataReference>> MachineLearningReferences = new(LoadMachineLearning);

    private CorpusCompilation(GeneratedCorpus corpus, ImmutableArray<SyntaxTree> trees, ImmutableArray<MetadataReference> references)
    {
        Corpus = corpus;
        Trees = trees;
        References = references;
    }

    public GeneratedCorpus Corpus { get; }

    public ImmutableArray<SyntaxTree> Trees { get; }

    public ImmutableArray<MetadataReference> References { get; }

    public static CorpusCompilation For(GeneratedCorpus corpus)
    {
        var trees = corpus.Files
            .AsParallel().AsOrdered()
            .Select(f => CSharpSyntaxTree.ParseText(f.Text, ParseOptions, path: f.Name))
            .ToImmutableArray();
        var references = corpus.IncludesMachineLearning
            ? PlatformReferences.Value.AddRange(MachineLearningReferences.Value)
            : PlatformReferences.Value;
        return new CorpusCompilation(corpus, trees, references);
    }

    /// <summary>The first <paramref name="files"/> files alone (same references): a small compilation to warm up on.</summary>
    public CorpusCompilation Take(int files)
        => new(Corpus with { Files = Corpus.Files.Take(files).ToList() }, Trees.Take(files).ToImmutableArray(), References);

    public CSharpCompilation Create()
        => CSharpCompilation.Create(
            "Contoso.Platform",
            Trees,
            References,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                optimizationLevel: OptimizationLevel.Debug,
                nullableContextOptions: NullableContextOptions.Enable,
                concurrentBuild: true));

    /// <summary>Time to compile (emit) a fresh compilation: the denominator of every share of compile time.</summary>
    public TimeSpan TimeEmit()
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        Create().Emit(Stream.Null);
        return stopwatch.Elapsed;
    }

    /// <summary>Compiler errors of the corpus: the generated code must compile cleanly, or the figures mean nothing.</summary>
    public IReadOnlyList<Diagnostic> Errors()
        => Create().GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

    private static ImmutableArray<MetadataReference> LoadPlatform()
    {
        // A build compiles against the targeting pack (reference assemblies), not the runtime.
        var dotnetRoot = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var packs = new DirectoryInfo(Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref"));
        var major = Environment.Version.Major.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var refDirectory = packs.Exists
            ? packs.EnumerateDirectories(major + ".*")
                .OrderByDescending(d => Version.TryParse(d.Name.Split('-')[0], out var v) ? v : new Version(0, 0))
                .Select(d => Path.Combine(d.FullName, "ref", "net" + major + ".0"))
                .FirstOrDefault(Directory.Exists)
            : null;
        var files = refDirectory is not null
            ? Directory.EnumerateFiles(refDirectory, "*.dll")
            : Directory.EnumerateFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll").Where(MachineLearningAssemblies.IsManagedAssembly);
        return files.OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (MetadataReference)MetadataReference.CreateFromFile(f))
            .ToImmutableArray();
    }

    private static ImmutableArray<MetadataReference> LoadMachineLearning()
    {
        // Touch one type of each library so that a missing package reference fails here, loudly.
        var anchors = new[]
        {
            typeof(Microsoft.ML.MLContext).Assembly,
            typeof(Microsoft.ML.IDataView).Assembly,
            typeof(Microsoft.ML.Trainers.SdcaLogisticRegressionBinaryTrainer).Assembly,
            typeof(Microsoft.ML.Trainers.FastTree.FastTreeBinaryTrainer).Assembly,
            typeof(Microsoft.ML.Trainers.LightGbm.LightGbmBinaryTrainer).Assembly,
            typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly,
            typeof(Microsoft.Data.Analysis.DataFrame).Assembly,
            typeof(TorchSharp.torch).Assembly,
        };
        return MachineLearningAssemblies.Files(anchors)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }
}
