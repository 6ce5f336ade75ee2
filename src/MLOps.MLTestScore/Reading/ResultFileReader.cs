using System;
using System.Collections.Generic;
using System.IO;

namespace MLOps.MLTestScore.Reading;

/// <summary>Detects a result file's format from its root element and dispatches to the right reader.</summary>
internal static class ResultFileReader
{
    public static InputFileReport Read(string path, TestStore store, List<ScoreDiagnostic> diagnostics)
    {
        var report = new InputFileReport { Path = path, Format = "unreadable" };
        if (!File.Exists(path))
        {
            diagnostics.Add(new ScoreDiagnostic(
                ScoreDiagnosticCodes.FileNotFound,
                ScoreDiagnosticSeverity.Error,
                "The result file does not exist: check the path, and that the test run wrote it (e.g. dotnet test --logger trx, --report-trx or --logger junit).",
                path));
            return report;
        }

        var document = XmlInput.Load(path, diagnostics);
        var root = document?.Root;
        if (root is null)
        {
            return report;
        }

        int count;
        switch (root.Name.LocalName)
        {
            case "TestRun":
                report.Format = "trx";
                count = TrxReader.Read(root, path, store, diagnostics);
                break;
            case "testsuites":
            case "testsuite":
            case "testcase":
                report.Format = "junit";
                count = JUnitReader.Read(root, path, store, diagnostics);
                break;
            case "assemblies":
            case "assembly":
                report.Format = "xunit";
                count = XunitReader.Read(root, path, store, diagnostics);
                break;
            default:
                var (line, column) = XmlInput.Position(root);
                diagnostics.Add(new ScoreDiagnostic(
                    ScoreDiagnosticCodes.UnknownResultFormat,
                    ScoreDiagnosticSeverity.Error,
                    $"The root element <{root.Name.LocalName}> is not a known test result format: give TRX (TestRun), JUnit XML (testsuites/testsuite) or xunit XML (assemblies).",
                    path,
                    line,
                    column));
                return report;
        }

        report.Count = count;
        if (count == 0)
        {
            diagnostics.Add(new ScoreDiagnostic(
                ScoreDiagnosticCodes.EmptyRun,
                ScoreDiagnosticSeverity.Warning,
                "The result file holds no test result (empty run, or every test was filtered out): it contributes nothing to the score.",
                path));
        }

        return report;
    }
}
