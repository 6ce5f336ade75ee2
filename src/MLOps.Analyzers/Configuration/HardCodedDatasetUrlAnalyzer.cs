using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MLOps.Analyzers.Configuration;

/// <summary>
/// MLOPS203: the URL of a data set or model written in the code is downloaded at run time
/// (HttpClient.Get*Async, WebClient.Download*, or passed straight to an ML loader).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardCodedDatasetUrlAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.HardCodedDatasetUrl,
        title: "Do not download data sets or models from hard-coded URLs",
        messageFormat: "The data set or model URL '{0}' is fetched at run time by {1}; read the URL from configuration and pin the artifact (a versioned URL and a checksum), or version the data with the code",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "A data set or model downloaded at run time from a URL written in the code can change or disappear without any change to the code: training stops being reproducible and the model in production can differ from the one that was evaluated. Read the URL from configuration, pin a versioned artifact and verify its checksum, or track the data with a data versioning tool.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        HardCodedLocationAnalysis.RegisterCompilationStart(context, Rule, LocationClass.Url);
    }
}
