namespace MLOps.MLTestScore;

/// <summary>Every diagnostic code the engine reports. Documented in rules/ml-test-score.md.</summary>
public static class ScoreDiagnosticCodes
{
    /// <summary>An input file (results, assembly, mapping, evidence) does not exist.</summary>
    public const string FileNotFound = "MLOPS9001";

    /// <summary>A result file is not well-formed XML (malformed or truncated).</summary>
    public const string MalformedXml = "MLOPS9002";

    /// <summary>A result file contains a DTD or is larger than the reader's limit (hostile XML).</summary>
    public const string ProhibitedXml = "MLOPS9003";

    /// <summary>A result file's root element is not TRX, JUnit or xunit XML.</summary>
    public const string UnknownResultFormat = "MLOPS9004";

    /// <summary>A result file holds no test result.</summary>
    public const string EmptyRun = "MLOPS9005";

    /// <summary>A tag names a rubric ID that does not exist.</summary>
    public const string UnknownRubricId = "MLOPS9006";

    /// <summary>A test assembly cannot be read as a .NET assembly.</summary>
    public const string UnreadableAssembly = "MLOPS9007";

    /// <summary>The mapping file is not valid.</summary>
    public const string InvalidMappingFile = "MLOPS9008";

    /// <summary>A mapping entry matched no test result.</summary>
    public const string MappingMatchedNothing = "MLOPS9009";

    /// <summary>The manual evidence file is not valid.</summary>
    public const string InvalidEvidenceFile = "MLOPS9010";

    /// <summary>Manual evidence is older than the allowed age.</summary>
    public const string StaleEvidence = "MLOPS9011";

    /// <summary>Manual evidence lacks its owner, link or date.</summary>
    public const string IncompleteEvidence = "MLOPS9012";

    /// <summary>Manual evidence is dated in the future.</summary>
    public const string FutureEvidence = "MLOPS9013";

    /// <summary>No result file was given, or none could be read.</summary>
    public const string NoResults = "MLOPS9014";

    /// <summary>Results were read but no executed test carries a rubric tag.</summary>
    public const string NoTaggedTests = "MLOPS9015";

    /// <summary>A test assembly carries rubric tags on tests that have no result in any result file.</summary>
    public const string TaggedTestsNotRun = "MLOPS9016";

    /// <summary>
    /// An in-run scorer (the VSTest logger, the Microsoft.Testing.Platform extension) was given no
    /// configuration file, or the file does not exist: the package's targets did not run for the test
    /// project, so nothing is scored and no report is written.
    /// </summary>
    public const string NoRunConfiguration = "MLOPS9017";

    /// <summary>An unexpected internal error; please report it.</summary>
    public const string InternalError = "MLOPS9099";
}
