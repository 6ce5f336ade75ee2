using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers;

/// <summary>
/// TorchSharp API knowledge shared by MLOPS103 (unseeded torch) and MLOPS104 (non-deterministic algorithms):
/// which calls seed the global generator, which calls draw random numbers, and which calls train.
/// </summary>
internal sealed class TorchRandomnessSymbols
{
    private static readonly ImmutableHashSet<string> TorchRandomFactories = ImmutableHashSet.Create(
        "rand", "randn", "randint", "randperm", "normal", "bernoulli", "multinomial", "poisson",
        "rand_like", "randn_like", "randint_like", "randint_bool", "randint_int");

    private static readonly ImmutableHashSet<string> TensorRandomMethods = ImmutableHashSet.Create(
        "bernoulli", "bernoulli_", "multinomial", "normal_", "uniform_", "random_", "exponential_", "geometric_",
        "cauchy_", "log_normal_", "poisson", "rand_like", "randn_like", "randint_like");

    private static readonly ImmutableHashSet<string> RandomInitializers = ImmutableHashSet.Create(
        "uniform_", "normal_", "xavier_uniform_", "xavier_normal_", "glorot_uniform_", "glorot_normal_",
        "kaiming_uniform_", "kaiming_normal_", "trunc_normal_", "orthogonal_", "sparse_");

    /// <summary>nn module factories whose weights are randomly initialised when built from sizes.</summary>
    private static readonly ImmutableHashSet<string> RandomlyInitialisedModules = ImmutableHashSet.Create(
        "Linear", "Bilinear", "Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d",
        "Embedding", "EmbeddingBag", "LSTM", "GRU", "RNN", "LSTMCell", "GRUCell", "RNNCell", "MultiheadAttention",
        "Transformer", "TransformerEncoderLayer", "TransformerDecoderLayer", "RReLU");

    private TorchRandomnessSymbols(INamedTypeSymbol torch, WellKnownTypes types)
    {
        Torch = torch;
        Random = types.Get(WellKnownTypeNames.TorchRandom);
        Cuda = types.Get(WellKnownTypeNames.TorchCuda);
        Tensor = types.Get(WellKnownTypeNames.TorchTensor);
        Nn = types.Get(WellKnownTypeNames.TorchNn);
        NnInit = types.Get(WellKnownTypeNames.TorchNnInit);
        NnFunctional = types.Get(WellKnownTypeNames.TorchNnFunctional);
        Optimizer = types.Get(WellKnownTypeNames.TorchOptimizer);
        Autograd = types.Get(WellKnownTypeNames.TorchAutograd);
        UtilsData = types.Get(WellKnownTypeNames.TorchUtilsData);
        DataLoaderGeneric = types.Get(WellKnownTypeNames.TorchDataLoader2);
        IterableDataLoader = types.Get(WellKnownTypeNames.TorchIterableDataLoader);
        Parameter = types.Get(WellKnownTypeNames.TorchParameter);
    }

    public INamedTypeSymbol Torch { get; }

    public INamedTypeSymbol? Random { get; }

    public INamedTypeSymbol? Cuda { get; }

    public INamedTypeSymbol? Tensor { get; }

    public INamedTypeSymbol? Nn { get; }

    public INamedTypeSymbol? NnInit { get; }

    public INamedTypeSymbol? NnFunctional { get; }

    public INamedTypeSymbol? Optimizer { get; }

    public INamedTypeSymbol? Autograd { get; }

    public INamedTypeSymbol? UtilsData { get; }

    public INamedTypeSymbol? DataLoaderGeneric { get; }

    public INamedTypeSymbol? IterableDataLoader { get; }

    public INamedTypeSymbol? Parameter { get; }

    public static TorchRandomnessSymbols? TryCreate(Compilation compilation)
    {
        var types = WellKnownTypes.For(compilation);
        var torch = types.Get(WellKnownTypeNames.Torch);
        return torch is null ? null : new TorchRandomnessSymbols(torch, types);
    }

    /// <summary><c>torch.manual_seed</c>, <c>torch.random.manual_seed</c>, <c>torch.cuda.manual_seed(_all)</c>.</summary>
    public bool IsGlobalSeedCall(IMethodSymbol method)
    {
        var type = method.ContainingType;
        if (method.Name == "manual_seed")
        {
            return Is(type, Torch) || Is(type, Random) || Is(type, Cuda);
        }

        return method.Name == "manual_seed_all" && Is(type, Cuda);
    }

