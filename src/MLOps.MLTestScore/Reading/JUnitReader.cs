using System;
using System.Collections.Generic;
using System.Xml.Linq;

namespace MLOps.MLTestScore.Reading;

/// <summary>Reads JUnit XML (JunitXml.TestLogger, pytest --junitxml, Maven Surefire and the like).</summary>
internal static class JUnitReader
{
    public static int Read(XElement root, string path, TestStore store, List<ScoreDiagnostic> diagnostics)
    {
        var count = 0;
        var cases = string.Equals(root.Name.LocalName, "testcase", StringComparison.OrdinalIgnoreCase)
            ? new[] { root }
            : (IEnumerable<XElement>)XmlInput.Descendants(root, "testcase");
        foreach (var testCase in cases)
        {
            var key = TestNames.Normalize(XmlInput.Attr(testCase, "classname"), XmlInput.Attr(testCase, "name"));
            if (key.Length == 0)
            {
                continue;
            }

            // failure / error / skipped may come in any order, before or after properties.
            var outcome = RunOutcome.Passed;
            var skipped = false;
            foreach (var child in testCase.Elements())
            {
                var name = child.Name.LocalName;
                if (string.Equals(name, "failure", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "error", StringComparison.OrdinalIgnoreCase))
                {
                    outcome = RunOutcome.Failed;
                }
                else if (string.Equals(name, "skipped", StringComparison.OrdinalIgnoreCase))
                {
                    skipped = true;
                }
            }

            if (skipped && outcome != RunOutcome.Failed)
            {
                outcome = RunOutcome.NotExecuted;
            }

            var record = store.AddResult(key, outcome, path);
            count++;

            foreach (var properties in XmlInput.Children(testCase, "properties"))
            {
                foreach (var property in XmlInput.Children(properties, "property"))
                {
                    var propertyName = XmlInput.Attr(property, "name");
                    var value = XmlInput.Attr(property, "value") ?? property.Value;
                    var tagValue = TagParser.KeyValueTag(propertyName, value);
                    if (tagValue is null
                        && (string.Equals(propertyName, "Category", StringComparison.OrdinalIgnoreCase)
                            || string.Equals(propertyName, "TestCategory", StringComparison.OrdinalIgnoreCase)))
                    {
                        tagValue = TagParser.CategoryValue(value);
                    }

                    if (tagValue is null)
                    {
                        continue;
                    }

                    var (line, column) = XmlInput.Position(property);
                    foreach (var id in TagParser.ParseValue(tagValue, diagnostics, path, line, column))
                    {
                        TestStore.AddTag(record, id, "junit");
                    }
                }
            }
        }

        return count;
    }
}
