using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using MLOps.Analyzers.Configuration;
using MLOps.Analyzers.ExperimentTracking;
using MLOps.Analyzers.Validation;

namespace MLOps.Analyzers;

/// <summary>
/// Reads rule options from <c>.editorconfig</c> / <c>.globalconfig</c>.
/// A rule option is written <c>mlops.&lt;ID&gt;.&lt;name&gt; = value</c>; an option shared by every rule
/// is written <c>mlops.&lt;name&gt; = value</c> and is used when the rule-specific key is absent.
/// </summary>
internal static class RuleOptions
{
    public const string Prefix = "mlops.";

    /// <summary>
    /// The options a rule reads, in the order its page explains them: the one list of option names that the
    /// documentation generator (tests/MLOps.Analyzers.DocGenerator) writes into the README's rule table and each
    /// rule page's header. A rule that reads an option not listed here fails the documentation tests.
    /// </summary>
    public static ImmutableArray<string> Of(string ruleId) => ruleId switch
    {
        RuleIdentifiers.HardCodedAbsolutePath or RuleIdentifiers.HardCodedRelativePath => ImmutableArray.Create(
            HardCodedLocationAnalyzer.AllowedPathsOption,
            HardCodedLocationAnalyzer.IncludeTestCodeOption,
            HardCodedLocationAnalyzer.DataFileExtensionsOption,
            ModelBuilderGeneratedCode.AnalyzeOption),
        RuleIdentifiers.HardCodedDatasetUrl => ImmutableArray.Create(
            HardCodedLocationAnalyzer.AllowedUrlsOption,
            HardCodedLocationAnalyzer.IncludeTestCodeOption,
            HardCodedLocationAnalyzer.DataFileExtensionsOption,
            ModelBuilderGeneratedCode.AnalyzeOption),
        RuleIdentifiers.InlineHyperparameter => ImmutableArray.Create(
            InlineHyperparameterAnalyzer.TrackedTypesOption,
            InlineHyperparameterAnalyzer.FlagConstFieldsOption,
            ModelBuilderGeneratedCode.AnalyzeOption),
        RuleIdentifiers.DefaultHyperparameters => ImmutableArray.Create(ModelBuilderGeneratedCode.AnalyzeOption),
        RuleIdentifiers.ModelNotEvaluated => ImmutableArray.Create(ModelNotEvaluatedAnalyzer.IncludeReturnedModelsOption),
        _ => ImmutableArray<string>.Empty,
    };

    public static bool TryGetValue(AnalyzerOptions options, SyntaxTree tree, string ruleId, string name, out string value)
    {
        var config = options.AnalyzerConfigOptionsProvider.GetOptions(tree);
        if (config.TryGetValue(Prefix + ruleId + "." + name, out var specific) && specific is not null)
        {
            value = specific.Trim();
            return true;
        }

        if (config.TryGetValue(Prefix + name, out var shared) && shared is not null)
        {
            value = shared.Trim();
            return true;
        }

        value = string.Empty;
        return false;
    }

    public static bool GetBool(AnalyzerOptions options, SyntaxTree tree, string ruleId, string name, bool defaultValue)
        => TryGetValue(options, tree, ruleId, name, out var raw) && bool.TryParse(raw, out var parsed) ? parsed : defaultValue;

    /// <summary>A comma- or semicolon-separated list; empty entries are dropped.</summary>
    public static ImmutableArray<string> GetList(AnalyzerOptions options, SyntaxTree tree, string ruleId, string name)
    {
        if (!TryGetValue(options, tree, ruleId, name, out var raw) || raw.Length == 0)
        {
            return ImmutableArray<string>.Empty;
        }

        var builder = ImmutableArray.CreateBuilder<string>();
        foreach (var part in raw.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var trimmed = part.Trim();
            if (trimmed.Length > 0)
            {
                builder.Add(trimmed);
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>The MSBuild property the package makes visible to the compiler (see build/MLOps.Analyzers.props).</summary>
    public static bool TryGetBuildProperty(AnalyzerOptions options, SyntaxTree tree, string property, out string value)
    {
        var config = options.AnalyzerConfigOptionsProvider.GetOptions(tree);
        if (config.TryGetValue("build_property." + property, out var raw) && raw is not null)
        {
            value = raw.Trim();
            return true;
        }

        value = string.Empty;
        return false;
    }
}
