using System;
using System.Collections.Generic;

namespace MLOps.MLTestScore.Reading;

/// <summary>Turns key/value tags and categories into canonical rubric IDs, reporting unknown ones.</summary>
internal static class TagParser
{
    private const string CategoryPrefix = RubricId.TagKey + ":";
    private static readonly char[] Separators = { ',', ';' };

    public static bool IsTagKey(string? key) =>
        key is not null && string.Equals(key.Trim(), RubricId.TagKey, StringComparison.OrdinalIgnoreCase);

    /// <summary>"MLTestScore:Data.1" -> values after the prefix; null when the category is not a rubric tag.</summary>
    public static string? CategoryValue(string? category)
    {
        if (category is null)
        {
            return null;
        }

        var c = category.Trim();
        return c.StartsWith(CategoryPrefix, StringComparison.OrdinalIgnoreCase) ? c.Substring(CategoryPrefix.Length) : null;
    }

    /// <summary>
    /// The rubric value of a key/value tag: the value when the key is MLTestScore; the rest of the
    /// key when the key is "MLTestScore:Data.1" (how Microsoft.Testing.Platform reports NUnit and
    /// MSTest categories: a property with that key and an empty value); null otherwise.
    /// </summary>
    public static string? KeyValueTag(string? key, string? value)
    {
        if (IsTagKey(key))
        {
            return value;
        }

        var fromKey = CategoryValue(key);
        if (fromKey is not null)
        {
            return fromKey;
        }

        return null;
    }

    /// <summary>Parses a tag value (one ID, or several separated by ',' or ';').</summary>
    public static List<string> ParseValue(string? value, List<ScoreDiagnostic> diagnostics, string? file, int line, int column)
    {
        var ids = new List<string>(1);
        if (string.IsNullOrWhiteSpace(value))
        {
            diagnostics.Add(new ScoreDiagnostic(
                ScoreDiagnosticCodes.UnknownRubricId,
                ScoreDiagnosticSeverity.Warning,
                "An MLTestScore tag has an empty value: write a rubric ID such as Data.1, Model.3, Infra.1 or Monitor.7.",
                file,
                line,
                column));
            return ids;
        }

        foreach (var part in value!.Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (RubricId.TryNormalize(part, out var id))
            {
                if (!ids.Contains(id))
                {
                    ids.Add(id);
                }
            }
            else if (!AlreadyReported(diagnostics, file, part.Trim()))
            {
                // One warning per unknown value and file: a theory's rows or a tag written twice
                // (MTP writes NUnit/MSTest categories both as category and as property) warn once.
                diagnostics.Add(new ScoreDiagnostic(
                    ScoreDiagnosticCodes.UnknownRubricId,
                    ScoreDiagnosticSeverity.Warning,
                    $"'{Shorten(part.Trim())}' is not an ML Test Score rubric ID: use Data.1..Data.7, Model.1..Model.7, Infra.1..Infra.7 or Monitor.1..Monitor.7. The tag is ignored.",
                    file,
                    line,
                    column));
            }
        }

        return ids;
    }

    private static bool AlreadyReported(List<ScoreDiagnostic> diagnostics, string? file, string value)
    {
        var quoted = "'" + Shorten(value) + "'";
        foreach (var d in diagnostics)
        {
            if (d.Code == ScoreDiagnosticCodes.UnknownRubricId && d.File == file && d.Message.StartsWith(quoted, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string Shorten(string s) => s.Length <= 60 ? s : s.Substring(0, 60) + "...";
}
