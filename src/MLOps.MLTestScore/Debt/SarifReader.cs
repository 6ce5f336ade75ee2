using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace MLOps.MLTestScore.Debt;

/// <summary>
/// Reads the MLOPS analyzer results out of a compiler's error log (<c>ErrorLog</c>, <c>/errorlog</c>):
/// SARIF 2.1 (runs[].results[] with ruleId, level, message.text, locations[].physicalLocation
/// .artifactLocation.uri and region, suppressions[]; rule metadata in runs[].tool.driver.rules[]) and the
/// compiler's default SARIF 1.0 (message as a string, locations[].resultFile, suppressionStates[]). Only
/// results whose ruleId is MLOPS and three digits are kept. Never throws: a missing, huge, malformed or
/// oddly shaped log is the <see cref="ScoreDiagnosticCodes.UnreadableSarif"/> warning, with file and line.
/// </summary>
internal static class SarifReader
{
    /// <summary>Larger logs are refused unread (a whole solution's log with every rule is a few MB).</summary>
    internal const long MaxBytes = 128L * 1024 * 1024;

    private const int MaxDepth = 128;

    /// <summary>Adds the MLOPS findings of the log at <paramref name="path"/> to <paramref name="findings"/>; returns how many.</summary>
    public static int Read(string path, List<DebtFinding> findings, List<ScoreDiagnostic> diagnostics)
    {
        try
        {
            if (!File.Exists(path))
            {
                Warn(diagnostics, path, "The compiler's SARIF log does not exist, so the analyzers' findings of that project are not in the report: build the project (the package turns the log on under obj/; a build that predates the package wrote none).");
                return 0;
            }

            var length = new FileInfo(path).Length;
            if (length > MaxBytes)
            {
                Warn(diagnostics, path, string.Format(CultureInfo.InvariantCulture, "The SARIF log is {0} MB, larger than the {1} MB the reader accepts: it is not read.", length / (1024 * 1024), MaxBytes / (1024 * 1024)));
                return 0;
            }

            if (length == 0)
            {
                Warn(diagnostics, path, "The SARIF log is empty (a compilation that was stopped while writing it?): rebuild the project.");
                return 0;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = MaxDepth });
            return ReadLog(document.RootElement, path, findings, diagnostics);
        }
        catch (JsonException ex)
        {
            diagnostics.Add(new ScoreDiagnostic(
                ScoreDiagnosticCodes.UnreadableSarif,
                ScoreDiagnosticSeverity.Warning,
                "The SARIF log is not valid JSON (truncated, or not a SARIF log): " + Reading.JsonInput.WithoutPosition(ex.Message) + " Rebuild the project to rewrite it.",
                path,
                (int)(ex.LineNumber ?? -1) + 1,
                (int)(ex.BytePositionInLine ?? -1) + 1));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or System.Security.SecurityException)
        {
            Warn(diagnostics, path, "The SARIF log cannot be read: " + ex.Message);
        }

