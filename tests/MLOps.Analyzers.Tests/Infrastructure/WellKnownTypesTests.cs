using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MLOps.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyRandom = MLOps.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MLOps.Analyzers.Reproducibility.UnseededRandomAnalyzer>;

namespace MLOps.Analyzers.Tests.Infrastructure;

/// <summary>
/// WellKnownTypes: the lookup every rule uses. Duplicate full names are built here from neutral in-memory assemblies
/// (never copies of ML APIs); the narrower fallbacks are shown on the real ML.NET assemblies.
/// </summary>
public sealed class WellKnownTypesTests
{
    private const string Widget = "Contoso.Shared.Widget";

    [Fact]
    public void PublicAndInternalCopies_PicksTheAccessibleOne_WhereGetTypeByMetadataNameGivesUp()
    {
        var visible = Library("Contoso.Widgets", "namespace Contoso.Shared { public class Widget { } }");
        var hidden = Library("Contoso.Internals", "namespace Contoso.Shared { internal class Widget { } }");
        var compilation = Consumer("Consumer", "class C { Contoso.Shared.Widget W; }", visible, hidden);

        Assert.Null(compilation.GetTypeByMetadataName(Widget));
        var type = WellKnownTypes.For(compilation).Get(Widget);
        Assert.NotNull(type);
        Assert.Equal("Contoso.Widgets", type!.ContainingAssembly.Name);
    }

    [Fact]
    public void OwnAssemblyCopy_WinsOverReferencedOnes()
    {
        var first = Library("Contoso.Widgets", "namespace Contoso.Shared { public class Widget { } }");
        var second = Library("Contoso.MoreWidgets", "namespace Contoso.Shared { public class Widget { } }");
        var compilation = Consumer("Consumer", "namespace Contoso.Shared { internal class Widget { } }", first, second);

        var type = WellKnownTypes.For(compilation).Get(Widget);
        Assert.NotNull(type);
        Assert.Same(compilation.Assembly, type!.ContainingAssembly);
    }

    [Fact]
    public void InternalCopyVisibleThroughInternalsVisibleTo_CountsAsAccessible_SoTwoCopiesAreAmbiguous()
    {
        var visible = Library("Contoso.Widgets", "namespace Contoso.Shared { public class Widget { } }");
        var friend = Library(
            "Contoso.Friend",
            "[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"Consumer\")] namespace Contoso.Shared { internal class Widget { } }");
        var compilation = Consumer("Consumer", "class C { }", visible, friend);

        Assert.Null(compilation.GetTypeByMetadataName(Widget));
        Assert.Null(WellKnownTypes.For(compilation).Get(Widget));
    }

    [Fact]
    public void TwoPublicCopiesOfAnUnknownLibrary_StayUnresolved()
    {
        var first = Library("Contoso.Widgets", "namespace Contoso.Shared { public class Widget { } }");
        var second = Library("Contoso.MoreWidgets", "namespace Contoso.Shared { public class Widget { } }");
        var compilation = Consumer("Consumer", "class C { }", first, second);

        Assert.Null(WellKnownTypes.For(compilation).Get(Widget));
    }

    [Fact]
    public void TwoPublicCopiesOfASystemName_PicksTheFrameworkAssembly()
    {
        const string name = "System.Widgets.Gauge";
        var framework = Library("System.Widgets", "namespace System.Widgets { public class Gauge { } }");
        var polyfill = Library("Contoso.Polyfills", "namespace System.Widgets { public class Gauge { } }");
        var compilation = Consumer("Consumer", "class C { }", framework, polyfill);

        Assert.Null(compilation.GetTypeByMetadataName(name));
        var type = WellKnownTypes.For(compilation).Get(name);
        Assert.NotNull(type);
        Assert.Equal("System.Widgets", type!.ContainingAssembly.Name);
    }

