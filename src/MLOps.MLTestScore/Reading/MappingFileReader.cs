using System;
using System.Collections.Generic;
using System.Text.Json;

namespace MLOps.MLTestScore.Reading;

/// <summary>
/// The mapping file: <c>{ "mappings": [ { "tests": "Ns.SchemaTests.*", "items": ["Data.1"] } ] }</c>.
/// "tests" is a glob (or an array of globs) on the test's full name (class + "." + method),
/// '*' = any run of characters ('**' also across '/'), '?' = one character, case-insensitive.
/// </summary>
internal static class MappingFileReader
{
    public static void Apply(string path, TestStore store, List<ScoreDiagnostic> diagnostics)
    {
        using var document = JsonInput.Load(path, ScoreDiagnosticCodes.InvalidMappingFile, "mapping file", diagnostics, out var text);
        if (document is null)
        {
            return;
        }

        var mappings = JsonInput.Get(document.RootElement, "mappings");
        if (mappings is null || mappings.Value.ValueKind != JsonValueKind.Array)
        {
            diagnostics.Add(new ScoreDiagnostic(
                ScoreDiagnosticCodes.InvalidMappingFile,
                ScoreDiagnosticSeverity.Error,
                "The mapping file needs a \"mappings\" array: { \"mappings\": [ { \"tests\": \"MyCompany.Ml.Tests.SchemaTests.*\", \"items\": [\"Data.1\"] } ] }.",
                path,
                1,
                1));
            return;
        }

        // Positions are found in the text (JsonElement has none): each entry is searched after the previous
        // one, so repeated values get their own places. An entry with nothing to find is placed at the
        // "mappings" key, never at column 0.
        var mappingsAt = JsonInput.PositionOf(text, "\"mappings\"");
        if (mappingsAt.Line == 0)
        {
            mappingsAt = (1, 1);
        }

        var searchFrom = 0;
        foreach (var mapping in mappings.Value.EnumerateArray())
        {
            var globs = JsonInput.GetStrings(mapping, "tests");
            var rawItems = JsonInput.GetStrings(mapping, "items");
            var entryAt = mappingsAt;
            var first = globs.Count > 0 ? Quote(globs[0]) : rawItems.Count > 0 ? Quote(rawItems[0]) : null;
            if (first is not null && JsonInput.PositionOf(text, first, searchFrom) is { Line: > 0 } found)
            {
                entryAt = found;
                searchFrom = text.IndexOf(first, searchFrom, StringComparison.Ordinal) + 1;
            }

            if (globs.Count == 0 || rawItems.Count == 0)
            {
                diagnostics.Add(new ScoreDiagnostic(
                    ScoreDiagnosticCodes.InvalidMappingFile,
                    ScoreDiagnosticSeverity.Error,
                    "A mapping entry needs \"tests\" (a glob or an array of globs) and \"items\" (rubric IDs); the entry is ignored.",
                    path,
                    entryAt.Line,
                    entryAt.Column));
                continue;
            }

            var ids = new List<string>();
            foreach (var raw in rawItems)
            {
                var itemAt = JsonInput.PositionOf(text, Quote(raw), Math.Max(0, searchFrom - 1));
                if (itemAt.Line == 0)
                {
                    itemAt = entryAt;
                }

                ids.AddRange(TagParser.ParseValue(raw, diagnostics, path, itemAt.Line, itemAt.Column));
            }

            foreach (var glob in globs)
            {
                var globAt = JsonInput.PositionOf(text, Quote(glob), Math.Max(0, searchFrom - 1));
                if (globAt.Line == 0)
                {
                    globAt = entryAt;
                }

                var matched = 0;
                foreach (var test in store.Tests)
                {
                    if (test.Runs > 0 && GlobMatches(glob, test.Name))
                    {
                        matched++;
                        foreach (var id in ids)
                        {
                            TestStore.AddTag(test, id, "mapping");
                        }
                    }
                }

                if (matched == 0)
                {
                    diagnostics.Add(new ScoreDiagnostic(
                        ScoreDiagnosticCodes.MappingMatchedNothing,
                        ScoreDiagnosticSeverity.Warning,
                        $"The mapping glob '{glob}' matches no test result: test names are the class full name + '.' + method name (e.g. MyCompany.Ml.Tests.SchemaTests.*). Fix the glob or remove the entry.",
                        path,
                        globAt.Line,
                        globAt.Column));
                }
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="name"/> matches the glob (<see cref="MLOps.Shared.Glob"/>, the analyzers' glob):
    /// '*' any run within a segment, '**' any run, '?' one character, case-insensitive. Test names are
    /// matched without their argument lists, where a '/' could be, so '*' covers any part of a name. Never a regex: a regex of
    /// ".*" runs (the former implementation) backtracked exponentially on a glob like "*?*?*?...!*" and hit
    /// its timeout, which escaped as an internal error.
    /// </summary>
    internal static bool GlobMatches(string glob, string name) => MLOps.Shared.Glob.IsMatch(glob.Trim(), name);

    private static string Quote(string s) => "\"" + s + "\"";
}