        return 0;
    }

    private static int ReadLog(JsonElement root, string path, List<DebtFinding> findings, List<ScoreDiagnostic> diagnostics)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("runs", out var runs) || runs.ValueKind != JsonValueKind.Array)
        {
            Warn(diagnostics, path, "The file is JSON but not a SARIF log (no \"runs\" array): pass the compiler's error log (ErrorLog) only.");
            return 0;
        }

        var count = 0;
        var skipped = 0;
        foreach (var run in runs.EnumerateArray())
        {
            if (run.ValueKind != JsonValueKind.Object || !run.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
            {
                continue; // A run with no result (a clean compilation may omit the array).
            }

            var rules = RuleMetadata(run);
            foreach (var result in results.EnumerateArray())
            {
                if (result.ValueKind != JsonValueKind.Object)
                {
                    skipped++;
                    continue;
                }

                var ruleId = String(result, "ruleId");
                if (!RuleItemMap.IsAnalyzerRule(ruleId))
                {
                    continue;
                }

                rules.TryGetValue(ruleId!, out var rule);
                var (file, line, column) = Location(result);
                findings.Add(new DebtFinding
                {
                    RuleId = ruleId!,
                    Category = rule.Category ?? string.Empty,
                    Level = String(result, "level") ?? "warning",
                    Message = Message(result),
                    File = file,
                    Line = line,
                    Column = column,
                    Suppressed = IsSuppressed(result),
                    HelpLink = IsHttp(rule.HelpUri) ? rule.HelpUri! : RuleItemMap.HelpLink(ruleId!),
                });
                count++;
            }
        }

        if (skipped > 0)
        {
            Warn(diagnostics, path, string.Format(CultureInfo.InvariantCulture, "{0} result(s) of the SARIF log are not JSON objects and were skipped.", skipped));
        }

        return count;
    }

    /// <summary>Category and help link per rule ID: SARIF 2.1 tool.driver.rules[], SARIF 1.0 rules{}.</summary>
    private static Dictionary<string, (string? Category, string? HelpUri)> RuleMetadata(JsonElement run)
    {
        var rules = new Dictionary<string, (string?, string?)>(StringComparer.Ordinal);
        void Add(JsonElement rule, string? fallbackId)
        {
            if (rule.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            var id = String(rule, "id") ?? fallbackId;
            if (!RuleItemMap.IsAnalyzerRule(id) || rules.ContainsKey(id!))
            {
                return;
            }

            string? category = null;
            if (rule.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
            {
                category = String(properties, "category");
            }

            rules[id!] = (category, String(rule, "helpUri"));
        }

        if (run.TryGetProperty("tool", out var tool) && tool.ValueKind == JsonValueKind.Object
            && tool.TryGetProperty("driver", out var driver) && driver.ValueKind == JsonValueKind.Object
            && driver.TryGetProperty("rules", out var driverRules) && driverRules.ValueKind == JsonValueKind.Array)
        {
            foreach (var rule in driverRules.EnumerateArray())
            {
                Add(rule, null);
            }
        }

        if (run.TryGetProperty("rules", out var v1Rules) && v1Rules.ValueKind == JsonValueKind.Object)
        {
            foreach (var rule in v1Rules.EnumerateObject())
            {
                Add(rule.Value, rule.Name);
            }
        }

        return rules;
    }

    private static string Message(JsonElement result)
    {
        if (!result.TryGetProperty("message", out var message))
        {
            return string.Empty;
        }

        return message.ValueKind switch
        {
            JsonValueKind.String => Text(message) ?? string.Empty,
            JsonValueKind.Object => String(message, "text") ?? string.Empty,
            _ => string.Empty,
        };
    }

    private static (string File, int Line, int Column) Location(JsonElement result)
    {
        if (!result.TryGetProperty("locations", out var locations) || locations.ValueKind != JsonValueKind.Array)
        {
            return (string.Empty, 0, 0);
        }

        foreach (var location in locations.EnumerateArray())
        {
            if (location.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            JsonElement artifact = default, region = default;
            if (location.TryGetProperty("physicalLocation", out var physical) && physical.ValueKind == JsonValueKind.Object)
            {
                physical.TryGetProperty("artifactLocation", out artifact);
                physical.TryGetProperty("region", out region);
            }
            else if (location.TryGetProperty("resultFile", out artifact) && artifact.ValueKind == JsonValueKind.Object)
            {
                artifact.TryGetProperty("region", out region); // SARIF 1.0
            }

            var uri = artifact.ValueKind == JsonValueKind.Object ? String(artifact, "uri") : null;
            if (uri is null)
            {
                continue;
            }

            return (FilePath(uri), Int(region, "startLine"), Int(region, "startColumn"));
        }

        return (string.Empty, 0, 0);
    }

    /// <summary>A local path for a file URI; a relative or non-file URI as written (unescaped).</summary>
    internal static string FilePath(string uri)
    {
        if (Uri.TryCreate(uri, UriKind.Absolute, out var absolute) && absolute.IsFile)
        {
            return absolute.LocalPath;
        }

        try
        {
            return Uri.UnescapeDataString(uri);
        }
        catch (UriFormatException)
        {
            return uri;
        }
    }

    /// <summary>
    /// SARIF 2.1: a non-empty suppressions array none of whose entries is "underReview" or "rejected"
    /// (§3.27.23; the compiler writes one entry of kind "inSource" for #pragma, SuppressMessage and suppressors).
    /// SARIF 1.0: suppressionStates containing "suppressedInSource".
    /// </summary>
    internal static bool IsSuppressed(JsonElement result)
    {
        if (result.TryGetProperty("suppressions", out var suppressions) && suppressions.ValueKind == JsonValueKind.Array)
        {
            var any = false;
            foreach (var suppression in suppressions.EnumerateArray())
            {
                var status = suppression.ValueKind == JsonValueKind.Object ? String(suppression, "status") : null;
                if (status is "underReview" or "rejected")
                {
                    return false;
                }

                any = true;
            }

            return any;
        }

        if (result.TryGetProperty("suppressionStates", out var states) && states.ValueKind == JsonValueKind.Array)
        {
            foreach (var state in states.EnumerateArray())
            {
                if (state.ValueKind == JsonValueKind.String && Text(state) == "suppressedInSource")
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsHttp(string? uri)
        => uri is not null && (uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase));

    private static string? String(JsonElement element, string property)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? Text(value) : null;

    /// <summary>The string, or null when it cannot be read as text (an unpaired surrogate escape).</summary>
    private static string? Text(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static int Int(JsonElement element, string property)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n > 0 ? n : 0;

    private static void Warn(List<ScoreDiagnostic> diagnostics, string path, string message)
        => diagnostics.Add(new ScoreDiagnostic(ScoreDiagnosticCodes.UnreadableSarif, ScoreDiagnosticSeverity.Warning, message, path));
}
