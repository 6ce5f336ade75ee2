using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace MLOps.Analyzers.Tests.Verifiers;

/// <summary>
/// The REAL ASP.NET Core shared framework (minimal APIs, dependency injection, hosting), which the test project
/// references as a framework: its assemblies sit beside <c>WebApplication</c>'s in the installed
/// Microsoft.AspNetCore.App. Only the serving tests add them, so that every other test compilation stays small.
/// </summary>
public static class AspNetCoreReferences
{
    public static ImmutableArray<MetadataReference> All { get; } = Load();

    private static ImmutableArray<MetadataReference> Load()
    {
        var directory = Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Builder.WebApplication).Assembly.Location)!;
        return Directory.EnumerateFiles(directory, "*.dll")
            .Where(IsManagedAssembly)
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }

    private static bool IsManagedAssembly(string path)
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
