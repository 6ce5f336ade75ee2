using static MLOps.MLTestScore.Tests.TestFiles;

namespace MLOps.MLTestScore.Tests;

/// <summary>Hostile, malformed and missing inputs become coded diagnostics, never exceptions.</summary>
public class HostileInputTests
{
    [Fact]
    public void Billion_laughs_is_refused_with_a_code()
    {
        using var files = new TestFiles();
        var path = files.Write("lol.xml", """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [
              <!ENTITY lol "lol">
              <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
              <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
            ]>
            <testsuites><testsuite><testcase classname="A" name="&lol4;"/></testsuite></testsuites>
            """);

        var result = Score(o => o.ResultFiles.Add(path));

        var d = Assert.Single(result.Diagnostics, x => x.Code == "MLOPS9003");
        Assert.Equal(ScoreDiagnosticSeverity.Error, d.Severity);
        Assert.Equal(path, d.File);
        Assert.Equal(2, d.Line);
        Assert.Equal(0, result.Report.Inputs.ResultCount);
    }

    [Fact]
    public void External_entity_is_not_resolved()
    {
        using var files = new TestFiles();
        var secret = files.Write("secret.txt", "Data.1");
        var path = files.Write("xxe.xml", $"""
            <?xml version="1.0"?>
            <!DOCTYPE t [ <!ENTITY xxe SYSTEM "file://{secret}"> ]>
            <testsuites><testsuite><testcase classname="Ns.A" name="B"><properties><property name="MLTestScore" value="&xxe;"/></properties></testcase></testsuite></testsuites>
            """);

        var result = Score(o => o.ResultFiles.Add(path));

        Assert.Contains(result.Diagnostics, x => x.Code == "MLOPS9003");
        Assert.Equal(0, TestFiles.Section(result.Report, "Data"));
    }

    [Fact]
    public void Internal_dtd_without_entities_is_refused_too()
    {
        using var files = new TestFiles();
        var path = files.Write("dtd.trx", "<!DOCTYPE TestRun SYSTEM \"http://example.invalid/x.dtd\">\n<TestRun/>");

        var result = Score(o => o.ResultFiles.Add(path));

        Assert.Contains(result.Diagnostics, x => x.Code == "MLOPS9003" && x.Line == 1);
    }

    [Fact]
    public void Truncated_xml_reports_code_file_and_line()
    {
        var full = File.ReadAllText(FixturePath("xunit-v2", "results.junit.xml"));
        using var files = new TestFiles();
        var path = files.Write("truncated.xml", full[..(full.Length / 2)]);

        var result = Score(o => o.ResultFiles.Add(path));

        var d = Assert.Single(result.Diagnostics, x => x.Code == "MLOPS9002");
        Assert.Equal(path, d.File);
        Assert.True(d.Line > 10, $"line {d.Line}");
        Assert.Equal(0, result.Report.Inputs.ResultCount); // a half file is not half counted
    }

