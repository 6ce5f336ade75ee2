using Microsoft.Build.Utilities;

namespace MLOps.MLTestScore.Tasks;

/// <summary>Turns engine diagnostics into MSBuild warnings and errors with code, file and line.</summary>
internal static class TaskLogging
{
    public const string HelpKeyword = "MLTestScore";

    public static void Log(TaskLoggingHelper log, ScoreDiagnostic diagnostic, string fallbackFile)
    {
        var file = diagnostic.File ?? fallbackFile;
        if (diagnostic.Severity == ScoreDiagnosticSeverity.Error)
        {
            log.LogError(null, diagnostic.Code, HelpKeyword, file, diagnostic.Line, diagnostic.Column, 0, 0, diagnostic.Message);
        }
        else
        {
            log.LogWarning(null, diagnostic.Code, HelpKeyword, file, diagnostic.Line, diagnostic.Column, 0, 0, diagnostic.Message);
        }
    }
}
