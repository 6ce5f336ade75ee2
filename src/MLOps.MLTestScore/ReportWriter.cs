using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLOps.MLTestScore;

/// <summary>Renders a <see cref="ScoreReport"/> as JSON, Markdown (CI job summary) and a self-contained HTML page.</summary>
public static class ReportWriter
{
    /// <summary>Why the two levels can differ: one short paragraph in the Markdown and HTML maturity sections.</summary>
    internal const string MaturityModelsDiffer =
        "The two models measure different things, so the levels can differ. Google's levels follow the ML pipeline: "
        + "level 1 needs a validated, automated pipeline (tests of schema, reproducibility, integration and model validation) "
        + "even without CI, and level 2 adds CI, safe deployment, monitoring, experiment tracking and locked dependencies. "
        + "Azure's levels follow the organisation's delivery: level 1 is CI with passing tests, level 2 adds reproducible "
        + "training, versioned data and experiment tracking, level 3 automated, locked releases, level 4 monitoring-driven retraining.";

    private static readonly JsonSerializerOptions JsonOptions = CreateJsonOptions();

    /// <summary>The report as indented camelCase JSON (<c>"schemaVersion": 1</c>).</summary>
    public static string ToJson(ScoreReport r) => JsonSerializer.Serialize(r, JsonOptions) + "\n";

    /// <summary>One line for build logs.</summary>
    public static string SummaryLine(ScoreReport r)
    {
        var others = new List<string>();
        foreach (var s in r.Sections)
        {
            if (!ContainsOrdinal(r.WeakestSections, s.Name))
            {
                others.Add(s.Name + " " + Num(s.Score));
            }
        }

        var weakest = string.Join(", ", r.WeakestSections) + " " + Num(r.FinalScore);
        return $"ML Test Score {Num(r.FinalScore)} (weakest: {weakest}{(others.Count > 0 ? "; " + string.Join(", ", others) : string.Empty)}): {r.BandDescription}. "
            + $"Google MLOps level {r.Maturity.Google.Level}, Azure MLOps level {r.Maturity.Azure.Level}.";
    }

    /// <summary>Markdown fit for a CI job summary, with the <paramref name="trend"/> when given. Every test-controlled string is escaped.</summary>
    public static string ToMarkdown(ScoreReport r, ScoreTrend? trend = null)
    {
        var sb = new StringBuilder();
        sb.Append("# ML Test Score: ").Append(Num(r.FinalScore)).Append("\n\n");
        sb.Append("**Band ").Append(Md(r.Band)).Append("**: ").Append(Md(r.BandDescription)).Append(". ");
        sb.Append("Weakest section: ").Append(Md(string.Join(", ", r.WeakestSections))).Append(". ");
        sb.Append("The final score is the minimum of the four section scores (Breck et al. 2017).\n\n");
        AppendProjectAndCommit(sb, r, Md);

        sb.Append("| Section | Score (of 7) | Automated | Manual | Failing | Stale | Missing |\n");
        sb.Append("|---|---:|---:|---:|---:|---:|---:|\n");
        foreach (var s in r.Sections)
        {
            var counts = new int[5];
            foreach (var i in s.Items)
            {
                counts[(int)i.Status]++;
            }

            sb.Append("| ").Append(Md(s.Name)).Append(" | ").Append(Num(s.Score));
            foreach (var c in counts)
            {
                sb.Append(" | ").Append(c.ToString(CultureInfo.InvariantCulture));
            }

            sb.Append(" |\n");
        }

        trend?.AppendMarkdown(sb);
        sb.Append("\n## Next steps\n\n");
        if (r.NextSteps.Count == 0)
        {
            sb.Append("Nothing left to raise in the weakest section.\n");
        }
        else
        {
            var n = 1;
            foreach (var step in r.NextSteps)
            {
                sb.Append(n++.ToString(CultureInfo.InvariantCulture)).Append(". **").Append(Md(step.Item)).Append("** ").Append(Md(step.Title))
                    .Append(" (+").Append(Num(step.Gain)).Append("): ").Append(Md(step.Action)).Append('\n');
            }
        }

        sb.Append("\n_").Append(Md(r.NextStepsOrder)).Append("_\n");

        sb.Append("\n## MLOps maturity\n\n").Append(Md(MaturityModelsDiffer)).Append("\n\n");
        foreach (var m in new[] { r.Maturity.Google, r.Maturity.Azure })
        {
            sb.Append("- **").Append(Md(m.Model)).Append("**: level ").Append(m.Level.ToString(CultureInfo.InvariantCulture))
                .Append(" of ").Append(m.MaxLevel.ToString(CultureInfo.InvariantCulture)).Append(", ").Append(Md(m.LevelName)).Append('\n');
            foreach (var e in m.Evidence)
            {
                sb.Append("  - evidence: ").Append(Md(e)).Append('\n');
            }

            foreach (var e in m.MissingForNextLevel)
            {
                sb.Append("  - missing for level ").Append((m.Level + 1).ToString(CultureInfo.InvariantCulture)).Append(": ").Append(Md(e)).Append('\n');
            }
        }

        sb.Append("\n## Items\n\n| Item | Title | Points | Status | Evidence |\n|---|---|---:|---|---|\n");
        foreach (var s in r.Sections)
        {
            foreach (var i in s.Items)
            {
                sb.Append("| ").Append(Md(i.Id)).Append(" | ").Append(Md(i.Title)).Append(" | ").Append(Num(i.Points)).Append(" | ")
                    .Append(i.Status.ToString()).Append(" | ").Append(Md(EvidenceText(i))).Append(" |\n");
            }
        }

        Debt.DebtWriter.AppendMarkdown(sb, r);
        sb.Append("\n_Inputs: ").Append(r.Inputs.ResultFiles.Count.ToString(CultureInfo.InvariantCulture)).Append(" result file(s), ")
            .Append(r.Inputs.ResultCount.ToString(CultureInfo.InvariantCulture)).Append(" results, ")
            .Append(r.Inputs.TestCount.ToString(CultureInfo.InvariantCulture)).Append(" tests, ")
            .Append(r.Inputs.TaggedTestCount.ToString(CultureInfo.InvariantCulture)).Append(" tagged; ")
            .Append(r.Inputs.TestAssemblies.Count.ToString(CultureInfo.InvariantCulture)).Append(" test assembl(ies); ")
            .Append(r.Inputs.ManualEvidenceCount.ToString(CultureInfo.InvariantCulture)).Append(" manual evidence entries._\n");
        return sb.ToString();
    }

