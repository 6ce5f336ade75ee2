using System.Text.Json;
using System.Text.RegularExpressions;
using MLOps.MLTestScore.Debt;
using static MLOps.MLTestScore.Tests.TestFiles;

namespace MLOps.MLTestScore.Tests;

/// <summary>
/// The debt section: the SARIF reader on a real compiler-written log (tests/fixtures/sarif/compiler.sarif, from
/// tests/fixtures/sarif/generate.sh) and on hostile inputs, the rule-to-item map against the rule pages,
/// and the contradiction between passing tagged tests and open findings.
/// </summary>
public sealed class DebtTests
{
    private static string CompilerSarif => FixturePath("sarif", "compiler.sarif");

    private static string Sarif(string results, string rules = "[]") =>
        "{ \"version\": \"2.1.0\", \"runs\": [ { \"tool\": { \"driver\": { \"name\": \"csc\", \"rules\": " + rules + " } }, \"results\": " + results + " } ] }";

    private static string Result(string ruleId, string file, int line, bool suppressed = false) =>
        "{ \"ruleId\": \"" + ruleId + "\", \"level\": \"warning\", \"message\": { \"text\": \"m " + ruleId + "\" }, \"locations\": [ { \"physicalLocation\": { \"artifactLocation\": { \"uri\": \"" + file
        + "\" }, \"region\": { \"startLine\": " + line + ", \"startColumn\": 5 } } } ]" + (suppressed ? ", \"suppressions\": [ { \"kind\": \"inSource\" } ]" : string.Empty) + " }";

    [Fact]
    public void Reads_the_MLOPS_results_of_a_real_compiler_log_and_nothing_else()
    {
        var findings = new List<DebtFinding>();
        var diagnostics = new List<ScoreDiagnostic>();

        var count = SarifReader.Read(CompilerSarif, findings, diagnostics);

        Assert.Empty(diagnostics);
        Assert.Equal(4, count); // CS0168 is in the log too: not ours.
        Assert.All(findings, f => Assert.EndsWith("tests/fixtures/sarif/Training.cs", f.File.Replace('\\', '/'), StringComparison.Ordinal));
        Assert.All(findings, f => Assert.Equal("Reproducibility", f.Category));
        Assert.All(findings, f => Assert.Equal("https://github.com/mlops-analyzers/MLOps.Analyzers/blob/main/rules/" + f.RuleId + ".md", f.HelpLink));
        Assert.Equal(
            new[] { "MLOPS101:11:18:open", "MLOPS101:25:18:suppressed", "MLOPS102:18:22:open", "MLOPS102:31:57:suppressed" },
            findings.Select(f => f.RuleId + ":" + f.Line + ":" + f.Column + ":" + (f.Suppressed ? "suppressed" : "open")).OrderBy(s => s, StringComparer.Ordinal));
        Assert.Contains(findings, f => f.RuleId == "MLOPS101" && f.Message.Contains("MLContext has no seed", StringComparison.Ordinal));
    }

