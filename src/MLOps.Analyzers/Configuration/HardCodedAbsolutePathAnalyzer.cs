using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MLOps.Analyzers.Configuration;

/// <summary>
/// MLOPS201: an absolute path (C:\..., \\server\share, /data/..., ~/...) written in the code reaches a data or
/// model load/save: the training or serving run only works on the machine the path was written on.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardCodedAbsolutePathAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.HardCodedAbsolutePath,
        title: "Do not hard-code absolute paths to data or models",
        messageFormat: "The absolute path '{0}' reaches {1} and only exists on one machine; read the data/model location from configuration (appsettings, a command-line argument or an environment variable)",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "An absolute data or model path written in the code (a drive letter, a UNC share, a rooted Unix path or the home directory) ties training and serving to one machine's file system: the pipeline cannot run on a build server, in a container or on a colleague's machine, and changing the data set means changing code. Pass the location in from configuration instead.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        HardCodedLocationAnalysis.RegisterCompilationStart(context, Rule, LocationClass.Absolute);
    }
}
