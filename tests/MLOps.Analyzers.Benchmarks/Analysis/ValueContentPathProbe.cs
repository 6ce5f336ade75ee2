using System.Collections.Immutable;
using Analyzer.Utilities;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis.DataFlow;
using Microsoft.CodeAnalysis.FlowAnalysis.DataFlow.PointsToAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis.DataFlow.ValueContentAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.Benchmarks.Analysis;

/// <summary>
/// The other way the issue asked to weigh: the path rules' core question ("which literal reaches this loader or saver")
/// answered with Microsoft.CodeAnalysis.AnalyzerUtilities' ValueContentAnalysis (the dataflow engine of
/// roslyn-analyzers), interprocedural and context-sensitive, the way its own rules (CA2100, CA3001...) use it. Not a
/// rule of the package: it runs beside ours in one analysis so that the cost of the two designs is measured on the
/// same ML-dense code (<c>flow-choice</c> command). It analyses every method that calls a data/model loader or saver
/// or passes a string to the compilation's own methods (the calls our flow model follows), and reports a string
/// argument of a loader/saver that holds only literals.
/// </summary>
// A measurement probe run in process by the benchmark, never loaded by a compiler: the rules for shipped analyzers
// (netstandard2.0 target, extended analyzer rules, release tracking) do not apply to it.
#pragma warning disable RS1041, RS1036, RS2008
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class ValueContentPathProbe : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        "PROBE201",
        "A literal location reaches a loader or saver (ValueContentAnalysis)",
        "'{0}' reaches {1}",
        "Probe",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    private static readonly string[] SinkTypes =
    {
        "Microsoft.ML.ModelOperationsCatalog",
        "Microsoft.ML.TextLoaderSaverCatalog",
        "Microsoft.ML.DataOperationsCatalog",
        "System.IO.File",
        "System.IO.StreamReader",
        "System.IO.FileStream",
        "Microsoft.ML.OnnxRuntime.InferenceSession",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var sinks = SinkTypes
                .Select(start.Compilation.GetTypeByMetadataName)
                .OfType<INamedTypeSymbol>()
                .ToImmutableHashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            if (sinks.IsEmpty)
            {
                return;
            }

            var types = WellKnownTypeProvider.GetOrCreate(start.Compilation);
            start.RegisterOperationBlockAction(block =>
            {
                var calls = new List<IInvocationOperation>();
                var follows = false;
                foreach (var root in block.OperationBlocks)
                {
                    foreach (var operation in root.Descendants())
                    {
                        if (operation is IInvocationOperation invocation)
                        {
                            if (sinks.Contains(invocation.TargetMethod.ContainingType))
                            {
                                calls.Add(invocation);
                            }
                            else if (invocation.TargetMethod.ContainingAssembly is { } assembly
                                && SymbolEqualityComparer.Default.Equals(assembly, start.Compilation.Assembly)
                                && invocation.TargetMethod.Parameters.Any(p => p.Type.SpecialType == SpecialType.System_String))
                            {
                                follows = true;
                            }
                        }
                    }
                }

                if (calls.Count == 0 && !follows)
                {
                    return;
                }

                foreach (var root in block.OperationBlocks)
                {
                    if (root.Kind != OperationKind.Block && root.Kind != OperationKind.MethodBody)
                    {
                        continue;
                    }

                    var cfg = block.GetControlFlowGraph(root);
                    var result = ValueContentAnalysis.TryGetOrComputeResult(
                        cfg,
                        block.OwningSymbol,
                        types,
                        block.Options,
                        Rule,
                        PointsToAnalysisKind.PartialWithoutTrackingFieldsAndProperties,
                        InterproceduralAnalysisKind.ContextSensitive,
                        pessimisticAnalysis: false);
                    if (result is null)
                    {
                        continue;
                    }

                    foreach (var call in calls)
                    {
                        foreach (var argument in call.Arguments)
                        {
                            if (argument.Value.Type?.SpecialType != SpecialType.System_String)
                            {
                                continue;
                            }

                            var value = result[argument.Value.Kind, argument.Value.Syntax];
                            if (value.NonLiteralState == ValueContainsNonLiteralState.No && value.LiteralValues.Count > 0)
                            {
                                block.ReportDiagnostic(Diagnostic.Create(Rule, argument.Syntax.GetLocation(), value.LiteralValues.First(), call.TargetMethod.Name));
                            }
                        }
                    }
                }
            });
        });
    }
}
#pragma warning restore RS1041, RS1036, RS2008
