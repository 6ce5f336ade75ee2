using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.TrainingLoop;

/// <summary>
/// MLOPS501: a loop whose body runs the backward pass (<c>loss.backward()</c>) and steps an optimizer
/// (<c>optimizer.step()</c>) but never clears the gradients: no <c>zero_grad()</c> on that optimizer or on a module,
/// anywhere in the body (conditionally or not). TorchSharp, like PyTorch, adds every backward pass to the gradients
/// already stored, so each step uses the sum of all earlier batches' gradients.
/// Conservative: a <c>zero_grad</c> under a condition (gradient accumulation) is a clear; so is a call of the
/// project's own code that may reach the optimizer or the model (it is given one, runs on one, is a local function
/// or a delegate, or is a member of the type that holds the optimizer field). The step is reported in the innermost
/// loop that holds it (not across lambdas or local functions), once per optimizer and loop. Test projects are skipped.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GradientsNotClearedAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.GradientsNotCleared,
        title: "Training loop steps the optimizer without clearing gradients",
        messageFormat: "This loop calls backward() and '{0}.step()' but never clears the gradients: they add up over every batch",
        category: RuleCategories.TrainingLoop,
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "TorchSharp accumulates gradients: every backward() adds to the .grad already stored in each parameter. A training loop that steps the optimizer without calling optimizer.zero_grad() (or module.zero_grad()) in each iteration updates the weights with the sum of all earlier gradients, so training diverges or silently learns the wrong thing. Clear the gradients at the start of each iteration (optimizer.zero_grad()); gradient accumulation clears them under a condition, which this rule accepts.",
        isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var symbols = TrainingLoopSymbols.TryCreate(start.Compilation);
            if (symbols is null || TestCodeDetector.IsTestProject(start.Compilation, start.Options))
            {
                return;
            }

            var assembly = start.Compilation.Assembly;
            start.RegisterOperationAction(c => Analyze(c, symbols, assembly), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, TrainingLoopSymbols symbols, IAssemblySymbol assembly)
    {
        var step = (IInvocationOperation)context.Operation;

        // Cheapest test first: the name, then the optimizer type.
        if (step.TargetMethod.Name != "step" || !symbols.IsOptimizerStep(step.TargetMethod))
        {
            return;
        }

        var loop = FindEnclosingLoop(step);
        if (loop?.Body is null)
        {
            return;
        }

        var optimizer = ReproducibilityOperationHelpers.GetReferencedSymbol(step.Instance);
        var scan = new LoopScan(symbols, assembly, optimizer);
        scan.Visit(loop.Body);
        if (loop is IForLoopOperation forLoop)
        {
            foreach (var bottom in forLoop.AtLoopBottom)
            {
                scan.Visit(bottom);
            }
        }

        // Report once per optimizer and loop, at its first step call in the loop.
        if (scan.HasBackward && !scan.MayClear && ReferenceEquals(scan.FirstStep, step))
        {
            var name = optimizer?.Name ?? "optimizer";
            context.ReportDiagnostic(Diagnostic.Create(Rule, step.Syntax.GetLocation(), name));
        }
    }

    /// <summary>The innermost loop whose body holds the operation; null when a lambda or local function comes first.</summary>
    internal static ILoopOperation? FindEnclosingLoop(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case ILoopOperation loop:
                    return loop;
                case IAnonymousFunctionOperation:
                case ILocalFunctionOperation:
                    return null;
            }
        }

        return null;
    }

    /// <summary>One walk over a loop body: backward passes, step calls on the optimizer, and anything that may clear gradients.</summary>
    private sealed class LoopScan
    {
        private readonly TrainingLoopSymbols _symbols;
        private readonly IAssemblySymbol _assembly;
        private readonly ISymbol? _optimizer;

        public LoopScan(TrainingLoopSymbols symbols, IAssemblySymbol assembly, ISymbol? optimizer)
        {
            _symbols = symbols;
            _assembly = assembly;
            _optimizer = optimizer;
        }

        public bool HasBackward { get; private set; }

        public bool MayClear { get; private set; }

        public IInvocationOperation? FirstStep { get; private set; }

        public void Visit(IOperation root)
        {
            foreach (var operation in root.DescendantsAndSelf())
            {
                if (MayClear)
                {
                    return;
                }

                if (operation is IInvocationOperation invocation)
                {
                    VisitInvocation(invocation);
                }
                else if (operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "grad" } })
                {
                    // Clearing by hand: p.grad = null over the parameters.
                    MayClear = true;
                }
            }
        }

        private void VisitInvocation(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            switch (method.Name)
            {
                case "zero_grad":
                    // Any zero_grad on this optimizer, on a module (clears the parameters' gradients), on a receiver
                    // that cannot be resolved, or on the project's own type of that name.
                    var receiver = ReproducibilityOperationHelpers.GetReferencedSymbol(invocation.Instance);
                    if (_optimizer is null
                        || receiver is null
                        || SymbolEqualityComparer.Default.Equals(receiver, _optimizer)
                        || !_symbols.IsOptimizerType(method.ContainingType)
                        || MayAlias(receiver, invocation))
                    {
                        MayClear = true;
                    }

                    return;
                case "zero_":
                    // Clearing by hand: p.grad.zero_() over the parameters.
                    var cleared = ReproducibilityOperationHelpers.WalkDownConversions(invocation.Instance);
                    if (cleared is IConditionalAccessInstanceOperation)
                    {
                        // p.grad?.zero_(): the instance is the conditional access's receiver.
                        for (var parent = invocation.Parent; parent is not null; parent = parent.Parent)
                        {
                            if (parent is IConditionalAccessOperation access)
                            {
                                cleared = ReproducibilityOperationHelpers.WalkDownConversions(access.Operation);
                                break;
                            }
                        }
                    }

                    if (cleared is IPropertyReferenceOperation { Property.Name: "grad" })
                    {
                        MayClear = true;
                    }

                    return;
                case "step":
                    if (FirstStep is null
                        && _symbols.IsOptimizerStep(method)
                        && (_optimizer is null || SymbolEqualityComparer.Default.Equals(ReproducibilityOperationHelpers.GetReferencedSymbol(invocation.Instance), _optimizer)))
                    {
                        FirstStep = invocation;
                    }

                    return;
                case "backward":
                    HasBackward |= _symbols.IsBackward(method);
                    return;
            }

            if (MayReachOptimizer(invocation))
            {
                MayClear = true;
            }
        }

        /// <summary>
        /// A receiver that may be the optimizer under another name: the variable of a <c>foreach</c> over optimizers, or a
        /// lambda's parameter (<c>optimizers.ForEach(o =&gt; o.zero_grad())</c>).
        /// </summary>
        private static bool MayAlias(ISymbol receiver, IOperation site)
        {
            if (receiver is IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } })
            {
                return true;
            }

            if (receiver is not ILocalSymbol)
            {
                return false;
            }

            for (var current = site.Parent; current is not null; current = current.Parent)
            {
                if (current is IForEachLoopOperation loop && loop.Locals.Contains((ILocalSymbol)receiver, SymbolEqualityComparer.Default))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A call of the project's own code, a local function or a delegate that may clear the gradients out of sight.
        /// A call that returns a tensor computes something (a forward pass, a loss) and is not taken as a clear unless
        /// it is handed the optimizer itself.
        /// </summary>
        private bool MayReachOptimizer(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            var isOwnCode = SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _assembly);
            var isDelegateOrLocal = method.MethodKind is MethodKind.DelegateInvoke or MethodKind.LocalFunction;
            if ((!isOwnCode && !isDelegateOrLocal) || _symbols.IsModuleInvocation(method))
            {
                return false;
            }

            var receivesModule = invocation.Instance is { } instance && (_symbols.IsOptimizerType(instance.Type) || _symbols.IsModuleType(instance.Type));
            foreach (var argument in invocation.Arguments)
            {
                var value = ReproducibilityOperationHelpers.WalkDownConversions(argument.Value);
                if (value is null)
                {
                    continue;
                }

                if (_symbols.IsOptimizerType(value.Type)
                    || (_optimizer is not null && SymbolEqualityComparer.Default.Equals(ReproducibilityOperationHelpers.GetReferencedSymbol(value), _optimizer)))
                {
                    return true;
                }

                receivesModule |= _symbols.IsModuleType(value.Type);
            }

            if (_symbols.IsTensorType(method.ReturnType))
            {
                return false;
            }

            if (isDelegateOrLocal || receivesModule)
            {
                return true;
            }

            // An optimizer held in a field or property: a method of the type that holds it may use it.
            return _optimizer is IFieldSymbol or IPropertySymbol
                   && _optimizer.ContainingType is { } holder
                   && method.ContainingType is { } callee
                   && (ReproducibilityOperationHelpers.IsOrDerivesFrom(holder, callee) || ReproducibilityOperationHelpers.IsOrDerivesFrom(callee, holder));
        }
    }
}
