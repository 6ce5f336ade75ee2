using System.Globalization;
using System.IO;
using System.Text;
using System.Xml;

namespace MLOps.MLTestScore;

/// <summary>
/// The 28 rubric items as JUnit XML, for CI dashboards that read JUnit (GitHub test reporters, Azure Pipelines'
/// PublishTestResults, GitLab, Jenkins). One test suite per section, one test case per item, classname = section:
/// <list type="bullet">
/// <item>Automated (1 point): passed.</item>
/// <item>Manual (0.5 point, fresh manual evidence): passed, with the properties <c>status=Manual</c> and <c>points=0.5</c>.</item>
/// <item>Failing (a tagged test failed) and Stale (only expired manual evidence): failure, no point (or the half
/// point of fresh evidence beside a failing test, in <c>points</c>).</item>
/// <item>Missing (no test, no evidence): skipped.</item>
/// </list>
/// Every test case carries <c>status</c> and <c>points</c> properties; the reason is its system-out.
/// </summary>
public static class RubricJUnitWriter
{
    /// <summary>The JUnit file's name for a report base name.</summary>
    public static string FileName(string reportBaseName) => reportBaseName + ".junit.xml";

    /// <summary>The report as a JUnit XML document.</summary>
    public static string ToJUnit(ScoreReport report)
    {
        var text = new StringBuilder();
        var settings = new XmlWriterSettings { Indent = true, OmitXmlDeclaration = true, NewLineChars = "\n" };
        using (var writer = XmlWriter.Create(new StringWriter(text, CultureInfo.InvariantCulture), settings))
        {
            int total = 0, failures = 0, skipped = 0;
            foreach (var s in report.Sections)
            {
                foreach (var i in s.Items)
                {
                    total++;
                    failures += i.Status is ItemStatus.Failing or ItemStatus.Stale ? 1 : 0;
                    skipped += i.Status == ItemStatus.Missing ? 1 : 0;
                }
            }

            writer.WriteStartElement("testsuites");
            writer.WriteAttributeString("name", "ML Test Score " + ReportWriter.Num(report.FinalScore));
            writer.WriteAttributeString("tests", Int(total));
            writer.WriteAttributeString("failures", Int(failures));
            writer.WriteAttributeString("errors", "0");
            writer.WriteAttributeString("skipped", Int(skipped));
            writer.WriteAttributeString("time", "0");
            if (!string.IsNullOrEmpty(report.GeneratedAt))
            {
                writer.WriteAttributeString("timestamp", report.GeneratedAt);
            }

            foreach (var s in report.Sections)
            {
                int sectionFailures = 0, sectionSkipped = 0;
                foreach (var i in s.Items)
                {
                    sectionFailures += i.Status is ItemStatus.Failing or ItemStatus.Stale ? 1 : 0;
                    sectionSkipped += i.Status == ItemStatus.Missing ? 1 : 0;
                }

                writer.WriteStartElement("testsuite");
                writer.WriteAttributeString("name", s.Name);
                writer.WriteAttributeString("tests", Int(s.Items.Count));
                writer.WriteAttributeString("failures", Int(sectionFailures));
                writer.WriteAttributeString("errors", "0");
                writer.WriteAttributeString("skipped", Int(sectionSkipped));
                writer.WriteAttributeString("time", "0");
                writer.WriteStartElement("properties");
                Property(writer, "score", ReportWriter.Num(s.Score));
                Property(writer, "finalScore", ReportWriter.Num(report.FinalScore));
                if (report.Project is not null)
                {
                    Property(writer, "project", report.Project);
                }

                if (report.Commit is not null)
                {
                    Property(writer, "commit", report.Commit);
                }

                writer.WriteEndElement();
                foreach (var i in s.Items)
                {
                    WriteItem(writer, s.Name, i);
                }

                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        }

        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + text.ToString() + "\n";
    }

    private static void WriteItem(XmlWriter writer, string section, ItemReport item)
    {
        writer.WriteStartElement("testcase");
        writer.WriteAttributeString("classname", section);
        writer.WriteAttributeString("name", Clean(item.Id + " " + item.Title));
        writer.WriteAttributeString("time", "0");
        writer.WriteStartElement("properties");
        Property(writer, "status", item.Status.ToString());
        Property(writer, "points", ReportWriter.Num(item.Points));
        writer.WriteEndElement();

        var reason = Clean(item.Reason);
        switch (item.Status)
        {
            case ItemStatus.Failing:
            case ItemStatus.Stale:
                writer.WriteStartElement("failure");
                writer.WriteAttributeString("type", item.Status.ToString());
                writer.WriteAttributeString("message", reason);
                var failed = new StringBuilder();
                foreach (var t in item.Tests)
                {
                    failed.Append(Clean(t.Name)).Append(": ").Append(Clean(t.Outcome)).Append('\n');
                }

                writer.WriteString(failed.ToString());
                writer.WriteEndElement();
                break;
            case ItemStatus.Missing:
                writer.WriteStartElement("skipped");
                writer.WriteAttributeString("message", reason);
                writer.WriteEndElement();
                break;
        }

        writer.WriteElementString("system-out", reason);
        writer.WriteEndElement();
    }

    private static void Property(XmlWriter writer, string name, string value)
    {
        writer.WriteStartElement("property");
        writer.WriteAttributeString("name", name);
        writer.WriteAttributeString("value", Clean(value));
        writer.WriteEndElement();
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Drops characters XML 1.0 cannot carry (test names may contain any).</summary>
    private static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(text!.Length);
        for (var k = 0; k < text.Length; k++)
        {
            var c = text[k];
            if (char.IsHighSurrogate(c) && k + 1 < text.Length && char.IsLowSurrogate(text[k + 1]))
            {
                sb.Append(c).Append(text[++k]);
            }
            else if (!char.IsSurrogate(c) && XmlConvert.IsXmlChar(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