    /// <summary>One self-contained HTML page (inline CSS and SVG, no external resource, no script), with the <paramref name="trend"/> when given. Every test-controlled string is HTML-encoded.</summary>
    public static string ToHtml(ScoreReport r, ScoreTrend? trend = null)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>ML Test Score ").Append(Num(r.FinalScore)).Append("</title>\n");
        sb.Append("<style>\n")
            .Append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem;color:#1b1f24;max-width:72rem}\n")
            .Append("table{border-collapse:collapse;margin:1rem 0;width:100%}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}th{white-space:nowrap}td:last-child{overflow-wrap:anywhere}\n")
            .Append("th{background:#f6f8fa}.Automated{color:#1a7f37}.Manual{color:#9a6700}.Failing{color:#cf222e;font-weight:bold}.Stale{color:#bc4c00}.Missing{color:#57606a}\n")
            .Append(".band{font-size:1.2rem}small{color:#57606a}\n</style>\n</head>\n<body>\n");
        sb.Append("<h1>ML Test Score: ").Append(Num(r.FinalScore)).Append("</h1>\n");
        sb.Append("<p class=\"band\">Band ").Append(H(r.Band)).Append(": ").Append(H(r.BandDescription)).Append(". Weakest: ")
            .Append(H(string.Join(", ", r.WeakestSections))).Append(".</p>\n");
        AppendProjectAndCommit(sb.Append("<p>"), r, H);
        sb.Append("</p>\n");
        AppendSvg(sb, r);
        trend?.AppendHtml(sb);

        sb.Append("<h2>Next steps</h2>\n<ol>\n");
        foreach (var step in r.NextSteps)
        {
            sb.Append("<li><strong>").Append(H(step.Item)).Append("</strong> ").Append(H(step.Title)).Append(" (+").Append(Num(step.Gain)).Append("): ").Append(H(step.Action)).Append("</li>\n");
        }

        sb.Append("</ol>\n<p><small>").Append(H(r.NextStepsOrder)).Append("</small></p>\n");

        sb.Append("<h2>MLOps maturity</h2>\n<p>").Append(H(MaturityModelsDiffer)).Append("</p>\n");
        foreach (var m in new[] { r.Maturity.Google, r.Maturity.Azure })
        {
            sb.Append("<h3>").Append(H(m.Model)).Append(": level ").Append(m.Level.ToString(CultureInfo.InvariantCulture)).Append(" of ")
                .Append(m.MaxLevel.ToString(CultureInfo.InvariantCulture)).Append(", ").Append(H(m.LevelName)).Append("</h3>\n<ul>\n");
            foreach (var e in m.Evidence)
            {
                sb.Append("<li>evidence: ").Append(H(e)).Append("</li>\n");
            }

            foreach (var e in m.MissingForNextLevel)
            {
                sb.Append("<li>missing for level ").Append((m.Level + 1).ToString(CultureInfo.InvariantCulture)).Append(": ").Append(H(e)).Append("</li>\n");
            }

            sb.Append("</ul>\n");
        }

