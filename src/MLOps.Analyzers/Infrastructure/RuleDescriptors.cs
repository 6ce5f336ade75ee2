using Microsoft.CodeAnalysis;

namespace MLOps.Analyzers;

/// <summary>Builds descriptors that all carry the help link to the rule's page under <c>rules/</c>.</summary>
internal static class RuleDescriptors
{
    public const string HelpLinkBase = "https://github.com/mlops-analyzers/MLOps.Analyzers/blob/main/rules/";

    /// <summary>
    /// Custom tag of the rules in the <c>Minimum</c> analysis mode (MSBuild property <c>MLOpsAnalysisMode</c>):
    /// on by default, precise, and a defect in any ML code base. The documentation generator writes the
    /// mode files in src/MLOps.Analyzers.Package/build/config from it.
    /// </summary>
    public const string MinimumTag = "MLOpsMinimum";

    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

    public static DiagnosticDescriptor Create(
        string id,
        string title,
        string messageFormat,
        string category,
        DiagnosticSeverity defaultSeverity,
        string description,
        bool isEnabledByDefault = true,
        params string[] customTags)
        => new(
            id,
            title,
            messageFormat,
            category,
            defaultSeverity,
            isEnabledByDefault,
            description,
            HelpLink(id),
            customTags);
}
