using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;

namespace MLOps.MLTestScore;

/// <summary>
/// The history file (one <see cref="ScoreHistoryRecord"/> a line, JSON Lines) and the baseline file (a report
/// JSON, or a history line or file whose last readable line counts). Reading never throws: a line that cannot
/// be read is skipped with <see cref="ScoreDiagnosticCodes.UnreadableHistory"/> naming the file and line.
/// </summary>
public static class ScoreHistory
{
    /// <summary>The history file's default name for a report base name.</summary>
    public static string FileName(string reportBaseName) => reportBaseName + ".history.jsonl";

    /// <summary>Every readable record of <paramref name="path"/>, in file order; none when the file does not exist.</summary>
    public static List<ScoreHistoryRecord> Read(string path, ICollection<ScoreDiagnostic> diagnostics)
    {
        var records = new List<ScoreHistoryRecord>();
        if (!File.Exists(path))
        {
            return records;
        }

        string[] lines;
        try
        {
            lines = ReadLines(path);
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
        {
            diagnostics.Add(new ScoreDiagnostic(ScoreDiagnosticCodes.UnreadableHistory, ScoreDiagnosticSeverity.Warning, "The score history could not be read (" + ex.Message + "): no trend is shown.", path));
            return records;
        }

        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            if (TryParse(lines[i], out var record))
            {
                records.Add(record);
            }
            else
            {
                diagnostics.Add(new ScoreDiagnostic(ScoreDiagnosticCodes.UnreadableHistory, ScoreDiagnosticSeverity.Warning, "This line of the score history is not a score record (JSON with a finalScore from 0 to 7): it is skipped.", path, i + 1, 1));
            }
        }

        return records;
    }

    /// <summary>
    /// The baseline: a report JSON (as <c>ml-test-score.json</c>), one history line, or a history file (its last
    /// readable line). Null, with a warning, when the file does not exist or holds no readable record.
    /// </summary>
    public static ScoreHistoryRecord? ReadBaseline(string path, ICollection<ScoreDiagnostic> diagnostics)
    {
        string text;
        try
        {
            if (!File.Exists(path))
            {
                diagnostics.Add(new ScoreDiagnostic(ScoreDiagnosticCodes.UnreadableHistory, ScoreDiagnosticSeverity.Warning, "The baseline file does not exist: no comparison with a baseline is made.", path));
                return null;
            }

            text = string.Join("\n", ReadLines(path));
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
        {
            diagnostics.Add(new ScoreDiagnostic(ScoreDiagnosticCodes.UnreadableHistory, ScoreDiagnosticSeverity.Warning, "The baseline could not be read (" + ex.Message + "): no comparison with a baseline is made.", path));
            return null;
        }

        if (TryParse(text, out var whole))
        {
            return whole; // A report JSON (indented, many lines) or a single history line.
        }

        var records = Read(path, diagnostics);
        if (records.Count == 0)
        {
            diagnostics.Add(new ScoreDiagnostic(ScoreDiagnosticCodes.UnreadableHistory, ScoreDiagnosticSeverity.Warning, "The baseline holds no score record (a report JSON or a history line): no comparison with a baseline is made.", path));
            return null;
        }

        return records[records.Count - 1];
    }

    /// <summary>
    /// Appends <paramref name="record"/> as one line. The file is held exclusively while the line is written in a
    /// single write, so concurrent runs do not interleave; a last line left without its line break (a run that died
    /// mid-write) is closed first, so the new record stays a line of its own.
    /// </summary>
    public static void Append(string path, ScoreHistoryRecord record)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var line = Encoding.UTF8.GetBytes(record.ToJsonLine() + "\n");
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                var payload = line;
                if (stream.Length > 0)
                {
                    stream.Seek(-1, SeekOrigin.End);
                    if (stream.ReadByte() != '\n')
                    {
                        payload = new byte[line.Length + 1];
                        payload[0] = (byte)'\n';
                        Buffer.BlockCopy(line, 0, payload, 1, line.Length);
                    }
                }

                stream.Seek(0, SeekOrigin.End);
                stream.Write(payload, 0, payload.Length);
                stream.Flush(flushToDisk: true);
                return;
            }
            catch (IOException) when (attempt < 20 && File.Exists(path))
            {
                Thread.Sleep(50); // Another run holds the file: wait for its line to be written.
            }
        }
    }

    private static bool TryParse(string text, out ScoreHistoryRecord record)
    {
        record = new ScoreHistoryRecord();
        try
        {
            using var document = JsonDocument.Parse(text);
            return ScoreHistoryRecord.TryRead(document.RootElement, out record);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string[] ReadLines(string path)
    {
        // Shared read: another run may be appending its line meanwhile.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = new List<string>();
        while (reader.ReadLine() is string line)
        {
            lines.Add(line);
        }

        return lines.ToArray();
    }
}