        foreach (var s in r.Sections)
        {
            sb.Append("<h2>").Append(H(s.Name)).Append(": ").Append(Num(s.Score)).Append(" of 7</h2>\n<table>\n<tr><th>Item</th><th>Title</th><th>Points</th><th>Status</th><th>Evidence</th></tr>\n");
            foreach (var i in s.Items)
            {
                sb.Append("<tr><td>").Append(H(i.Id)).Append("</td><td>").Append(H(i.Title)).Append("</td><td>").Append(Num(i.Points))
                    .Append("</td><td class=\"").Append(i.Status.ToString()).Append("\">").Append(i.Status.ToString()).Append("</td><td>").Append(H(i.Reason));
                if (i.Tests.Count > 0)
                {
                    sb.Append("<ul>");
                    foreach (var t in i.Tests)
                    {
                        sb.Append("<li>").Append(H(t.Name)).Append(": ").Append(H(t.Outcome));
                        if (t.SourceFile is not null)
                        {
                            sb.Append(" <small>(").Append(H(t.SourceFile)).Append(")</small>");
                        }

                        sb.Append("</li>");
                    }

                    sb.Append("</ul>");
                }

                if (i.Contradiction is not null)
                {
                    sb.Append("<div class=\"Failing\">contradicted: ").Append(H(i.Contradiction)).Append("</div>");
                }

                if (i.ManualEvidence is not null)
                {
                    sb.Append("<div>manual: ").Append(H(i.ManualEvidence.Date)).Append(", ").Append(H(i.ManualEvidence.Owner ?? "no owner")).Append(", ")
                        .Append(H(i.ManualEvidence.Link ?? "no link"));
                    if (i.ManualEvidence.Note is not null)
                    {
                        sb.Append(": ").Append(H(i.ManualEvidence.Note));
                    }

                    sb.Append("</div>");
                }

                sb.Append("</td></tr>\n");
            }

            sb.Append("</table>\n");
        }

        Debt.DebtWriter.AppendHtml(sb, r);
        sb.Append("<p><small>Generated ").Append(H(r.GeneratedAt)).Append(" from ").Append(r.Inputs.ResultCount.ToString(CultureInfo.InvariantCulture))
            .Append(" test results. Rubric: E. Breck et al., The ML Test Score, IEEE Big Data 2017, doi:10.1109/BigData.2017.8258038.</small></p>\n</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>Writes &lt;baseName&gt;.json, .md and .html into <paramref name="directory"/>, each atomically (temp file + move). Returns the paths written.</summary>
    public static IReadOnlyList<string> WriteAll(ScoreReport r, string directory, string baseName = "ml-test-score", ScoreTrend? trend = null)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>(3);
        foreach (var (extension, content) in new[] { (".json", ToJson(r)), (".md", ToMarkdown(r, trend)), (".html", ToHtml(r, trend)) })
        {
            var path = Path.Combine(directory, baseName + extension);
            AtomicFile.WriteAllText(path, content);
            written.Add(path);
        }

        return written;
    }

    /// <summary>
    /// <see cref="WriteAll"/> for every caller (the MSBuild task, the in-run scorers, the CLI): a folder or
    /// file that cannot be written is no exception but <paramref name="failure"/>, an
    /// <see cref="ScoreThreshold.ReportNotWrittenCode"/> error on <paramref name="directory"/>.
    /// </summary>
    /// <returns>True when the three reports were written (<paramref name="written"/>, .json first).</returns>
    public static bool TryWriteAll(ScoreReport r, string directory, string baseName, out IReadOnlyList<string> written, out ScoreDiagnostic? failure)
        => TryWriteAll(r, directory, baseName, null, out written, out failure);

    /// <summary><see cref="TryWriteAll(ScoreReport, string, string, out IReadOnlyList{string}, out ScoreDiagnostic?)"/> with the trend since the previous run and the baseline.</summary>
    public static bool TryWriteAll(ScoreReport r, string directory, string baseName, ScoreTrend? trend, out IReadOnlyList<string> written, out ScoreDiagnostic? failure)
    {
        try
        {
            written = WriteAll(r, directory, baseName, trend);
            failure = null;
            return true;
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException || ex is System.Security.SecurityException)
        {
            written = Array.Empty<string>();
            failure = new ScoreDiagnostic(
                ScoreThreshold.ReportNotWrittenCode,
                ScoreDiagnosticSeverity.Error,
                $"The ML Test Score report could not be written to '{directory}': {ex.Message}",
                directory);
            return false;
        }
    }

