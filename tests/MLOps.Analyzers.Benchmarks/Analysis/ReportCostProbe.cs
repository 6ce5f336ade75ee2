using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MLOps.Analyzers.Benchmarks.Analysis;

/// <summary>
/// What Roslyn charges an analyzer for reporting at all: one diagnostic per file, nothing analysed. With
/// <c>ConfigureGeneratedCodeAnalysis(None)</c> (what every well-behaved analyzer declares), the driver checks each
/// reported diagnostic for generated code, and the first report in a file pays a walk of all its tokens (looking for
/// a <c>GeneratedCode</c> attribute); the telemetry charges that walk to whichever analyzer reports first in the file.
/// Measured alone by the <c>flow-choice</c> command, it is the floor of any analyzer that reports in every file.
/// </summary>
// A measurement probe run in process by the benchmark, never loaded by a compiler: the rules for shipped analyzers
// (netstandard2.0 target, extended analyzer rules, release tracking) do not apply to it.
#pragma warning disable RS1041, RS1036, RS2008
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal class ReportCostProbe : DiagnosticAnalyzer
{
    private readonly GeneratedCodeAnalysisFlags flags;

    public ReportCostProbe()
        : this(GeneratedCodeAnalysisFlags.None)
    {
    }

    protected ReportCostProbe(GeneratedCodeAnalysisFlags flags) => this.flags = flags;

    internal static readonly DiagnosticDescriptor Rule = new("PROBE001", "A report", "A report", "Probe", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(flags);
        context.RegisterSyntaxTreeAction(tree =>
        {
            var root = tree.Tree.GetRoot(tree.CancellationToken);
            tree.ReportDiagnostic(Diagnostic.Create(Rule, root.GetFirstToken().GetLocation()));
        });
    }
}
/// <summary>The same reports from an analyzer that also reports in generated code: the driver checks nothing.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class ReportCostProbeWithoutGeneratedCodeCheck : ReportCostProbe
{
    public ReportCostProbeWithoutGeneratedCodeCheck()
        : base(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics)
    {
    }
}
#pragma warning restore RS1041, RS1036, RS2008
