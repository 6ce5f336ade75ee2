using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using MLOps.MLTestScore.Tests.Fuzz;
using Xunit.Abstractions;
using static MLOps.MLTestScore.Tests.TestFiles;

namespace MLOps.MLTestScore.Tests;

/// <summary>
/// "Prove it never crashes": every real input (runner outputs, test assemblies, a mapping and a
/// manual-evidence file) is truncated, bit-flipped and structurally mutated with fixed seeds; for
/// each mutant ScoreEngine.Compute runs with the mutant plus the untouched other inputs, the
/// reports are written, and the contract is checked: no exception, no InternalError, coded
/// diagnostics naming their file (and a line for parse errors), a report whose 28 items and four
/// sections keep the score invariants. A failure names fixture, mutation and problem.
/// </summary>
public class RobustnessFuzzTests(ITestOutputHelper output)
{
    /// <summary>A mapping file in the format of MappingAndEvidenceTests, with globs that match the fixture suites.</summary>
    internal const string Mapping = """
        {
          // Test names are the class full name + "." + method name.
          "mappings": [
            { "tests": "Fixture.*.FeatureSchemaTests.*", "items": ["Data.2", "data 3"] },
            { "tests": ["*ModelQualityTests.Candidate_BeatsBaseline", "tests.test_model.*"], "items": "Model.4" },
            { "tests": "Fixture.XunitV3.ModelQualityTests.Auc_On?oldout_MeetsReleaseThreshold", "items": ["Model.6; Infra.2"] },
            { "tests": "Nothing.Matches.*", "items": ["Monitor.1"] },
          ]
        }
        """;

    private static readonly (string Marker, string Where)[] XmlMarkers =
    {
        ("<", "inside a tag"),
        ("=\"", "inside an attribute value"),
        ("&", "inside an entity reference"),
        ("<!--", "inside a comment"),
        ("<?xml", "inside the XML declaration"),
    };

    private static readonly (string Marker, string Where)[] JsonMarkers =
    {
        ("\"", "inside a string"),
        (": ", "after a colon"),
        ("\\", "inside an escape"),
        ("//", "inside a comment"),
        ("[", "inside an array"),
    };

    private static readonly Dictionary<string, string?> Assemblies = new(StringComparer.Ordinal)
    {
        ["mstest"] = "Fixture.MSTest.dll",
        ["nunit"] = "Fixture.NUnit.dll",
        ["pytest"] = null,
        ["xunit-v2"] = "Fixture.XunitV2.dll",
        ["xunit-v3"] = "Fixture.XunitV3.dll",
    };

    public static TheoryData<string, string> ResultFixtures() => new()
    {
        { "mstest", "results.trx" },
        { "mstest", "results.mtp.trx" },
        { "mstest", "results.mtp.junit.xml" },
        { "nunit", "results.trx" },
        { "nunit", "results.mtp.trx" },
        { "nunit", "results.mtp.junit.xml" },
        { "pytest", "results.junit.xml" },
        { "xunit-v2", "results.trx" },
        { "xunit-v2", "results.junit.xml" },
        { "xunit-v3", "results.mtp.trx" },
        { "xunit-v3", "results.xunit.xml" },
    };

    public static TheoryData<string> AssemblyFixtures() => new() { "mstest", "nunit", "xunit-v2", "xunit-v3" };

    private static string EvidencePath => Path.Combine(AppContext.BaseDirectory, "Inputs", "ml-test-score.evidence.json");

    [Theory]
    [MemberData(nameof(ResultFixtures))]
    public void Mutated_result_files_never_crash_the_engine(string folder, string file)
    {
        var fixture = folder + "/" + file;
        var original = File.ReadAllBytes(FixturePath(folder, file));
        var seed = Seed(fixture);
        using var fuzz = new FuzzHarness();
        var mapping = fuzz.Write("map.json", Mapping);
        var dll = Assemblies[folder] is { } name ? FixturePath(folder, name) : null;

        var mutants = ByteMutations.Truncations(original, seed, 30)
            .Concat(ByteMutations.TextTruncations(original, seed + 1, XmlMarkers, 3))
            .Concat(ByteMutations.Flips(original, seed + 2, 30))
            .Concat(XmlMutations.Structural(original, seed + 3, 60));
        var index = 0;
        foreach (var mutant in mutants)
        {
            fuzz.Run(fixture, mutant, $"{index++}-{file}", Syntax.Xml, (o, path) =>
            {
                o.ResultFiles.Add(path);
                if (dll is not null)
                {
                    o.TestAssemblies.Add(dll);
                }

                o.MappingFile = mapping;
                o.ManualEvidenceFile = EvidencePath;
            });
        }

        output.WriteLine($"{fuzz.MutantCount} mutants");
        fuzz.AssertNoFailures();
    }

