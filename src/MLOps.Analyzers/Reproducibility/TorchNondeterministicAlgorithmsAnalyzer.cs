using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.Reproducibility;

/// <summary>
/// MLOPS104: the compilation trains with TorchSharp (<c>loss.backward()</c>, <c>torch.autograd.backward</c>,
/// <c>optimizer.step()</c>) but never calls <c>torch.use_deterministic_algorithms(true)</c>. Reported once per
/// compilation, at the first training site (by file path and position). Test projects are skipped.
/// The rule stays silent when the referenced TorchSharp does not implement the API: TorchSharp 0.107 marks
/// <c>torch.use_deterministic_algorithms</c> <c>[Obsolete("not implemented", error: true)]</c>, and a rule whose only
/// fix does not compile would be a permanent false positive.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TorchNondeterministicAlgorithmsAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.TorchNondeterministicAlgorithms,
        title: "TorchSharp training does not request deterministic algorithms",
        messageFormat: "This project trains with TorchSharp ('{0}') but never calls torch.use_deterministic_algorithms(true)",
        category: RuleCategories.Reproducibility,
        defaultSeverity: DiagnosticSeverity.Info,
        description: "Even with a fixed seed, several CUDA/cuDNN kernels used during training (scatter/index operations, some convolutions and their backward passes) are non-deterministic, so two training runs can diverge. torch.use_deterministic_algorithms(true) makes libtorch choose deterministic kernels or throw where none exists: call it at start-up, next to torch.manual_seed, so that GPU kernels give the same result on every run. Reported once per project, at the first training call.",
        isEnabledByDefault: true,
        WellKnownDiagnosticTags.CompilationEnd);

    private readonly bool _requireImplementedApi;

    public TorchNondeterministicAlgorithmsAnalyzer()
        : this(requireImplementedApi: true)
    {
    }

    /// <summary>Tests pass <c>false</c> to exercise the rule against a TorchSharp whose API is still marked obsolete.</summary>
    internal TorchNondeterministicAlgorithmsAnalyzer(bool requireImplementedApi)
    {
        _requireImplementedApi = requireImplementedApi;
    }

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        var requireImplementedApi = _requireImplementedApi;
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = TorchRandomnessSymbols.TryCreate(start.Compilation);
            if (symbols is null
                || TestCodeDetector.IsTestProject(start.Compilation, start.Options)
                || (requireImplementedApi && !HasUsableDeterministicAlgorithmsApi(symbols.Torch)))
            {
                return;
            }

            var state = new State();
            start.RegisterOperationAction(
                c =>
                {
                    var invocation = (IInvocationOperation)c.Operation;
                    if (symbols.IsDeterministicAlgorithmsCall(invocation))
                    {
                        state.MarkDeterministic();
                    }
                    else if (symbols.IsTrainingCall(invocation.TargetMethod))
                    {
                        state.AddTrainingSite(invocation.Syntax.GetLocation(), invocation.TargetMethod.Name);
                    }
                },
                OperationKind.Invocation);
            start.RegisterCompilationEndAction(state.Report);
        });
    }

    private static bool HasUsableDeterministicAlgorithmsApi(INamedTypeSymbol torch)
    {
        foreach (var member in torch.GetMembers("use_deterministic_algorithms"))
        {
            if (member is IMethodSymbol { DeclaredAccessibility: Accessibility.Public } method && !IsObsoleteAsError(method))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsObsoleteAsError(ISymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "ObsoleteAttribute", ContainingNamespace.Name: "System" }
                && attribute.ConstructorArguments.Length == 2
                && attribute.ConstructorArguments[1].Value is true)
            {
                return true;
            }
        }

        return false;
    }

    private sealed class State
    {
        private readonly object _gate = new();
        private Location? _first;
        private string _name = string.Empty;
        private int _deterministic;

        public void MarkDeterministic() => Interlocked.Exchange(ref _deterministic, 1);

        public void AddTrainingSite(Location location, string name)
        {
            lock (_gate)
            {
                if (_first is null || IsBefore(location, _first))
                {
                    _first = location;
                    _name = name;
                }
            }
        }

        public void Report(CompilationAnalysisContext context)
        {
            lock (_gate)
            {
                if (_first is not null && Volatile.Read(ref _deterministic) == 0)
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rule, _first, _name));
                }
            }
        }

        private static bool IsBefore(Location left, Location right)
        {
            var byPath = string.CompareOrdinal(left.SourceTree?.FilePath, right.SourceTree?.FilePath);
            return byPath < 0 || (byPath == 0 && left.SourceSpan.Start < right.SourceSpan.Start);
        }
    }
}
