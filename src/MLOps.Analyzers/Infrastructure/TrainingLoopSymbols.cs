using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers;

/// <summary>
/// TorchSharp API knowledge shared by the TrainingLoop rules (MLOPS5xx): which calls run the backward pass, step an
/// optimizer, clear gradients, call a module, switch its mode, or open a scope in which autograd records nothing.
/// Looked up once per compilation; every test checks the method name before it compares symbols.
/// </summary>
internal sealed class TrainingLoopSymbols
{
    private TrainingLoopSymbols(INamedTypeSymbol torch, INamedTypeSymbol tensor, INamedTypeSymbol optimizer, INamedTypeSymbol module, Compilation compilation)
    {
        Torch = torch;
        Tensor = tensor;
        Optimizer = optimizer;
        Module = module;
        Autograd = WellKnownTypes.For(compilation).Get(WellKnownTypeNames.TorchAutograd);
    }

    public INamedTypeSymbol Torch { get; }

    public INamedTypeSymbol Tensor { get; }

    /// <summary><c>torch.optim.Optimizer</c>, base of every TorchSharp optimizer (Adam, SGD, ... through OptimizerHelper).</summary>
    public INamedTypeSymbol Optimizer { get; }

    /// <summary><c>torch.nn.Module</c>, base of every module (layers, losses, user models, script modules).</summary>
    public INamedTypeSymbol Module { get; }

    public INamedTypeSymbol? Autograd { get; }

    /// <summary>Null when TorchSharp (or one of the types the rules need) is not referenced: the rules then register nothing.</summary>
    public static TrainingLoopSymbols? TryCreate(Compilation compilation)
    {
        var types = WellKnownTypes.For(compilation);
        var torch = types.Get(WellKnownTypeNames.Torch);
        if (torch is null)
        {
            return null;
        }

        var tensor = types.Get(WellKnownTypeNames.TorchTensor);
        var optimizer = types.Get(WellKnownTypeNames.TorchOptimizer);
        var module = types.Get(WellKnownTypeNames.TorchModule);
        return tensor is null || optimizer is null || module is null ? null : new TrainingLoopSymbols(torch, tensor, optimizer, module, compilation);
    }

    /// <summary><c>loss.backward(...)</c> or <c>torch.autograd.backward(...)</c>.</summary>
    public bool IsBackward(IMethodSymbol method)
        => method.Name == "backward"
           && (Is(method.ContainingType, Tensor) || (Autograd is not null && Is(method.ContainingType, Autograd)));

    /// <summary><c>optimizer.step()</c> / <c>optimizer.step(closure)</c> on any <c>torch.optim.Optimizer</c> (not an LR scheduler's <c>step</c>).</summary>
    public bool IsOptimizerStep(IMethodSymbol method)
        => method.Name == "step" && IsOptimizerType(method.ContainingType);

    public bool IsOptimizerType(ITypeSymbol? type)
        => type is not null && ReproducibilityOperationHelpers.IsOrDerivesFrom(type, Optimizer);

    public bool IsTensorType(ITypeSymbol? type)
        => type is not null && ReproducibilityOperationHelpers.IsOrDerivesFrom(type, Tensor);

    public bool IsModuleType(ITypeSymbol? type)
        => type is not null && ReproducibilityOperationHelpers.IsOrDerivesFrom(type, Module);

    /// <summary><c>module.eval()</c>, or <c>module.train(false)</c> with the constant <c>false</c>.</summary>
    public bool IsEvalCall(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.Name == "eval")
        {
            return method.Parameters.Length == 0 && IsModuleType(method.ContainingType);
        }

        return method.Name == "train" && IsModuleType(method.ContainingType) && FirstArgumentIsConstant(invocation, false);
    }

    /// <summary><c>module.train()</c> / <c>module.train(true)</c> or <c>train(x)</c> with anything but the constant <c>false</c>.</summary>
    public bool IsTrainCall(IInvocationOperation invocation)
        => invocation.TargetMethod.Name == "train"
           && IsModuleType(invocation.TargetMethod.ContainingType)
           && !FirstArgumentIsConstant(invocation, false);

    /// <summary>A call that runs a module: <c>module.call(...)</c> (with hooks) or <c>module.forward(...)</c>.</summary>
    public bool IsModuleInvocation(IMethodSymbol method)
        => (method.Name == "call" || method.Name == "forward") && IsModuleType(method.ContainingType);

    /// <summary>
    /// A factory of a scope in which autograd records nothing: <c>torch.no_grad()</c>, <c>torch.inference_mode()</c>
    /// (unless given the constant <c>false</c>), <c>torch.set_grad_enabled(false)</c>, <c>torch.enable_grad(false)</c>.
    /// </summary>
    public bool IsNoGradScopeFactory(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "no_grad":
                return Is(method.ContainingType, Torch);
            case "inference_mode":
                return Is(method.ContainingType, Torch) && !FirstArgumentIsConstant(invocation, false);
            case "set_grad_enabled":
            case "enable_grad":
                return Is(method.ContainingType, Torch) && FirstArgumentIsConstant(invocation, false);
            default:
                return false;
        }
    }

    private static bool FirstArgumentIsConstant(IInvocationOperation invocation, bool expected)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == 0)
            {
                var value = ReproducibilityOperationHelpers.WalkDownConversions(argument.Value);
                return value is not null && value.ConstantValue.HasValue && value.ConstantValue.Value is bool b && b == expected;
            }
        }

        return false;
    }

    private static bool Is(ITypeSymbol? type, INamedTypeSymbol expected)
        => SymbolEqualityComparer.Default.Equals(type, expected);
}