    [Theory]
    [MemberData(nameof(AssemblyFixtures))]
    public void Mutated_test_assemblies_never_crash_the_engine(string folder)
    {
        var file = Assemblies[folder]!;
        var fixture = folder + "/" + file;
        var original = File.ReadAllBytes(FixturePath(folder, file));
        var seed = Seed(fixture);
        using var fuzz = new FuzzHarness();
        var mapping = fuzz.Write("map.json", Mapping);
        var results = Directory.GetFiles(FixturePath(folder)).Where(p => p.EndsWith(".trx", StringComparison.Ordinal) || p.EndsWith(".xml", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(results);

        var mutants = ByteMutations.Truncations(original, seed, 30)
            .Concat(ByteMutations.Flips(original, seed + 1, 25))
            .Concat(ByteMutations.Flips(original, seed + 2, 20, 0, 0x200, "PE/COFF header"));
        foreach (var (region, from, to) in MetadataRegions(original))
        {
            mutants = mutants.Concat(ByteMutations.Flips(original, seed + 3 + from, 15, from, to, region));
        }

        var index = 0;
        foreach (var mutant in mutants)
        {
            fuzz.Run(fixture, mutant, $"{index++}-{file}", Syntax.None, (o, path) =>
            {
                foreach (var r in results)
                {
                    o.ResultFiles.Add(r);
                }

                o.TestAssemblies.Add(path);
                o.MappingFile = mapping;
                o.ManualEvidenceFile = EvidencePath;
            });
        }

        output.WriteLine($"{fuzz.MutantCount} mutants");
        fuzz.AssertNoFailures();
    }

    [Fact]
    public void Mutated_mapping_files_never_crash_the_engine()
    {
        using var fuzz = new FuzzHarness();
        var original = ByteMutations.Encode(Mapping, bom: false);
        const string fixture = "mapping (RobustnessFuzzTests.Mapping)";
        var seed = Seed(fixture);
        var index = 0;
        foreach (var mutant in JsonMutants(original, seed))
        {
            fuzz.Run(fixture, mutant, $"{index++}-map.json", Syntax.Json, (o, path) =>
            {
                o.ResultFiles.Add(FixturePath("xunit-v3", "results.xunit.xml"));
                o.ResultFiles.Add(FixturePath("pytest", "results.junit.xml"));
                o.TestAssemblies.Add(FixturePath("xunit-v3", "Fixture.XunitV3.dll"));
                o.MappingFile = path;
                o.ManualEvidenceFile = EvidencePath;
            });
        }

        output.WriteLine($"{fuzz.MutantCount} mutants");
        fuzz.AssertNoFailures();
    }

    [Fact]
    public void Mutated_evidence_files_never_crash_the_engine()
    {
        using var fuzz = new FuzzHarness();
        var mapping = fuzz.Write("map.json", Mapping);
        var original = File.ReadAllBytes(EvidencePath);
        const string fixture = "samples/HousePriceTraining.Tests/ml-test-score.evidence.json";
        var seed = Seed(fixture);
        var index = 0;
        foreach (var mutant in JsonMutants(original, seed))
        {
            fuzz.Run(fixture, mutant, $"{index++}-evidence.json", Syntax.Json, (o, path) =>
            {
                o.ResultFiles.Add(FixturePath("mstest", "results.mtp.trx"));
                o.TestAssemblies.Add(FixturePath("mstest", "Fixture.MSTest.dll"));
                o.MappingFile = mapping;
                o.ManualEvidenceFile = path;
            });
        }

        output.WriteLine($"{fuzz.MutantCount} mutants");
        fuzz.AssertNoFailures();
    }

    private static IEnumerable<Mutant> JsonMutants(byte[] original, int seed) =>
        ByteMutations.Truncations(original, seed, 40)
            .Concat(ByteMutations.TextTruncations(original, seed + 1, JsonMarkers, 3))
            .Concat(ByteMutations.Flips(original, seed + 2, 40))
            .Concat(JsonMutations.Structural(original, seed + 3, 150));

    /// <summary>The metadata tables and heaps the tag reader walks, as file offsets.</summary>
    private static IEnumerable<(string Region, int From, int To)> MetadataRegions(byte[] image)
    {
        using var pe = new PEReader(new MemoryStream(image));
        var start = pe.PEHeaders.MetadataStartOffset;
        var md = pe.GetMetadataReader();
        var regions = new List<(string, int, int)> { ("metadata root", start, start + 0x80) };
        foreach (var table in new[] { TableIndex.TypeDef, TableIndex.MethodDef, TableIndex.TypeRef, TableIndex.MemberRef, TableIndex.CustomAttribute, TableIndex.NestedClass })
        {
            var rows = md.GetTableRowCount(table);
            if (rows > 0)
            {
                var offset = start + md.GetTableMetadataOffset(table);
                regions.Add(($"{table} table", offset, offset + (rows * md.GetTableRowSize(table))));
            }
        }

        foreach (var heap in new[] { HeapIndex.String, HeapIndex.Blob })
        {
            var offset = start + md.GetHeapMetadataOffset(heap);
            regions.Add(($"{heap} heap", offset, offset + md.GetHeapSize(heap)));
        }

        return regions;
    }

    /// <summary>A stable seed per fixture (string.GetHashCode is randomized per process).</summary>
    private static int Seed(string name)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var c in name)
            {
                hash = (hash ^ c) * 16777619;
            }

            return hash & 0x3FFFFFFF;
        }
    }
}
