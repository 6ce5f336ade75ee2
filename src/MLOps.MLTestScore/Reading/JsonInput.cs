using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace MLOps.MLTestScore.Reading;

/// <summary>Loads the small JSON inputs (mapping, manual evidence). Never throws.</summary>
internal static class JsonInput
{
    private const long MaxBytes = 16L * 1024 * 1024;

    public static JsonDocument? Load(string path, string invalidCode, string what, List<ScoreDiagnostic> diagnostics, out string text)
    {
        text = string.Empty;
        if (!File.Exists(path))
        {
            diagnostics.Add(new ScoreDiagnostic(ScoreDiagnosticCodes.FileNotFound, ScoreDiagnosticSeverity.Error, $"The {what} does not exist: fix the path or remove the setting.", path));
            return null;
        }

        try
        {
            if (new FileInfo(path).Length > MaxBytes)
            {
                diagnostics.Add(new ScoreDiagnostic(invalidCode, ScoreDiagnosticSeverity.Error, $"The {what} is larger than 16 MB and is not read.", path));
                return null;
            }

            text = File.ReadAllText(path);
            var document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 32 });
            if (AllStringsDecode(document.RootElement))
            {
                return document;
            }

            // "\uD800" passes the parser (it checks escapes' syntax, not their pairing) but no
            // string holding it can be read: the file is as unusable as one that does not parse.
            document.Dispose();
            var (line, column) = UnpairedSurrogateEscape(text);
            diagnostics.Add(new ScoreDiagnostic(
                invalidCode,
                ScoreDiagnosticSeverity.Error,
                $"The {what} is not valid JSON: a \\u escape is an unpaired UTF-16 surrogate (\\uD800-\\uDFFF without its pair), which cannot be read as text.",
                path,
                line,
                column));
        }
        catch (JsonException ex)
        {
            diagnostics.Add(new ScoreDiagnostic(
                invalidCode,
                ScoreDiagnosticSeverity.Error,
                $"The {what} is not valid JSON: {ex.Message}",
                path,
                (int)(ex.LineNumber ?? -1) + 1,
                (int)(ex.BytePositionInLine ?? -1) + 1));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            diagnostics.Add(new ScoreDiagnostic(ScoreDiagnosticCodes.FileNotFound, ScoreDiagnosticSeverity.Error, $"The {what} cannot be read: {ex.Message}", path));
        }

        return null;
    }

    /// <summary>Whether every property name and string value can be read as a string (the walk is bounded by MaxDepth).</summary>
    private static bool AllStringsDecode(JsonElement element)
    {
        try
        {
            return Decode(element);
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json: "Cannot read invalid UTF-16 JSON text as string".
            return false;
        }

        static bool Decode(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject())
                    {
                        _ = p.Name;
                        Decode(p.Value);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in e.EnumerateArray())
                    {
                        Decode(item);
                    }

                    break;
                case JsonValueKind.String:
                    _ = e.GetString();
                    break;
            }

            return true;
        }
    }

    /// <summary>1-based line and column of the first \u escape in a string that is an unpaired surrogate; (1, 1) when none is found.</summary>
    internal static (int Line, int Column) UnpairedSurrogateEscape(string text)
    {
        int line = 1, lineStart = 0;
        var inString = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                lineStart = i + 1;
            }
            else if (!inString)
            {
                if (c == '"')
                {
                    inString = true;
                }
                else if (c == '/' && i + 1 < text.Length && (text[i + 1] == '/' || text[i + 1] == '*'))
                {
                    // Skip the comment, counting its lines.
                    var block = text[i + 1] == '*';
                    var end = block ? text.IndexOf("*/", i + 2, StringComparison.Ordinal) : text.IndexOf('\n', i + 2);
                    end = end < 0 ? text.Length : end;
                    for (var k = i; k < end; k++)
                    {
                        if (text[k] == '\n')
                        {
                            line++;
                            lineStart = k + 1;
                        }
                    }

                    i = block ? end + 1 : end - 1;
                }
            }
            else if (c == '"')
            {
                inString = false;
            }
            else if (c == '\\' && i + 1 < text.Length)
            {
                if (text[i + 1] == 'u' && Hex4(text, i + 2) is var unit && unit >= 0xD800 && unit <= 0xDFFF)
                {
                    var paired = unit <= 0xDBFF && i + 7 < text.Length && text[i + 6] == '\\' && text[i + 7] == 'u' && Hex4(text, i + 8) is var low && low >= 0xDC00 && low <= 0xDFFF;
                    if (!paired)
                    {
                        return (line, i - lineStart + 1);
                    }

                    i += 11;
                }
                else
                {
                    i++; // the escaped character, e.g. the second \ of "\\"
                }
            }
        }

        return (1, 1);
    }

    /// <summary>The value of 4 hex digits at <paramref name="start"/>, -1 when there are none.</summary>
    private static int Hex4(string text, int start)
    {
        if (start + 4 > text.Length)
        {
            return -1;
        }

        var value = 0;
        for (var i = start; i < start + 4; i++)
        {
            var c = text[i];
            var digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0)
            {
                return -1;
            }

            value = (value * 16) + digit;
        }

        return value;
    }

    /// <summary>1-based line of the first occurrence of <paramref name="needle"/> in <paramref name="text"/>, 0 when absent.</summary>
    public static int LineOf(string text, string needle, int startIndex = 0)
    {
        if (needle.Length == 0 || startIndex >= text.Length)
        {
            return 0;
        }

        var index = text.IndexOf(needle, startIndex, StringComparison.Ordinal);
        if (index < 0)
        {
            return 0;
        }

        var line = 1;
        for (var i = 0; i < index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }

        return line;
    }

    public static string? GetString(JsonElement element, string property)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var p in element.EnumerateObject())
        {
            if (string.Equals(p.Name, property, StringComparison.OrdinalIgnoreCase))
            {
                return p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null;
            }
        }

        return null;
    }

    public static JsonElement? Get(JsonElement element, string property)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var p in element.EnumerateObject())
        {
            if (string.Equals(p.Name, property, StringComparison.OrdinalIgnoreCase))
            {
                return p.Value;
            }
        }

        return null;
    }

    /// <summary>A string or an array of strings, as a list.</summary>
    public static List<string> GetStrings(JsonElement element, string property)
    {
        var list = new List<string>();
        var value = Get(element, property);
        if (value is null)
        {
            return list;
        }

        if (value.Value.ValueKind == JsonValueKind.String)
        {
            list.Add(value.Value.GetString() ?? string.Empty);
        }
        else if (value.Value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.Value.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    list.Add(item.GetString() ?? string.Empty);
                }
            }
        }

        return list;
    }
}
