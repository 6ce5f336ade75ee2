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
    /// <summary>Largest document accepted, in bytes (result files of very large suites stay far below).</summary>
    internal const long MaxBytesInDocument = 512L * 1024 * 1024;

    public static XDocument? Load(string path, List<ScoreDiagnostic> diagnostics) => Load(path, diagnostics, MaxBytesInDocument);

    /// <remarks>
    /// The size is bounded by the stream the reader reads (<see cref="BoundedStream"/>), not by
    /// <see cref="XmlReaderSettings.MaxCharactersInDocument"/>: exceeding that one is an
    /// <see cref="XmlException"/> like any malformed document, told apart only by its message, which is
    /// localised. Our own exception type says "too large" in every language.
    /// </remarks>
    /// <param name="path">The file, named in the diagnostics.</param>
    /// <param name="diagnostics">Where problems go.</param>
    /// <param name="maxBytes">The size limit.</param>
    /// <param name="content">The file's content as another stream (tests: one that cannot tell its length); null to open <paramref name="path"/>.</param>
    internal static XDocument? Load(string path, List<ScoreDiagnostic> diagnostics, long maxBytes, Stream? content = null)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CloseInput = true,
        };

        XmlReader? reader = null;
        try
        {
            var file = content ?? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

            // A file that says it is too large is refused unread; one that cannot say (a pipe, a file that
            // grows while it is read) is refused when the reader has read past the limit.
            if (file.CanSeek && file.Length > maxBytes)
            {
                file.Dispose();
                throw new DocumentTooLargeException();
            }

            using var stream = new BoundedStream(file, maxBytes);
            reader = XmlReader.Create(stream, settings);
            using (reader)
            {
                return XDocument.Load(reader, LoadOptions.SetLineInfo);
            }
        }
        catch (DocumentTooLargeException)
        {
            var (line, column) = reader is IXmlLineInfo info && info.HasLineInfo() && info.LineNumber > 0 ? (info.LineNumber, info.LinePosition) : (1, 1);
            diagnostics.Add(new ScoreDiagnostic(
                ScoreDiagnosticCodes.ProhibitedXml,
                ScoreDiagnosticSeverity.Error,
                $"The result file is larger than the reader's limit of {maxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)} bytes; it is not read, for safety. Split the run into shards (several result files are merged) or regenerate the file with the test runner's own logger.",
                path,
                line,
                column));
        }
        catch (XmlException ex)
        {
            // A document with no element at all (empty, a lone BOM, only a declaration or
            // comments: "Root element is missing") fails with no position, and the reader keeps
            // none either: point at the document's start, line 1, rather than at no line.
            var (errorLine, errorColumn) = ex.LineNumber > 0 ? (ex.LineNumber, ex.LinePosition) : (1, 1);
            var doctype = DoctypePosition(path);
            if (doctype.Line > 0)
            {
                diagnostics.Add(new ScoreDiagnostic(
                    ScoreDiagnosticCodes.ProhibitedXml,
                    ScoreDiagnosticSeverity.Error,
                    "The result file contains a DTD (<!DOCTYPE ...>); it is not read, for safety. Test runners never write DTDs: regenerate the file with the test runner's own logger.",
                    path,
                    ex.LineNumber > 0 ? ex.LineNumber : doctype.Line,
                    ex.LineNumber > 0 ? ex.LinePosition : doctype.Column));
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

    /// <summary>Raised by <see cref="BoundedStream"/> past its limit; never leaves <see cref="XmlInput"/>.</summary>
    private sealed class DocumentTooLargeException : Exception
    {
    }

    /// <summary>A read-only view of a stream that throws <see cref="DocumentTooLargeException"/> once more than its limit is read.</summary>
    private sealed class BoundedStream : Stream
    {
        private readonly Stream _inner;
        private readonly long _limit;
        private long _read;

        public BoundedStream(Stream inner, long limit)
        {
            _inner = inner;
            _limit = limit;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = _inner.Read(buffer, offset, count);
            _read += n;
            if (_read > _limit)
            {
                throw new DocumentTooLargeException();
            }

            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
