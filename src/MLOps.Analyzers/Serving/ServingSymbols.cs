using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.Serving;

/// <summary>
/// The types the serving rules (MLOPS6xx) need, looked up once per compilation, and the questions they ask about
/// the hosts a model is served from: ASP.NET Core minimal APIs, dependency injection, parallel loops and tasks.
/// The hosting APIs are matched by metadata name (type name, then namespace), so the rules work whether or not
/// the compilation references ASP.NET Core, and cost one string comparison on every other call.
/// </summary>
internal sealed class ServingSymbols
{
    private ServingSymbols(INamedTypeSymbol predictionEngineBase, bool isMultiThreadedHost)
    {
        PredictionEngineBase = predictionEngineBase;
        IsMultiThreadedHost = isMultiThreadedHost;
    }

    /// <summary><c>Microsoft.ML.PredictionEngineBase&lt;TSrc, TDst&gt;</c>: PredictionEngine and the time-series engine.</summary>
    public INamedTypeSymbol PredictionEngineBase { get; }

    /// <summary>
    /// Whether static state of this compilation is reached from several threads by construction: a library (any
    /// host may call it), or an application that references ASP.NET Core or the .NET dependency-injection/hosting
    /// stack (web APIs, worker services, Azure Functions). A console or desktop application without them runs its
    /// statics on one thread unless it starts threads itself, which the rules see where it happens.
    /// </summary>
    public bool IsMultiThreadedHost { get; }

    /// <summary>Null when the compilation does not reference ML.NET: the rules then register nothing.</summary>
    public static ServingSymbols? TryCreate(Compilation compilation)
    {
        var types = WellKnownTypes.For(compilation);
        var engineBase = types.Get(WellKnownTypeNames.PredictionEngineBase2);
        if (engineBase is null)
        {
            return null;
        }

        var kind = compilation.Options.OutputKind;
        var isApplication = kind is OutputKind.ConsoleApplication or OutputKind.WindowsApplication or OutputKind.WindowsRuntimeApplication;
        var multiThreaded = !isApplication
                            || types.Contains(WellKnownTypeNames.ServiceCollection)
                            || types.Contains(WellKnownTypeNames.HttpContext);
        return new ServingSymbols(engineBase, multiThreaded);
    }

    /// <summary>A PredictionEngine (or another <c>PredictionEngineBase</c>): not safe for concurrent use.</summary>
    public bool IsPredictionEngine(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol { IsGenericType: true } named)
        {
            return false;
        }

