using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Text;

namespace MLOps.MLTestScore.Debt;

/// <summary>
/// The debt section of the Markdown and HTML reports (the JSON report carries <see cref="DebtReport"/> as it is).
/// Written only when SARIF logs were given, so reports of runs without them are unchanged.
/// </summary>
internal static class DebtWriter
{
    /// <summary>At most this many findings are listed one by one (the counts are always complete).</summary>
    internal const int MaxListed = 200;

    public static void AppendMarkdown(StringBuilder sb, ScoreReport r)
    {
        var d = r.Debt;
        if (d.SarifFiles.Count == 0)
        {
            return;
        }

        sb.Append("\n## Debt: MLOPS findings in the code\n\n");
        sb.Append(N(d.Total)).Append(" unsuppressed finding(s), ").Append(N(d.Suppressed)).Append(" suppressed, from ")
            .Append(N(d.SarifFiles.Count)).Append(" compiler SARIF log(s). The points above are the 2017 scoring, unchanged by them.\n\n");
        if (d.ContradictedItems.Count > 0)
        {
            foreach (var item in d.Items)
            {
                if (item.Contradicted)
                {
                    sb.Append("- **Contradicted ").Append(ReportWriter.Md(item.Item)).Append("**: ").Append(ReportWriter.Md(item.Note)).Append(".\n");
                }
            }

            sb.Append('\n');
        }

        if (d.ByRule.Count > 0)
        {
            sb.Append("| Rule | Category | Open | Suppressed | Protects |\n|---|---|---:|---:|---|\n");
            foreach (var rule in d.ByRule)
            {
                sb.Append("| [").Append(ReportWriter.Md(rule.RuleId)).Append("](").Append(Url(rule.HelpLink)).Append(") | ").Append(ReportWriter.Md(rule.Category))
                    .Append(" | ").Append(N(rule.Count)).Append(" | ").Append(N(rule.Suppressed)).Append(" | ").Append(ReportWriter.Md(Join(rule.Items))).Append(" |\n");
            }

            sb.Append("\n| Category | Open | Suppressed |\n|---|---:|---:|\n");
            foreach (var category in d.ByCategory)
            {
                sb.Append("| ").Append(ReportWriter.Md(category.Category)).Append(" | ").Append(N(category.Count)).Append(" | ").Append(N(category.Suppressed)).Append(" |\n");
            }
        }

        if (d.Findings.Count > 0)
        {
            sb.Append("\n| Where | Rule | Message |\n|---|---|---|\n");
            for (var i = 0; i < d.Findings.Count && i < MaxListed; i++)
            {
                var f = d.Findings[i];
                sb.Append("| ").Append(ReportWriter.Md(Where(f))).Append(" | [").Append(ReportWriter.Md(f.RuleId)).Append("](").Append(Url(f.HelpLink)).Append(") | ")
                    .Append(ReportWriter.Md(f.Message)).Append(" |\n");
            }

            if (d.Findings.Count > MaxListed)
            {
                sb.Append("\n_... and ").Append(N(d.Findings.Count - MaxListed)).Append(" more in the JSON report._\n");
            }
        }

        sb.Append("\n<details><summary>Rules protecting each item</summary>\n\n| Item | Rules | Open findings |\n|---|---|---:|\n");
        foreach (var item in d.Items)
        {
            if (item.Rules.Count > 0)
            {
                sb.Append("| ").Append(ReportWriter.Md(item.Item)).Append(" | ").Append(ReportWriter.Md(Join(item.Rules))).Append(" | ").Append(N(item.Findings)).Append(" |\n");
            }
        }

        sb.Append("\n</details>\n");
    }

    public static void AppendHtml(StringBuilder sb, ScoreReport r)
    {
        var d = r.Debt;
        if (d.SarifFiles.Count == 0)
        {
            return;
        }

        sb.Append("<h2>Debt: MLOPS findings in the code</h2>\n<p>").Append(N(d.Total)).Append(" unsuppressed finding(s), ").Append(N(d.Suppressed))
            .Append(" suppressed, from ").Append(N(d.SarifFiles.Count)).Append(" compiler SARIF log(s). The points above are the 2017 scoring, unchanged by them.</p>\n");
        if (d.ContradictedItems.Count > 0)
        {
            sb.Append("<ul>\n");
            foreach (var item in d.Items)
            {
                if (item.Contradicted)
                {
                    sb.Append("<li class=\"Failing\">Contradicted ").Append(H(item.Item)).Append(": ").Append(H(item.Note)).Append(".</li>\n");
                }
            }

            sb.Append("</ul>\n");
        }

        if (d.ByRule.Count > 0)
        {
            sb.Append("<table>\n<tr><th>Rule</th><th>Category</th><th>Open</th><th>Suppressed</th><th>Protects</th></tr>\n");
            foreach (var rule in d.ByRule)
            {
                sb.Append("<tr><td><a href=\"").Append(H(Url(rule.HelpLink))).Append("\">").Append(H(rule.RuleId)).Append("</a></td><td>").Append(H(rule.Category))
                    .Append("</td><td>").Append(N(rule.Count)).Append("</td><td>").Append(N(rule.Suppressed)).Append("</td><td>").Append(H(Join(rule.Items))).Append("</td></tr>\n");
            }

            sb.Append("</table>\n<table>\n<tr><th>Category</th><th>Open</th><th>Suppressed</th></tr>\n");
            foreach (var category in d.ByCategory)
            {
                sb.Append("<tr><td>").Append(H(category.Category)).Append("</td><td>").Append(N(category.Count)).Append("</td><td>").Append(N(category.Suppressed)).Append("</td></tr>\n");
            }

            sb.Append("</table>\n");
        }

        if (d.Findings.Count > 0)
        {
            sb.Append("<table>\n<tr><th>Where</th><th>Rule</th><th>Message</th></tr>\n");
            for (var i = 0; i < d.Findings.Count && i < MaxListed; i++)
            {
                var f = d.Findings[i];
                sb.Append("<tr><td>").Append(H(Where(f))).Append("</td><td><a href=\"").Append(H(Url(f.HelpLink))).Append("\">").Append(H(f.RuleId)).Append("</a></td><td>")
                    .Append(H(f.Message)).Append("</td></tr>\n");
            }

            sb.Append("</table>\n");
            if (d.Findings.Count > MaxListed)
            {
                sb.Append("<p><small>... and ").Append(N(d.Findings.Count - MaxListed)).Append(" more in the JSON report.</small></p>\n");
            }
        }
    }

    /// <summary>file:line, as the findings table and the build log show it.</summary>
    internal static string Where(DebtFinding f)
        => f.File.Length == 0 ? "(no location)" : f.Line > 0 ? f.File + ":" + N(f.Line) : f.File;

    /// <summary>A help link fit for a Markdown link target or an href: http(s) only, else the rule's page.</summary>
    private static string Url(string link)
    {
        var ok = (link.StartsWith("https://", System.StringComparison.OrdinalIgnoreCase) || link.StartsWith("http://", System.StringComparison.OrdinalIgnoreCase))
            && link.IndexOfAny(new[] { ' ', '(', ')', '<', '>', '"', '\'', '\n', '\r', '|', '[', ']', '`' }) < 0;
        return ok ? link : RuleItemMap.HelpLinkBase;
    }

    private static string Join(IReadOnlyList<string> values) => values.Count == 0 ? "-" : string.Join(", ", values);

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string H(string? s) => WebUtility.HtmlEncode(s ?? string.Empty);
}