    /// <summary><c>torch.use_deterministic_algorithms(...)</c> with anything but the constant <c>false</c>.</summary>
    public bool IsDeterministicAlgorithmsCall(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.Name != "use_deterministic_algorithms" || !Is(method.ContainingType, Torch))
        {
            return false;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == 0)
            {
                var value = ReproducibilityOperationHelpers.WalkDownConversions(argument.Value);
                return value is null || !(value.ConstantValue.HasValue && value.ConstantValue.Value is false);
            }
        }

        return true;
    }

    /// <summary>A call that draws from torch's global generator (no explicit <c>generator:</c>), or a shuffling DataLoader without a seed.</summary>
    public bool IsRandomCall(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;

        // Cheapest rejection first (this runs for every invocation): every type below is TorchSharp.torch or a type
        // nested in it, so a top-level type other than 'torch' (nearly every call of ordinary code) is none of them.
        if (type is null || (type.ContainingType is null && type.Name != "torch"))
        {
            return false;
        }

        if (Is(type, Torch))
        {
            return TorchRandomFactories.Contains(method.Name) && !ReproducibilityOperationHelpers.HasExplicitNonNullArgument(invocation, "generator");
        }

        if (Is(type, Tensor))
        {
            return TensorRandomMethods.Contains(method.Name) && !ReproducibilityOperationHelpers.HasExplicitNonNullArgument(invocation, "generator");
        }

        if (Is(type, NnInit))
        {
            return RandomInitializers.Contains(method.Name) && !ReproducibilityOperationHelpers.HasExplicitNonNullArgument(invocation, "generator");
        }

        if (Is(type, Nn))
        {
            if (method.Name.IndexOf("Dropout", StringComparison.Ordinal) >= 0)
            {
                return true;
            }

            // nn.Linear(weight, bias) and other factories fed with existing tensors do not initialise randomly.
            return RandomlyInitialisedModules.Contains(method.Name)
                && !(method.Parameters.Length > 0 && IsTensorLike(method.Parameters[0].Type));
        }

        if (Is(type, NnFunctional))
        {
            return method.Name.IndexOf("dropout", StringComparison.Ordinal) >= 0 || method.Name == "rrelu";
        }

        if (Is(type, UtilsData) && method.Name == "DataLoader")
        {
            return IsUnseededShuffle(invocation.Arguments);
        }

        return false;
    }

    public bool IsShufflingDataLoaderCreation(IObjectCreationOperation creation)
    {
        var type = creation.Type as INamedTypeSymbol;
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (Is(current.OriginalDefinition, DataLoaderGeneric) || Is(current.OriginalDefinition, IterableDataLoader))
            {
                return IsUnseededShuffle(creation.Arguments);
            }
        }

        return false;
    }

    /// <summary><c>optimizer.step()</c>, <c>loss.backward()</c> or <c>torch.autograd.backward(...)</c>.</summary>
    public bool IsTrainingCall(IMethodSymbol method)
    {
        if (method.Name == "backward")
        {
            return Is(method.ContainingType, Tensor) || Is(method.ContainingType, Autograd);
        }

        return method.Name == "step" && Optimizer is not null && ReproducibilityOperationHelpers.IsOrDerivesFrom(method.ContainingType, Optimizer);
    }

    private static bool IsUnseededShuffle(ImmutableArray<IArgumentOperation> arguments)
    {
        var shuffles = false;
        foreach (var argument in arguments)
        {
            switch (argument.Parameter?.Name)
            {
                case "shuffle":
                    var value = ReproducibilityOperationHelpers.WalkDownConversions(argument.Value);
                    shuffles = value is not null && value.ConstantValue.HasValue && value.ConstantValue.Value is true;
                    break;
                case "seed" when argument.ArgumentKind == ArgumentKind.Explicit && !ReproducibilityOperationHelpers.IsNullConstant(argument.Value):
                    return false;
            }
        }

        return shuffles;
    }

    private bool IsTensorLike(ITypeSymbol type)
        => Is(type, Tensor) || Is(type, Parameter) || (Tensor is not null && ReproducibilityOperationHelpers.IsOrDerivesFrom(type, Tensor));

    private static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected)
        => expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);
}
