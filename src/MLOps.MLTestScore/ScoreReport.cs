using System.Collections.Generic;

namespace MLOps.MLTestScore;

/// <summary>The outcome of one ML Test Score computation.</summary>
public sealed class ScoreResult
{
    internal ScoreResult(ScoreReport report, IReadOnlyList<ScoreDiagnostic> diagnostics)
    {
        Report = report;
        Diagnostics = diagnostics;
    }

    /// <summary>The score, always present (all zeros when nothing could be read).</summary>
    public ScoreReport Report { get; }

    /// <summary>Problems met while reading the inputs.</summary>
    public IReadOnlyList<ScoreDiagnostic> Diagnostics { get; }
}

/// <summary>How an item earned (or failed to earn) its points.</summary>
public enum ItemStatus
{
    /// <summary>Tagged automated tests ran and all of them passed: 1 point.</summary>
    Automated,

    /// <summary>Fresh manual evidence only: 0.5 point.</summary>
    Manual,

    /// <summary>A tagged automated test failed: no automated credit (manual evidence may still give 0.5).</summary>
    Failing,

    /// <summary>Only manual evidence older than the allowed age: 0 points.</summary>
    Stale,

    /// <summary>No executed test and no manual evidence: 0 points.</summary>
    Missing,
}

/// <summary>The whole report: what the JSON, Markdown and HTML writers render.</summary>
public sealed class ScoreReport
{
    /// <summary>Version of the JSON shape. Bumped on breaking changes.</summary>
    public int SchemaVersion { get; internal set; } = 1;

    /// <summary>The instant the report was computed for (ScoreOptions.Now), ISO 8601.</summary>
    public string GeneratedAt { get; internal set; } = string.Empty;

    /// <summary>The project scored (ScoreOptions.ProjectName), null when not given.</summary>
    public string? Project { get; internal set; }

    /// <summary>The commit scored (ScoreOptions.Commit, the CI's variable or git), null when unknown.</summary>
    public string? Commit { get; internal set; }

    /// <summary>Minimum of the four section scores.</summary>
    public double FinalScore { get; internal set; }

    /// <summary>Short band label, e.g. "(1, 2]".</summary>
    public string Band { get; internal set; } = string.Empty;

    /// <summary>What the band means, in words.</summary>
    public string BandDescription { get; internal set; } = string.Empty;

    /// <summary>The first (in rubric order) of the sections with the lowest score.</summary>
    public string WeakestSection { get; internal set; } = string.Empty;

    /// <summary>Every section tied at the lowest score.</summary>
    public IReadOnlyList<string> WeakestSections { get; internal set; } = new List<string>();

    /// <summary>Data, Model, Infra, Monitor.</summary>
    public IReadOnlyList<SectionReport> Sections { get; internal set; } = new List<SectionReport>();

    /// <summary>How the next steps are ordered, in words.</summary>
    public string NextStepsOrder { get; internal set; } = string.Empty;

    /// <summary>The cheapest items that would raise the weakest section(s), in order.</summary>
    public IReadOnlyList<NextStep> NextSteps { get; internal set; } = new List<NextStep>();

    /// <summary>Google and Azure MLOps maturity levels with their evidence.</summary>
    public MaturityReport Maturity { get; internal set; } = new();

    /// <summary>What was read.</summary>
    public InputsReport Inputs { get; internal set; } = new();

    /// <summary>The MLOPS analyzer findings left in the code and the items they contradict (Debt/DebtAssessor.cs).</summary>
    public Debt.DebtReport Debt { get; internal set; } = new();
}

/// <summary>One of the four sections.</summary>
public sealed class SectionReport
{
    /// <summary>Data, Model, Infra or Monitor.</summary>
    public string Name { get; internal set; } = string.Empty;

    /// <summary>Sum of the item points, 0 to 7.</summary>
    public double Score { get; internal set; }

    /// <summary>The seven items of the section.</summary>
    public IReadOnlyList<ItemReport> Items { get; internal set; } = new List<ItemReport>();
}

/// <summary>One of the 28 rubric items.</summary>
public sealed class ItemReport
{
    /// <summary>Canonical ID, e.g. Data.1.</summary>
    public string Id { get; internal set; } = string.Empty;

    /// <summary>The paper's short title.</summary>
    public string Title { get; internal set; } = string.Empty;

    /// <summary>0, 0.5 or 1.</summary>
    public double Points { get; internal set; }

    /// <summary>How the points were earned.</summary>
    public ItemStatus Status { get; internal set; }

    /// <summary>One sentence saying why the item has this status.</summary>
    public string Reason { get; internal set; } = string.Empty;

    /// <summary>Tests tagged with this item.</summary>
    public IReadOnlyList<TestEvidence> Tests { get; internal set; } = new List<TestEvidence>();

    /// <summary>The manual evidence entry used, if any.</summary>
    public ManualEvidenceReport? ManualEvidence { get; internal set; }

    /// <summary>When passing tests claim the item while open findings of a rule protecting it remain: what, in words; else null.</summary>
    public string? Contradiction { get; internal set; }
}

