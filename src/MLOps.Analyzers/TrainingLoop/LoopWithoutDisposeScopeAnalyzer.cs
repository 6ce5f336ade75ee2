using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.TrainingLoop;

/// <summary>
/// MLOPS504: a training or inference loop - its body calls a module (<c>call</c>/<c>forward</c>) or runs a backward
/// pass itself - that releases none of the tensors each iteration creates: no <c>torch.NewDisposeScope()</c>, no
/// <c>using</c> or <c>Dispose()</c> of a tensor, no <c>GC.Collect()</c> in the body, and no dispose scope around the
/// loop in the method. TorchSharp tensors hold native memory the .NET GC does not see; without a scope, memory grows
/// with every batch until the finalizers run.
/// Conservative: a loop whose tensors may outlive the iteration (stored in a variable declared outside the loop, a
/// field, an element, passed to a method that returns nothing or adds/stores, returned or yielded) is not reported,
/// because a scope would dispose them. Test projects are skipped.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LoopWithoutDisposeScopeAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.LoopWithoutDisposeScope,
        title: "Training or inference loop does not release its tensors",
        messageFormat: "Every iteration of this loop creates tensors ('{0}') that nothing disposes: their native memory is not released",
        category: RuleCategories.TrainingLoop,
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "TorchSharp tensors own native (libtorch) memory that the .NET garbage collector neither sees nor counts. A training or inference loop creates several tensors per batch (activations, losses, gradients' intermediates); without a dispose scope, a using or Dispose, they are released only when finalizers happen to run, and GPU or host memory grows until the process fails. Open a scope at the top of the loop body ('using var scope = torch.NewDisposeScope();') so that their native memory is released each iteration, and move tensors that must outlive the iteration out with MoveToOuterDisposeScope().",
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

            var torchAssembly = symbols.Torch.ContainingAssembly;
            start.RegisterOperationAction(c => Analyze(c, symbols, torchAssembly), OperationKind.Loop);
        });
    }

    private static void Analyze(OperationAnalysisContext context, TrainingLoopSymbols symbols, IAssemblySymbol torchAssembly)
    {
        var loop = (ILoopOperation)context.Operation;
        if (loop.Body is null)
        {
            return;
        }

        IInvocationOperation? work = null;
        foreach (var operation in loop.Body.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IInvocationOperation invocation:
                    var method = invocation.TargetMethod;
                    if (Releases(invocation, symbols))
                    {
                        return;
                    }

                    if (work is null
                        && (symbols.IsModuleInvocation(method) || symbols.IsBackward(method))
                        && ReferenceEquals(GradientsNotClearedAnalyzer.FindEnclosingLoop(invocation), loop))
                    {
                        work = invocation;
                    }

                    if (MayStoreArgument(invocation, symbols, torchAssembly))
                    {
                        return;
                    }

                    break;
                case IUsingOperation usingOperation when IsTorchResource(usingOperation.Resources, symbols):
                    return;
                case IUsingDeclarationOperation declaration when IsTorchResource(declaration.DeclarationGroup, symbols):
                    return;
                case IAssignmentOperation assignment when StoresTensorOutside(assignment, loop, symbols):
                    return;
                case IReturnOperation { ReturnedValue: { } returned } when symbols.IsTensorType(returned.Type) || returned.Type is INamedTypeSymbol { IsTupleType: true }:
                    return;
            }
        }

        if (work is null || IsInsideDisposeScope(loop, symbols))
        {
            return;
        }

        var location = loop.Syntax.GetFirstToken().GetLocation();
        context.ReportDiagnostic(Diagnostic.Create(Rule, location, work.TargetMethod.Name));
    }

    /// <summary><c>torch.NewDisposeScope()</c> (or any torch *DisposeScope factory), <c>tensor.Dispose()</c>, <c>GC.Collect()</c>.</summary>
    private static bool Releases(IInvocationOperation invocation, TrainingLoopSymbols symbols)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "Dispose":
            case "DisposeAll":
                return invocation.Instance is null || IsTorchType(invocation.Instance.Type, symbols) || method.IsExtensionMethod;
            case "Collect":
                return method.ContainingType is { Name: "GC", ContainingNamespace.Name: "System" };
            default:
                return method.Name.EndsWith("DisposeScope", System.StringComparison.Ordinal)
                       && SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Torch);
        }
    }

    /// <summary>A using over a tensor, a module output, a dispose scope or anything of TorchSharp.</summary>
    private static bool IsTorchResource(IOperation? resources, TrainingLoopSymbols symbols)
    {
        if (resources is null)
        {
            return false;
        }

        foreach (var operation in resources.DescendantsAndSelf())
        {
            if (operation is IVariableDeclaratorOperation declarator && IsTorchType(declarator.Symbol.Type, symbols))
            {
                return true;
            }

            if (operation is IInvocationOperation invocation && (Releases(invocation, symbols) || IsTorchType(invocation.Type, symbols)))
            {
                return true;
            }
        }

        return resources.Type is not null && IsTorchType(resources.Type, symbols);
    }

    private static bool IsTorchType(ITypeSymbol? type, TrainingLoopSymbols symbols)
        => type is not null && SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, symbols.Torch.ContainingAssembly);

    /// <summary>A tensor (or a tuple, an array or a collection of them) assigned to something declared outside the loop body.</summary>
    private static bool StoresTensorOutside(IAssignmentOperation assignment, ILoopOperation loop, TrainingLoopSymbols symbols)
    {
        if (!MayHoldTensor(assignment.Value.Type, symbols) && !MayHoldTensor(assignment.Target.Type, symbols))
        {
            return false;
        }

        return Outlives(assignment.Target, loop);
    }

    /// <summary>An assignment target that outlives the iteration: fields, properties, elements, outer locals.</summary>
    private static bool Outlives(IOperation target, ILoopOperation loop)
    {
        switch (ReproducibilityOperationHelpers.WalkDownConversions(target))
        {
            case ILocalReferenceOperation local:
                return !IsDeclaredIn(local.Local, loop);
            case IDiscardOperation:
            case IDeclarationExpressionOperation:
                return false;
            case ITupleOperation tuple:
                foreach (var element in tuple.Elements)
                {
                    if (Outlives(element, loop))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return true;
        }
    }

    private static bool IsDeclaredIn(ILocalSymbol local, ILoopOperation loop)
    {
        if (loop.Locals.Contains(local, SymbolEqualityComparer.Default))
        {
            return true;
        }

        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (loop.Body is { } body && reference.SyntaxTree == body.Syntax.SyntaxTree && body.Syntax.Span.Contains(reference.Span))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A tensor handed to code outside TorchSharp that may keep it: a void method, or an Add/Insert/Push/Enqueue/Set-like one.</summary>
    private static bool MayStoreArgument(IInvocationOperation invocation, TrainingLoopSymbols symbols, IAssemblySymbol torchAssembly)
    {
        var method = invocation.TargetMethod;
        if (SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, torchAssembly) || IsSystemNonCollection(method.ContainingNamespace))
        {
            return false;
        }

        var storesByName = method.ReturnsVoid
            || method.Name.StartsWith("Add", System.StringComparison.Ordinal)
            || method.Name.StartsWith("Insert", System.StringComparison.Ordinal)
            || method.Name.StartsWith("Push", System.StringComparison.Ordinal)
            || method.Name.StartsWith("Enqueue", System.StringComparison.Ordinal)
            || method.Name.StartsWith("Set", System.StringComparison.Ordinal)
            || method.Name.StartsWith("Store", System.StringComparison.Ordinal)
            || method.Name.StartsWith("Append", System.StringComparison.Ordinal);
        if (!storesByName)
        {
            return false;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (MayHoldTensor(ReproducibilityOperationHelpers.WalkDownConversions(argument.Value)?.Type, symbols))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>System.* outside System.Collections.*: Console.WriteLine(tensor) prints, it does not keep.</summary>
    private static bool IsSystemNonCollection(INamespaceSymbol? ns)
    {
        INamespaceSymbol? belowRoot = null;
        INamespaceSymbol? secondLevel = null;
        for (var current = ns; current is not null && !current.IsGlobalNamespace; current = current.ContainingNamespace)
        {
            secondLevel = belowRoot;
            belowRoot = current;
        }

        return belowRoot?.Name == "System" && secondLevel?.Name != "Collections";
    }

    private static bool MayHoldTensor(ITypeSymbol? type, TrainingLoopSymbols symbols)
    {
        switch (type)
        {
            case null:
                return false;
            case IArrayTypeSymbol array:
                return MayHoldTensor(array.ElementType, symbols);
            case INamedTypeSymbol named when named.IsTupleType:
                foreach (var element in named.TupleElements)
                {
                    if (MayHoldTensor(element.Type, symbols))
                    {
                        return true;
                    }
                }

                return false;
            case INamedTypeSymbol named when named.IsGenericType:
                foreach (var argument in named.TypeArguments)
                {
                    if (MayHoldTensor(argument, symbols))
                    {
                        return true;
                    }
                }

                return symbols.IsTensorType(named);
            default:
                return symbols.IsTensorType(type);
        }
    }

    /// <summary>A <c>using</c> of a dispose scope around the loop in the same method (statement or declaration).</summary>
    private static bool IsInsideDisposeScope(IOperation operation, TrainingLoopSymbols symbols)
    {
        var child = operation;
        for (var current = operation.Parent; current is not null; child = current, current = current.Parent)
        {
            switch (current)
            {
                case IUsingOperation usingOperation when usingOperation.Body == child && OpensDisposeScope(usingOperation.Resources, symbols):
                    return true;
                case IBlockOperation block:
                    foreach (var statement in block.Operations)
                    {
                        if (statement == child)
                        {
                            break;
                        }

                        if (statement is IUsingDeclarationOperation declaration && OpensDisposeScope(declaration.DeclarationGroup, symbols))
                        {
                            return true;
                        }
                    }

                    break;
            }
        }

        return false;
    }

    private static bool OpensDisposeScope(IOperation? resources, TrainingLoopSymbols symbols)
    {
        if (resources is null)
        {
            return false;
        }

        foreach (var operation in resources.DescendantsAndSelf())
        {
            if (operation is IInvocationOperation invocation && Releases(invocation, symbols))
            {
                return true;
            }
        }

        return false;
    }
}
