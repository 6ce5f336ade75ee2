using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace MLOps.MLTestScore.Reading;

/// <summary>Loads result XML defensively: no DTD, no resolver, bounded size. Never throws.</summary>
internal static class XmlInput
{
    /// <summary>Largest document accepted, in characters (result files of very large suites stay far below).</summary>
    internal const long MaxCharactersInDocument = 512L * 1024 * 1024;

    public static XDocument? Load(string path, List<ScoreDiagnostic> diagnostics)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 1024,
            MaxCharactersInDocument = MaxCharactersInDocument,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CloseInput = true,
        };

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = XmlReader.Create(stream, settings);
            return XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            // A document with no element at all (empty, a lone BOM, only a declaration or
            // comments: "Root element is missing") fails with no position, and the reader keeps
            // none either: point at the document's start, line 1, rather than at no line.
            var (errorLine, errorColumn) = ex.LineNumber > 0 ? (ex.LineNumber, ex.LinePosition) : (1, 1);
            var doctype = DoctypePosition(path);
            if (ex.Message.IndexOf("MaxCharacters", StringComparison.Ordinal) >= 0 || doctype.Line > 0)
            {
                diagnostics.Add(new ScoreDiagnostic(
                    ScoreDiagnosticCodes.ProhibitedXml,
                    ScoreDiagnosticSeverity.Error,
                    "The result file contains a DTD (<!DOCTYPE ...>) or exceeds the reader's size limits; it is not read, for safety. Test runners never write DTDs: regenerate the file with the test runner's own logger.",
                    path,
                    ex.LineNumber > 0 ? ex.LineNumber : doctype.Line > 0 ? doctype.Line : errorLine,
                    ex.LineNumber > 0 ? ex.LinePosition : doctype.Line > 0 ? doctype.Column : errorColumn));
            }
            else
            {
                diagnostics.Add(new ScoreDiagnostic(
                    ScoreDiagnosticCodes.MalformedXml,
                    ScoreDiagnosticSeverity.Error,
                    $"The result file is not well-formed XML (truncated or corrupted?): {ex.Message} Its results are not counted; rerun the tests to regenerate it.",
                    path,
                    errorLine,
                    errorColumn));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException or NotSupportedException or ArgumentException)
        {
            diagnostics.Add(new ScoreDiagnostic(
                ScoreDiagnosticCodes.FileNotFound,
                ScoreDiagnosticSeverity.Error,
                $"The result file cannot be read: {ex.Message}",
                path));
        }

        return null;
    }

    public static (int Line, int Column) Position(XObject node) =>
        node is IXmlLineInfo info && info.HasLineInfo() ? (info.LineNumber, info.LinePosition) : (0, 0);

    public static string? Attr(XElement element, string localName)
    {
        foreach (var a in element.Attributes())
        {
            if (string.Equals(a.Name.LocalName, localName, StringComparison.OrdinalIgnoreCase))
            {
                return a.Value;
            }
        }

        return null;
    }

    public static IEnumerable<XElement> Children(XElement element, string localName)
    {
        foreach (var e in element.Elements())
        {
            if (string.Equals(e.Name.LocalName, localName, StringComparison.OrdinalIgnoreCase))
            {
                yield return e;
            }
        }
    }

    public static XElement? Child(XElement element, string localName)
    {
        foreach (var e in Children(element, localName))
        {
            return e;
        }

        return null;
    }

    public static IEnumerable<XElement> Descendants(XElement element, string localName)
    {
        foreach (var e in element.Descendants())
        {
            if (string.Equals(e.Name.LocalName, localName, StringComparison.OrdinalIgnoreCase))
            {
                yield return e;
            }
        }
    }

    /// <summary>1-based position of a DTD declaration in the first 64 KB, (0, 0) when there is none.</summary>
    private static (int Line, int Column) DoctypePosition(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var buffer = new byte[64 * 1024];
            var read = stream.Read(buffer, 0, buffer.Length);
            var text = Encoding.UTF8.GetString(buffer, 0, read);
            var index = text.IndexOf("<!DOCTYPE", StringComparison.OrdinalIgnoreCase);
            if (index < 0)
            {
                index = text.IndexOf("<!ENTITY", StringComparison.OrdinalIgnoreCase);
            }

            if (index < 0)
            {
                return (0, 0);
            }

            int line = 1, lineStart = 0;
            for (var i = 0; i < index; i++)
            {
                if (text[i] == '\n')
                {
                    line++;
                    lineStart = i + 1;
                }
            }

            return (line, index - lineStart + 1);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (0, 0);
        }
    }
}
