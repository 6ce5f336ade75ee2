using System;
using System.Collections.Generic;

namespace MLOps.MLTestScore;

/// <summary>Inputs of one ML Test Score computation.</summary>
public sealed class ScoreOptions
{
    /// <summary>Test result files: TRX (VSTest and Microsoft.Testing.Platform), JUnit XML, xunit XML. Several files are merged (sharded CI).</summary>
    public IList<string> ResultFiles { get; } = new List<string>();

    /// <summary>Built test assemblies whose attributes carry rubric tags. Read as metadata, never loaded.</summary>
    public IList<string> TestAssemblies { get; } = new List<string>();

    /// <summary>
    /// The compilers' SARIF error logs (ErrorLog) of the test project and the projects it references: their
    /// unsuppressed MLOPS findings are the report's debt section (see Debt/DebtAssessor.cs).
    /// </summary>
    public IList<string> SarifFiles { get; } = new List<string>();

    /// <summary>When true, a rubric item claimed by passing tests but contradicted by open findings is an error (MLOPS9110), not a warning.</summary>
    public bool FailOnContradiction { get; set; }

    /// <summary>Optional JSON file mapping test-name globs to rubric IDs, for tests that cannot carry attributes.</summary>
    public string? MappingFile { get; set; }

    /// <summary>Optional JSON file of checked-in manual evidence (half points).</summary>
    public string? ManualEvidenceFile { get; set; }

    /// <summary>Manual evidence older than this many days is stale and earns nothing. Default 180.</summary>
    public int ManualEvidenceMaxAgeDays { get; set; } = 180;

    /// <summary>The instant staleness is measured against. Default: the current UTC time.</summary>
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>
    /// Repository root, searched for maturity evidence such as CI definitions; the reports show the
    /// files under it as paths relative to it.
    /// </summary>
    public string? RepositoryRoot { get; set; }

    /// <summary>
    /// Result files to name otherwise in the reports' evidence: the JUnit file an in-run scorer writes
    /// under obj/ is named by the test assembly whose run it records.
    /// </summary>
    public IDictionary<string, string> ResultFileDisplayPaths { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The project the report is for (shown in the reports and the history). Default: none.</summary>
    public string? ProjectName { get; set; }

    /// <summary>
    /// The commit the report is for. Empty: the CI's commit variable (GITHUB_SHA, BUILD_SOURCEVERSION,
    /// CI_COMMIT_SHA), else <c>git rev-parse HEAD</c> in <see cref="RepositoryRoot"/> when git is there.
    /// </summary>
    public string? Commit { get; set; }

    /// <summary>Environment variables used for CI detection (CI, GITHUB_ACTIONS, TF_BUILD, ...). Empty by default: callers copy the process environment in.</summary>
    public IDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Copies the current process's environment variables into <see cref="Environment"/> (what every adapter does before scoring).</summary>
    public ScoreOptions CopyProcessEnvironment()
    {
        foreach (System.Collections.DictionaryEntry variable in System.Environment.GetEnvironmentVariables())
        {
            Environment[(string)variable.Key] = variable.Value as string;
        }

        return this;
    }
}