    [Fact]
    public void A_passing_Infra_1_test_is_contradicted_by_the_open_findings_and_keeps_its_point()
    {
        using var files = new TestFiles();
        var results = files.Write("r.xml", JUnit(("Ns.Repro.SameSeedSameModel", "pass", new[] { "Infra.1" }), ("Ns.Gate.Quality", "pass", new[] { "Infra.4" })));

        var result = Score(o =>
        {
            o.ResultFiles.Add(results);
            o.SarifFiles.Add(CompilerSarif);
        });

        var infra1 = Item(result.Report, "Infra.1");
        Assert.Equal(ItemStatus.Automated, infra1.Status);
        Assert.Equal(1, infra1.Points);
        Assert.Equal(
            "passing tagged tests claim Infra.1 (Training is reproducible), but 2 unsuppressed findings of MLOPS101 (1), MLOPS102 (1) that protect it remain in the code.",
            infra1.Contradiction);
        Assert.Null(Item(result.Report, "Infra.4").Contradiction); // MLOPS401/402: no finding in the log.
        Assert.Equal(2, result.Report.Sections.Single(s => s.Name == "Infra").Score);

        var debt = result.Report.Debt;
        Assert.Equal(2, debt.Total);
        Assert.Equal(2, debt.Suppressed);
        Assert.Equal(new[] { "Infra.1" }, debt.ContradictedItems);
        Assert.Equal(new[] { "MLOPS101", "MLOPS102" }, debt.ByRule.Select(r => r.RuleId));
        Assert.All(debt.ByRule, r => Assert.Equal((1, 1), (r.Count, r.Suppressed)));
        Assert.Equal("Reproducibility", Assert.Single(debt.ByCategory).Category);
        Assert.Equal(28, debt.Items.Count);
        Assert.Equal(new[] { "MLOPS101", "MLOPS102", "MLOPS103", "MLOPS104", "MLOPS201", "MLOPS202", "MLOPS203", "MLOPS204", "MLOPS301", "MLOPS302" }, debt.Items.Single(i => i.Item == "Infra.1").Rules);

        var warning = Assert.Single(result.Diagnostics, d => d.Code == ScoreDiagnosticCodes.ContradictedItem);
        Assert.Equal(ScoreDiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal(11, warning.Line);
        Assert.Contains("MLOPS101 at ", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FailOnContradiction_makes_it_an_error()
    {
        using var files = new TestFiles();
        var results = files.Write("r.xml", JUnit(("Ns.Repro.SameSeedSameModel", "pass", new[] { "Infra.1" })));

        var result = Score(o =>
        {
            o.ResultFiles.Add(results);
            o.SarifFiles.Add(CompilerSarif);
            o.FailOnContradiction = true;
        });

        Assert.Equal(ScoreDiagnosticSeverity.Error, Assert.Single(result.Diagnostics, d => d.Code == "MLOPS9110").Severity);
        Assert.Equal(1, Item(result.Report, "Infra.1").Points);
    }

    [Theory]
    [InlineData("fail", true)]   // A failing test claims nothing.
    [InlineData("skip", true)]   // Nor does a skipped one.
    [InlineData("pass", false)]  // Only suppressed findings: no debt.
    public void No_contradiction_without_a_passing_claim_or_without_open_findings(string outcome, bool openFindings)
    {
        using var files = new TestFiles();
        var results = files.Write("r.xml", JUnit(("Ns.Repro.Same", outcome, new[] { "Infra.1" }), ("Ns.Other.Test", "pass", Array.Empty<string>())));
        var sarif = files.Write("a.sarif", Sarif("[" + Result("MLOPS101", "file:///src/Train.cs", 3, suppressed: !openFindings) + "]"));

        var result = Score(o =>
        {
            o.ResultFiles.Add(results);
            o.SarifFiles.Add(sarif);
        });

        Assert.Null(Item(result.Report, "Infra.1").Contradiction);
        Assert.Empty(result.Report.Debt.ContradictedItems);
        Assert.DoesNotContain(result.Diagnostics, d => d.Code == "MLOPS9110");
        Assert.Equal(openFindings ? 1 : 0, result.Report.Debt.Total);
    }

    [Fact]
    public void MLOPS401_contradicts_Infra_4_and_the_model_items_it_protects_and_the_maturity_evidence_says_so()
    {
        using var files = new TestFiles();
        var results = files.Write("r.xml", JUnit(
            ("Ns.Pipeline.Integration", "pass", new[] { "Infra.3" }),
            ("Ns.Repro.Same", "pass", new[] { "Infra.1" }),
            ("Ns.Gate.Quality", "pass", new[] { "Infra.4" }),
            ("Ns.Baseline.Simpler", "pass", new[] { "Model.5" })));
        var sarif = files.Write("a.sarif", Sarif("[" + Result("MLOPS401", "file:///repo/src/Train.cs", 40) + "]"));
        MaturityTests.WriteRepositoryFacts(files);

        var result = Score(o =>
        {
            o.ResultFiles.Add(results);
            o.SarifFiles.Add(sarif);
            o.Environment["CI"] = "true";
            o.RepositoryRoot = files.Directory;
        });

        Assert.Equal(new[] { "Model.5", "Infra.4" }, result.Report.Debt.ContradictedItems);
        Assert.Null(Item(result.Report, "Infra.1").Contradiction);
        Assert.Equal(2, result.Diagnostics.Count(d => d.Code == "MLOPS9110"));

        // Azure level 2 rests on Infra.1 and Infra.3: neither is contradicted. The Infra.4 line is not evidence of a level reached.
        Assert.Equal(2, result.Report.Maturity.Azure.Level);
        Assert.DoesNotContain(result.Report.Maturity.Azure.Evidence, e => e.Contains("contradicted", StringComparison.Ordinal));
    }

    [Fact]
    public void Maturity_evidence_of_a_contradicted_item_carries_the_note_and_the_level_stays()
    {
        using var files = new TestFiles();
        var results = files.Write("r.xml", JUnit(("Ns.Pipeline.Integration", "pass", new[] { "Infra.3" }), ("Ns.Repro.Same", "pass", new[] { "Infra.1" })));
        var sarif = files.Write("a.sarif", Sarif("[" + Result("MLOPS103", "file:///repo/src/Train.cs", 7) + "]"));
        MaturityTests.WriteRepositoryFacts(files);

        var result = Score(o =>
        {
            o.ResultFiles.Add(results);
            o.SarifFiles.Add(sarif);
            o.Environment["CI"] = "true";
            o.RepositoryRoot = files.Directory;
        });

        Assert.Equal(2, result.Report.Maturity.Azure.Level);
        var line = Assert.Single(result.Report.Maturity.Azure.Evidence, e => e.StartsWith("Infra.1 ", StringComparison.Ordinal));
        Assert.Contains("(contradicted: passing tagged tests claim Infra.1", line, StringComparison.Ordinal);
        Assert.Contains("MLOPS103 (1)", line, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_log_twice_or_one_log_per_target_framework_counts_each_finding_once()
    {
        using var files = new TestFiles();
        var content = Sarif("[" + Result("MLOPS101", "file:///repo/src/Train.cs", 3) + "]");
        var net8 = files.Write("net8.0/mlops.sarif", content);
        var net10 = files.Write("net10.0/mlops.sarif", content);

        var result = Score(o =>
        {
            o.SarifFiles.Add(net8);
            o.SarifFiles.Add(net10);
            o.SarifFiles.Add(net10);
        });

        Assert.Equal(1, result.Report.Debt.Total);
        Assert.Equal(2, result.Report.Debt.SarifFiles.Count);
    }

    [Fact]
    public void Findings_are_named_relative_to_the_repository()
    {
        using var files = new TestFiles();
        var source = Path.Combine(files.Directory, "src", "Train.cs");
        var sarif = files.Write("a.sarif", Sarif("[" + Result("MLOPS102", new Uri(source).AbsoluteUri, 9) + "]"));

        var result = Score(o =>
        {
            o.SarifFiles.Add(sarif);
            o.RepositoryRoot = files.Directory;
        });

        var finding = Assert.Single(result.Report.Debt.Findings);
        Assert.Equal("src/Train.cs", finding.File);
        Assert.Equal("a.sarif", Assert.Single(result.Report.Debt.SarifFiles));
        Assert.Contains("| src/Train.cs:9 | [MLOPS102](https://github.com/mlops-analyzers/MLOps.Analyzers/blob/main/rules/MLOPS102.md) |", ReportWriter.ToMarkdown(result.Report), StringComparison.Ordinal);
    }

    [Fact]
    public void A_SARIF_1_0_log_the_compilers_default_is_read_too()
    {
        using var files = new TestFiles();
        var sarif = files.Write("v1.sarif", """
            { "version": "1.0.0", "runs": [ { "tool": { "name": "csc" },
              "results": [
                { "ruleId": "MLOPS101", "level": "warning", "message": "no seed", "locations": [ { "resultFile": { "uri": "file:///repo/Train.cs", "region": { "startLine": 4, "startColumn": 2 } } } ] },
                { "ruleId": "MLOPS101", "level": "warning", "message": "no seed", "suppressionStates": [ "suppressedInSource" ], "locations": [ { "resultFile": { "uri": "file:///repo/Train.cs", "region": { "startLine": 9, "startColumn": 2 } } } ] }
              ],
              "rules": { "MLOPS101": { "id": "MLOPS101", "properties": { "category": "Reproducibility" } } } } ] }
            """);
        var findings = new List<DebtFinding>();
        var diagnostics = new List<ScoreDiagnostic>();

        Assert.Equal(2, SarifReader.Read(sarif, findings, diagnostics));
        Assert.Empty(diagnostics);
        Assert.Equal(new[] { (4, false), (9, true) }, findings.Select(f => (f.Line, f.Suppressed)));
        Assert.All(findings, f => Assert.Equal(("no seed", "Reproducibility"), (f.Message, f.Category)));
    }

    [Fact]
    public void A_log_with_a_UTF8_byte_order_mark_is_read()
    {
        using var files = new TestFiles();
        var path = Path.Combine(files.Directory, "bom.sarif");
        File.WriteAllText(path, Sarif("[" + Result("MLOPS101", "file:///repo/Train.cs", 3) + "]"), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        var findings = new List<DebtFinding>();
        var diagnostics = new List<ScoreDiagnostic>();

        Assert.Equal(1, SarifReader.Read(path, findings, diagnostics));
        Assert.Empty(diagnostics);
    }

    public static TheoryData<string, string, int> BadLogs() => new()
    {
        { "truncated.sarif", "{ \"version\": \"2.1.0\",\n  \"runs\": [ { \"results\": [ { \"ruleId\": \"MLOPS101\"", 2 },
        { "not-json.sarif", "<xml/>", 1 },
        { "empty.sarif", string.Empty, 0 },
        { "array.sarif", "[]", 0 },
        { "runs-not-array.sarif", "{ \"runs\": 5 }", 0 },
        { "deep.sarif", new string('[', 5000) + new string(']', 5000), 1 },
    };

    [Theory]
    [MemberData(nameof(BadLogs))]
    public void A_bad_log_is_a_coded_warning_with_file_and_line_never_a_crash(string name, string content, int line)
    {
        using var files = new TestFiles();
        var path = files.Write(name, content);
        var results = files.Write("r.xml", JUnit(("Ns.Repro.Same", "pass", new[] { "Infra.1" })));

        var result = Score(o =>
        {
            o.ResultFiles.Add(results);
            o.SarifFiles.Add(path);
        });

        var warning = Assert.Single(result.Diagnostics, d => d.Code == ScoreDiagnosticCodes.UnreadableSarif);
        Assert.Equal(ScoreDiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal(path, warning.File);
        Assert.Equal(line, warning.Line);
        Assert.Equal(1, Item(result.Report, "Infra.1").Points);
        Assert.Equal(0, result.Report.Debt.Total);
    }

    [Fact]
    public void A_missing_log_is_a_warning_naming_it()
    {
        var path = Path.Combine(Path.GetTempPath(), "mlts-missing-" + Guid.NewGuid().ToString("N"), "mlops.sarif");

        var result = Score(o => o.SarifFiles.Add(path));

        var warning = Assert.Single(result.Diagnostics, d => d.Code == "MLOPS9030");
        Assert.Equal(path, warning.File);
        Assert.Contains("does not exist", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_log_is_refused_unread()
    {
        using var files = new TestFiles();
        var path = Path.Combine(files.Directory, "huge.sarif");
        using (var stream = File.Create(path))
        {
            stream.SetLength(SarifReader.MaxBytes + 1); // Sparse: no 128 MB written.
        }

        var result = Score(o => o.SarifFiles.Add(path));

        Assert.Contains("larger than the 128 MB", Assert.Single(result.Diagnostics, d => d.Code == "MLOPS9030").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_shapes_and_strings_are_skipped_or_escaped()
    {
        using var files = new TestFiles();
        var sarif = files.Write("hostile.sarif", Sarif(
            """
            [ 5, "x", null,
              { "ruleId": 7 },
              { "ruleId": "MLOPS9110", "message": { "text": "the score's own code: not an analyzer rule" } },
              { "ruleId": "MLOPS1011" },
              { "ruleId": "MLOPS101", "message": 42, "locations": { "a": 1 }, "suppressions": "yes" },
              { "ruleId": "MLOPS102", "message": { "text": "bad | <script>alert(1)</script> [x](javascript:y)" },
                "locations": [ 3, { "physicalLocation": { "artifactLocation": { "uri": "file:///repo/A|B.cs" }, "region": { "startLine": "12", "startColumn": -4 } } } ] },
              { "ruleId": "MLOPS103", "message": { "text": "\uD800" }, "suppressions": [ { "kind": "inSource", "status": "rejected" } ] }
            ]
            """,
            """[ { "id": "MLOPS102", "helpUri": "javascript:alert(1)", "properties": { "category": "<b>x</b>" } }, 17 ]"""));

        var result = Score(o => o.SarifFiles.Add(sarif));
        var debt = result.Report.Debt;

        Assert.Equal(new[] { "MLOPS101", "MLOPS102", "MLOPS103" }, debt.Findings.Select(f => f.RuleId).OrderBy(s => s, StringComparer.Ordinal));
        Assert.Equal(3, debt.Total); // A rejected suppression does not suppress.
        Assert.Contains("3 result(s) of the SARIF log are not JSON objects", Assert.Single(result.Diagnostics, d => d.Code == "MLOPS9030").Message, StringComparison.Ordinal);
        var odd = debt.Findings.Single(f => f.RuleId == "MLOPS102");
        Assert.Equal(0, odd.Line); // "12" is a string and -4 no column: unknown, not a crash.
        Assert.Equal(RuleItemMap.HelpLink("MLOPS102"), odd.HelpLink); // Only http(s) links are kept.
        Assert.Equal(string.Empty, debt.Findings.Single(f => f.RuleId == "MLOPS103").Message); // Unpaired surrogate: unreadable, dropped.

        var markdown = ReportWriter.ToMarkdown(result.Report);
        var html = ReportWriter.ToHtml(result.Report);
        Assert.DoesNotContain("<script>", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>x</b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:alert", html, StringComparison.Ordinal);
        Assert.Contains("A\\|B.cs", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_without_SARIF_logs_have_no_debt_section_and_reports_with_them_do()
    {
        using var files = new TestFiles();
        var results = files.Write("r.xml", JUnit(("Ns.Repro.Same", "pass", new[] { "Infra.1" })));

        var without = Score(o => o.ResultFiles.Add(results)).Report;
        var with = Score(o =>
        {
            o.ResultFiles.Add(results);
            o.SarifFiles.Add(CompilerSarif);
        }).Report;

        Assert.DoesNotContain("## Debt", ReportWriter.ToMarkdown(without), StringComparison.Ordinal);
        Assert.DoesNotContain("<h2>Debt", ReportWriter.ToHtml(without), StringComparison.Ordinal);
        var markdown = ReportWriter.ToMarkdown(with);
        Assert.Contains("## Debt: MLOPS findings in the code", markdown, StringComparison.Ordinal);
        Assert.Contains("2 unsuppressed finding(s), 2 suppressed, from 1 compiler SARIF log(s)", markdown, StringComparison.Ordinal);
        Assert.Contains("- **Contradicted Infra.1**:", markdown, StringComparison.Ordinal);
        Assert.Contains("| Infra.1 | Training is reproducible | 1 | Automated | Ns.Repro.Same (Passed); contradicted: passing tagged tests claim", markdown, StringComparison.Ordinal);
        var html = ReportWriter.ToHtml(with);
        Assert.Contains("<h2>Debt: MLOPS findings in the code</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"Failing\">contradicted: passing tagged tests claim Infra.1", html, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(ReportWriter.ToJson(with));
        var debt = json.RootElement.GetProperty("debt");
        Assert.Equal(2, debt.GetProperty("total").GetInt32());
        Assert.Equal("Infra.1", debt.GetProperty("contradictedItems")[0].GetString());
        Assert.StartsWith("passing tagged tests claim", json.RootElement.GetProperty("sections")[2].GetProperty("items")[0].GetProperty("contradiction").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_reader_reads_the_debt_back()
    {
        using var files = new TestFiles();
        var results = files.Write("r.xml", JUnit(("Ns.Repro.Same", "pass", new[] { "Infra.1" })));
        var report = Score(o =>
        {
            o.ResultFiles.Add(results);
            o.SarifFiles.Add(CompilerSarif);
        }).Report;
        var written = ReportWriter.WriteAll(report, files.Directory);

        Assert.True(ReportReader.TryRead(written[0], out var read, out _));
        Assert.Equal(ReportWriter.ToJson(report), ReportWriter.ToJson(read!));
    }

    /// <summary>The map in the engine is the items each rule page names in bold ("**Infra 1: ...**"), page for page.</summary>
    [Fact]
    public void The_rule_to_item_map_agrees_with_the_rule_pages()
    {
        var pages = Directory.GetFiles(Path.Combine(Repository.Root, "rules"), "MLOPS*.md");
        Assert.NotEmpty(pages);
        var fromPages = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var page in pages)
        {
            var items = Regex.Matches(File.ReadAllText(page), @"\*\*(Data|Model|Infra|Monitor) ([1-7])\b")
                .Select(m => m.Groups[1].Value + "." + m.Groups[2].Value)
                .Distinct(StringComparer.Ordinal)
                .OrderBy(s => s, StringComparer.Ordinal);
            fromPages[Path.GetFileNameWithoutExtension(page)] = string.Join(",", items);
        }

        var fromMap = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var rule in RuleItemMap.Rules)
        {
            fromMap[rule] = string.Join(",", RuleItemMap.ItemsOf(rule).OrderBy(s => s, StringComparer.Ordinal));
        }

        Assert.Equal(fromPages, fromMap);
        foreach (var rule in RuleItemMap.Rules)
        {
            Assert.All(RuleItemMap.ItemsOf(rule), id => Assert.NotNull(RubricCatalog.Find(id)));
        }
    }

    /// <summary>The table of rules/ml-test-score.md's "Debt" section says what the map says, for every item.</summary>
    [Fact]
    public void The_documented_item_to_rules_table_agrees_with_the_map()
    {
        var page = File.ReadAllText(Path.Combine(Repository.Root, "rules", "ml-test-score.md"));
        var start = page.IndexOf("## Debt: the analyzers' findings in the report", StringComparison.Ordinal);
        Assert.True(start >= 0, "rules/ml-test-score.md has no Debt section");
        var section = page[start..page.IndexOf("\n## ", start + 3, StringComparison.Ordinal)];
        var documented = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (Match row in Regex.Matches(section, @"(?m)^\| ((?:(?:Data|Model|Infra|Monitor)\.[1-7](?:, )?)+) \| ([^|]+) \|$"))
        {
            foreach (var item in row.Groups[1].Value.Split(", "))
            {
                documented[item] = row.Groups[2].Value.Trim();
            }
        }

        var mapped = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in RubricCatalog.Items)
        {
            if (RuleItemMap.RulesOf(item.Id).Count > 0)
            {
                mapped[item.Id] = string.Join(", ", RuleItemMap.RulesOf(item.Id));
            }
        }

        Assert.Equal(mapped, documented);
    }

    [Theory]
    [InlineData("MLOPS101", true)]
    [InlineData("MLOPS504", true)]
    [InlineData("MLOPS9110", false)]
    [InlineData("MLOPS10", false)]
    [InlineData("mlops101", false)]
    [InlineData("CA1001", false)]
    [InlineData("MLOPS1x1", false)]
    public void Only_MLOPS_and_three_digits_is_an_analyzer_rule(string id, bool expected) => Assert.Equal(expected, RuleItemMap.IsAnalyzerRule(id));
}
