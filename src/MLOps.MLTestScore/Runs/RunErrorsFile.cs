using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace MLOps.MLTestScore.Runs;

/// <summary>
/// The input errors of the last in-run scoring, kept beside the run's results so that a gate which runs
/// after the tests (the MSBuild target after VSTest) can fail the build on them: a VSTest logger can print
/// an error but cannot change the run's outcome. One error a line, tab-separated:
/// <c>code, line, column, file, message</c>.
/// </summary>
public static class RunErrorsFile
{
    /// <summary>The file's name for a report base name.</summary>
    public static string FileName(string reportBaseName) => reportBaseName + ".errors.tsv";

    /// <summary>Writes the errors among <paramref name="diagnostics"/> (an empty file when there are none).</summary>
    public static void Write(string path, IEnumerable<ScoreDiagnostic> diagnostics)
    {
        var text = new StringBuilder();
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Severity != ScoreDiagnosticSeverity.Error)
            {
                continue;
            }

            text.Append(Clean(diagnostic.Code)).Append('\t')
                .Append(diagnostic.Line.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(diagnostic.Column.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(Clean(diagnostic.File ?? string.Empty)).Append('\t')
                .Append(Clean(diagnostic.Message)).Append('\n');
        }

        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>The recorded errors; none when the file does not exist. A line that cannot be read is itself reported.</summary>
    public static IReadOnlyList<ScoreDiagnostic> Read(string path)
    {
        var errors = new List<ScoreDiagnostic>();
        string[] lines;
        try
        {
            if (!File.Exists(path))
            {
                return errors;
            }

            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
        {
            errors.Add(new ScoreDiagnostic(ScoreDiagnosticCodes.InternalError, ScoreDiagnosticSeverity.Error, "The errors of the last ML Test Score run could not be read: " + ex.Message, path));
            return errors;
        }

        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            var fields = lines[i].Split('\t');
            if (fields.Length != 5
                || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var line)
                || !int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var column))
            {
                errors.Add(new ScoreDiagnostic(ScoreDiagnosticCodes.InternalError, ScoreDiagnosticSeverity.Error, "An error recorded by the last ML Test Score run could not be read: '" + lines[i] + "'.", path, i + 1, 1));
                continue;
            }

            errors.Add(new ScoreDiagnostic(fields[0], ScoreDiagnosticSeverity.Error, fields[4], fields[3].Length == 0 ? null : fields[3], line, column));
        }

        return errors;
    }

    private static string Clean(string value) => value.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
}
