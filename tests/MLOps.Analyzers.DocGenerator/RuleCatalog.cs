using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MLOps.Analyzers.DocGenerator;

/// <summary>Everything the shipped assemblies say about the rules, found by reflection.</summary>
public static class RuleCatalog
{
    public static Assembly AnalyzerAssembly { get; } = typeof(RuleIdentifiers).Assembly;

    public static Assembly CodeFixAssembly { get; } = typeof(MLOps.Analyzers.CodeFixes.CodeFixAssemblyMarker).Assembly;

    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = AnalyzerAssembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static ImmutableArray<CodeFixProvider> CodeFixes { get; } = CodeFixAssembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>One descriptor per ID (an analyzer may support several IDs; an ID belongs to one analyzer).</summary>
    public static ImmutableArray<DiagnosticDescriptor> Descriptors { get; } = Analyzers
        .SelectMany(a => a.SupportedDiagnostics)
        .GroupBy(d => d.Id, StringComparer.Ordinal)
        .Select(g => g.First())
        .OrderBy(d => d.Id, StringComparer.Ordinal)
        .ToImmutableArray();

    public static ImmutableHashSet<string> FixableIds { get; } = CodeFixes.SelectMany(f => f.FixableDiagnosticIds).ToImmutableHashSet(StringComparer.Ordinal);

    public static ImmutableArray<string> DeclaredIds { get; } = typeof(RuleIdentifiers)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .OrderBy(id => id, StringComparer.Ordinal)
        .ToImmutableArray();

    public static DiagnosticAnalyzer AnalyzerOf(string id) => Analyzers.First(a => a.SupportedDiagnostics.Any(d => d.Id == id));

    /// <summary>The option keys a rule reads, as a user writes them (<c>mlops.MLOPS201.allowed_paths</c>).</summary>
    public static ImmutableArray<string> OptionKeys(string id) => RuleOptions.Of(id).Select(name => RuleOptions.Prefix + id + "." + name).ToImmutableArray();

    public static bool IsMinimum(DiagnosticDescriptor descriptor) => descriptor.CustomTags.Contains(RuleDescriptors.MinimumTag);

}