    [Theory]
    [InlineData("")]
    [InlineData("not xml at all")]
    [InlineData("<testsuites><testsuite>")]
    [InlineData("<a></b>")]
    public void Malformed_xml_is_a_coded_error(string content)
    {
        using var files = new TestFiles();
        var path = files.Write("bad.xml", content);

        var result = Score(o => o.ResultFiles.Add(path));

        Assert.Contains(result.Diagnostics, x => x.Code == "MLOPS9002" && x.Severity == ScoreDiagnosticSeverity.Error && x.File == path);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\uFEFF")]
    [InlineData("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")]
    [InlineData("<?xml version=\"1.0\"?>\n<!-- the run was cancelled -->\n")]
    public void Xml_without_any_element_still_reports_a_line(string content)
    {
        // Found by RobustnessFuzzTests (truncation to 0..48 bytes): "Root element is missing" has no position.
        using var files = new TestFiles();
        var path = files.Write("rootless.trx", content);

        var result = Score(o => o.ResultFiles.Add(path));

        var d = Assert.Single(result.Diagnostics, x => x.Code == "MLOPS9002");
        Assert.Equal(path, d.File);
        Assert.Equal((1, 1), (d.Line, d.Column));
    }

    [Fact]
    public void Missing_files_are_coded_errors()
    {
        var result = Score(o =>
        {
            o.ResultFiles.Add("/nonexistent/results.trx");
            o.TestAssemblies.Add("/nonexistent/Tests.dll");
            o.MappingFile = "/nonexistent/map.json";
            o.ManualEvidenceFile = "/nonexistent/evidence.json";
        });

        Assert.Equal(4, result.Diagnostics.Count(d => d.Code == "MLOPS9001"));
        Assert.Equal(0, result.Report.FinalScore);
    }

    [Fact]
    public void Unknown_root_element_is_a_coded_error()
    {
        using var files = new TestFiles();
        var path = files.Write("r.xml", "<?xml version=\"1.0\"?>\n<coverage line-rate=\"1\"/>");

        var d = Assert.Single(Score(o => o.ResultFiles.Add(path)).Diagnostics, x => x.Code == "MLOPS9004");
        Assert.Equal(2, d.Line);
    }

    [Theory]
    [InlineData("<testsuites/>")]
    [InlineData("<TestRun xmlns=\"http://microsoft.com/schemas/VisualStudio/TeamTest/2010\"><Results/></TestRun>")]
    [InlineData("<assemblies><assembly name=\"x.dll\"/></assemblies>")]
    public void Empty_runs_warn(string content)
    {
        using var files = new TestFiles();
        var path = files.Write("empty.xml", content);

        var result = Score(o => o.ResultFiles.Add(path));

        Assert.Contains(result.Diagnostics, x => x.Code == "MLOPS9005" && x.Severity == ScoreDiagnosticSeverity.Warning);
    }

    [Fact]
    public void A_non_assembly_is_a_coded_error()
    {
        using var files = new TestFiles();
        var path = files.Write("NotADll.dll", "MZ this is not a PE file");

        var result = Score(o => o.TestAssemblies.Add(path));

        Assert.Contains(result.Diagnostics, x => x.Code == "MLOPS9007" && x.File == path);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("{ \"mappings\": 3 }")]
    [InlineData("[]")]
    public void Invalid_mapping_file_is_a_coded_error(string content)
    {
        using var files = new TestFiles();
        var path = files.Write("map.json", content);

        var result = Score(o => o.MappingFile = path);

        Assert.Contains(result.Diagnostics, x => x.Code == "MLOPS9008" && x.File == path && x.Line >= 1);
    }

    [Theory]
    [InlineData("{ \"mappings\": [ { \"tests\": \"\\uD800\", \"items\": [\"Data.1\"] } ] }", 1, 29)]
    [InlineData("{ \"mappings\": [\n  { \"tests\": \"Ns.*\", \"items\": [\"Data.1\"], \"\\uDC00x\": 1 }\n] }", 2, 44)]
    [InlineData("{ \"mappings\": [ { \"tests\": \"\\uD83D\\u0041\", \"items\": [\"Data.1\"] } ] }", 1, 29)]
    public void Mapping_with_an_unpaired_surrogate_escape_is_a_coded_error_with_its_line(string content, int line, int column)
    {
        // Found by RobustnessFuzzTests: "\uD800" is valid JSON syntax, but reading it as a string threw InvalidOperationException (MLOPS9099).
        using var files = new TestFiles();
        var path = files.Write("map.json", content);

        var result = Score(o => o.MappingFile = path);

        Assert.DoesNotContain(result.Diagnostics, x => x.Code == "MLOPS9099");
        var d = Assert.Single(result.Diagnostics, x => x.Code == "MLOPS9008");
        Assert.Equal(ScoreDiagnosticSeverity.Error, d.Severity);
        Assert.Equal(path, d.File);
        Assert.Equal((line, column), (d.Line, d.Column));
    }

    [Fact]
    public void Evidence_with_an_unpaired_surrogate_escape_is_a_coded_error()
    {
        using var files = new TestFiles();
        var path = files.Write("evidence.json", "{ \"evidence\": [\n  { \"item\": \"Model.1\", \"date\": \"2026-11-01\", \"owner\": \"o\", \"link\": \"l\" },\n  { \"item\": \"Model.2\", \"note\": \"\\uDFFF\" }\n] }");

        var result = Score(o => o.ManualEvidenceFile = path);

        Assert.DoesNotContain(result.Diagnostics, x => x.Code == "MLOPS9099");
        var d = Assert.Single(result.Diagnostics, x => x.Code == "MLOPS9010");
        Assert.Equal((path, 3), (d.File, d.Line));
        Assert.Equal(0, result.Report.Inputs.ManualEvidenceCount); // like any invalid JSON: the file is not half read
    }

    [Theory]
    [InlineData("{ \"evidence\": [ { \"item\": ")]
    [InlineData("{ \"items\": [] }")]
    public void Invalid_evidence_file_is_a_coded_error(string content)
    {
        using var files = new TestFiles();
        var path = files.Write("evidence.json", content);

        var result = Score(o => o.ManualEvidenceFile = path);

        Assert.Contains(result.Diagnostics, x => x.Code == "MLOPS9010" && x.File == path);
    }

    [Fact]
    public void A_file_larger_than_the_limit_is_refused_unread_as_too_large()
    {
        using var files = new TestFiles();
        var path = files.Write("big.xml", JUnit(("Ns.A.B", "pass", new[] { "Data.1" })));
        var diagnostics = new List<ScoreDiagnostic>();

        Assert.Null(MLOps.MLTestScore.Reading.XmlInput.Load(path, diagnostics, maxBytes: 64));

        var d = Assert.Single(diagnostics);
        Assert.Equal(("MLOPS9003", path, 1, 1), (d.Code, d.File, d.Line, d.Column));
        Assert.Contains("larger than the reader's limit of 64 bytes", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stream_that_cannot_tell_its_length_is_refused_where_it_passes_the_limit()
    {
        using var files = new TestFiles();
        var content = JUnit(Enumerable.Range(0, 200).Select(i => ($"Ns.A.B{i}", "pass", new[] { "Data.1" })).ToArray());
        var path = files.Write("growing.xml", content);
        var diagnostics = new List<ScoreDiagnostic>();

        using var unseekable = new UnseekableStream(File.ReadAllBytes(path));
        Assert.Null(MLOps.MLTestScore.Reading.XmlInput.Load(path, diagnostics, maxBytes: content.Length / 2, unseekable));

        var d = Assert.Single(diagnostics);
        Assert.Equal(("MLOPS9003", path), (d.Code, d.File));
        Assert.True(d.Line >= 1 && d.Column >= 1);
    }

    [Fact]
    public void A_malformed_file_whose_error_message_mentions_MaxCharacters_is_malformed_not_too_large()
    {
        // The error message quotes the element names; the former check searched it for "MaxCharacters".
        using var files = new TestFiles();
        var path = files.Write("names.xml", "<testsuites>\n  <testsuite name=\"s\"></MaxCharactersInDocument>\n</testsuites>");

        var result = Score(o => o.ResultFiles.Add(path));

        var d = Assert.Single(result.Diagnostics, x => x.Code is "MLOPS9002" or "MLOPS9003");
        Assert.Equal(("MLOPS9002", 2), (d.Code, d.Line));
        Assert.Contains("MaxCharactersInDocument", d.Message, StringComparison.Ordinal);
    }

    private sealed class UnseekableStream : MemoryStream
    {
        public UnseekableStream(byte[] bytes)
            : base(bytes)
        {
        }

        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
