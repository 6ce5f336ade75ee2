using System.Text.Json;
using static MLOps.MLTestScore.Tests.TestFiles;

namespace MLOps.MLTestScore.Tests;

public class ReportWriterTests
{
    private const string Hostile = "Ns.T.<script>alert`1`</script>|a*b_c";

    private static ScoreReport HostileReport(TestFiles files)
    {
        // A test name a runner could write: the method part carries markup and Markdown syntax.
        var results = files.Write("r.xml", """
            <testsuites><testsuite>
              <testcase classname="Ns.T" name="&lt;script&gt;alert`1`&lt;/script&gt;|a*b_c">
                <properties><property name="MLTestScore" value="Data.1"/></properties>
              </testcase>
            </testsuite></testsuites>
            """);
        var evidence = files.Write("e.json", """{ "evidence": [ { "item": "Model.1", "date": "2026-11-01", "owner": "<img src=x onerror=alert(2)>", "link": "javascript:alert(3)", "note": "line1\n| injected | row |" } ] }""");
        return Score(o => { o.ResultFiles.Add(results); o.ManualEvidenceFile = evidence; }).Report;
    }

    [Fact]
    public void Test_name_is_read_as_written()
    {
        using var files = new TestFiles();
        Assert.Equal(Hostile, Assert.Single(Item(HostileReport(files), "Data.1").Tests).Name);
    }

    [Fact]
    public void Html_encodes_every_test_controlled_string_and_is_self_contained()
    {
        using var files = new TestFiles();
        var html = ReportWriter.ToHtml(HostileReport(files));

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert`1`&lt;/script&gt;|a*b_c", html);
        Assert.Contains("&lt;img src=x onerror=alert(2)&gt;", html);
        Assert.DoesNotContain("href=", html);
        Assert.DoesNotContain("src=\"http", html);
        Assert.DoesNotContain("<link", html);
        Assert.Contains("<svg", html);
        Assert.Contains("<style>", html);
        Assert.StartsWith("<!DOCTYPE html>", html);
    }

    [Fact]
    public void Markdown_escapes_pipes_markup_and_newlines()
    {
        using var files = new TestFiles();
        var md = ReportWriter.ToMarkdown(HostileReport(files));

        Assert.Contains(@"Ns.T.&lt;script&gt;alert\`1\`&lt;/script&gt;\|a\*b\_c", md);
        Assert.DoesNotContain("<script", md);
        Assert.DoesNotContain("<img", md);
        Assert.DoesNotContain("line1\n", md);
        // Every table row keeps its column count: unescaped pipes would add cells. The two rows that carry the
        // hostile test name and evidence must be found, or the loop below checks nothing.
        var rows = md.Split('\n').Where(l => l.StartsWith("| Data.1 |", StringComparison.Ordinal) || l.StartsWith("| Model.1 |", StringComparison.Ordinal)).ToList();
        Assert.True(rows.Count == 2, $"expected the item rows of Data.1 and Model.1, found {rows.Count}:\n{md}");
        foreach (var row in rows)
        {
            var unescapedPipes = row.Replace("\\|", string.Empty).Count(c => c == '|');
            Assert.Equal(6, unescapedPipes);
        }
    }

    [Theory]
    [InlineData("a|b", @"a\|b")]
    [InlineData("<b>", "&lt;b&gt;")]
    [InlineData("x\r\ny", "x  y")]
    [InlineData(@"back\slash", @"back\\slash")]
    [InlineData("plain text 1.5", "plain text 1.5")]
    public void Markdown_escape(string input, string expected) => Assert.Equal(expected, ReportWriter.Md(input));

    [Fact]
    public void Json_has_the_versioned_camel_case_shape()
    {
        using var files = new TestFiles();
        var json = ReportWriter.ToJson(HostileReport(files));
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;

        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(0, root.GetProperty("finalScore").GetDouble());
        Assert.Equal("0", root.GetProperty("band").GetString());
        Assert.Equal(JsonValueKind.String, root.GetProperty("weakestSection").ValueKind);
        var sections = root.GetProperty("sections");
        Assert.Equal(4, sections.GetArrayLength());
        Assert.Equal(new[] { "Data", "Model", "Infra", "Monitor" }, sections.EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToArray());
        var data1 = sections[0].GetProperty("items")[0];
        Assert.Equal("Data.1", data1.GetProperty("id").GetString());
        Assert.Equal(1, data1.GetProperty("points").GetDouble());
        Assert.Equal("Automated", data1.GetProperty("status").GetString());
        Assert.Equal(Hostile, data1.GetProperty("tests")[0].GetProperty("name").GetString());
        Assert.Equal("Passed", data1.GetProperty("tests")[0].GetProperty("outcome").GetString());
        Assert.Equal(7, sections[1].GetProperty("items").GetArrayLength());
        Assert.Equal("Manual", sections[1].GetProperty("items")[0].GetProperty("status").GetString());
        Assert.Equal("2026-11-01", sections[1].GetProperty("items")[0].GetProperty("manualEvidence").GetProperty("date").GetString());
        Assert.True(root.GetProperty("nextSteps").GetArrayLength() > 0);
        Assert.Equal(0, root.GetProperty("maturity").GetProperty("google").GetProperty("level").GetInt32());
        Assert.Equal(4, root.GetProperty("maturity").GetProperty("azure").GetProperty("maxLevel").GetInt32());
        Assert.Equal(1, root.GetProperty("inputs").GetProperty("resultCount").GetInt32());
        Assert.DoesNotContain("<script>", json); // the encoder escapes markup characters
    }

    [Fact]
    public void WriteAll_writes_three_files_atomically_and_leaves_no_temp_file()
    {
        using var files = new TestFiles();
        var report = HostileReport(files);
        var outDir = Path.Combine(files.Directory, "out");
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "score.json"), "old content");

        var written = ReportWriter.WriteAll(report, outDir, "score");

        Assert.Equal(new[] { "score.json", "score.md", "score.html" }, written.Select(Path.GetFileName).ToArray());
        Assert.Equal(ReportWriter.ToJson(report), File.ReadAllText(written[0]));
        Assert.Equal(ReportWriter.ToHtml(report), File.ReadAllText(written[2]));
        Assert.Equal(new[] { "score.html", "score.json", "score.md" }, Directory.GetFiles(outDir).Select(Path.GetFileName).Order().ToArray());
    }

    [Fact]
    public void Summary_line_is_one_line_naming_all_tied_weakest_sections()
    {
        var line = ReportWriter.SummaryLine(Score(_ => { }).Report);

        Assert.Equal("ML Test Score 0 (weakest: Data, Model, Infra, Monitor 0): more a research project than a production system. Google MLOps level 0, Azure MLOps level 0.", line);
    }
}
