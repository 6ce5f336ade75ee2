using System.Reflection;

namespace MLOps.TestUtilities;

/// <summary>
/// The REAL ML assemblies a test project or the benchmarks restore as package references, as files to make
/// metadata references of (the caller makes them with its own Roslyn).
/// </summary>
public static class MachineLearningAssemblies
{
    private static readonly string[] Prefixes = { "Microsoft.ML", "Microsoft.Data.Analysis", "TorchSharp" };

    /// <summary>
    /// Every managed Microsoft.ML*, Microsoft.Data.Analysis* and TorchSharp* assembly beside the first of
    /// <paramref name="anchors"/>, and the anchors themselves, sorted. The caller names one type of each
    /// library it expects (typeof(...).Assembly), so that a missing package reference fails loudly there.
    /// </summary>
    public static IReadOnlyList<string> Files(params Assembly[] anchors)
    {
        if (anchors.Length == 0)
        {
            throw new ArgumentException("Name at least one anchor assembly.", nameof(anchors));
        }

        var directory = Path.GetDirectoryName(anchors[0].Location)!;
        return Directory.EnumerateFiles(directory, "*.dll")
            .Where(path => Prefixes.Any(n => Path.GetFileName(path).StartsWith(n, StringComparison.Ordinal)))
            .Concat(anchors.Select(a => a.Location))
            .Where(IsManagedAssembly)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(path => path, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Whether <paramref name="path"/> is a .NET assembly (not a native library).</summary>
    public static bool IsManagedAssembly(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
