using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace MLOps.MLTestScore.Debt;

/// <summary>
/// Puts the analyzers' findings into a finished report: the debt section, the contradiction beside each
/// item whose passing tests are contradicted by open findings of a rule protecting it, the same note in
/// the maturity evidence, and one <see cref="ScoreDiagnosticCodes.ContradictedItem"/> diagnostic per such
/// item. The points, the band and the levels stay those of the 2017 scoring.
/// </summary>
internal static class DebtAssessor
{
    /// <summary>Reads <see cref="ScoreOptions.SarifFiles"/> (each once) into findings, de-duplicated across logs.</summary>
    public static List<DebtFinding> Read(ScoreOptions options, List<string> filesRead, List<ScoreDiagnostic> diagnostics)
    {
        var findings = new List<DebtFinding>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in options.SarifFiles)
        {
            if (string.IsNullOrWhiteSpace(file) || !seen.Add(FullPath(file)))
            {
                continue;
            }

            SarifReader.Read(file, findings, diagnostics);
            filesRead.Add(Scorer.RelativeToRepository(file, options) ?? file);
        }

        // A multi-targeted project writes one log per target framework, each with the same findings.
        var unique = new List<DebtFinding>(findings.Count);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in findings)
        {
            f.File = f.File.Length == 0 ? string.Empty : Scorer.RelativeToRepository(f.File, options) ?? f.File;
            var key = string.Join("\u0001", f.RuleId, f.File, f.Line.ToString(CultureInfo.InvariantCulture), f.Column.ToString(CultureInfo.InvariantCulture), f.Message, f.Suppressed ? "s" : "u");
            if (keys.Add(key))
            {
                unique.Add(f);
            }
        }

        unique.Sort((a, b) =>
        {
            var c = string.CompareOrdinal(a.File, b.File);
            c = c != 0 ? c : a.Line.CompareTo(b.Line);
            c = c != 0 ? c : a.Column.CompareTo(b.Column);
            return c != 0 ? c : string.CompareOrdinal(a.RuleId, b.RuleId);
        });
        return unique;
    }

    public static void Apply(ScoreReport report, List<DebtFinding> findings, List<string> sarifFiles, ScoreOptions options, List<ScoreDiagnostic> diagnostics)
    {
        var open = findings.Where(f => !f.Suppressed).ToList();
        var debt = new DebtReport
        {
            SarifFiles = sarifFiles,
            Total = open.Count,
            Suppressed = findings.Count - open.Count,
            Findings = open,
            ByRule = findings.GroupBy(f => f.RuleId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new DebtRuleCount
            {
                RuleId = g.Key,
                Category = CategoryOf(g),
                Count = g.Count(f => !f.Suppressed),
                Suppressed = g.Count(f => f.Suppressed),
                Items = RuleItemMap.ItemsOf(g.Key).ToList(),
                HelpLink = g.First().HelpLink,
            }).ToList(),
        };
        debt.ByCategory = debt.ByRule.GroupBy(r => r.Category, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new DebtCategoryCount
        {
            Category = g.Key,
            Count = g.Sum(r => r.Count),
            Suppressed = g.Sum(r => r.Suppressed),
        }).ToList();

        var openByRule = open.GroupBy(f => f.RuleId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var items = new List<ItemDebt>(28);
        var contradicted = new List<string>();
        var notes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var section in report.Sections)
        {
            foreach (var item in section.Items)
            {
                var rules = RuleItemMap.RulesOf(item.Id);
                var counts = rules.Where(openByRule.ContainsKey).Select(r => (Rule: r, Count: openByRule[r])).ToList();
                var total = counts.Sum(c => c.Count);
                var entry = new ItemDebt { Item = item.Id, Rules = rules.ToList(), Findings = total };
                if (item.Status == ItemStatus.Automated && total > 0)
                {
                    entry.Contradicted = true;
                    entry.Note = string.Format(
                        CultureInfo.InvariantCulture,
                        "passing tagged tests claim {0} ({1}), but {2} unsuppressed finding{3} of {4} that protect{5} it remain{6} in the code",
                        item.Id,
                        item.Title,
                        total,
                        total == 1 ? string.Empty : "s",
                        string.Join(", ", counts.Select(c => c.Rule + " (" + c.Count.ToString(CultureInfo.InvariantCulture) + ")")),
                        counts.Count == 1 ? "s" : string.Empty,
                        total == 1 ? "s" : string.Empty);
                    item.Contradiction = entry.Note + ".";
                    contradicted.Add(item.Id);
                    notes[item.Id] = entry.Note;
                    diagnostics.Add(Contradiction(item, entry.Note, counts.Select(c => c.Rule), open, options));
                }

                items.Add(entry);
            }
        }

        debt.Items = items;
        debt.ContradictedItems = contradicted;
        report.Debt = debt;

        if (notes.Count > 0)
        {
            report.Maturity.Google.Evidence = Annotate(report.Maturity.Google.Evidence, notes);
            report.Maturity.Azure.Evidence = Annotate(report.Maturity.Azure.Evidence, notes);
        }
    }

    private static ScoreDiagnostic Contradiction(ItemReport item, string note, IEnumerable<string> rules, List<DebtFinding> open, ScoreOptions options)
    {
        var ruleSet = new HashSet<string>(rules, StringComparer.Ordinal);
        var first = open.First(f => ruleSet.Contains(f.RuleId));
        var examples = open.Where(f => ruleSet.Contains(f.RuleId)).Take(3)
            .Select(f => f.RuleId + " at " + (f.File.Length == 0 ? "(no location)" : f.File + (f.Line > 0 ? ":" + f.Line.ToString(CultureInfo.InvariantCulture) : string.Empty)));
        var message = char.ToUpperInvariant(note[0]) + note.Substring(1) + " (e.g. " + string.Join(", ", examples) + "). "
            + "The point is kept (2017 scoring); fix the findings, or suppress them with a justification where they are intended.";
        return new ScoreDiagnostic(
            ScoreDiagnosticCodes.ContradictedItem,
            options.FailOnContradiction ? ScoreDiagnosticSeverity.Error : ScoreDiagnosticSeverity.Warning,
            message,
            first.File.Length == 0 ? null : AbsoluteIfPossible(first.File, options),
            first.Line,
            first.Column);
    }

    /// <summary>Maturity evidence lines of contradicted items ("Infra.1 (...) automated: ...") get the note appended.</summary>
    private static IReadOnlyList<string> Annotate(IReadOnlyList<string> evidence, Dictionary<string, string> notes)
    {
        var annotated = new List<string>(evidence.Count);
        foreach (var line in evidence)
        {
            var space = line.IndexOf(' ');
            var id = space > 0 ? line.Substring(0, space) : line;
            annotated.Add(notes.TryGetValue(id, out var note) ? line + " (contradicted: " + note + ")" : line);
        }

        return annotated;
    }

    private static string CategoryOf(IEnumerable<DebtFinding> findings)
    {
        foreach (var f in findings)
        {
            if (f.Category.Length > 0)
            {
                return f.Category;
            }
        }

        return "(unknown)";
    }

    /// <summary>The build log links a diagnostic to its file: the repository-relative path made absolute again.</summary>
    private static string AbsoluteIfPossible(string file, ScoreOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.RepositoryRoot) || System.IO.Path.IsPathRooted(file))
        {
            return file;
        }

        try
        {
            return System.IO.Path.GetFullPath(System.IO.Path.Combine(options.RepositoryRoot, file));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or System.IO.PathTooLongException)
        {
            return file;
        }
    }

    private static string FullPath(string path)
    {
        try
        {
            return System.IO.Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or System.IO.PathTooLongException or System.Security.SecurityException)
        {
            return path;
        }
    }
}
