using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace MLOps.MLTestScore.Reading;

internal sealed class ManualEvidence
{
    public string Item = string.Empty;
    public DateTimeOffset? Date;
    public string RawDate = string.Empty;
    public string? Owner;
    public string? Link;
    public string? Note;
    public bool Stale;
    public int AgeDays = -1;
}

/// <summary>
/// The manual evidence file: <c>{ "evidence": [ { "item": "Model.1", "date": "2026-10-01", "owner": "alice",
/// "link": "https://...", "note": "..." } ] }</c>. Per item the newest entry wins. An entry older than
/// the allowed age is stale (0 points, warning); an entry without a readable date cannot be shown
/// fresh and counts as stale; a missing owner or link is a warning but the entry still counts.
/// </summary>
internal static class ManualEvidenceReader
{
    private static readonly string[] DateFormats = { "yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyy-MM-ddTHH:mm:ss" };

    public static Dictionary<string, ManualEvidence> Read(string path, int maxAgeDays, DateTimeOffset now, List<ScoreDiagnostic> diagnostics, out int count)
    {
        count = 0;
        var result = new Dictionary<string, ManualEvidence>(StringComparer.Ordinal);
        using var document = JsonInput.Load(path, ScoreDiagnosticCodes.InvalidEvidenceFile, "manual evidence file", diagnostics, out var text);
        if (document is null)
        {
            return result;
        }

        var entries = JsonInput.Get(document.RootElement, "evidence");
        if (entries is null || entries.Value.ValueKind != JsonValueKind.Array)
        {
            diagnostics.Add(new ScoreDiagnostic(
                ScoreDiagnosticCodes.InvalidEvidenceFile,
                ScoreDiagnosticSeverity.Error,
                "The manual evidence file needs an \"evidence\" array: { \"evidence\": [ { \"item\": \"Model.1\", \"date\": \"2026-10-01\", \"owner\": \"alice\", \"link\": \"https://...\" } ] }.",
                path,
                1,
                1));
            return result;
        }

        // Positions are found in the text (JsonElement has none), each entry after the previous one; an
        // entry whose item cannot be found is placed at the "evidence" key, never at column 0.
        var evidenceAt = JsonInput.PositionOf(text, "\"evidence\"");
        if (evidenceAt.Line == 0)
        {
            evidenceAt = (1, 1);
        }

        var searchFrom = 0;
        foreach (var entry in entries.Value.EnumerateArray())
        {
            var rawItem = JsonInput.GetString(entry, "item");
            var (line, column) = evidenceAt;
            if (rawItem is not null && JsonInput.PositionOf(text, "\"" + rawItem + "\"", searchFrom) is { Line: > 0 } itemAt)
            {
                (line, column) = itemAt;
                searchFrom = text.IndexOf("\"" + rawItem + "\"", searchFrom, StringComparison.Ordinal) + 1;
            }

            if (!RubricId.TryNormalize(rawItem, out var id))
            {
                diagnostics.Add(new ScoreDiagnostic(
                    ScoreDiagnosticCodes.UnknownRubricId,
                    ScoreDiagnosticSeverity.Warning,
                    $"Manual evidence entry with item '{rawItem ?? "(missing)"}' does not name a rubric ID (Data.1 .. Monitor.7); the entry is ignored.",
                    path,
                    line,
                    column));
                continue;
            }

            count++;
            var evidence = new ManualEvidence
            {
                Item = id,
                RawDate = JsonInput.GetString(entry, "date") ?? string.Empty,
                Owner = Blank(JsonInput.GetString(entry, "owner")),
                Link = Blank(JsonInput.GetString(entry, "link")),
                Note = Blank(JsonInput.GetString(entry, "note")),
            };

            var missing = new List<string>();
            if (evidence.Owner is null)
            {
                missing.Add("owner");
            }

            if (evidence.Link is null)
            {
                missing.Add("link");
            }

            // The date's own position, when it is written as a string after the item; else the item's.
            var dateAt = (Line: line, Column: column);
            if (evidence.RawDate.Length > 0 && JsonInput.PositionOf(text, "\"" + evidence.RawDate + "\"", Math.Max(0, searchFrom - 1)) is { Line: > 0 } foundDate)
            {
                dateAt = foundDate;
            }

            string? unreadableDate = null;
            if (DateTimeOffset.TryParseExact(evidence.RawDate.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            {
                evidence.Date = date;
                evidence.AgeDays = (int)Math.Floor((now - date).TotalDays);
                if (evidence.AgeDays > maxAgeDays)
                {
                    evidence.Stale = true;
                    diagnostics.Add(new ScoreDiagnostic(
                        ScoreDiagnosticCodes.StaleEvidence,
                        ScoreDiagnosticSeverity.Warning,
                        $"Manual evidence for {id} is {evidence.AgeDays} days old (limit {maxAgeDays}): it earns no points until it is redone and its date updated.",
                        path,
                        dateAt.Line,
                        dateAt.Column));
                }
                else if (evidence.AgeDays < -1)
                {
                    diagnostics.Add(new ScoreDiagnostic(
                        ScoreDiagnosticCodes.FutureEvidence,
                        ScoreDiagnosticSeverity.Warning,
                        $"Manual evidence for {id} is dated in the future ({evidence.RawDate}); it is counted, but check the date.",
                        path,
                        dateAt.Line,
                        dateAt.Column));
                }
            }
            else if (evidence.RawDate.Trim().Length == 0)
            {
                evidence.Stale = true;
                missing.Add("date (yyyy-MM-dd)");
            }
            else
            {
                evidence.Stale = true;
                unreadableDate = evidence.RawDate;
            }

            if (unreadableDate is not null)
            {
                diagnostics.Add(new ScoreDiagnostic(
                    ScoreDiagnosticCodes.IncompleteEvidence,
                    ScoreDiagnosticSeverity.Warning,
                    $"Manual evidence for {id} has the date '{unreadableDate}', which is not a date in the form yyyy-MM-dd (or yyyy-MM-ddTHH:mm:ss with an optional offset): without a readable date it earns no points.",
                    path,
                    dateAt.Line,
                    dateAt.Column));
            }

            if (missing.Count > 0)
            {
                diagnostics.Add(new ScoreDiagnostic(
                    ScoreDiagnosticCodes.IncompleteEvidence,
                    ScoreDiagnosticSeverity.Warning,
                    $"Manual evidence for {id} lacks {string.Join(", ", missing)}: the paper's half point needs a documented, dated result with an owner and a link to it."
                        + (evidence.Date is null && unreadableDate is null ? " Without a readable date it earns no points." : string.Empty),
                    path,
                    line,
                    column));
            }

            if (!result.TryGetValue(id, out var previous) || IsBetter(evidence, previous))
            {
                result[id] = evidence;
            }
        }

        return result;
    }

    private static bool IsBetter(ManualEvidence candidate, ManualEvidence current)
    {
        if (candidate.Stale != current.Stale)
        {
            return !candidate.Stale;
        }

        return (candidate.Date ?? DateTimeOffset.MinValue) > (current.Date ?? DateTimeOffset.MinValue);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s!.Trim();
}
