using System;
using System.Collections.Generic;
using System.Globalization;
using MLOps.MLTestScore.Reading;

namespace MLOps.MLTestScore;

/// <summary>
/// The 2017 scoring rules. An item earns 1 point when at least one test tagged with it executed
/// and every executed run of every tagged test passed; a failing run revokes the automated
/// credit. Without automated credit, fresh manual evidence earns 0.5 (max, not sum). Skipped and
/// not-executed runs neither earn nor revoke. Sections are summed; the final score is the minimum.
/// </summary>
internal static class Scorer
{
    internal const string NextStepsOrderText =
        "Only the weakest section(s) are considered (ties: all tied sections). Steps are ordered: 1) fix failing tagged tests, "
        + "2) refresh stale manual evidence, 3) make skipped tagged tests run, 4) cover items with no evidence (a test, or manual evidence for half a point), "
        + "5) automate items that only have manual evidence; within each group, rubric order.";

    public static ScoreReport BuildReport(TestStore store, Dictionary<string, ManualEvidence> evidence, ScoreOptions options, InputsReport inputs, List<ScoreDiagnostic> diagnostics)
    {
        var testsByItem = new Dictionary<string, List<TestRecord>>(StringComparer.Ordinal);
        foreach (var test in store.Tests)
        {
            foreach (var id in test.Tags.Keys)
            {
                if (!testsByItem.TryGetValue(id, out var list))
                {
                    list = new List<TestRecord>();
                    testsByItem.Add(id, list);
                }

                list.Add(test);
            }
        }

        var sections = new List<SectionReport>(4);
        foreach (var sectionName in RubricId.Sections)
        {
            var items = new List<ItemReport>(7);
            double sum = 0;
            foreach (var rubricItem in RubricCatalog.Items)
            {
                if (rubricItem.Section != sectionName)
                {
                    continue;
                }

                testsByItem.TryGetValue(rubricItem.Id, out var tests);
                evidence.TryGetValue(rubricItem.Id, out var manual);
                var item = ScoreItem(rubricItem, tests, manual, options);
                items.Add(item);
                sum += item.Points;
            }

            sections.Add(new SectionReport { Name = sectionName, Score = sum, Items = items });
        }

        var final = double.MaxValue;
        foreach (var s in sections)
        {
            final = Math.Min(final, s.Score);
        }

        var weakest = new List<string>();
        foreach (var s in sections)
        {
            if (s.Score == final)
            {
                weakest.Add(s.Name);
            }
        }

        var (band, description) = Band(final);
        var report = new ScoreReport
        {
            GeneratedAt = options.Now.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture),
            FinalScore = final,
            Band = band,
            BandDescription = description,
            WeakestSection = weakest[0],
            WeakestSections = weakest,
            Sections = sections,
            NextStepsOrder = NextStepsOrderText,
            NextSteps = NextSteps(sections, weakest),
            Inputs = inputs,
        };
        report.Maturity = MaturityAssessor.Assess(report, store, options, diagnostics);
        return report;
    }

    private static ItemReport ScoreItem(RubricItem rubricItem, List<TestRecord>? tests, ManualEvidence? manual, ScoreOptions options)
    {
        var evidenceList = new List<TestEvidence>();
        int passedTests = 0, failedTests = 0, notRunTests = 0;
        if (tests is not null)
        {
            tests.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            foreach (var t in tests)
            {
                var outcome = t.Failed > 0 ? "Failed" : t.Passed > 0 ? "Passed" : "NotExecuted";
                if (t.Failed > 0)
                {
                    failedTests++;
                }
                else if (t.Passed > 0)
                {
                    passedTests++;
                }
                else
                {
                    notRunTests++;
                }

                evidenceList.Add(new TestEvidence
                {
                    Name = t.Name,
                    Outcome = outcome,
                    Passed = t.Passed,
                    Failed = t.Failed,
                    NotExecuted = t.NotExecuted,
                    SourceFile = DisplayPath(t.SourceFile, options),
                    TagSources = new List<string>(t.Tags[rubricItem.Id]),
                });
            }
        }

        var manualFresh = manual is not null && !manual.Stale;
        ManualEvidenceReport? manualReport = manual is null ? null : new ManualEvidenceReport
        {
            Date = manual.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? manual.RawDate,
            Owner = manual.Owner,
            Link = manual.Link,
            Note = manual.Note,
            Stale = manual.Stale,
            AgeDays = manual.AgeDays,
        };

        var item = new ItemReport { Id = rubricItem.Id, Title = rubricItem.Title, Tests = evidenceList, ManualEvidence = manualReport };
        if (failedTests > 0)
        {
            item.Status = ItemStatus.Failing;
            item.Points = manualFresh ? 0.5 : 0;
            item.Reason = Plural(failedTests, "tagged test") + " failed: the automated point is revoked until they pass"
                + (manualFresh ? "; fresh manual evidence keeps half a point." : ".");
        }
        else if (passedTests > 0)
        {
            item.Status = ItemStatus.Automated;
            item.Points = 1;
            item.Reason = Plural(passedTests, "tagged test") + " ran and passed.";
        }
        else if (manualFresh)
        {
            item.Status = ItemStatus.Manual;
            item.Points = 0.5;
            item.Reason = "Manual evidence dated " + manualReport!.Date + (notRunTests > 0 ? "; its tagged tests did not execute." : ".");
        }
        else if (manual is not null)
        {
            item.Status = ItemStatus.Stale;
            item.Points = 0;
            item.Reason = manual.Date is null
                ? "Manual evidence has no readable date, so it cannot be shown fresh."
                : "Manual evidence is " + manual.AgeDays.ToString(CultureInfo.InvariantCulture) + " days old: too old to count.";
        }
        else
        {
            item.Status = ItemStatus.Missing;
            item.Points = 0;
            item.Reason = notRunTests > 0
                ? Plural(notRunTests, "tagged test") + " did not execute (skipped or not run): they neither earn nor revoke."
                : "No tagged test and no manual evidence.";
        }

        return item;
    }

    private static List<NextStep> NextSteps(List<SectionReport> sections, List<string> weakest)
    {
        var buckets = new List<NextStep>[5];
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i] = new List<NextStep>();
        }

        foreach (var section in sections)
        {
            if (!weakest.Contains(section.Name))
            {
                continue;
            }

            foreach (var item in section.Items)
            {
                var hasSkipped = false;
                foreach (var t in item.Tests)
                {
                    hasSkipped |= t.Outcome == "NotExecuted";
                }

                switch (item.Status)
                {
                    case ItemStatus.Failing:
                        buckets[0].Add(Step(item, section, "FixFailingTests", "Fix the failing tests tagged " + item.Id + ".", 1 - item.Points));
                        break;
                    case ItemStatus.Stale:
                        buckets[1].Add(Step(item, section, "RefreshManualEvidence", "Redo the manual check for " + item.Id + " and update its date, owner and link in the evidence file (or automate it for a full point).", 0.5));
                        break;
                    case ItemStatus.Missing when hasSkipped:
                        buckets[2].Add(Step(item, section, "RunSkippedTests", "Make the skipped tests tagged " + item.Id + " run in CI.", 1));
                        break;
                    case ItemStatus.Missing:
                        buckets[3].Add(Step(item, section, "AddEvidence", "Write an automated test tagged " + item.Id + " (1 point), or record dated manual evidence (0.5 point).", 1));
                        break;
                    case ItemStatus.Manual:
                        buckets[4].Add(Step(item, section, "Automate", "Automate the manual check for " + item.Id + " as a tagged test.", 0.5));
                        break;
                }
            }
        }

        var steps = new List<NextStep>();
        foreach (var bucket in buckets)
        {
            bucket.Sort((a, b) => CatalogIndex(a.Item).CompareTo(CatalogIndex(b.Item)));
            steps.AddRange(bucket);
        }

        return steps;
    }

    private static NextStep Step(ItemReport item, SectionReport section, string kind, string action, double gain) => new()
    {
        Item = item.Id,
        Title = item.Title,
        Section = section.Name,
        Kind = kind,
        Action = action,
        Gain = gain,
    };

    private static int CatalogIndex(string id)
    {
        var items = RubricCatalog.Items;
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].Id == id)
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    /// <summary>The paper's bands (Table V), in the project's words.</summary>
    internal static (string Band, string Description) Band(double score)
    {
        if (score <= 0)
        {
            return ("0", "more a research project than a production system");
        }

        if (score <= 1)
        {
            return ("(0, 1]", "not totally untested, but serious holes in reliability are likely");
        }

        if (score <= 2)
        {
            return ("(1, 2]", "a first pass at productionization; more investment is needed");
        }

        if (score <= 3)
        {
            return ("(2, 3]", "reasonably tested, but more of it could be automated");
        }

        if (score <= 5)
        {
            return ("(3, 5]", "strong automated testing and monitoring, fit for mission-critical systems");
        }

        return ("> 5", "exceptional levels of automated testing and monitoring");
    }

    private static string Plural(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? string.Empty : "s");

    /// <summary>
    /// A file as the reports show it: its display alias (the test assembly for an in-run scorer's own
    /// JUnit file), then relative to the repository root (with '/') when it lies under it.
    /// </summary>
    internal static string? DisplayPath(string? path, ScoreOptions options)
    {
        if (string.IsNullOrEmpty(path))
        {
            return path;
        }

        if (options.ResultFileDisplayPaths.TryGetValue(path!, out var alias) && !string.IsNullOrEmpty(alias))
        {
            path = alias;
        }

        return RelativeToRepository(path, options);
    }

    /// <summary><paramref name="path"/> relative to the repository root (with '/') when it lies under it, else as it is.</summary>
    internal static string? RelativeToRepository(string? path, ScoreOptions options)
    {
        if (string.IsNullOrEmpty(path) || string.IsNullOrWhiteSpace(options.RepositoryRoot))
        {
            return path;
        }

        try
        {
            var full = System.IO.Path.GetFullPath(path);
            var root = System.IO.Path.GetFullPath(options.RepositoryRoot).TrimEnd('/', '\\') + System.IO.Path.DirectorySeparatorChar;
            var comparison = System.IO.Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            return full.StartsWith(root, comparison) ? full.Substring(root.Length).Replace('\\', '/') : path;
        }
        catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is System.IO.PathTooLongException || ex is System.Security.SecurityException)
        {
            return path;
        }
    }
}
