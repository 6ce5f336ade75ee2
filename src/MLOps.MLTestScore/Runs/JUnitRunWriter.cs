using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Xml;

namespace MLOps.MLTestScore.Runs;

/// <summary>Writes a run in the JUnit shape the engine reads, keeping every trait as a property.</summary>
public static class JUnitRunWriter
{
    /// <summary>Writes <paramref name="results"/> to <paramref name="path"/> (temp file + move, so a reader never sees half a file).</summary>
    public static void Write(IReadOnlyList<RunTestResult> results, string path, string suiteName)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) };
        AtomicFile.Write(path, stream =>
        {
            using var writer = XmlWriter.Create(stream, settings);
            writer.WriteStartElement("testsuites");
            writer.WriteStartElement("testsuite");
            writer.WriteAttributeString("name", suiteName);
            writer.WriteAttributeString("tests", results.Count.ToString(CultureInfo.InvariantCulture));
            foreach (var result in results)
            {
                writer.WriteStartElement("testcase");
                writer.WriteAttributeString("classname", Clean(result.ClassName));
                writer.WriteAttributeString("name", Clean(result.MethodName));
                writer.WriteAttributeString("time", result.Duration.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture));
                if (result.Traits.Count > 0)
                {
                    writer.WriteStartElement("properties");
                    foreach (var trait in result.Traits)
                    {
                        writer.WriteStartElement("property");
                        writer.WriteAttributeString("name", Clean(trait.Key));
                        writer.WriteAttributeString("value", Clean(trait.Value));
                        writer.WriteEndElement();
                    }

                    writer.WriteEndElement();
                }

                switch (result.Outcome)
                {
                    case RunTestOutcome.Failed:
                        writer.WriteStartElement("failure");
                        writer.WriteAttributeString("message", Clean(result.Message));
                        writer.WriteEndElement();
                        break;
                    case RunTestOutcome.Skipped:
                        writer.WriteStartElement("skipped");
                        writer.WriteEndElement();
                        break;
                }

                writer.WriteEndElement();
            }

            writer.WriteEndElement();
            writer.WriteEndElement();
        });
    }

    /// <summary>Drops characters XML 1.0 cannot carry (test output may contain any).</summary>
    private static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text!.Length);
        foreach (var c in text)
        {
            if (XmlConvert.IsXmlChar(c) || char.IsSurrogate(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