/// <summary>A test tagged with an item.</summary>
public sealed class TestEvidence
{
    /// <summary>Full name: class full name + "." + method name (argument lists removed).</summary>
    public string Name { get; internal set; } = string.Empty;

    /// <summary>Passed, Failed or NotExecuted (over all its runs: one failed run makes it Failed).</summary>
    public string Outcome { get; internal set; } = string.Empty;

    /// <summary>Number of passed runs (theory rows, shards).</summary>
    public int Passed { get; internal set; }

    /// <summary>Number of failed runs.</summary>
    public int Failed { get; internal set; }

    /// <summary>Number of skipped or not executed runs.</summary>
    public int NotExecuted { get; internal set; }

    /// <summary>The result file (or assembly) the test was first read from.</summary>
    public string? SourceFile { get; internal set; }

    /// <summary>Where the tag came from: assembly, trx, junit, xunit, mapping.</summary>
    public IReadOnlyList<string> TagSources { get; internal set; } = new List<string>();
}

/// <summary>A manual evidence entry as used by the score.</summary>
public sealed class ManualEvidenceReport
{
    /// <summary>Date of the evidence (yyyy-MM-dd), empty when missing.</summary>
    public string Date { get; internal set; } = string.Empty;

    /// <summary>Who is accountable for it.</summary>
    public string? Owner { get; internal set; }

    /// <summary>Where the documented result is.</summary>
    public string? Link { get; internal set; }

    /// <summary>Free text.</summary>
    public string? Note { get; internal set; }

    /// <summary>True when older than the allowed age (or undated).</summary>
    public bool Stale { get; internal set; }

    /// <summary>Age in whole days at report time, -1 when undated.</summary>
    public int AgeDays { get; internal set; }
}

/// <summary>One suggested action.</summary>
public sealed class NextStep
{
    /// <summary>Rubric item the step raises.</summary>
    public string Item { get; internal set; } = string.Empty;

    /// <summary>Its title.</summary>
    public string Title { get; internal set; } = string.Empty;

    /// <summary>Its section.</summary>
    public string Section { get; internal set; } = string.Empty;

    /// <summary>FixFailingTests, RefreshManualEvidence, RunSkippedTests, AddEvidence or Automate.</summary>
    public string Kind { get; internal set; } = string.Empty;

    /// <summary>What to do, in words.</summary>
    public string Action { get; internal set; } = string.Empty;

    /// <summary>Points the section gains when done (0.5 or 1).</summary>
    public double Gain { get; internal set; }
}

/// <summary>Both maturity assessments.</summary>
public sealed class MaturityReport
{
    /// <summary>Google Cloud MLOps levels 0-2.</summary>
    public MaturityAssessment Google { get; internal set; } = new();

    /// <summary>Azure MLOps maturity model levels 0-4.</summary>
    public MaturityAssessment Azure { get; internal set; } = new();
}

/// <summary>A level in one maturity model, the evidence for it and what the next level lacks.</summary>
public sealed class MaturityAssessment
{
    /// <summary>Name of the model.</summary>
    public string Model { get; internal set; } = string.Empty;

    /// <summary>Level reached.</summary>
    public int Level { get; internal set; }

    /// <summary>Highest level of the model.</summary>
    public int MaxLevel { get; internal set; }

    /// <summary>Name of the level reached.</summary>
    public string LevelName { get; internal set; } = string.Empty;

    /// <summary>Evidence backing the level reached.</summary>
    public IReadOnlyList<string> Evidence { get; internal set; } = new List<string>();

    /// <summary>Evidence still missing for the next level (empty at the top level).</summary>
    public IReadOnlyList<string> MissingForNextLevel { get; internal set; } = new List<string>();
}

/// <summary>What the engine read.</summary>
public sealed class InputsReport
{
    /// <summary>Result files with their detected format and number of results.</summary>
    public IReadOnlyList<InputFileReport> ResultFiles { get; internal set; } = new List<InputFileReport>();

    /// <summary>Test assemblies with the number of tagged methods found.</summary>
    public IReadOnlyList<InputFileReport> TestAssemblies { get; internal set; } = new List<InputFileReport>();

    /// <summary>The mapping file, if any.</summary>
    public string? MappingFile { get; internal set; }

    /// <summary>The manual evidence file, if any.</summary>
    public string? ManualEvidenceFile { get; internal set; }

    /// <summary>Test results read (theory rows and shards counted separately).</summary>
    public int ResultCount { get; internal set; }

    /// <summary>Distinct tests (class + method).</summary>
    public int TestCount { get; internal set; }

    /// <summary>Distinct tests with at least one rubric tag.</summary>
    public int TaggedTestCount { get; internal set; }

    /// <summary>Manual evidence entries read.</summary>
    public int ManualEvidenceCount { get; internal set; }
}

/// <summary>One input file.</summary>
public sealed class InputFileReport
{
    /// <summary>Path as given, relative to the repository root when it lies under it.</summary>
    public string Path { get; internal set; } = string.Empty;

    /// <summary>trx, junit, xunit, assembly, or unreadable.</summary>
    public string Format { get; internal set; } = string.Empty;

    /// <summary>Results read (result files) or tagged methods found (assemblies).</summary>
    public int Count { get; internal set; }
}
