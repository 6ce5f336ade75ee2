using System.Reflection.PortableExecutable;
using static MLOps.MLTestScore.Tests.TestFiles;

namespace MLOps.MLTestScore.Tests;

/// <summary>
/// The attribute shapes of NUnit and MSTest, compiled into a small assembly (same namespaces and
/// constructor signatures as the real frameworks) and read as metadata.
/// </summary>
public class AssemblyTagReaderTests
{
    private const string Frameworks = """
        namespace NUnit.Framework
        {
            public class PropertyAttribute : System.Attribute
            {
                public PropertyAttribute(string propertyName, string propertyValue) { }
                public PropertyAttribute(string propertyName, int propertyValue) { }
            }
            public class CategoryAttribute : System.Attribute { public CategoryAttribute(string name) { } }
        }
        namespace Microsoft.VisualStudio.TestTools.UnitTesting
        {
            public enum Level : byte { Low, High }
            public sealed class TestPropertyAttribute : System.Attribute { public TestPropertyAttribute(string name, string value) { } }
            public class TestCategoryAttribute : System.Attribute { public TestCategoryAttribute(string testCategory) { } }
            public sealed class OwnerAttribute : System.Attribute { public OwnerAttribute(string owner, Level level) { } }
        }
        namespace Company.Testing
        {
            public sealed class MLTestAttribute : System.Attribute { public MLTestAttribute(params string[] ids) { } }
        }
        """;

    [Fact]
    public void Reads_NUnit_MSTest_and_MLTest_tags()
    {
        using var files = new TestFiles();
        var dll = CompiledAssembly.Build(files, "Tagged", Frameworks + """
            namespace Ml.Tests
            {
                using NUnit.Framework;
                using Microsoft.VisualStudio.TestTools.UnitTesting;
                public class NUnitTests
                {
                    [Property("MLTestScore", "Data.1")] public void Schema() { }
                    [Category("MLTestScore:Data.4")] public void MetaLevel() { }
                    [Property("Priority", 1), Category("Slow")] public void Untagged() { }
                    [Property("MLTestScore", 3)] public void IntValue() { }
                }
                public class MSTestTests
                {
                    [TestProperty("MLTestScore", "Model.3")] [Owner("x", Level.High)] public void Tuned() { }
                    [TestCategory("MLTestScore:Model.2")] public void Correlate() { }
                    [TestProperty("MLTestScore", "Model.99")] public void Unknown() { }
                }
                public class CustomTests
                {
                    [Company.Testing.MLTest("Infra.6", "infra-7")] public void CanaryAndRollback() { }
                }
            }
            """);
        var tags = new Reading.AssemblyTags();
        var diagnostics = new List<ScoreDiagnostic>();

        Reading.AssemblyTagReader.Read(dll, tags, diagnostics);

        Assert.Equal(new[] { "Data.1" }, tags.Methods["Ml.Tests.NUnitTests.Schema"]);
        Assert.Equal(new[] { "Data.4" }, tags.Methods["Ml.Tests.NUnitTests.MetaLevel"]);
        Assert.False(tags.Methods.ContainsKey("Ml.Tests.NUnitTests.Untagged"));
        Assert.False(tags.Methods.ContainsKey("Ml.Tests.NUnitTests.IntValue"));
        Assert.Equal(new[] { "Model.3" }, tags.Methods["Ml.Tests.MSTestTests.Tuned"]);
        Assert.Equal(new[] { "Model.2" }, tags.Methods["Ml.Tests.MSTestTests.Correlate"]);
        Assert.Equal(new[] { "Infra.6", "Infra.7" }, tags.Methods["Ml.Tests.CustomTests.CanaryAndRollback"].OrderBy(x => x));
        var unknown = Assert.Single(diagnostics);
        Assert.Equal("MLOPS9006", unknown.Code);
        Assert.Equal(dll, unknown.File);
    }

    [Fact]
    public void A_bad_tag_points_at_the_tests_source_when_the_assembly_has_a_portable_pdb()
    {
        using var files = new TestFiles();
        var source = Path.Combine(files.Directory, "src", "SliceTests.cs");
        var text = Frameworks + """

            namespace Ml.Tests
            {
                using NUnit.Framework;
                public class SliceTests
                {
                    [Property("MLTestScore", "Model.99")]
                    public int Unknown() { return 42; }
                }
            }
            """;
        var dll = CompiledAssembly.Build(files, "WithPdb", text, sourcePath: source);
        var diagnostics = new List<ScoreDiagnostic>();

        Reading.AssemblyTagReader.Read(dll, new Reading.AssemblyTags(), diagnostics);

        // Not the .dll, not column 0: the method's first statement in its source file (the PDB's first sequence point).
        var unknown = Assert.Single(diagnostics);
        Assert.Equal("MLOPS9006", unknown.Code);
        Assert.Equal(source, unknown.File);
        var method = text.IndexOf("public int Unknown()", StringComparison.Ordinal);
        Assert.Equal(text.Take(method).Count(c => c == '\n') + 1, unknown.Line);
        Assert.True(unknown.Column >= 1, "1-based column");
    }

