using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Flow;

namespace MLOps.Analyzers.Serving;

/// <summary>
/// MLOPS601: a <c>PredictionEngine</c>, which is not thread-safe, is shared between threads: kept in a static
/// field (in a library or a hosted application), held by a type registered as a DI singleton (or registered as a
/// singleton itself), captured by an ASP.NET Core minimal-API handler, or used by the lambdas of
/// <c>Parallel.For/ForEach/Invoke</c>, PLINQ, or tasks started in a loop, when it was created outside them.
/// An engine used only while a lock is held, a <c>[ThreadStatic]</c> or <c>ThreadLocal</c> engine, and an engine
/// created inside the concurrent lambda are left alone.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SharedPredictionEngineAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.SharedPredictionEngine,
        title: "PredictionEngine is shared between threads",
        messageFormat: "{0}, but PredictionEngine is not thread-safe",
        category: RuleCategories.Serving,
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "PredictionEngine keeps mutable buffers for the row it is scoring; two threads calling Predict on the same engine "
                     + "corrupt each other's results or throw. In a web API or a parallel loop, take an engine per request from "
                     + "PredictionEnginePool (Microsoft.Extensions.ML), keep one engine per thread ([ThreadStatic], ThreadLocal<T>), "
                     + "create the engine inside the parallel body, or score whole batches with ITransformer.Transform.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = ServingSymbols.TryCreate(start.Compilation);
            if (symbols is null || TestCodeDetector.IsTestProject(start.Compilation, start.Options))
            {
                return;
            }

            var flow = ValueFlow.For(start.Compilation);
            if (symbols.IsMultiThreadedHost)
            {
                start.RegisterSymbolAction(c => AnalyzeStaticMember(c, symbols, flow), SymbolKind.Field, SymbolKind.Property);
            }

            start.RegisterOperationAction(c => AnalyzeInvocation(c, symbols, flow), OperationKind.Invocation);
        });
    }

    // ------------------------------------------------------------------ static fields and properties

    private static void AnalyzeStaticMember(SymbolAnalysisContext context, ServingSymbols symbols, ValueFlow flow)
    {
        var member = context.Symbol;
        var type = member switch
        {
            IFieldSymbol field => field.Type,
            IPropertySymbol property => property.Type,
            _ => null,
        };
        if (!member.IsStatic
            || !symbols.IsEngineHolder(type)
            || ServingSymbols.IsThreadStatic(member)
            || !ServingSymbols.IsStoredMember(member, context.CancellationToken))
        {
            return;
        }

        // Model Builder's consumption code keeps a static Lazy<PredictionEngine>: a race once a web API calls it.
        if (member.Locations[0].SourceTree is not { } tree
            || ModelBuilderGeneratedCode.IsSkipped(context.Options, tree, Rule.Id, context.CancellationToken, analyzeByDefault: true)
            || !IsShared(member, symbols, flow, context.CancellationToken, out var use))
        {
            return;
        }

        var kind = member is IFieldSymbol ? "field" : "property";
        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            member.Locations[0],
            additionalLocations: use is null ? null : new[] { use.Syntax.GetLocation() },
            $"PredictionEngine '{member.Name}' is kept in a static {kind}, which every thread of the host shares"));
    }

    /// <summary>
    /// Whether a member that may be reached from several threads is used without a lock: its own type predicts with
    /// it outside a lock, or it is visible to other types, which the rule cannot see, and its type never predicts with it.
    /// </summary>
    private static bool IsShared(ISymbol member, ServingSymbols symbols, ValueFlow flow, System.Threading.CancellationToken cancellationToken, out IOperation? use)
    {
        use = symbols.FirstUnguardedPredict(member, flow, cancellationToken, out var anyUse);
        return use is not null || (!anyUse && member.DeclaredAccessibility != Accessibility.Private);
    }

    // ------------------------------------------------------------------ invocations

    private static void AnalyzeInvocation(OperationAnalysisContext context, ServingSymbols symbols, ValueFlow flow)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var containingType = method.ContainingType;
        if (containingType is null)
        {
            return;
        }

        // Cheapest test first: the containing type's name, then the method name, then the namespace.
        switch (containingType.Name)
        {
            case "Parallel":
                if (method.Name is "For" or "ForEach" or "ForEachAsync" or "Invoke"
                    && ServingSymbols.IsNamespace(containingType.ContainingNamespace, "System", "Threading", "Tasks")
                    && !IsSerialized(invocation))
                {
                    AnalyzeConcurrentLambdas(
                        context,
                        symbols,
                        invocation,
                        method.Name == "Invoke" ? "used by two actions of Parallel.Invoke, which run at the same time" : "used by the parallel iterations of Parallel." + method.Name,
                        requireTwoLambdas: method.Name == "Invoke");
                }

                break;

            case "Task":
            case "TaskFactory":
                if (method.Name is "Run" or "StartNew"
                    && ServingSymbols.IsNamespace(containingType.ContainingNamespace, "System", "Threading", "Tasks")
                    && MayRunConcurrently(invocation))
                {
                    AnalyzeConcurrentLambdas(context, symbols, invocation, $"used by the tasks {containingType.Name}.{method.Name} starts for each item, which run at the same time", requireTwoLambdas: false);
                }

                break;

            case "ParallelEnumerable":
                if (ServingSymbols.IsNamespace(containingType.ContainingNamespace, "System", "Linq"))
                {
                    AnalyzeConcurrentLambdas(context, symbols, invocation, "used by a parallel query (AsParallel()." + method.Name + ")", requireTwoLambdas: false);
                }

                break;

            case "EndpointRouteBuilderExtensions":
                if (ServingSymbols.IsMinimalApiMap(method))
                {
                    AnalyzeConcurrentLambdas(context, symbols, invocation, "captured by the minimal API handler of " + method.Name + ", which runs concurrently for every request", requireTwoLambdas: false);
                }

                break;

            case "ServiceCollectionServiceExtensions":
            case "ServiceCollectionDescriptorExtensions":
                if (method.Name is "AddSingleton" or "TryAddSingleton" or "AddKeyedSingleton" or "TryAddKeyedSingleton"
                    && (ServingSymbols.IsNamespace(containingType.ContainingNamespace, "Microsoft", "Extensions", "DependencyInjection")
                        || ServingSymbols.IsNamespace(containingType.ContainingNamespace, "Microsoft", "Extensions", "DependencyInjection", "Extensions")))
                {
                    AnalyzeSingleton(context, symbols, flow, invocation);
                }

                break;
        }
    }

    /// <summary><c>Parallel.For(..., new ParallelOptions { MaxDegreeOfParallelism = 1 }, ...)</c> runs one iteration at a time.</summary>
    private static bool IsSerialized(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Type is not { Name: "ParallelOptions" }
                || LocalDefinitions.Resolve(argument.Value, default) is not IObjectCreationOperation { Initializer: { } initializer })
            {
                continue;
            }

            foreach (var item in initializer.Initializers)
            {
                if (item is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "MaxDegreeOfParallelism" }, Value.ConstantValue: { HasValue: true, Value: 1 } })
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// A task that can overlap another one using the same engine: started in a loop or in a lambda (one task per
    /// item) and not awaited or waited for right there. <c>await Task.Run(() => engine.Predict(x))</c> alone only moves
    /// the call to another thread.
    /// </summary>
    private static bool MayRunConcurrently(IInvocationOperation invocation)
    {
        IOperation current = invocation;
        while (current.Parent is IConversionOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        // await Task.Run(...), await Task.Run(...).ConfigureAwait(false), Task.Run(...).Wait(), .Result, .GetAwaiter().GetResult()
        var parent = current.Parent;
        if (parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && configure.Instance == current)
        {
            current = configure;
            parent = configure.Parent;
        }

        if (parent is IAwaitOperation
            || (parent is IInvocationOperation { TargetMethod.Name: "Wait" or "GetAwaiter" } waited && waited.Instance == current)
            || (parent is IPropertyReferenceOperation { Property.Name: "Result" } result && result.Instance == current))
        {
            return false;
        }

        for (var ancestor = invocation.Parent; ancestor is not null; ancestor = ancestor.Parent)
        {
            if (ancestor is ILoopOperation or IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Reports every engine a concurrent lambda argument predicts with but does not own: a local or parameter
    /// declared outside it, or a field or auto-property of <c>this</c> (or a static one, in an application whose
    /// statics are not reported where they are declared). With <paramref name="requireTwoLambdas"/>
    /// (<c>Parallel.Invoke</c>), only engines used by two of the actions run at the same time.
    /// </summary>
    private static void AnalyzeConcurrentLambdas(OperationAnalysisContext context, ServingSymbols symbols, IInvocationOperation invocation, string sharing, bool requireTwoLambdas)
    {
        Dictionary<ISymbol, (IOperation Reference, int Lambdas)>? captured = null;
        foreach (var argument in invocation.Arguments)
        {
            if (ServingSymbols.AsLambda(argument.Value) is { } lambda)
            {
                CollectCaptured(symbols, lambda.Body, lambda, ref captured);
            }
            else if (FindLocalFunction(invocation, argument.Value) is { Body: { } body } localFunction)
            {
                // app.MapPost("/predict", Predict); SentimentPrediction Predict(SentimentData input) => engine.Predict(input);
                CollectCaptured(symbols, body, localFunction, ref captured);
            }
            else if (ServingSymbols.Strip(argument.Value) is IArrayCreationOperation { Initializer: { } array })
            {
                // Parallel.Invoke(params Action[] actions)
                foreach (var element in array.ElementValues)
                {
                    if (ServingSymbols.AsLambda(element) is { } action)
                    {
                        CollectCaptured(symbols, action.Body, action, ref captured);
                    }
                }
            }
        }

        if (captured is null)
        {
            return;
        }

        foreach (var pair in captured)
        {
            if (requireTwoLambdas && pair.Value.Lambdas < 2)
            {
                continue;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                pair.Value.Reference.Syntax.GetLocation(),
                $"PredictionEngine '{pair.Key.Name}' is {sharing}"));
        }
    }

    /// <summary>The local function a method-group argument names (<c>app.MapPost("/p", Predict)</c>), found in the enclosing body.</summary>
    private static ILocalFunctionOperation? FindLocalFunction(IInvocationOperation invocation, IOperation value)
    {
        if (ServingSymbols.Strip(value) is not IDelegateCreationOperation creation
            || ServingSymbols.Strip(creation.Target) is not IMethodReferenceOperation { Method: { MethodKind: MethodKind.LocalFunction } target })
        {
            return null;
        }

        var root = (IOperation)invocation;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        foreach (var operation in root.Descendants())
        {
            if (operation is ILocalFunctionOperation localFunction && SymbolEqualityComparer.Default.Equals(localFunction.Symbol, target.OriginalDefinition))
            {
                return localFunction;
            }
        }

        return null;
    }

    private static void CollectCaptured(ServingSymbols symbols, IOperation body, IOperation function, ref Dictionary<ISymbol, (IOperation Reference, int Lambdas)>? captured)
    {
        HashSet<ISymbol>? seenInThisLambda = null;
        foreach (var operation in body.Descendants())
        {
            if (operation is not IInvocationOperation invocation || !symbols.IsPredict(invocation))
            {
                continue;
            }

            var receiver = ServingSymbols.PredictReceiver(invocation);
            var symbol = receiver is null ? null : CapturedSymbol(symbols, receiver, function);
            if (symbol is null || ServingSymbols.IsGuarded(invocation, function) || !(seenInThisLambda ??= new HashSet<ISymbol>(SymbolEqualityComparer.Default)).Add(symbol))
            {
                continue;
            }

            captured ??= new Dictionary<ISymbol, (IOperation, int)>(SymbolEqualityComparer.Default);
            captured[symbol] = captured.TryGetValue(symbol, out var existing) ? (existing.Reference, existing.Lambdas + 1) : (receiver!, 1);
        }
    }

    /// <summary>The local, parameter or member the lambda shares with whoever else runs it, or null when the engine is its own.</summary>
    private static ISymbol? CapturedSymbol(ServingSymbols symbols, IOperation receiver, IOperation function)
    {
        switch (receiver)
        {
            case ILocalReferenceOperation local:
                return IsDeclaredOutside(local.Local, function) ? local.Local : null;

            case IParameterReferenceOperation parameter:
                return IsDeclaredOutside(parameter.Parameter, function) ? parameter.Parameter : null;

            case IFieldReferenceOperation or IPropertyReferenceOperation:
                var member = ((IMemberReferenceOperation)receiver).Member;
                var instance = ((IMemberReferenceOperation)receiver).Instance;
                if (member.IsStatic)
                {
                    // In a library or a host, the static member is reported where it is declared.
                    return symbols.IsMultiThreadedHost || ServingSymbols.IsThreadStatic(member) || !ServingSymbols.IsStoredMember(member, default)
                        ? null
                        : member;
                }

                // this._engine: one engine for every iteration. item.Engine: each item brings its own.
                return instance is IInstanceReferenceOperation && ServingSymbols.IsStoredMember(member, default) ? member : null;

            default:
                return null;
        }
    }

    private static bool IsDeclaredOutside(ISymbol symbol, IOperation function)
    {
        var span = function.Syntax.Span;
        var references = symbol.DeclaringSyntaxReferences;
        if (references.Length == 0)
        {
            return false;
        }

        foreach (var reference in references)
        {
            if (reference.SyntaxTree != function.Syntax.SyntaxTree || !span.Contains(reference.Span))
            {
                return true;
            }
        }

        return false;
    }

    // ------------------------------------------------------------------ singletons

    private static void AnalyzeSingleton(OperationAnalysisContext context, ServingSymbols symbols, ValueFlow flow, IInvocationOperation invocation)
    {
        var cancellationToken = context.CancellationToken;
        var candidates = new List<ITypeSymbol>();
        foreach (var typeArgument in invocation.TargetMethod.TypeArguments)
        {
            candidates.Add(typeArgument);
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is null || argument.Parameter.Ordinal == 0 && invocation.TargetMethod.IsExtensionMethod)
            {
                continue;
            }

            var value = ServingSymbols.Strip(argument.Value);
            if (value is ITypeOfOperation typeOf)
            {
                candidates.Add(typeOf.TypeOperand);
            }
            else if (ServingSymbols.AsLambda(value) is { } factory)
            {
                foreach (var operation in factory.Body.Descendants())
                {
                    if (operation is IReturnOperation { ReturnedValue: { } returned } && LocalDefinitions.Resolve(returned, cancellationToken) is { Type: { } returnedType })
                    {
                        candidates.Add(returnedType);
                    }
                }
            }
            else if (value is not null)
            {
                if (value.Type is { } declared)
                {
                    candidates.Add(declared);
                }

                if (LocalDefinitions.Resolve(value, cancellationToken) is { Type: { } actual })
                {
                    candidates.Add(actual);
                }
            }
        }

        foreach (var candidate in candidates)
        {
            if (symbols.IsEngineHolder(candidate))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Rule,
                    invocation.Syntax.GetLocation(),
                    "A PredictionEngine is registered as a singleton, which every request shares"));
                return;
            }
        }

        foreach (var candidate in candidates)
        {
            if (candidate is INamedTypeSymbol { TypeKind: TypeKind.Class } type
                && FindSharedInstanceEngine(type, symbols, flow, cancellationToken) is { } shared)
            {
                var additional = new List<Location>();
                if (shared.Member.Locations.Length > 0 && shared.Member.Locations[0].IsInSource)
                {
                    additional.Add(shared.Member.Locations[0]);
                }

                if (shared.Use is not null)
                {
                    additional.Add(shared.Use.Syntax.GetLocation());
                }

                context.ReportDiagnostic(Diagnostic.Create(
                    Rule,
                    invocation.Syntax.GetLocation(),
                    additional,
                    $"'{type.Name}' is registered as a singleton, which every request shares, and keeps PredictionEngine '{shared.Member.Name}'"));
                return;
            }
        }
    }

    /// <summary>An instance field or auto-property of the type (or its base types in source) that holds an engine used without a lock.</summary>
    private static (ISymbol Member, IOperation? Use)? FindSharedInstanceEngine(INamedTypeSymbol type, ServingSymbols symbols, ValueFlow flow, System.Threading.CancellationToken cancellationToken)
    {
        for (var current = type; current is not null && current.DeclaringSyntaxReferences.Length > 0; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member.IsStatic || member.Kind is not (SymbolKind.Field or SymbolKind.Property))
                {
                    continue;
                }

                var memberType = member is IFieldSymbol field ? field.Type : ((IPropertySymbol)member).Type;
                if (symbols.IsEngineHolder(memberType)
                    && ServingSymbols.IsStoredMember(member, cancellationToken)
                    && IsShared(member, symbols, flow, cancellationToken, out var use))
                {
                    return (member, use);
                }
            }
        }

        return null;
    }
}
