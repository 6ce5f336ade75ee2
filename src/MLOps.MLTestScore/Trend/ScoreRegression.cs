using System;
using System.Collections.Generic;
using System.Globalization;

namespace MLOps.MLTestScore;

/// <summary>The ratchet: the final score may not fall against the baseline (<see cref="ScoreDiagnosticCodes.ScoreRegressed"/>).</summary>
public static class ScoreRegression
{
    /// <summary>The failure message when <paramref name="current"/>'s final score is lower than <paramref name="baseline"/>'s; null otherwise.</summary>
    public static string? Check(ScoreHistoryRecord current, ScoreHistoryRecord baseline, string? baselineName = null)
    {
        if (Math.Round(current.FinalScore - baseline.FinalScore, 2) >= 0)
        {
            return null;
        }

        var fell = new List<string>();
        foreach (var s in current.Sections)
        {
            if (baseline.Section(s.Key) is double old && Math.Round(s.Value - old, 2) < 0)
            {
                fell.Add(s.Key + " " + ReportWriter.Num(old) + " -> " + ReportWriter.Num(s.Value));
            }
        }

        return string.Format(
            CultureInfo.InvariantCulture,
            "The ML Test Score fell from {0} to {1} against the baseline{2}{3}{4}. Restore the lost points, or move the baseline (MLTestScoreBaseline) on purpose.",
            ReportWriter.Num(baseline.FinalScore),
            ReportWriter.Num(current.FinalScore),
            baselineName is null ? string.Empty : " " + baselineName,
            string.IsNullOrEmpty(baseline.Commit) ? string.Empty : " (commit " + baseline.Commit + ")",
            fell.Count == 0 ? string.Empty : "; fell: " + string.Join(", ", fell));
    }
}