    [Fact]
    public void An_in_run_scorer_reports_a_bad_tag_once_at_the_source_not_again_at_its_junit_file_under_obj()
    {
        using var files = new TestFiles();
        var source = Path.Combine(files.Directory, "src", "SliceTests.cs");
        var dll = CompiledAssembly.Build(files, "InRun", Frameworks + """

            namespace Ml.Tests
            {
                using NUnit.Framework;
                public class SliceTests
                {
                    [Property("MLTestScore", "Model.99")]
                    public int Unknown() { return 42; }
                }
            }
            """, sourcePath: source);
        var configuration = files.Write("run.config", $"ReportDirectory={files.Directory}/out\nResultsDirectory={files.Directory}/obj/mltestscore\nTestAssembly={dll}\n");
        // The runner reports the attribute as a trait too, so the run's JUnit file carries the bad value.
        var results = new[] { new Runs.RunTestResult("Ml.Tests.SliceTests", "Unknown", Runs.RunTestOutcome.Passed, TimeSpan.Zero, null, new[] { new KeyValuePair<string, string>("MLTestScore", "Model.99") }) };

        var outcome = Runs.TestRunScorer.Score(Runs.ScoreRunConfiguration.Read(configuration), results, Array.Empty<string>(), "vstest");

        var unknown = Assert.Single(outcome.Messages, m => m.Text.Contains("MLOPS9006", StringComparison.Ordinal));
        Assert.StartsWith(source + "(", unknown.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Tagged_methods_without_results_are_listed_and_warned()
    {
        using var files = new TestFiles();
        var dll = CompiledAssembly.Build(files, "NotRun", Frameworks + """
            namespace Ml.Tests
            {
                public class T
                {
                    [NUnit.Framework.Property("MLTestScore", "Infra.7")] public void Rollback() { }
                    [NUnit.Framework.Property("MLTestScore", "Infra.6")] public void Canary() { }
                }
            }
            """);
        var results = files.Write("r.xml", JUnit(("Ml.Tests.T.Canary", "pass", Array.Empty<string>())));

        var result = Score(o => { o.ResultFiles.Add(results); o.TestAssemblies.Add(dll); });

        Assert.Equal(ItemStatus.Automated, Item(result.Report, "Infra.6").Status);
        Assert.Equal(ItemStatus.Missing, Item(result.Report, "Infra.7").Status);
        Assert.Equal("NotExecuted", Assert.Single(Item(result.Report, "Infra.7").Tests).Outcome);
        var warning = Assert.Single(result.Diagnostics, d => d.Code == "MLOPS9016");
        Assert.Contains("Ml.Tests.T.Rollback", warning.Message);
    }

    [Fact]
    public void Corrupt_metadata_stream_count_is_a_coded_error()
    {
        // Found by RobustnessFuzzTests (0xFF over the metadata root of Fixture.XunitV2.dll): with a
        // stream count far beyond the stream headers present, the metadata reader throws
        // OverflowException, not BadImageFormatException; that became MLOPS9099.
        var bytes = File.ReadAllBytes(FixturePath("xunit-v2", "Fixture.XunitV2.dll"));
        int start;
        using (var pe = new PEReader(new MemoryStream(bytes)))
        {
            start = pe.PEHeaders.MetadataStartOffset;
        }

        // Metadata root: signature, major, minor, reserved (4 bytes), version length, version, flags (2), stream count (2).
        var versionLength = BitConverter.ToInt32(bytes, start + 12);
        var streamCount = start + 16 + versionLength + 2;
        Assert.Equal(5, BitConverter.ToUInt16(bytes, streamCount));
        bytes[streamCount + 1] = 0xFF; // 5 -> 65285 streams
        using var files = new TestFiles();
        var dll = Path.Combine(files.Directory, "Corrupt.dll");
        File.WriteAllBytes(dll, bytes);

        var result = Score(o => o.TestAssemblies.Add(dll));

        Assert.DoesNotContain(result.Diagnostics, d => d.Code == "MLOPS9099");
        var d = Assert.Single(result.Diagnostics, d => d.Code == "MLOPS9007");
        Assert.Equal(dll, d.File);
        Assert.Equal("unreadable", Assert.Single(result.Report.Inputs.TestAssemblies).Format);
    }
}
