using System;
using System.Collections.Generic;
using System.Xml.Linq;

namespace MLOps.MLTestScore.Reading;

/// <summary>
/// Reads classic VSTest TRX and Microsoft.Testing.Platform TRX. Results are joined to their
/// definitions through testId (case-insensitive: MTP writes upper-case GUIDs in places) and
/// counted from Results, never from ResultSummary/Counters.
/// </summary>
internal static class TrxReader
{
    private sealed class Definition
    {
        public string Key = string.Empty;
        public readonly List<(string Id, string Source)> Tags = new();
    }

    public static int Read(XElement root, string path, TestStore store, List<ScoreDiagnostic> diagnostics)
    {
        var definitions = new Dictionary<string, Definition>(StringComparer.OrdinalIgnoreCase);
        foreach (var unitTest in XmlInput.Descendants(root, "UnitTest"))
        {
            var id = XmlInput.Attr(unitTest, "id");
            if (id is null)
            {
                continue;
            }

            var method = XmlInput.Child(unitTest, "TestMethod");
            var key = method is not null
                ? TestNames.Normalize(XmlInput.Attr(method, "className"), XmlInput.Attr(method, "name") ?? XmlInput.Attr(unitTest, "name"))
                : TestNames.Normalize(null, XmlInput.Attr(unitTest, "name"));
            var definition = new Definition { Key = key };
            ReadTags(unitTest, path, definition.Tags, diagnostics);
            definitions[id] = definition;
        }

        var count = 0;
        foreach (var result in XmlInput.Descendants(root, "UnitTestResult"))
        {
            // Data-driven MSTest nests InnerResults under the parent result: the parent counts.
            if (result.Parent is not null && string.Equals(result.Parent.Name.LocalName, "InnerResults", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var testId = XmlInput.Attr(result, "testId");
            Definition? definition = null;
            if (testId is not null)
            {
                definitions.TryGetValue(testId, out definition);
            }

            var key = definition?.Key ?? TestNames.Normalize(null, XmlInput.Attr(result, "testName"));
            if (key.Length == 0)
            {
                continue;
            }

            var record = store.AddResult(key, MapOutcome(XmlInput.Attr(result, "outcome")), path);
            count++;
            if (definition is not null)
            {
                foreach (var (id, source) in definition.Tags)
                {
                    TestStore.AddTag(record, id, source);
                }
            }

            var resultTags = new List<(string Id, string Source)>();
            ReadTags(result, path, resultTags, diagnostics);
            foreach (var (id, source) in resultTags)
            {
                TestStore.AddTag(record, id, source);
            }
        }

        return count;
    }

    internal static RunOutcome MapOutcome(string? outcome)
    {
        switch (outcome?.Trim().ToUpperInvariant())
        {
            case "PASSED":
            case "PASSEDBUTRUNABORTED":
            case "WARNING":
            case "COMPLETED":
                return RunOutcome.Passed;
            case "FAILED":
            case "ERROR":
            case "TIMEOUT":
            case "ABORTED":
                return RunOutcome.Failed;
            default:
                // NotExecuted, Inconclusive, NotRunnable, Pending, InProgress, Disconnected, missing.
                return RunOutcome.NotExecuted;
        }
    }

    private static void ReadTags(XElement owner, string path, List<(string Id, string Source)> tags, List<ScoreDiagnostic> diagnostics)
    {
        // Classic: <TestCategory><TestCategoryItem TestCategory="MLTestScore:Data.1"/></TestCategory>
        foreach (var categories in XmlInput.Children(owner, "TestCategory"))
        {
            foreach (var item in XmlInput.Children(categories, "TestCategoryItem"))
            {
                var value = TagParser.CategoryValue(XmlInput.Attr(item, "TestCategory"));
                if (value is not null)
                {
                    var (line, column) = XmlInput.Position(item);
                    foreach (var id in TagParser.ParseValue(value, diagnostics, path, line, column))
                    {
                        tags.Add((id, "trx"));
                    }
                }
            }
        }

        // MTP: <Properties><Property><Key>MLTestScore</Key><Value>Data.1</Value></Property></Properties>
        foreach (var properties in XmlInput.Children(owner, "Properties"))
        {
            foreach (var property in XmlInput.Children(properties, "Property"))
            {
                var tagValue = TagParser.KeyValueTag(XmlInput.Child(property, "Key")?.Value, XmlInput.Child(property, "Value")?.Value);
                if (tagValue is null)
                {
                    continue;
                }

                var (line, column) = XmlInput.Position(property);
                foreach (var id in TagParser.ParseValue(tagValue, diagnostics, path, line, column))
                {
                    tags.Add((id, "trx"));
                }
            }
        }
    }
}
