using System;
using System.Text.RegularExpressions;

namespace MLOps.MLTestScore;

/// <summary>Parses rubric IDs such as <c>Data.1</c>, <c>data 1</c>, <c>Infra-4</c> or <c>monitor7</c>.</summary>
public static class RubricId
{
    /// <summary>The tag key, compared case-insensitively.</summary>
    public const string TagKey = "MLTestScore";

    /// <summary>The four section names in rubric order.</summary>
    public static readonly string[] Sections = { "Data", "Model", "Infra", "Monitor" };

    private static readonly Regex Pattern = new(
        @"^\s*(data|model|infra|monitor)\s*[.\-_ ]?\s*(\d{1,3})\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
        TimeSpan.FromSeconds(1));

    /// <summary>Normalises <paramref name="text"/> to the canonical form (<c>Data.1</c>); false for anything else.</summary>
    public static bool TryNormalize(string? text, out string canonical)
    {
        canonical = string.Empty;
        if (text is null || text.Length > 64)
        {
            return false;
        }

        var match = Pattern.Match(text);
        if (!match.Success)
        {
            return false;
        }

        var number = int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        if (number < 1 || number > 7)
        {
            return false;
        }

        var section = SectionName(match.Groups[1].Value);
        canonical = section + "." + number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>The section of a canonical ID (<c>Data</c> for <c>Data.1</c>).</summary>
    public static string SectionOf(string canonicalId) => canonicalId.Substring(0, canonicalId.IndexOf('.'));

    private static string SectionName(string lower)
    {
        foreach (var s in Sections)
        {
            if (string.Equals(s, lower, StringComparison.OrdinalIgnoreCase))
            {
                return s;
            }
        }

        return lower;
    }
}
