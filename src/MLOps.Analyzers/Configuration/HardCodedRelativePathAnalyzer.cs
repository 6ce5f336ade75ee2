using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MLOps.Analyzers.Configuration;

/// <summary>
/// MLOPS202: a relative path ("../../../Data/ratings.csv", "model.zip") written in the code reaches a data or
/// model load/save: it resolves against the working directory or climbs out of the application into the source tree.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardCodedRelativePathAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.HardCodedRelativePath,
        title: "Do not hard-code relative paths to data or models",
        messageFormat: "The relative path '{0}' reaches {1} and depends on the working directory or the repository layout; read the data/model location from configuration, or resolve a file shipped with the application from AppContext.BaseDirectory",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "A relative data or model path written in the code resolves against the process's working directory (which differs between the IDE, dotnet run, tests and services) or climbs out of the application directory into the source tree ('../../../Data'). The run then reads a different file, or none, depending on where it is started, and changing the data set means changing code. Pass the location in from configuration, or ship the file with the application and resolve it from AppContext.BaseDirectory.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        HardCodedLocationAnalysis.RegisterCompilationStart(context, Rule, LocationClass.Relative);
    }
}
