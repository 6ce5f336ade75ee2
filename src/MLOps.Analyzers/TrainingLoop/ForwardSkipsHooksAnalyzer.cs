using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.TrainingLoop;

/// <summary>
/// MLOPS503: <c>m.forward(x)</c> is called on a module that has forward hooks registered on it in this compilation
/// (<c>m.register_forward_hook(...)</c> / <c>register_forward_pre_hook(...)</c> on the same variable, field or property,
/// or on <c>this</c> in the module's own class). In TorchSharp only <c>call</c> runs the hooks; <c>forward</c> runs the
/// module's logic alone, so the hooks (feature extraction, logging, input rewriting) silently never run.
/// Calling <c>forward</c> directly is TorchSharp's everyday idiom (its examples do it in training loops and in every
/// model's own forward), so a forward call is reported only where a hook shows it matters. <c>base.forward</c> and
/// <c>this.forward</c> inside the module are fine. Decided at compilation end; test projects are skipped.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ForwardSkipsHooksAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.ForwardSkipsHooks,
        title: "Module with forward hooks is called through forward()",
        messageFormat: "'{0}' has forward hooks registered, but '{0}.forward(...)' does not run them",
        category: RuleCategories.TrainingLoop,
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "In TorchSharp, Module.call runs the module's forward pre-hooks and forward hooks around forward(); calling forward() directly runs the module's logic only. A module that has hooks registered on it (feature extraction, activation logging, input rewriting) and is then called through forward() silently skips them. Call the module with call(...).",
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

            var state = new State();
            start.RegisterOperationAction(c => Visit((IInvocationOperation)c.Operation, c.ContainingSymbol, symbols, state), OperationKind.Invocation);
            start.RegisterCompilationEndAction(state.Report);
        });
    }

    private static void Visit(IInvocationOperation invocation, ISymbol containingSymbol, TrainingLoopSymbols symbols, State state)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "forward":
                if (!symbols.IsModuleInvocation(method)
                    || invocation.Instance is null
                    || ReproducibilityOperationHelpers.WalkDownConversions(invocation.Instance) is IInstanceReferenceOperation)
                {
                    return;
                }

                var receiver = ReproducibilityOperationHelpers.GetReferencedSymbol(invocation.Instance);
                state.Forwards.Add(new ForwardCall(receiver, invocation.Instance.Type, invocation.Syntax.GetLocation(), receiver?.Name ?? "module"));
                return;
            case "register_forward_hook":
            case "register_forward_pre_hook":
                if (!symbols.IsModuleType(method.ContainingType))
                {
                    return;
                }

                if (invocation.Instance is null || ReproducibilityOperationHelpers.WalkDownConversions(invocation.Instance) is IInstanceReferenceOperation)
                {
                    // Registered by the module on itself: every instance of its class is hooked.
                    if (containingSymbol.ContainingType is { } type)
                    {
                        state.HookedTypes.TryAdd(type.OriginalDefinition, true);
                    }
                }
                else if (ReproducibilityOperationHelpers.GetReferencedSymbol(invocation.Instance) is { } hooked)
                {
                    state.HookedSymbols.TryAdd(hooked, true);
                }

                return;
        }
    }

    private sealed class ForwardCall
    {
        public ForwardCall(ISymbol? receiver, ITypeSymbol? receiverType, Location location, string name)
        {
            Receiver = receiver;
            ReceiverType = receiverType;
            Location = location;
            Name = name;
        }

        public ISymbol? Receiver { get; }

        public ITypeSymbol? ReceiverType { get; }

        public Location Location { get; }

        public string Name { get; }
    }

    private sealed class State
    {
        public ConcurrentBag<ForwardCall> Forwards { get; } = new();

        public ConcurrentDictionary<ISymbol, bool> HookedSymbols { get; } = new(SymbolEqualityComparer.Default);

        public ConcurrentDictionary<INamedTypeSymbol, bool> HookedTypes { get; } = new(SymbolEqualityComparer.Default);

        public void Report(CompilationAnalysisContext context)
        {
            if (HookedSymbols.IsEmpty && HookedTypes.IsEmpty)
            {
                return;
            }

            foreach (var call in Forwards)
            {
                if ((call.Receiver is not null && HookedSymbols.ContainsKey(call.Receiver)) || IsHookedType(call.ReceiverType))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rule, call.Location, call.Name));
                }
            }
        }

        private bool IsHookedType(ITypeSymbol? type)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (current is INamedTypeSymbol named && HookedTypes.ContainsKey(named.OriginalDefinition))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
