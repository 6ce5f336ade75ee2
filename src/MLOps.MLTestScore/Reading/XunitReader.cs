using System;
using System.Collections.Generic;
using System.Xml.Linq;

namespace MLOps.MLTestScore.Reading;

/// <summary>Reads xunit XML (v3 --report-xunit-xml, and the v2 format of the same shape): assemblies/assembly/collection/test with traits.</summary>
internal static class XunitReader
{
    public static int Read(XElement root, string path, TestStore store, List<ScoreDiagnostic> diagnostics)
    {
        var count = 0;
        foreach (var test in XmlInput.Descendants(root, "test"))
        {
            var type = XmlInput.Attr(test, "type");
            var method = XmlInput.Attr(test, "method");
            var key = !string.IsNullOrEmpty(type) && !string.IsNullOrEmpty(method)
                ? TestNames.Normalize(type, method)
                : TestNames.Normalize(type, XmlInput.Attr(test, "name"));
            if (key.Length == 0)
            {
                continue;
            }

            var record = store.AddResult(key, MapOutcome(XmlInput.Attr(test, "result")), path);
            count++;

            foreach (var traits in XmlInput.Children(test, "traits"))
            {
                foreach (var trait in XmlInput.Children(traits, "trait"))
                {
                    var name = XmlInput.Attr(trait, "name");
                    var value = XmlInput.Attr(trait, "value");
                    var tagValue = TagParser.KeyValueTag(name, value) is { } fromTag ? fromTag
                        : string.Equals(name, "Category", StringComparison.OrdinalIgnoreCase) ? TagParser.CategoryValue(value)
                        : null;
                    if (tagValue is null)
                    {
                        continue;
                    }

                    var (line, column) = XmlInput.Position(trait);
                    foreach (var id in TagParser.ParseValue(tagValue, diagnostics, path, line, column))
                    {
                        TestStore.AddTag(record, id, "xunit");
                    }
                }
            }
        }

        return count;
    }

    private static RunOutcome MapOutcome(string? result)
    {
        switch (result?.Trim().ToUpperInvariant())
        {
            case "PASS":
            case "PASSED":
                return RunOutcome.Passed;
            case "FAIL":
            case "FAILED":
                return RunOutcome.Failed;
            default:
                // Skip, NotRun, missing.
                return RunOutcome.NotExecuted;
        }
    }
}
