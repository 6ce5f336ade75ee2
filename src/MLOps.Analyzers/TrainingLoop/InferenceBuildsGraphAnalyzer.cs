using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.TrainingLoop;

/// <summary>
/// MLOPS502: a method puts a module in evaluation mode (<c>model.eval()</c> / <c>model.train(false)</c>) and then
/// calls it (<c>model.call(x)</c> / <c>model.forward(x)</c>) outside any <c>torch.no_grad()</c> /
/// <c>torch.inference_mode()</c> scope, and never runs a backward pass: autograd records a graph for every inference
/// and keeps every intermediate activation alive until the output is released.
/// Decided at compilation end, because the method's callers decide too: it is not reported when a call of it in this
/// compilation (directly or through the project's own methods) sits in a no-grad scope, when it is used as a delegate,
/// or when code outside the compilation may call it (an externally visible method of a library, a virtual method, an
/// override or an interface implementation) or may call a method that reaches it. Calls inside lambdas and local
/// functions are not judged (they may run anywhere). Test projects are skipped.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InferenceBuildsGraphAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.InferenceBuildsGraph,
        title: "Inference runs with gradient tracking enabled",
        messageFormat: "'{0}' is put in eval mode and then called outside torch.no_grad(): autograd keeps this inference's activations alive",
        category: RuleCategories.TrainingLoop,
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "model.eval() only switches layers such as dropout and batch norm to inference behaviour; it does not stop autograd. A module called outside torch.no_grad() or torch.inference_mode() records the operations of the forward pass and keeps their inputs alive for a backward pass that never comes: evaluation and prediction use several times the memory and run slower. Open a no-grad scope around inference: 'using (torch.no_grad()) { ... }' or 'using var noGrad = torch.no_grad();'.",
        isEnabledByDefault: true,
        WellKnownDiagnosticTags.CompilationEnd);

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

            var compilation = new CompilationState(start.Compilation);
            start.RegisterOperationBlockStartAction(blockStart =>
            {
                if (blockStart.OwningSymbol is not IMethodSymbol owner)
                {
                    return;
                }

                var block = new BlockState();
                blockStart.RegisterOperationAction(c => block.Visit((IInvocationOperation)c.Operation, symbols, compilation), OperationKind.Invocation);
                blockStart.RegisterOperationAction(
                    c =>
                    {
                        if (((IPropertyReferenceOperation)c.Operation).Property.Name == "requires_grad")
                        {
                            block.TouchesRequiresGrad = true;
                        }
                    },
                    OperationKind.PropertyReference);
                blockStart.RegisterOperationAction(
                    c =>
                    {
                        if (((IMethodReferenceOperation)c.Operation).Method is { } method && compilation.IsOwnCode(method))
                        {
                            compilation.MarkUsedAsDelegate(method);
                        }
                    },
                    OperationKind.MethodReference);
                blockStart.RegisterOperationAction(
                    c =>
                    {
                        if (((IObjectCreationOperation)c.Operation).Constructor is { } constructor && compilation.IsOwnCode(constructor))
                        {
                            block.AddOwnCall(constructor.OriginalDefinition, c.Operation);
                        }
                    },
                    OperationKind.ObjectCreation);
                blockStart.RegisterOperationBlockEndAction(_ => block.Complete(owner, symbols, compilation));
            });
            start.RegisterCompilationEndAction(compilation.Report);
        });
    }

    /// <summary>True when the operation runs inside <c>using (torch.no_grad())</c> or after <c>using var _ = torch.no_grad();</c> in an enclosing block.</summary>
    internal static bool IsInNoGradScope(IOperation operation, TrainingLoopSymbols symbols, IAssemblySymbol assembly)
    {
        var child = operation;
        for (var current = operation.Parent; current is not null; child = current, current = current.Parent)
        {
            switch (current)
            {
                case IUsingOperation usingOperation when usingOperation.Body == child && OpensNoGradScope(usingOperation.Resources, symbols, assembly):
                    return true;
                case IBlockOperation block:
                    foreach (var statement in block.Operations)
                    {
                        if (statement == child)
                        {
                            break;
                        }

                        if (statement is IUsingDeclarationOperation declaration && OpensNoGradScope(declaration.DeclarationGroup, symbols, assembly))
                        {
                            return true;
                        }
                    }

                    break;
            }
        }

        return false;
    }

    /// <summary>A no-grad factory among the resources, or a guard returned by the project's own code (it may wrap one).</summary>
    private static bool OpensNoGradScope(IOperation? resources, TrainingLoopSymbols symbols, IAssemblySymbol assembly)
    {
        if (resources is null)
        {
            return false;
        }

        foreach (var operation in resources.DescendantsAndSelf())
        {
            if (operation is IInvocationOperation invocation
                && (symbols.IsNoGradScopeFactory(invocation) || IsOwnGuardFactory(invocation.TargetMethod, assembly)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A method of the project's own code that returns a bare <see cref="System.IDisposable"/>, as torch.no_grad() does.</summary>
    private static bool IsOwnGuardFactory(IMethodSymbol method, IAssemblySymbol assembly)
        => method.ReturnType.SpecialType == SpecialType.System_IDisposable
           && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, assembly);

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

    private static bool IsUsingResource(IOperation operation)
    {
        var child = operation;
        for (var current = operation.Parent; current is not null; child = current, current = current.Parent)
        {
            switch (current)
            {
                case IUsingOperation usingOperation:
                    return usingOperation.Resources == child;
                case IUsingDeclarationOperation:
                    return true;
                case IBlockOperation:
                    return false;
            }
        }

        return false;
    }

    /// <summary>What one method body holds. Operation actions of one block run one after another.</summary>
    private sealed class BlockState
    {
        private readonly List<(ISymbol Module, IInvocationOperation Eval)> _evals = new();
        private readonly List<(ISymbol Module, IInvocationOperation Call)> _calls = new();
        private readonly HashSet<ISymbol> _trained = new(SymbolEqualityComparer.Default);
        private readonly List<(IMethodSymbol Callee, IOperation Site)> _ownCalls = new();
        private bool _hasBackward;
        private bool _disablesGradWithoutScope;

        /// <summary>A no-grad factory or a using resource of own code was seen: only then are scopes looked for.</summary>
        private bool _mayOpenScope;

        public bool TouchesRequiresGrad { get; set; }

        public void Visit(IInvocationOperation invocation, TrainingLoopSymbols symbols, CompilationState compilation)
        {
            var method = invocation.TargetMethod;
            if (!VisitTorchCall(invocation, method, symbols) && compilation.IsOwnCode(method))
            {
                // An extension method called in reduced form is recorded as its declaration, like the candidate.
                AddOwnCall((method.ReducedFrom ?? method).OriginalDefinition, invocation);
                _mayOpenScope |= method.ReturnType.SpecialType == SpecialType.System_IDisposable && IsUsingResource(invocation);
            }
        }

        /// <summary>A constructor of the project's own code: it may run inference too.</summary>
        public void AddOwnCall(IMethodSymbol callee, IOperation site) => _ownCalls.Add((callee, site));

        /// <summary>Records the TorchSharp calls the rule needs; false for any other call (the name is tested first).</summary>
        private bool VisitTorchCall(IInvocationOperation invocation, IMethodSymbol method, TrainingLoopSymbols symbols)
        {
            switch (method.Name)
            {
                case "eval":
                case "train":
                    if (symbols.IsEvalCall(invocation))
                    {
                        if (ReproducibilityOperationHelpers.GetReferencedSymbol(invocation.Instance) is { } evaluated)
                        {
                            _evals.Add((evaluated, invocation));
                        }

                        return true;
                    }

                    if (symbols.IsTrainCall(invocation))
                    {
                        if (ReproducibilityOperationHelpers.GetReferencedSymbol(invocation.Instance) is { } trained)
                        {
                            _trained.Add(trained);
                        }

                        return true;
                    }

                    return false;
                case "call":
                case "forward":
                    if (!symbols.IsModuleInvocation(method))
                    {
                        return false;
                    }

                    if (ReproducibilityOperationHelpers.GetReferencedSymbol(invocation.Instance) is { } called)
                    {
                        _calls.Add((called, invocation));
                    }

                    return true;
                case "backward":
                    if (!symbols.IsBackward(method))
                    {
                        return false;
                    }

                    _hasBackward = true;
                    return true;
                case "requires_grad_":
                    TouchesRequiresGrad = true;
                    return true;
                case "no_grad":
                case "inference_mode":
                case "set_grad_enabled":
                case "enable_grad":
                    if (!symbols.IsNoGradScopeFactory(invocation))
                    {
                        return false;
                    }

                    // A guard that is not a using resource stays open until disposed, possibly for the rest of the method.
                    _mayOpenScope = true;
                    _disablesGradWithoutScope |= !IsUsingResource(invocation);
                    return true;
                default:
                    return false;
            }
        }

        public void Complete(IMethodSymbol owner, TrainingLoopSymbols symbols, CompilationState compilation)
        {
            var caller = (IMethodSymbol)owner.OriginalDefinition;
            foreach (var (callee, site) in _ownCalls)
            {
                var covered = _disablesGradWithoutScope || (_mayOpenScope && IsInNoGradScope(site, symbols, compilation.Assembly));
                compilation.AddCall(caller, callee, covered);
            }

            if (_evals.Count == 0 || _calls.Count == 0 || _hasBackward || _disablesGradWithoutScope || TouchesRequiresGrad)
            {
                return;
            }

            var reported = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var (module, call) in _calls)
            {
                if (_trained.Contains(module) || reported.Contains(module) || IsInsideFunction(call))
                {
                    continue;
                }

                var eval = FirstEvalBefore(module, call);
                if (eval is null || (_mayOpenScope && IsInNoGradScope(call, symbols, compilation.Assembly)))
                {
                    continue;
                }

                reported.Add(module);
                compilation.AddCandidate(caller, new Candidate(call.Syntax.GetLocation(), eval.Syntax.GetLocation(), module.Name));
            }
        }

        private IInvocationOperation? FirstEvalBefore(ISymbol module, IInvocationOperation call)
        {
            foreach (var (evaluated, eval) in _evals)
            {
                if (SymbolEqualityComparer.Default.Equals(evaluated, module)
                    && eval.Syntax.SyntaxTree == call.Syntax.SyntaxTree
                    && eval.Syntax.SpanStart < call.Syntax.SpanStart)
                {
                    return eval;
                }
            }

            return null;
        }
    }

    private sealed class Candidate
    {
        public Candidate(Location location, Location evalLocation, string moduleName)
        {
            Location = location;
            EvalLocation = evalLocation;
            ModuleName = moduleName;
        }

        public Location Location { get; }

        public Location EvalLocation { get; }

        public string ModuleName { get; }
    }

    /// <summary>Candidates and the calls between the project's own methods, decided at compilation end.</summary>
    private sealed class CompilationState
    {
        private readonly IAssemblySymbol _assembly;
        private readonly bool _isLibrary;
        private readonly ConcurrentBag<(IMethodSymbol Method, Candidate Candidate)> _candidates = new();
        private readonly ConcurrentBag<(IMethodSymbol Caller, IMethodSymbol Callee, bool Covered)> _calls = new();
        private readonly ConcurrentDictionary<IMethodSymbol, bool> _usedAsDelegate = new(SymbolEqualityComparer.Default);

        public CompilationState(Compilation compilation)
        {
            _assembly = compilation.Assembly;
            _isLibrary = compilation.Options.OutputKind is OutputKind.DynamicallyLinkedLibrary or OutputKind.NetModule;
        }

        public IAssemblySymbol Assembly => _assembly;

        public bool IsOwnCode(IMethodSymbol method)
            => SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _assembly);

        public void MarkUsedAsDelegate(IMethodSymbol method) => _usedAsDelegate.TryAdd(method.OriginalDefinition, true);

        public void AddCall(IMethodSymbol caller, IMethodSymbol callee, bool covered) => _calls.Add((caller, callee, covered));

        public void AddCandidate(IMethodSymbol method, Candidate candidate) => _candidates.Add((method, candidate));

        public void Report(CompilationAnalysisContext context)
        {
            if (_candidates.IsEmpty)
            {
                return;
            }

            var covered = CoveredMethods();
            foreach (var (method, candidate) in _candidates)
            {
                if (covered.Contains(method) || IsOutOfSight(method))
                {
                    continue;
                }

                context.ReportDiagnostic(Diagnostic.Create(Rule, candidate.Location, new[] { candidate.EvalLocation }, candidate.ModuleName));
            }
        }

        /// <summary>
        /// Methods that may run in a no-grad scope: called in one, called by a method whose callers are out of sight, or
        /// called by such a method (transitively). One such call site is enough: a false negative is preferred to a
        /// false positive.
        /// </summary>
        private HashSet<IMethodSymbol> CoveredMethods()
        {
            var covered = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            var callees = new Dictionary<IMethodSymbol, List<IMethodSymbol>>(SymbolEqualityComparer.Default);
            var work = new Stack<IMethodSymbol>();
            var outOfSight = new Dictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
            foreach (var (caller, callee, isCovered) in _calls)
            {
                // A caller whose own callers cannot be seen may itself run in a no-grad scope: so may its callees.
                if (!outOfSight.TryGetValue(caller, out var callerOutOfSight))
                {
                    outOfSight[caller] = callerOutOfSight = IsOutOfSight(caller);
                }

                if (!callees.TryGetValue(caller, out var list))
                {
                    callees[caller] = list = new List<IMethodSymbol>();
                }

                list.Add(callee);
                if ((isCovered || callerOutOfSight) && covered.Add(callee))
                {
                    work.Push(callee);
                }
            }

            // A method called from a covered method runs in the same no-grad scope.
            while (work.Count > 0)
            {
                if (callees.TryGetValue(work.Pop(), out var list))
                {
                    foreach (var callee in list)
                    {
                        if (covered.Add(callee))
                        {
                            work.Push(callee);
                        }
                    }
                }
            }

            return covered;
        }

        private bool IsOutOfSight(IMethodSymbol method) => _usedAsDelegate.ContainsKey(method) || MayBeCalledFromOutside(method);

        /// <summary>Callers this compilation cannot see: overridable or interface members, and a library's public surface.</summary>
        private bool MayBeCalledFromOutside(IMethodSymbol method)
        {
            if (method.IsVirtual || method.IsAbstract || method.IsOverride || !method.ExplicitInterfaceImplementations.IsEmpty || ImplementsInterfaceMember(method))
            {
                return true;
            }

            return _isLibrary && IsExternallyVisible(method);
        }

        private static bool ImplementsInterfaceMember(IMethodSymbol method)
        {
            var type = method.ContainingType;
            if (type is null || method.IsStatic)
            {
                return false;
            }

            foreach (var @interface in type.AllInterfaces)
            {
                foreach (var member in @interface.GetMembers(method.Name))
                {
                    if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), method))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool IsExternallyVisible(ISymbol symbol)
        {
            for (var current = symbol; current is not null && current.Kind != SymbolKind.Namespace; current = current.ContainingSymbol)
            {
                if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
