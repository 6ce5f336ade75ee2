namespace MLOps.MLTestScore;

/// <summary>Severity of a problem met while computing the score.</summary>
public enum ScoreDiagnosticSeverity
{
    /// <summary>The score was computed but may not say what the user meant.</summary>
    Warning,

    /// <summary>An input could not be read: the score misses its contribution.</summary>
    Error,
}

/// <summary>A problem met while computing the score, with its location when known.</summary>
public sealed class ScoreDiagnostic
{
    /// <summary>Creates a diagnostic.</summary>
    public ScoreDiagnostic(string code, ScoreDiagnosticSeverity severity, string message, string? file = null, int line = 0, int column = 0)
    {
        Code = code;
        Severity = severity;
        Message = message;
        File = file;
        Line = line;
        Column = column;
    }

    /// <summary>Stable code, MLOPS9xxx (see rules/ml-test-score.md).</summary>
    public string Code { get; }

    /// <summary>Warning or error.</summary>
    public ScoreDiagnosticSeverity Severity { get; }

    /// <summary>What is wrong and what to do.</summary>
    public string Message { get; }

    /// <summary>The file concerned, if any.</summary>
    public string? File { get; }

    /// <summary>1-based line, 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>1-based column, 0 when unknown.</summary>
    public int Column { get; }

    /// <inheritdoc />
    public override string ToString()
    {
        var where = File is null ? string.Empty : Line > 0 ? $"{File}({Line},{Column}): " : File + ": ";
        return $"{where}{(Severity == ScoreDiagnosticSeverity.Error ? "error" : "warning")} {Code}: {Message}";
    }
}
