using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
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
            if (FirstUnreadableString(text) is not { } position)
            {
                return document;
            }

            // No string holding an unpaired surrogate can be read: the file is as unusable as one that does not parse.
            document.Dispose();
            var (line, column) = position;
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
                $"The {what} is not valid JSON: {WithoutPosition(ex.Message)}",
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

    /// <summary>
    /// 1-based line and column of the first string or property name that cannot be read as text, or
    /// null when every one can. An unpaired surrogate escape ("\uD800") passes the parser, which
    /// checks escapes' syntax only, but GetString refuses it; the column is that of the string's first
    /// escape, where the bad one is or begins.
    /// </summary>
    internal static (int Line, int Column)? FirstUnreadableString(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 32 });
        while (reader.Read())
        {
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName) || !reader.ValueIsEscaped)
            {
                continue;
            }

            try
            {
                _ = reader.GetString();
            }
            catch (InvalidOperationException)
            {
                var offset = (int)reader.TokenStartIndex;
                var escape = Array.IndexOf(utf8, (byte)'\\', offset);
                offset = escape < 0 ? offset : escape;
                var lineStart = offset == 0 ? 0 : Array.LastIndexOf(utf8, (byte)'\n', offset - 1) + 1;
                var line = 1;
                for (var i = 0; i < lineStart; i++)
                {
                    if (utf8[i] == (byte)'\n')
                    {
                        line++;
                    }
                }

                return (line, Encoding.UTF8.GetCharCount(utf8, lineStart, offset - lineStart) + 1);
            }
        }

        return null;
    }

    /// <summary>
    /// The parser's message without its own position ("Path: $ | LineNumber: 0 | BytePositionInLine: 12."):
    /// the diagnostic carries the 1-based line and column, and the parser's are 0-based.
    /// </summary>
    internal static string WithoutPosition(string message)
    {
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        }

        return cut < 0 ? message : message.Substring(0, cut).TrimEnd();
    }

    /// <summary>
    /// 1-based line and column of the first occurrence of <paramref name="needle"/> in <paramref name="text"/>
    /// at or after <paramref name="startIndex"/>; (0, 0) when absent.
    /// </summary>
    public static (int Line, int Column) PositionOf(string text, string needle, int startIndex = 0)
    {
        if (needle.Length == 0 || startIndex < 0 || startIndex >= text.Length)
        {
            return (0, 0);
        }

        var index = text.IndexOf(needle, startIndex, StringComparison.Ordinal);
        return index < 0 ? (0, 0) : PositionAt(text, index);
    }

    /// <summary>1-based line and column of the character at <paramref name="index"/>.</summary>
    public static (int Line, int Column) PositionAt(string text, int index)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, index - lineStart + 1);
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
