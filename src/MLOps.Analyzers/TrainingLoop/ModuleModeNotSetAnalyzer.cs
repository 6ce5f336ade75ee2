using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.TrainingLoop;

/// <summary>
/// MLOPS505: a TorchSharp module runs in the wrong mode, within one method.
/// <list type="number">
/// <item><b>Loaded, then used for inference in training mode</b>: weights restored with <c>model.load(...)</c> or
/// <c>model.load_state_dict(...)</c> (a model trained elsewhere), then <c>model.call(x)</c> / <c>model.forward(x)</c>
/// with no <c>model.eval()</c> before it, in a method that runs no backward pass: dropout stays active and batch norm
/// uses (and updates) batch statistics.</item>
/// <item><b>Trained after eval()</b>: <c>model.eval()</c>, then a loop that calls the model, runs backward and steps an
/// optimizer, either after the <c>eval()</c> or sharing an enclosing loop with it (the next epoch trains in eval mode),
/// and no <c>model.train()</c> anywhere in the method. Not when the module may be frozen on purpose (a pretrained
/// backbone feeding a head): its call in the loop is in a no-grad scope, or the loop calls another module that is not a
/// TorchSharp loss.</item>
/// </list>
/// Conservative: nothing is reported for a module the method hands to the project's own code or a delegate, on which it
/// calls a method of the project's own type (other than call/forward), or, for a field or property, when it calls a
/// method of the type that holds it: such code may set the mode. Calls inside lambdas and local functions are not
/// judged; a mode switch anywhere in them counts. <c>torch.jit.load</c> keeps the saved mode and is not a load here.
/// Test projects are skipped.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModuleModeNotSetAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: <c>Load</c> (inference after a load) or <c>Train</c> (training after eval()).</summary>
    internal const string KindProperty = "Kind";

    /// <summary>Diagnostic property of the Train kind: start position of the training loop statement.</summary>
    internal const string LoopStartProperty = "LoopStart";

    internal const string LoadKind = "Load";

    internal const string TrainKind = "Train";

    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.ModuleModeNotSet,
        title: "Module runs in the wrong mode (eval()/train() not set)",
        messageFormat: "'{0}' {1}",
        category: RuleCategories.TrainingLoop,
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "A TorchSharp module starts in training mode and keeps the mode it was last given: load() and load_state_dict() restore weights but do not switch to evaluation. A model loaded and then used for prediction without eval() still applies dropout (random, wrong outputs) and normalises with batch statistics; a model trained after eval() without train() has dropout switched off and batch norm frozen, so it trains a different network than intended. Call eval() after loading a model for inference and train() before each training loop.",
        isEnabledByDefault: true);

    internal const string LoadMessage = "is restored with {0}() and then called without '{1}.eval()': dropout and batch norm still run in training mode";

    internal const string TrainMessage = "is trained in this loop after '{0}.eval()' without '{0}.train()': dropout is off and batch norm frozen";

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
            start.RegisterOperationBlockStartAction(blockStart =>
            {
                if (blockStart.OwningSymbol is not IMethodSymbol)
                {
                    return;
                }

                var block = new BlockState(symbols, assembly);
                blockStart.RegisterOperationAction(c => block.Visit((IInvocationOperation)c.Operation), OperationKind.Invocation);
                blockStart.RegisterOperationBlockEndAction(block.Report);
            });
        });
    }

    /// <summary>The calls of one method body the rule needs, recorded in one pass, judged at the end of the body.</summary>
    private sealed class BlockState
    {
        private readonly TrainingLoopSymbols _symbols;
        private readonly IAssemblySymbol _assembly;
        private readonly List<(ISymbol Module, IInvocationOperation Load)> _loads = new();
        private readonly List<(ISymbol Module, IInvocationOperation Eval)> _evals = new();
        private readonly List<(ISymbol Module, IInvocationOperation Call)> _calls = new();
        private readonly List<IInvocationOperation> _moduleCalls = new();
        private readonly List<IInvocationOperation> _steps = new();
        private readonly HashSet<ISymbol> _trained = new(SymbolEqualityComparer.Default);
        private readonly HashSet<ISymbol> _handedOut = new(SymbolEqualityComparer.Default);
        private readonly List<INamedTypeSymbol> _ownMethodTypes = new();
        private bool _hasBackward;

        public BlockState(TrainingLoopSymbols symbols, IAssemblySymbol assembly)
        {
            _symbols = symbols;
            _assembly = assembly;
        }

        public void Visit(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;

            // Cheapest test first: the method name, then the containing type.
            switch (method.Name)
            {
                case "call":
                case "forward":
                    if (_symbols.IsModuleInvocation(method))
                    {
                        _moduleCalls.Add(invocation);
                        if (!IsInsideFunction(invocation) && ReproducibilityOperationHelpers.GetReferencedSymbol(invocation.Instance) is { } called)
                        {
                            _calls.Add((called, invocation));
                        }

                        return;
                    }

                    break;
                case "eval":
                case "train":
                    if (_symbols.IsModuleType(method.ContainingType))
                    {
                        if (ModuleOf(invocation) is not { } switched)
                        {
                            return;
                        }

                        if (_symbols.IsEvalCall(invocation))
                        {
                            _evals.Add((switched, invocation));
                        }
                        else
                        {
                            _trained.Add(switched);
                        }

                        return;
                    }

                    break;
                case "load":
                case "load_state_dict":
                    if (_symbols.IsModuleType(method.ContainingType))
                    {
                        if (ModuleOf(invocation) is { } loaded)
                        {
                            _loads.Add((loaded, invocation));
                        }

                        return;
                    }

                    break;
                case "backward":
                    if (_symbols.IsBackward(method))
                    {
                        _hasBackward = true;
                        return;
                    }

                    break;
                case "step":
                    if (_symbols.IsOptimizerStep(method))
                    {
                        if (!IsInsideFunction(invocation))
                        {
                            _steps.Add(invocation);
                        }

                        return;
                    }

                    break;
            }

            RecordCodeThatMaySetTheMode(invocation, method);
        }

        /// <summary>
        /// The project's own code, a local function or a delegate that is given a module, or a method of the project's own
        /// module type called on one: it may switch the mode out of sight. Methods of the project's own types are kept
        /// for fields and properties (a method of the holder may switch them).
        /// </summary>
        private void RecordCodeThatMaySetTheMode(IInvocationOperation invocation, IMethodSymbol method)
        {
            var isOwnCode = SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _assembly);
            if (!isOwnCode && method.MethodKind is not (MethodKind.DelegateInvoke or MethodKind.LocalFunction))
            {
                return;
            }

            if (isOwnCode && method.ContainingType is { } ownType)
            {
                _ownMethodTypes.Add(ownType);
            }

            if (invocation.Instance is { } instance && _symbols.IsModuleType(instance.Type)
                && ReproducibilityOperationHelpers.GetReferencedSymbol(instance) is { } receiver)
            {
                _handedOut.Add(receiver);
            }

            foreach (var argument in invocation.Arguments)
            {
                var value = ReproducibilityOperationHelpers.WalkDownConversions(argument.Value);
                if (value is not null && _symbols.IsModuleType(value.Type)
                    && ReproducibilityOperationHelpers.GetReferencedSymbol(value) is { } passed)
                {
                    _handedOut.Add(passed);
                }
            }
        }

        /// <summary>
        /// The module a load or mode switch acts on: the receiver, through chained module calls (<c>model.load(p).eval()</c>,
        /// <c>model.to(device).eval()</c>), or the variable the chain's result is stored in (<c>var m = new Net().load(p)</c>).
        /// </summary>
        private ISymbol? ModuleOf(IInvocationOperation invocation)
        {
            var instance = ReproducibilityOperationHelpers.WalkDownConversions(invocation.Instance);
            while (instance is IInvocationOperation { Instance: { } inner } chained && _symbols.IsModuleType(chained.Type))
            {
                instance = ReproducibilityOperationHelpers.WalkDownConversions(inner);
            }

            if (ReproducibilityOperationHelpers.GetReferencedSymbol(instance) is { } receiver)
            {
                return receiver;
            }

            IOperation top = invocation;
            while (top.Parent is IInvocationOperation outer && outer.Instance == top && _symbols.IsModuleType(outer.Type))
            {
                top = outer;
            }

            return _symbols.IsModuleType(top.Type) ? ReproducibilityOperationHelpers.GetStorageSymbol(top) : null;
        }

        public void Report(OperationBlockAnalysisContext context)
        {
            if (_calls.Count == 0)
            {
                return;
            }

            if (_loads.Count > 0 && !_hasBackward && _steps.Count == 0)
            {
                ReportInferenceAfterLoad(context);
            }

            if (_evals.Count > 0 && _steps.Count > 0 && _hasBackward)
            {
                ReportTrainingAfterEval(context);
            }
        }

        private void ReportInferenceAfterLoad(OperationBlockAnalysisContext context)
        {
            var reported = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var (module, call) in _calls)
            {
                if (reported.Contains(module) || _trained.Contains(module) || MaySetModeOutOfSight(module))
                {
                    continue;
                }

                var position = call.Syntax.SpanStart;
                IInvocationOperation? load = null;
                foreach (var (loaded, candidate) in _loads)
                {
                    if (candidate.Syntax.SpanStart < position && SymbolEqualityComparer.Default.Equals(loaded, module))
                    {
                        load = candidate;
                        break;
                    }
                }

                if (load is null || HasEvalBefore(module, position))
                {
                    continue;
                }

                reported.Add(module);
                var receiver = call.Instance?.Syntax.ToString() ?? module.Name;
                var message = string.Format(CultureInfo.InvariantCulture, LoadMessage, load.TargetMethod.Name, receiver);
                context.ReportDiagnostic(Diagnostic.Create(
                    Rule,
                    call.Syntax.GetLocation(),
                    new[] { load.Syntax.GetLocation() },
                    ImmutableDictionary<string, string?>.Empty.Add(KindProperty, LoadKind),
                    receiver,
                    message));
            }
        }

        private void ReportTrainingAfterEval(OperationBlockAnalysisContext context)
        {
            var reported = new HashSet<(ISymbol, ILoopOperation)>();
            foreach (var (module, call) in _calls)
            {
                if (_trained.Contains(module) || MaySetModeOutOfSight(module))
                {
                    continue;
                }

                var loop = TrainingLoopOf(call);
                if (loop is null || reported.Contains((module, loop)) || MayBeFrozen(module, call, loop))
                {
                    continue;
                }

                foreach (var (evaluated, eval) in _evals)
                {
                    // An eval() inside a lambda or local function may never run before the loop: not taken.
                    if (!SymbolEqualityComparer.Default.Equals(evaluated, module)
                        || IsInsideFunction(eval)
                        || !(eval.Syntax.SpanStart < loop.Syntax.SpanStart || ShareALoop(eval, loop)))
                    {
                        continue;
                    }

                    reported.Add((module, loop));
                    var receiver = call.Instance?.Syntax.ToString() ?? module.Name;
                    var message = string.Format(CultureInfo.InvariantCulture, TrainMessage, receiver);
                    context.ReportDiagnostic(Diagnostic.Create(
                        Rule,
                        call.Syntax.GetLocation(),
                        new[] { eval.Syntax.GetLocation() },
                        ImmutableDictionary<string, string?>.Empty
                            .Add(KindProperty, TrainKind)
                            .Add(LoopStartProperty, loop.Syntax.SpanStart.ToString(CultureInfo.InvariantCulture)),
                        receiver,
                        message));
                    break;
                }
            }
        }

        /// <summary>
        /// The eval'ed module may be a frozen part of what is trained (a pretrained backbone feeding a new head): its call
        /// sits in a no-grad scope, or the training loop calls another module that is not a loss.
        /// </summary>
        private bool MayBeFrozen(ISymbol module, IInvocationOperation call, ILoopOperation loop)
        {
            if (InferenceBuildsGraphAnalyzer.IsInNoGradScope(call, _symbols, _assembly))
            {
                return true;
            }

            foreach (var other in _moduleCalls)
            {
                if (loop.Syntax.Span.Contains(other.Syntax.Span)
                    && !SymbolEqualityComparer.Default.Equals(ReproducibilityOperationHelpers.GetReferencedSymbol(other.Instance), module)
                    && !IsLoss(ReproducibilityOperationHelpers.WalkDownConversions(other.Instance)?.Type))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A TorchSharp loss module (<c>NLLLoss</c>, <c>CrossEntropyLoss</c>, any type deriving from TorchSharp's <c>Loss</c>/<c>WeightedLoss</c>).</summary>
        private bool IsLoss(ITypeSymbol? type)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (current.Name.EndsWith("Loss", System.StringComparison.Ordinal)
                    && SymbolEqualityComparer.Default.Equals(current.ContainingAssembly, _symbols.Module.ContainingAssembly))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The innermost loop around the module call that also steps an optimizer (the backward pass is in the method).</summary>
        private ILoopOperation? TrainingLoopOf(IInvocationOperation call)
        {
            for (var current = call.Parent; current is not null; current = current.Parent)
            {
                if (current is ILoopOperation loop)
                {
                    foreach (var step in _steps)
                    {
                        if (loop.Syntax.Span.Contains(step.Syntax.Span))
                        {
                            return loop;
                        }
                    }
                }
            }

            return null;
        }

        /// <summary>The eval() and the training loop sit in one enclosing loop: the next iteration trains in eval mode.</summary>
        private static bool ShareALoop(IInvocationOperation eval, ILoopOperation trainingLoop)
        {
            for (var current = trainingLoop.Parent; current is not null; current = current.Parent)
            {
                if (current is ILoopOperation outer && outer.Syntax.Span.Contains(eval.Syntax.Span))
                {
                    return true;
                }
            }

            return false;
        }

        private bool HasEvalBefore(ISymbol module, int position)
        {
            foreach (var (evaluated, eval) in _evals)
            {
                if (eval.Syntax.SpanStart < position && SymbolEqualityComparer.Default.Equals(evaluated, module))
                {
                    return true;
                }
            }

            return false;
        }

        private bool MaySetModeOutOfSight(ISymbol module)
        {
            if (_handedOut.Contains(module))
            {
                return true;
            }

            if (module is IFieldSymbol or IPropertySymbol && module.ContainingType is { } holder)
            {
                foreach (var type in _ownMethodTypes)
                {
                    if (ReproducibilityOperationHelpers.IsOrDerivesFrom(holder, type) || ReproducibilityOperationHelpers.IsOrDerivesFrom(type, holder))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool IsInsideFunction(IOperation operation)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
