using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Text;

namespace MLOps.MLTestScore;

/// <summary>
/// The change of the score since the previous run (the history's last line) and since a baseline, and the
/// final scores of the last runs: what the Markdown and HTML reports show under "Trend".
/// </summary>
public sealed class ScoreTrend
{
    /// <summary>How many runs (this one included) the sparkline shows.</summary>
    public const int SparklineRuns = 20;

    private ScoreTrend(ScoreHistoryRecord current, ScoreHistoryRecord? previous, ScoreHistoryRecord? baseline, string? baselineName, IReadOnlyList<ScoreHistoryRecord> recent)
    {
        Current = current;
        Previous = previous;
        Baseline = baseline;
        BaselineName = baselineName;
        Recent = recent;
    }

    /// <summary>This run.</summary>
    public ScoreHistoryRecord Current { get; }

    /// <summary>The last run recorded in the history before this one, if any.</summary>
    public ScoreHistoryRecord? Previous { get; }

    /// <summary>The baseline, if one was given and could be read.</summary>
    public ScoreHistoryRecord? Baseline { get; }

    /// <summary>How the baseline is named in the reports (its repository-relative path).</summary>
    public string? BaselineName { get; }

    /// <summary>The last runs, oldest first, this run last (at most <see cref="SparklineRuns"/>).</summary>
    public IReadOnlyList<ScoreHistoryRecord> Recent { get; }

    /// <summary>
    /// The trend of <paramref name="current"/> after <paramref name="history"/> (oldest first). A history shared by
    /// several projects counts only the runs of the current project (and records that name none).
    /// </summary>
    public static ScoreTrend Create(ScoreHistoryRecord current, IReadOnlyList<ScoreHistoryRecord> history, ScoreHistoryRecord? baseline = null, string? baselineName = null)
    {
        if (current.Project is not null)
        {
            var own = new List<ScoreHistoryRecord>();
            foreach (var r in history)
            {
                if (r.Project is null || string.Equals(r.Project, current.Project, StringComparison.Ordinal))
                {
                    own.Add(r);
                }
            }

            history = own;
        }

        var recent = new List<ScoreHistoryRecord>();
        for (var i = Math.Max(0, history.Count - (SparklineRuns - 1)); i < history.Count; i++)
        {
            recent.Add(history[i]);
        }

        recent.Add(current);
        return new ScoreTrend(current, history.Count > 0 ? history[history.Count - 1] : null, baseline, baselineName, recent);
    }

    /// <summary>"+0.5", "-1", "±0".</summary>
    internal static string Delta(double now, double then)
    {
        var d = Math.Round(now - then, 2);
        return d > 0 ? "+" + ReportWriter.Num(d) : d < 0 ? "-" + ReportWriter.Num(-d) : "±0";
    }

    internal void AppendMarkdown(StringBuilder sb)
    {
        sb.Append("\n## Trend\n\n");
        var rows = Rows();
        sb.Append("| | Final");
        foreach (var s in Current.Sections)
        {
            sb.Append(" | ").Append(ReportWriter.Md(s.Key));
        }

        sb.Append(" | Google level | Azure level |\n|---|---:");
        foreach (var unused in Current.Sections)
        {
            sb.Append("|---:");
        }

        sb.Append("|---:|---:|\n");
        foreach (var (label, cells) in rows)
        {
            sb.Append("| ").Append(ReportWriter.Md(label));
            foreach (var cell in cells)
            {
                sb.Append(" | ").Append(cell);
            }

            sb.Append(" |\n");
        }

        if (Previous is null)
        {
            sb.Append("\n_First recorded run: no previous run to compare with._\n");
        }

        if (Recent.Count > 1)
        {
            sb.Append("\nLast ").Append(Recent.Count.ToString(CultureInfo.InvariantCulture)).Append(" runs (final score, oldest first): ");
            var parts = new List<string>();
            foreach (var r in Recent)
            {
                parts.Add(ReportWriter.Num(r.FinalScore));
            }

            sb.Append(string.Join(" → ", parts)).Append('\n');
        }
    }

    internal void AppendHtml(StringBuilder sb)
    {
        sb.Append("<h2>Trend</h2>\n<table>\n<tr><th></th><th>Final</th>");
        foreach (var s in Current.Sections)
        {
            sb.Append("<th>").Append(WebUtility.HtmlEncode(s.Key)).Append("</th>");
        }

        sb.Append("<th>Google level</th><th>Azure level</th></tr>\n");
        foreach (var (label, cells) in Rows())
        {
            sb.Append("<tr><td>").Append(WebUtility.HtmlEncode(label)).Append("</td>");
            foreach (var cell in cells)
            {
                sb.Append("<td>").Append(WebUtility.HtmlEncode(cell)).Append("</td>");
            }

            sb.Append("</tr>\n");
        }

        sb.Append("</table>\n");
        if (Previous is null)
        {
            sb.Append("<p><small>First recorded run: no previous run to compare with.</small></p>\n");
        }

        var scores = new List<double>();
        foreach (var r in Recent)
        {
            scores.Add(r.FinalScore);
        }

        sb.Append(Sparkline(scores));
    }

