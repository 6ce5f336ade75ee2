using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace MLOps.MLTestScore;

/// <summary>
/// One run of the score in the history file: one compact JSON line,
/// <c>{"time":"2026-12-01T16:00:00Z","project":"P","commit":"abc","sections":{"Data":2,...},"finalScore":1,"maturity":{"google":1,"azure":2}}</c>.
/// </summary>
public sealed class ScoreHistoryRecord
{
    /// <summary>UTC time of the run, ISO 8601 with Z.</summary>
    public string Time { get; internal set; } = string.Empty;

    /// <summary>The project, when known.</summary>
    public string? Project { get; internal set; }

    /// <summary>The commit, when known.</summary>
    public string? Commit { get; internal set; }

    /// <summary>Section name to score, in rubric order.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Sections { get; internal set; } = Array.Empty<KeyValuePair<string, double>>();

    /// <summary>The final score (minimum of the sections).</summary>
    public double FinalScore { get; internal set; }

    /// <summary>Google MLOps level, -1 when unknown.</summary>
    public int GoogleLevel { get; internal set; } = -1;

    /// <summary>Azure MLOps level, -1 when unknown.</summary>
    public int AzureLevel { get; internal set; } = -1;

    /// <summary>The record of <paramref name="report"/>, timed at <paramref name="time"/> (as UTC).</summary>
    public static ScoreHistoryRecord FromReport(ScoreReport report, DateTimeOffset time)
    {
        var sections = new List<KeyValuePair<string, double>>();
        foreach (var s in report.Sections)
        {
            sections.Add(new KeyValuePair<string, double>(s.Name, s.Score));
        }

        return new ScoreHistoryRecord
        {
            Time = time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            Project = report.Project,
            Commit = report.Commit,
            Sections = sections,
            FinalScore = report.FinalScore,
            GoogleLevel = report.Maturity.Google.Level,
            AzureLevel = report.Maturity.Azure.Level,
        };
    }

    /// <summary>The score of section <paramref name="name"/>, null when the record has none.</summary>
    public double? Section(string name)
    {
        foreach (var pair in Sections)
        {
            if (string.Equals(pair.Key, name, StringComparison.Ordinal))
            {
                return pair.Value;
            }
        }

        return null;
    }

    /// <summary>The record as one JSON line (no line break).</summary>
    public string ToJsonLine()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
        {
            writer.WriteStartObject();
            writer.WriteString("time", Time);
            if (Project is not null)
            {
                writer.WriteString("project", Project);
            }

            if (Commit is not null)
            {
                writer.WriteString("commit", Commit);
            }

            writer.WriteStartObject("sections");
            foreach (var pair in Sections)
            {
                writer.WriteNumber(pair.Key, pair.Value);
            }

            writer.WriteEndObject();
            writer.WriteNumber("finalScore", FinalScore);
            writer.WriteStartObject("maturity");
            writer.WriteNumber("google", GoogleLevel);
            writer.WriteNumber("azure", AzureLevel);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// Reads a history line or a whole report JSON (<c>sections</c> as an array of {name, score}, the maturity
    /// levels under <c>maturity.google.level</c>). False when <c>finalScore</c> is not a number from 0 to 7.
    /// </summary>
    internal static bool TryRead(JsonElement root, out ScoreHistoryRecord record)
    {
        record = new ScoreHistoryRecord();
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("finalScore", out var final)
            || final.ValueKind != JsonValueKind.Number
            || !final.TryGetDouble(out var finalScore)
            || finalScore < 0 || finalScore > 7)
        {
            return false;
        }

        record.FinalScore = finalScore;
        record.Time = Text(root, "time") ?? Text(root, "generatedAt") ?? string.Empty;
        if (DateTimeOffset.TryParse(record.Time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            record.Time = time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture); // a report's generatedAt has an offset
        }
        record.Project = Text(root, "project");
        record.Commit = Text(root, "commit");

        var sections = new List<KeyValuePair<string, double>>();
        if (root.TryGetProperty("sections", out var s))
        {
            if (s.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in s.EnumerateObject())
                {
                    if (p.Value.ValueKind == JsonValueKind.Number)
                    {
                        sections.Add(new KeyValuePair<string, double>(p.Name, p.Value.GetDouble()));
                    }
                }
            }
            else if (s.ValueKind == JsonValueKind.Array)
            {
                foreach (var e in s.EnumerateArray())
                {
                    if (e.ValueKind == JsonValueKind.Object && Text(e, "name") is string name
                        && e.TryGetProperty("score", out var score) && score.ValueKind == JsonValueKind.Number)
                    {
                        sections.Add(new KeyValuePair<string, double>(name, score.GetDouble()));
                    }
                }
            }
        }

        record.Sections = sections;
        if (root.TryGetProperty("maturity", out var maturity) && maturity.ValueKind == JsonValueKind.Object)
        {
            record.GoogleLevel = Level(maturity, "google");
            record.AzureLevel = Level(maturity, "azure");
        }

        return true;
    }

    private static int Level(JsonElement maturity, string model)
    {
        if (!maturity.TryGetProperty(model, out var value))
        {
            return -1;
        }

        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("level", out var level))
        {
            value = level;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : -1;
    }

    private static string? Text(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
