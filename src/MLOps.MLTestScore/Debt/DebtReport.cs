using System.Collections.Generic;

namespace MLOps.MLTestScore.Debt;

/// <summary>
/// The MLOPS analyzer findings still in the code (read from the compilers' SARIF logs), and the rubric
/// items whose passing tests they contradict. The 2017 points are never changed by it.
/// </summary>
public sealed class DebtReport
{
    /// <summary>The SARIF logs read, relative to the repository root when under it.</summary>
    public IReadOnlyList<string> SarifFiles { get; internal set; } = new List<string>();

    /// <summary>Unsuppressed MLOPS findings (the debt).</summary>
    public int Total { get; internal set; }

    /// <summary>MLOPS findings suppressed in source (#pragma, SuppressMessage) or by a suppressor: shown, not counted.</summary>
    public int Suppressed { get; internal set; }

    /// <summary>Findings per rule, in rule order.</summary>
    public IReadOnlyList<DebtRuleCount> ByRule { get; internal set; } = new List<DebtRuleCount>();

    /// <summary>Findings per category (Reproducibility, Configuration, ...), in name order.</summary>
    public IReadOnlyList<DebtCategoryCount> ByCategory { get; internal set; } = new List<DebtCategoryCount>();

    /// <summary>Each unsuppressed finding, by file, line and rule.</summary>
    public IReadOnlyList<DebtFinding> Findings { get; internal set; } = new List<DebtFinding>();

    /// <summary>For each of the 28 items: the rules that protect it and their open findings.</summary>
    public IReadOnlyList<ItemDebt> Items { get; internal set; } = new List<ItemDebt>();

    /// <summary>Items that earned their point from passing tagged tests while findings of a rule protecting them remain.</summary>
    public IReadOnlyList<string> ContradictedItems { get; internal set; } = new List<string>();
}

/// <summary>Findings of one rule.</summary>
public sealed class DebtRuleCount
{
    /// <summary>MLOPSxxx.</summary>
    public string RuleId { get; internal set; } = string.Empty;

    /// <summary>The rule's category.</summary>
    public string Category { get; internal set; } = string.Empty;

    /// <summary>Unsuppressed findings.</summary>
    public int Count { get; internal set; }

    /// <summary>Suppressed findings.</summary>
    public int Suppressed { get; internal set; }

    /// <summary>The items the rule protects.</summary>
    public IReadOnlyList<string> Items { get; internal set; } = new List<string>();

    /// <summary>The rule's page.</summary>
    public string HelpLink { get; internal set; } = string.Empty;
}

/// <summary>Findings of one category.</summary>
public sealed class DebtCategoryCount
{
    /// <summary>The category.</summary>
    public string Category { get; internal set; } = string.Empty;

    /// <summary>Unsuppressed findings.</summary>
    public int Count { get; internal set; }

    /// <summary>Suppressed findings.</summary>
    public int Suppressed { get; internal set; }
}

/// <summary>One MLOPS finding from a SARIF log.</summary>
public sealed class DebtFinding
{
    /// <summary>MLOPSxxx.</summary>
    public string RuleId { get; internal set; } = string.Empty;

    /// <summary>The rule's category, from the log's rule metadata ("" when the log has none).</summary>
    public string Category { get; internal set; } = string.Empty;

    /// <summary>error, warning, note or none, as the compiler logged it.</summary>
    public string Level { get; internal set; } = string.Empty;

    /// <summary>The diagnostic's message.</summary>
    public string Message { get; internal set; } = string.Empty;

    /// <summary>Source file, relative to the repository root (with '/') when under it.</summary>
    public string File { get; internal set; } = string.Empty;

    /// <summary>1-based line, 0 when the log has none.</summary>
    public int Line { get; internal set; }

    /// <summary>1-based column, 0 when the log has none.</summary>
    public int Column { get; internal set; }

    /// <summary>True when suppressed in source or by a suppressor (not debt).</summary>
    public bool Suppressed { get; internal set; }

    /// <summary>The rule's page.</summary>
    public string HelpLink { get; internal set; } = string.Empty;
}

/// <summary>One rubric item's protecting rules and their open findings.</summary>
public sealed class ItemDebt
{
    /// <summary>Data.1 .. Monitor.7.</summary>
    public string Item { get; internal set; } = string.Empty;

    /// <summary>The rules that protect the item (from rules/MLOPSxxx.md).</summary>
    public IReadOnlyList<string> Rules { get; internal set; } = new List<string>();

    /// <summary>Unsuppressed findings of those rules.</summary>
    public int Findings { get; internal set; }

    /// <summary>True when the item earned its point from passing tagged tests while such findings remain.</summary>
    public bool Contradicted { get; internal set; }

    /// <summary>What the contradiction is, in words; empty when there is none.</summary>
    public string Note { get; internal set; } = string.Empty;
}
