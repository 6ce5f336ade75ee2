using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace MLOps.Analyzers.Tests.Verifiers;

/// <summary>
/// References for test compilations. The base library is the test host's own platform
/// (nothing is downloaded while tests run); on top of it come the REAL ML assemblies that this
/// test project restores as package references: ML.NET, FastTree, LightGbm, OnnxTransformer, OnnxConverter,
/// ONNX Runtime, Microsoft.Data.Analysis, TorchSharp and Microsoft.ML.TorchSharp.
/// </summary>
public static class TestReferences
{
    /// <summary>No package: the platform comes from <see cref="Platform"/>.</summary>
    public static ReferenceAssemblies None { get; } = new("net10.0");

    public static ImmutableArray<MetadataReference> Platform { get; } = LoadPlatform();

    public static ImmutableArray<MetadataReference> MachineLearning { get; } = LoadMachineLearning();

    public static ImmutableArray<MetadataReference> All { get; } = Platform.AddRange(MachineLearning);

    private static ImmutableArray<MetadataReference> LoadPlatform()
    {
        var tpa = (string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty;
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => string.Equals(Path.GetDirectoryName(path), runtimeDirectory, StringComparison.Ordinal))
            .Where(path => !Path.GetFileName(path).Contains(".Native.", StringComparison.Ordinal))
            .Where(MachineLearningAssemblies.IsManagedAssembly)
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }

    private static ImmutableArray<MetadataReference> LoadMachineLearning()
    {
        // Touch one type of each library so a missing package reference fails loudly here.
        var anchors = new[]
        {
            typeof(Microsoft.ML.MLContext).Assembly,                          // Microsoft.ML.Data
            typeof(Microsoft.ML.IDataView).Assembly,                          // Microsoft.ML.DataView
            typeof(Microsoft.ML.Trainers.SdcaLogisticRegressionBinaryTrainer).Assembly, // StandardTrainers
            typeof(Microsoft.ML.Trainers.FastTree.FastTreeBinaryTrainer).Assembly,
            typeof(Microsoft.ML.Trainers.LightGbm.LightGbmBinaryTrainer).Assembly,
            typeof(Microsoft.ML.Transforms.Onnx.OnnxTransformer).Assembly,
            typeof(Microsoft.ML.OnnxExportExtensions).Assembly,
            typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly,
            typeof(Microsoft.Data.Analysis.DataFrame).Assembly,
            typeof(TorchSharp.torch).Assembly,
            typeof(Microsoft.ML.TorchSharp.TorchSharpCatalog).Assembly,   // ML.NET's TorchSharp trainers
        };

        return MachineLearningAssemblies.Files(anchors).Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToImmutableArray();
    }
}