    /// <summary>An inline SVG polyline of final scores (0 to 7, oldest first), no script; the last point marked.</summary>
    internal static string Sparkline(IReadOnlyList<double> scores)
    {
        const int width = 240, height = 48, pad = 4;
        var values = new List<string>();
        foreach (var s in scores)
        {
            values.Add(ReportWriter.Num(s));
        }

        var sb = new StringBuilder();
        sb.Append("<svg class=\"sparkline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(width).Append("\" height=\"").Append(height)
            .Append("\" viewBox=\"0 0 ").Append(width).Append(' ').Append(height).Append("\" role=\"img\" aria-label=\"Final score of the last ")
            .Append(scores.Count.ToString(CultureInfo.InvariantCulture)).Append(" runs: ").Append(string.Join(", ", values)).Append("\">\n");
        sb.Append("<title>Final score, last ").Append(scores.Count.ToString(CultureInfo.InvariantCulture)).Append(" runs: ").Append(string.Join(", ", values)).Append("</title>\n");
        sb.Append("<rect x=\"0\" y=\"0\" width=\"").Append(width).Append("\" height=\"").Append(height).Append("\" fill=\"#f6f8fa\"/>\n");
        var points = new List<string>();
        double x = pad, y = pad;
        for (var i = 0; i < scores.Count; i++)
        {
            x = scores.Count == 1 ? width / 2.0 : pad + (i * (width - (2.0 * pad)) / (scores.Count - 1));
            y = pad + ((1 - (Math.Max(0, Math.Min(7, scores[i])) / 7.0)) * (height - (2.0 * pad)));
            points.Add(Coordinate(x) + "," + Coordinate(y));
        }

        if (points.Count > 1)
        {
            sb.Append("<polyline fill=\"none\" stroke=\"#0969da\" stroke-width=\"2\" points=\"").Append(string.Join(" ", points)).Append("\"/>\n");
        }

        if (points.Count > 0)
        {
            sb.Append("<circle cx=\"").Append(Coordinate(x)).Append("\" cy=\"").Append(Coordinate(y)).Append("\" r=\"3\" fill=\"#0969da\"/>\n");
        }

        sb.Append("</svg>\n");
        return sb.ToString();
    }

    private static string Coordinate(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private List<(string Label, List<string> Cells)> Rows()
    {
        var rows = new List<(string, List<string>)>();
        var now = new List<string> { ReportWriter.Num(Current.FinalScore) };
        foreach (var s in Current.Sections)
        {
            now.Add(ReportWriter.Num(s.Value));
        }

        now.Add(Level(Current.GoogleLevel));
        now.Add(Level(Current.AzureLevel));
        rows.Add(("this run" + Describe(Current), now));
        if (Previous is not null)
        {
            rows.Add(("change since the previous run" + Describe(Previous), Changes(Previous)));
        }

        if (Baseline is not null)
        {
            rows.Add(("change since the baseline" + (BaselineName is null ? string.Empty : " " + BaselineName) + Describe(Baseline), Changes(Baseline)));
        }

        return rows;
    }

    private List<string> Changes(ScoreHistoryRecord then)
    {
        var cells = new List<string> { Delta(Current.FinalScore, then.FinalScore) };
        foreach (var s in Current.Sections)
        {
            cells.Add(then.Section(s.Key) is double old ? Delta(s.Value, old) : "new");
        }

        cells.Add(Current.GoogleLevel >= 0 && then.GoogleLevel >= 0 ? LevelDelta(Current.GoogleLevel, then.GoogleLevel) : "-");
        cells.Add(Current.AzureLevel >= 0 && then.AzureLevel >= 0 ? LevelDelta(Current.AzureLevel, then.AzureLevel) : "-");
        return cells;
    }

    private static string LevelDelta(int now, int then) => now > then ? "+" + (now - then).ToString(CultureInfo.InvariantCulture) : now < then ? "-" + (then - now).ToString(CultureInfo.InvariantCulture) : "±0";

    private static string Level(int level) => level < 0 ? "-" : level.ToString(CultureInfo.InvariantCulture);

    private static string Describe(ScoreHistoryRecord r)
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(r.Time))
        {
            parts.Add(r.Time);
        }

        if (!string.IsNullOrEmpty(r.Commit))
        {
            parts.Add(r.Commit!.Length > 12 ? r.Commit.Substring(0, 12) : r.Commit);
        }

        return parts.Count == 0 ? string.Empty : " (" + string.Join(", ", parts) + ")";
    }
}
