using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MLOps.Analyzers.Benchmarks.Analysis;

/// <summary>The analyzers measured: all of ours, and the SDK's NetAnalyzers rules that are on by default.</summary>
internal static class AnalyzerSets
{
    /// <summary>
    /// The analyzer assembly (a project reference), loaded by name: no analyzer class is named here, so
    /// rules can be merged, split or renamed without touching the benchmark.
    /// </summary>
    private static readonly Assembly OurAssembly = Assembly.Load(new AssemblyName("MLOps.Analyzers"));

    /// <summary>Every analyzer of MLOps.Analyzers, found by reflection so new rules are measured too.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> MLOps { get; } = OurAssembly
        .GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>
    /// Microsoft.CodeAnalysis.NetAnalyzers (the package version the SDK carries), restricted to the
    /// analyzers with at least one rule enabled by default: the ones every build runs.
    /// </summary>
    public static ImmutableArray<DiagnosticAnalyzer> NetAnalyzersEnabledByDefault { get; } = LoadNetAnalyzers()
        .Where(a => a.SupportedDiagnostics.Any(d => d.IsEnabledByDefault))
        .ToImmutableArray();

    public static string Name(DiagnosticAnalyzer analyzer) => analyzer.GetType().Name;

    public static bool IsOurs(DiagnosticAnalyzer analyzer) => analyzer.GetType().Assembly == OurAssembly;

    private static IEnumerable<DiagnosticAnalyzer> LoadNetAnalyzers()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "peers");
        var files = Directory.Exists(directory) ? Directory.GetFiles(directory, "*.dll") : Array.Empty<string>();
        if (files.Length == 0)
        {
            throw new InvalidOperationException($"The NetAnalyzers assemblies were not copied to {directory}; rebuild the benchmark project.");
        }

        var loader = new DefaultContextLoader();
        foreach (var file in files)
        {
            loader.AddDependencyLocation(file);
        }

        return files
            .OrderBy(f => f, StringComparer.Ordinal)
            .SelectMany(f => new AnalyzerFileReference(f, loader).GetAnalyzers(LanguageNames.CSharp))
            .OrderBy(a => a.GetType().FullName, StringComparer.Ordinal);
    }

    private sealed class DefaultContextLoader : IAnalyzerAssemblyLoader
    {
        private readonly Dictionary<string, string> _byName = new(StringComparer.OrdinalIgnoreCase);

        public DefaultContextLoader()
        {
            System.Runtime.Loader.AssemblyLoadContext.Default.Resolving += (context, name) =>
                name.Name is not null && _byName.TryGetValue(name.Name, out var path) ? context.LoadFromAssemblyPath(path) : null;
        }

        public void AddDependencyLocation(string fullPath) => _byName[Path.GetFileNameWithoutExtension(fullPath)] = fullPath;

        public Assembly LoadFromPath(string fullPath) => System.Runtime.Loader.AssemblyLoadContext.Default.LoadFromAssemblyPath(fullPath);
    }
}
