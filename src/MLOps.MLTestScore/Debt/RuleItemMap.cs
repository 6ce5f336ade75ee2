using System;
using System.Collections.Generic;

namespace MLOps.MLTestScore.Debt;

/// <summary>
/// Which ML Test Score items each MLOPS analyzer rule protects: the one place the engine keeps it.
/// It is the items each rule's page (rules/MLOPSxxx.md) names in bold ("**Infra 1: ...**");
/// a test (RuleItemMapTests) reads the pages and fails when the two disagree.
/// </summary>
public static class RuleItemMap
{
    /// <summary>The help page of a rule, as the analyzers' descriptors link it.</summary>
    public const string HelpLinkBase = "https://github.com/mlops-analyzers/MLOps.Analyzers/blob/main/rules/";

    private static readonly Dictionary<string, string[]> ItemsByRule = new(StringComparer.Ordinal)
    {
        ["MLOPS101"] = new[] { "Infra.1" },
        ["MLOPS102"] = new[] { "Infra.1" },
        ["MLOPS103"] = new[] { "Infra.1" },
        ["MLOPS104"] = new[] { "Infra.1" },
        ["MLOPS201"] = new[] { "Infra.1", "Infra.3", "Infra.7" },
        ["MLOPS202"] = new[] { "Infra.1", "Infra.3", "Infra.7" },
        ["MLOPS203"] = new[] { "Infra.1", "Monitor.1" },
        ["MLOPS204"] = new[] { "Infra.1", "Infra.3" },
        ["MLOPS301"] = new[] { "Model.1", "Model.3", "Infra.1" },
        ["MLOPS302"] = new[] { "Model.3", "Infra.1" },
        ["MLOPS401"] = new[] { "Model.5", "Model.6", "Infra.4" },
        ["MLOPS402"] = new[] { "Model.5", "Model.6", "Infra.4" },
        ["MLOPS403"] = new[] { "Model.6", "Infra.4" },
        ["MLOPS404"] = new[] { "Data.1" },

        // The TorchSharp training-loop rules.
        ["MLOPS501"] = new[] { "Monitor.5" },
        ["MLOPS502"] = new[] { "Monitor.6" },
        ["MLOPS503"] = new[] { "Infra.5" },
        ["MLOPS504"] = new[] { "Monitor.6" },
        ["MLOPS505"] = new[] { "Infra.4", "Monitor.3" },

        // Serving.
        ["MLOPS601"] = new[] { "Monitor.3", "Monitor.7" },
        ["MLOPS602"] = new[] { "Monitor.6" },
    };

    /// <summary>Every rule the map knows, in ID order.</summary>
    public static IReadOnlyList<string> Rules { get; } = Sorted(ItemsByRule.Keys);

    /// <summary>The rubric items <paramref name="ruleId"/> protects (empty for an unknown rule).</summary>
    public static IReadOnlyList<string> ItemsOf(string ruleId)
        => ItemsByRule.TryGetValue(ruleId, out var items) ? items : Array.Empty<string>();

    /// <summary>The rules that protect <paramref name="itemId"/>, in ID order.</summary>
    public static IReadOnlyList<string> RulesOf(string itemId)
    {
        var rules = new List<string>();
        foreach (var rule in Rules)
        {
            if (Array.IndexOf(ItemsByRule[rule], itemId) >= 0)
            {
                rules.Add(rule);
            }
        }

        return rules;
    }

    /// <summary>The page of <paramref name="ruleId"/>, as the analyzers' descriptors link it.</summary>
    public static string HelpLink(string ruleId) => HelpLinkBase + ruleId + ".md";

    /// <summary>True for an MLOPS analyzer rule ID: "MLOPS" and exactly three digits (never the score's own MLOPS9xxx codes).</summary>
    public static bool IsAnalyzerRule(string? id)
    {
        if (id is null || id.Length != 8 || !id.StartsWith("MLOPS", StringComparison.Ordinal))
        {
            return false;
        }

        for (var i = 5; i < 8; i++)
        {
            if (id[i] < '0' || id[i] > '9')
            {
                return false;
            }
        }

        return true;
    }

    private static IReadOnlyList<string> Sorted(IEnumerable<string> keys)
    {
        var list = new List<string>(keys);
        list.Sort(StringComparer.Ordinal);
        return list;
    }
}