        for (var current = named; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, PredictionEngineBase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A PredictionEngine, or a <c>System.Lazy&lt;PredictionEngine&gt;</c> (one engine, created on first use).</summary>
    public bool IsEngineHolder(ITypeSymbol? type)
        => IsPredictionEngine(type) || (IsLazy(type) && IsPredictionEngine(((INamedTypeSymbol)type!).TypeArguments[0]));

    /// <summary><c>engine.Predict(...)</c> on a PredictionEngine.</summary>
    public bool IsPredict(IInvocationOperation invocation)
        => invocation.TargetMethod.Name == "Predict" && IsPredictionEngine(invocation.TargetMethod.ContainingType);

    /// <summary>
    /// The member, local or parameter a <c>Predict</c> call runs on: <c>engine.Predict(x)</c>,
    /// <c>_engine.Predict(x)</c>, <c>Lazy.Value.Predict(x)</c>. Null for anything else (an element, a call result...).
    /// </summary>
    public static IOperation? PredictReceiver(IInvocationOperation predict)
    {
        var receiver = Strip(predict.Instance);
        if (receiver is IPropertyReferenceOperation { Property.Name: "Value" } value && IsLazy(value.Property.ContainingType))
        {
            receiver = Strip(value.Instance);
        }

        return receiver;
    }

    /// <summary>
    /// Whether the operation runs while holding a lock: inside a <c>lock</c> statement, or inside a <c>try</c> whose
    /// <c>finally</c> releases a System.Threading primitive (<c>SemaphoreSlim.Release</c>, <c>Monitor.Exit</c>,
    /// <c>ReaderWriterLockSlim.ExitWriteLock</c>, <c>Mutex.ReleaseMutex</c>...). <paramref name="stop"/> bounds the walk.
    /// </summary>
    public static bool IsGuarded(IOperation operation, IOperation? stop)
    {
        for (var current = operation.Parent; current is not null && current != stop; current = current.Parent)
        {
            if (current is ILockOperation)
            {
                return true;
            }

            if (current is ITryOperation { Finally: { } finallyBlock } && ReleasesLock(finallyBlock))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ReleasesLock(IBlockOperation finallyBlock)
    {
        foreach (var operation in finallyBlock.Descendants())
        {
            if (operation is IInvocationOperation invocation
                && invocation.TargetMethod.Name is "Release" or "Exit" or "ExitWriteLock" or "ExitReadLock" or "ExitUpgradeableReadLock" or "ReleaseMutex"
                && IsNamespace(invocation.TargetMethod.ContainingType?.ContainingNamespace, "System", "Threading"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The first <c>Predict</c> call on <paramref name="member"/> (a field or auto-property holding an engine) that
    /// its own type makes without holding a lock, or null. <paramref name="anyUse"/> tells whether the type predicts
    /// with it at all. One walk over the type's declarations; only identifiers with the member's name are bound.
    /// </summary>
    public IOperation? FirstUnguardedPredict(ISymbol member, Flow.ValueFlow flow, CancellationToken cancellationToken, out bool anyUse)
    {
        anyUse = false;
        var type = member.ContainingType;
        if (type is null)
        {
            return null;
        }

        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            var root = reference.GetSyntax(cancellationToken);
            var model = flow.GetSemanticModel(root.SyntaxTree);
            if (model is null)
            {
                continue;
            }

            foreach (var node in root.DescendantNodes())
            {
                if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != member.Name)
                {
                    continue;
                }

                SyntaxNode target = identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier ? access : identifier;
                if (model.GetOperation(target, cancellationToken) is not IMemberReferenceOperation memberReference
                    || !SymbolEqualityComparer.Default.Equals(memberReference.Member.OriginalDefinition, member.OriginalDefinition))
                {
                    continue;
                }

                foreach (var predict in PredictsOn(memberReference))
                {
                    anyUse = true;
                    if (!IsGuarded(predict, null))
                    {
                        return predict;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The <c>Predict</c> calls that run on the engine this reference reads: directly (<c>_engine.Predict(x)</c>,
    /// <c>Engine.Value.Predict(x)</c>), or through a local it initializes, as Model Builder's consumption code does
    /// (<c>var predEngine = PredictEngine.Value; return predEngine.Predict(input);</c>).
    /// </summary>
    public IEnumerable<IInvocationOperation> PredictsOn(IOperation reference)
    {
        if (PredictOn(reference) is { } direct)
        {
            yield return direct;
            yield break;
        }

        var current = ValueRead(reference);
        if (current.Parent is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            yield break;
        }

        var root = current;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        foreach (var operation in root.Descendants())
        {
            if (operation is ILocalReferenceOperation local
                && SymbolEqualityComparer.Default.Equals(local.Local, declarator.Symbol)
                && PredictOn(local) is { } predict)
            {
                yield return predict;
            }
        }
    }

    /// <summary>The reference itself, or the <c>Lazy.Value</c> read on it, with enclosing conversions and parentheses.</summary>
    private static IOperation ValueRead(IOperation reference)
    {
        var current = reference;
        while (current.Parent is IConversionOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        if (current.Parent is IPropertyReferenceOperation { Property.Name: "Value" } value && value.Instance == current && IsLazy(value.Property.ContainingType))
        {
            current = value;
            while (current.Parent is IConversionOperation or IParenthesizedOperation)
            {
                current = current.Parent;
            }
        }

        return current;
    }

    /// <summary>The <c>Predict</c> call that runs on this reference (directly or through <c>Lazy.Value</c>), or null.</summary>
    public IInvocationOperation? PredictOn(IOperation reference)
    {
        var current = ValueRead(reference);
        return current.Parent is IInvocationOperation invocation && invocation.Instance == current && IsPredict(invocation) ? invocation : null;
    }

    /// <summary>A field or property written without accessor bodies (so reading it returns what was stored).</summary>
    public static bool IsStoredMember(ISymbol member, CancellationToken cancellationToken)
    {
        switch (member)
        {
            case IFieldSymbol field:
                return !field.IsConst && !field.IsImplicitlyDeclared;
            case IPropertySymbol property:
                if (property.IsIndexer || property.IsAbstract || property.DeclaringSyntaxReferences.Length != 1)
                {
                    return false;
                }

                return property.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is PropertyDeclarationSyntax
                {
                    ExpressionBody: null,
                    AccessorList: { } accessors,
                } && AllAccessorsAreAuto(accessors);
            default:
                return false;
        }
    }

    private static bool AllAccessorsAreAuto(AccessorListSyntax accessors)
    {
        foreach (var accessor in accessors.Accessors)
        {
            if (accessor.Body is not null || accessor.ExpressionBody is not null)
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsThreadStatic(ISymbol member)
    {
        foreach (var attribute in member.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "ThreadStaticAttribute" } attributeClass && IsNamespace(attributeClass.ContainingNamespace, "System"))
            {
                return true;
            }
        }

        return false;
    }

    public static IOperation? Strip(IOperation? operation)
    {
        while (operation is IConversionOperation or IParenthesizedOperation)
        {
            operation = operation is IConversionOperation conversion ? conversion.Operand : ((IParenthesizedOperation)operation).Operand;
        }

        return operation;
    }

    /// <summary>The lambda or anonymous method an argument passes (<c>x => ...</c>), or null (method group, delegate value).</summary>
    public static IAnonymousFunctionOperation? AsLambda(IOperation? operation)
    {
        operation = Strip(operation);
        if (operation is IDelegateCreationOperation creation)
        {
            operation = Strip(creation.Target);
        }

        return operation as IAnonymousFunctionOperation;
    }

    /// <summary>
    /// <c>app.MapGet/MapPost/MapPut/MapDelete/MapPatch/MapMethods/Map/MapFallback</c> of ASP.NET Core
    /// (<c>Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions</c>), on an app or a route group.
    /// </summary>
    public static bool IsMinimalApiMap(IMethodSymbol method)
        => method.Name.StartsWith("Map", System.StringComparison.Ordinal)
           && method.ContainingType is { Name: "EndpointRouteBuilderExtensions" } type
           && IsNamespace(type.ContainingNamespace, "Microsoft", "AspNetCore", "Builder");

    /// <summary>Whether the lambda is the request handler given to a minimal-API <c>Map*</c> call; <paramref name="map"/> names the call.</summary>
    public static bool IsMinimalApiHandler(IAnonymousFunctionOperation lambda, out string map)
    {
        IOperation current = lambda;
        while (current.Parent is IDelegateCreationOperation or IConversionOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        if (current.Parent is IArgumentOperation { Parent: IInvocationOperation invocation } && IsMinimalApiMap(invocation.TargetMethod))
        {
            map = invocation.TargetMethod.Name;
            return true;
        }

        map = string.Empty;
        return false;
    }

    private static bool IsLazy(ITypeSymbol? type)
        => type is INamedTypeSymbol { Name: "Lazy", Arity: 1 } named && IsNamespace(named.ContainingNamespace, "System");

    /// <summary>Whether <paramref name="ns"/> is exactly the namespace <c>parts[0].parts[1]...</c>.</summary>
    public static bool IsNamespace(INamespaceSymbol? ns, params string[] parts)
    {
        for (var i = parts.Length - 1; i >= 0; i--)
        {
            if (ns is null || ns.IsGlobalNamespace || ns.Name != parts[i])
            {
                return false;
            }

            ns = ns.ContainingNamespace;
        }

        return ns is { IsGlobalNamespace: true };
    }
}