    [Fact]
    public void OneInstancePerCompilation_AndMissesAreAnswered()
    {
        var compilation = Consumer("Consumer", "class C { }");
        var types = WellKnownTypes.For(compilation);

        Assert.Same(types, WellKnownTypes.For(compilation));
        Assert.NotSame(types, WellKnownTypes.For(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class D { }"))));
        Assert.Same(types.Get(WellKnownTypeNames.SystemRandom), types.Get(WellKnownTypeNames.SystemRandom));
        Assert.Null(types.Get(WellKnownTypeNames.MLContext));
    }

    [Fact]
    public void EveryWellKnownName_ResolvesAgainstTheRealLibraries()
    {
        // The serving rules' host types (dependency injection, ASP.NET Core) come with the shared framework they test with.
        var compilation = Consumer("Consumer", "class C { }", TestReferences.MachineLearning.AddRange(AspNetCoreReferences.All).ToArray());
        var types = WellKnownTypes.For(compilation);
        var names = typeof(WellKnownTypeNames)
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(field => (string)field.GetRawConstantValue()!)
            .ToList();

        // System.Net.WebClient is obsolete but present; every name must still point at a real type (a typo or a
        // type that moved would silently disable the part of a rule that needs it).
        Assert.All(names, name => Assert.True(types.Contains(name), name + " does not resolve"));

        // Without duplicates the helper answers exactly what GetTypeByMetadataName answered: the rules behave as before.
        Assert.All(names, name => Assert.True(
            SymbolEqualityComparer.Default.Equals(compilation.GetTypeByMetadataName(name), types.Get(name)),
            name + " resolves differently"));
        Assert.All(names, name => Assert.True(compilation.IsSymbolAccessibleWithin(types.Get(name)!, compilation.Assembly), name + " is not accessible"));
    }

    /// <summary>
    /// An internal copy of a framework type in another assembly (a LINQ polyfill) makes
    /// GetTypeByMetadataName("System.Linq.Enumerable") null, which used to make MLOPS102 miss every
    /// <c>OrderBy(_ => rng.Next())</c> shuffle of the compilation; the rule now resolves the accessible type.
    /// </summary>
    [Fact]
    public async Task UnseededRandom_StillReportsOrderByShuffle_WhenAReferenceHasAnInternalCopyOfEnumerable()
    {
        var polyfill = Library("Contoso.Polyfills", "namespace System.Linq { internal static class Enumerable { } }");
        var probe = Consumer("Consumer", "class C { }", polyfill);
        Assert.Null(probe.GetTypeByMetadataName(WellKnownTypeNames.SystemLinqEnumerable));

        var test = new VerifyRandom.Test
        {
            TestCode = """
                using System;
                using System.Linq;
                using Microsoft.ML;

                public static class Splitter
                {
                    public static int[] Shuffle(int[] rows)
                    {
                        var ml = new MLContext(seed: 0);
                        var rnd = {|MLOPS102:new Random()|};
                        return rows.OrderBy(_ => rnd.Next()).ToArray();
                    }
                }
                """,
        };
        test.TestState.AdditionalReferences.Add(polyfill);
        await test.RunAsync();
    }

    /// <summary>
    /// The validation rules need ML.NET's abstractions (Microsoft.ML.Core, Microsoft.ML.DataView); the catalogs of
    /// Microsoft.ML.Data only add the calls they declare. A compilation without Microsoft.ML.Data (real assemblies)
    /// used to get no ValidationSymbols at all; it now keeps Fit/Transform recognition.
    /// </summary>
    [Fact]
    public void ValidationSymbols_WithoutTheCatalogAssembly_KeepFitAndTransform()
    {
        var catalogs = typeof(Microsoft.ML.MLContext).Assembly.Location;
        var references = TestReferences.MachineLearning
            .Where(reference => !string.Equals(reference.Display, catalogs, StringComparison.Ordinal))
            .ToArray();
        Assert.Equal(TestReferences.MachineLearning.Length - 1, references.Length);
        var compilation = Consumer("Consumer", "class C { }", references);
        Assert.Null(compilation.GetTypeByMetadataName(WellKnownTypeNames.ModelOperationsCatalog));

        var symbols = ValidationSymbols.TryCreate(compilation);

        Assert.NotNull(symbols);
        Assert.Null(symbols!.ModelOperations);
        Assert.Null(symbols.DataOperations);
        var fit = symbols.Estimator.GetMembers("Fit").OfType<IMethodSymbol>().Single();
        var transform = symbols.Transformer.GetMembers("Transform").OfType<IMethodSymbol>().Single();
        Assert.True(symbols.IsFit(fit));
        Assert.True(symbols.IsTransform(transform));
        Assert.False(symbols.IsModelSave(fit));
        Assert.False(symbols.IsTrainTestSplit(fit));
    }

    private static MetadataReference Library(string assemblyName, string source)
    {
        var compilation = CSharpCompilation.Create(
            assemblyName,
            new[] { CSharpSyntaxTree.ParseText(source) },
            TestReferences.Platform,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }

    private static CSharpCompilation Consumer(string assemblyName, string source, params MetadataReference[] references)
        => CSharpCompilation.Create(
            assemblyName,
            new[] { CSharpSyntaxTree.ParseText(source) },
            TestReferences.Platform.AddRange(references),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
}