    private static void AppendSvg(StringBuilder sb, ScoreReport r)
    {
        const int barMax = 420, rowHeight = 34, left = 90, top = 40;
        var height = top + (rowHeight * r.Sections.Count) + 20;
        sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" height=\"").Append(height.ToString(CultureInfo.InvariantCulture))
            .Append("\" role=\"img\" aria-label=\"Section scores\">\n");
        sb.Append("<text x=\"10\" y=\"24\" font-size=\"16\" font-weight=\"bold\">Final ").Append(Num(r.FinalScore)).Append(" (band ").Append(H(r.Band)).Append(")</text>\n");
        var y = top;
        foreach (var s in r.Sections)
        {
            var width = (int)Math.Round(barMax * Math.Max(0, Math.Min(7, s.Score)) / 7.0);
            var weakest = ContainsOrdinal(r.WeakestSections, s.Name);
            sb.Append("<text x=\"10\" y=\"").Append((y + 20).ToString(CultureInfo.InvariantCulture)).Append("\" font-size=\"14\">").Append(H(s.Name)).Append("</text>\n");
            sb.Append("<rect x=\"").Append(left.ToString(CultureInfo.InvariantCulture)).Append("\" y=\"").Append((y + 6).ToString(CultureInfo.InvariantCulture))
                .Append("\" width=\"").Append(barMax.ToString(CultureInfo.InvariantCulture)).Append("\" height=\"20\" fill=\"#eaeef2\"/>\n");
            sb.Append("<rect x=\"").Append(left.ToString(CultureInfo.InvariantCulture)).Append("\" y=\"").Append((y + 6).ToString(CultureInfo.InvariantCulture))
                .Append("\" width=\"").Append(width.ToString(CultureInfo.InvariantCulture)).Append("\" height=\"20\" fill=\"").Append(weakest ? "#cf222e" : "#2da44e").Append("\"/>\n");
            sb.Append("<text x=\"").Append((left + barMax + 8).ToString(CultureInfo.InvariantCulture)).Append("\" y=\"").Append((y + 20).ToString(CultureInfo.InvariantCulture))
                .Append("\" font-size=\"14\">").Append(Num(s.Score)).Append(" / 7</text>\n");
            y += rowHeight;
        }

        sb.Append("</svg>\n");
    }

    private static void AppendProjectAndCommit(StringBuilder sb, ScoreReport r, Func<string?, string> escape)
    {
        if (r.Project is not null)
        {
            sb.Append("Project ").Append(escape(r.Project)).Append(r.Commit is null ? ".\n" : ", ");
        }

        if (r.Commit is not null)
        {
            sb.Append("Commit ").Append(escape(r.Commit)).Append(".\n");
        }

        if (r.Project is not null || r.Commit is not null)
        {
            sb.Append('\n');
        }
    }

    private static bool ContainsOrdinal(IReadOnlyList<string> list, string value)
    {
        foreach (var s in list)
        {
            if (string.Equals(s, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string EvidenceText(ItemReport i)
    {
        var parts = new List<string>();
        foreach (var t in i.Tests)
        {
            if (parts.Count == 3)
            {
                parts.Add("... " + (i.Tests.Count - 3).ToString(CultureInfo.InvariantCulture) + " more");
                break;
            }

            parts.Add(t.Name + " (" + t.Outcome + ")");
        }

        if (i.ManualEvidence is not null)
        {
            parts.Add("manual " + i.ManualEvidence.Date + (i.ManualEvidence.Owner is null ? string.Empty : " by " + i.ManualEvidence.Owner) + (i.ManualEvidence.Stale ? " (stale)" : string.Empty));
        }

        if (i.Contradiction is not null)
        {
            parts.Add("contradicted: " + i.Contradiction);
        }

        return parts.Count == 0 ? "-" : string.Join("; ", parts);
    }

    internal static string Num(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string H(string? s) => WebUtility.HtmlEncode(s ?? string.Empty);

    /// <summary>Escapes a string for Markdown text and table cells: | ` * _ [ ] \ become backslash escapes, &lt; &gt; &amp; entities, newlines spaces.</summary>
    internal static string Md(string? s)
    {
        if (string.IsNullOrEmpty(s))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(s!.Length + 8);
        foreach (var c in s)
        {
            switch (c)
            {
                case '\\':
                case '|':
                case '`':
                case '*':
                case '_':
                case '[':
                case ']':
                case '#':
                case '~':
                    sb.Append('\\').Append(c);
                    break;
                case '<':
                    sb.Append("&lt;");
                    break;
                case '>':
                    sb.Append("&gt;");
                    break;
                case '&':
                    sb.Append("&amp;");
                    break;
                case '\r':
                case '\n':
                    sb.Append(' ');
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }
}
