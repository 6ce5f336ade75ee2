using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace MLOps.Analyzers;

/// <summary>
/// The one way the rules look a type up by its metadata name (the names live in <see cref="WellKnownTypeNames"/>).
/// Each name is resolved at most once per compilation, misses included, and every rule of the compilation shares the
/// answer. Call it from compilation-start actions only: the per-name lookup hashes the string.
/// </summary>
/// <remarks>
/// <para>
/// <c>Compilation.GetTypeByMetadataName</c> returns null as soon as two referenced assemblies define the same full
/// name, even when only one of them can be used: an internal copy (a polyfill, an internalised dependency, a second
/// version brought in by a tool package) would switch a rule off for the whole compilation. This helper resolves
/// among <c>Compilation.GetTypesByMetadataName</c> the way the roslyn-analyzers <c>WellKnownTypeProvider</c> and
/// Meziantou.Analyzer do, plus one library-specific step:
/// </para>
/// <list type="number">
/// <item>the type declared by the compilation's own assembly;</item>
/// <item>else the only candidate accessible from the compilation (public, or internal with InternalsVisibleTo);</item>
/// <item>else, when the name belongs to a library the rules know (Microsoft.ML*, TorchSharp, Microsoft.Data.Analysis,
/// System.*), the only candidate (among the accessible ones when there are several) whose assembly is that library;</item>
/// <item>else null: the rule treats the type as absent.</item>
/// </list>
/// </remarks>
internal sealed class WellKnownTypes
{
    private static readonly ConditionalWeakTable<Compilation, WellKnownTypes> Cache = new();

    private static readonly ConditionalWeakTable<Compilation, WellKnownTypes>.CreateValueCallback Create = static compilation => new WellKnownTypes(compilation);

    private readonly Compilation _compilation;

    private readonly Func<string, INamedTypeSymbol?> _resolve;

    private readonly ConcurrentDictionary<string, INamedTypeSymbol?> _types = new(StringComparer.Ordinal);

    private WellKnownTypes(Compilation compilation)
    {
        _compilation = compilation;
        _resolve = name => Resolve(_compilation, name);
    }

    /// <summary>The shared instance of <paramref name="compilation"/> (created on first use, collected with it).</summary>
    public static WellKnownTypes For(Compilation compilation) => Cache.GetValue(compilation, Create);

    /// <summary>The type named <paramref name="metadataName"/> (a <see cref="WellKnownTypeNames"/> constant), or null.</summary>
    public INamedTypeSymbol? Get(string metadataName) => _types.GetOrAdd(metadataName, _resolve);

    public bool Contains(string metadataName) => Get(metadataName) is not null;

    /// <summary>The resolution itself, uncached (see the remarks of <see cref="WellKnownTypes"/>).</summary>
    internal static INamedTypeSymbol? Resolve(Compilation compilation, string metadataName)
    {
        var candidates = compilation.GetTypesByMetadataName(metadataName);
        if (candidates.IsEmpty)
        {
            return null;
        }

        INamedTypeSymbol? accessible = null;
        var accessibleCount = 0;
        foreach (var candidate in candidates)
        {
            if (SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, compilation.Assembly))
            {
                return candidate;
            }

            if (compilation.IsSymbolAccessibleWithin(candidate, compilation.Assembly))
            {
                accessible = candidate;
                accessibleCount++;
            }
        }

        if (accessibleCount == 1)
        {
            return accessible;
        }

        return FromOwningLibrary(compilation, metadataName, candidates, onlyAccessible: accessibleCount > 1);
    }

    /// <summary>Step 3: the one candidate defined by the library the name belongs to; null when none or several.</summary>
    private static INamedTypeSymbol? FromOwningLibrary(
        Compilation compilation,
        string metadataName,
        ImmutableArray<INamedTypeSymbol> candidates,
        bool onlyAccessible)
    {
        var library = OwningLibrary(metadataName);
        if (library is null)
        {
            return null;
        }

        var coreLibrary = compilation.GetSpecialType(SpecialType.System_Object).ContainingAssembly;
        INamedTypeSymbol? found = null;
        foreach (var candidate in candidates)
        {
            if ((onlyAccessible && !compilation.IsSymbolAccessibleWithin(candidate, compilation.Assembly))
                || candidate.ContainingAssembly is not { } assembly
                || !IsLibraryAssembly(library, assembly, coreLibrary))
            {
                continue;
            }

            if (found is not null)
            {
                return null;
            }

            found = candidate;
        }

        return found;
    }

    /// <summary>The library (assembly name root) that defines the types of <paramref name="metadataName"/>'s namespace, or null.</summary>
    internal static string? OwningLibrary(string metadataName)
    {
        if (StartsWithNamespace(metadataName, "Microsoft.ML"))
        {
            return "Microsoft.ML"; // Microsoft.ML.Data, .Core, .OnnxRuntime, .LightGbm...
        }

        if (StartsWithNamespace(metadataName, "TorchSharp"))
        {
            return "TorchSharp";
        }

        if (StartsWithNamespace(metadataName, "Microsoft.Data.Analysis"))
        {
            return "Microsoft.Data.Analysis";
        }

        return StartsWithNamespace(metadataName, "System") ? "System" : null;
    }

    /// <summary>
    /// Whether <paramref name="assembly"/> is part of <paramref name="library"/>: the assembly of that name or one of its
    /// sub-assemblies (never <c>TorchSharpTest</c>); for System.*, the core library or a framework assembly
    /// (System, System.*, mscorlib, netstandard).
    /// </summary>
    internal static bool IsLibraryAssembly(string library, IAssemblySymbol assembly, IAssemblySymbol? coreLibrary)
    {
        var name = assembly.Name;
        if (library == "System")
        {
            return SymbolEqualityComparer.Default.Equals(assembly, coreLibrary)
                   || StartsWithNamespace(name, "System")
                   || name is "mscorlib" or "netstandard";
        }

        return StartsWithNamespace(name, library);
    }

    private static bool StartsWithNamespace(string name, string root)
        => name.StartsWith(root, StringComparison.Ordinal)
           && (name.Length == root.Length || name[root.Length] == '.');
}
