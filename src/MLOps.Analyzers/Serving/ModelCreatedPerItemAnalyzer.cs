using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using MLOps.Analyzers.Flow;

namespace MLOps.Analyzers.Serving;

/// <summary>
/// MLOPS602: a model is loaded (<c>mlContext.Model.Load</c>), a prediction engine created
/// (<c>CreatePredictionEngine</c>, <c>CreateTimeSeriesEngine</c>) or an ONNX Runtime <c>InferenceSession</c> constructed
/// for every item of a loop that predicts, or for every request of an ASP.NET Core handler that predicts (a controller
/// action, constructor or field initializer; a minimal-API lambda), from arguments that are the same every time.
/// A creation whose arguments depend on the item or the request (a model per file, per tenant), or whose result is
/// stored in a field, a property or a collection (a cache), is left alone.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelCreatedPerItemAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property, present when the code fix can move the declaration in front of the loop.</summary>
    public const string HoistProperty = "Hoist";

    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.ModelCreatedPerItem,
        title: "Model or prediction engine is created for every item or request",
        messageFormat: "{0} runs for every {1}, with the same arguments each time: {2}",
        category: RuleCategories.Serving,
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "Loading a model deserializes the whole pipeline, CreatePredictionEngine compiles its row-by-row cursors, and "
                     + "new InferenceSession parses the ONNX graph and allocates native memory: each costs from milliseconds to seconds and "
                     + "allocates far more than one prediction. Done per item or per request, it dominates latency and memory. Create it "
                     + "once and reuse it: before the loop, at startup (a singleton ITransformer or InferenceSession), or through "
                     + "PredictionEnginePool (Microsoft.Extensions.ML).");

    internal const string LoopAdvice = "create it once, before the loop, and reuse it";
    internal const string RequestAdvice = "create it once at startup and share it";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = Symbols.TryCreate(start.Compilation);
            if (symbols is null || TestCodeDetector.IsTestProject(start.Compilation, start.Options))
            {
                return;
            }

            if (symbols.ModelOperations is not null)
            {
                start.RegisterOperationAction(c => Analyze(c, symbols, CreationName((IInvocationOperation)c.Operation, symbols)), OperationKind.Invocation);
            }

            if (symbols.InferenceSession is not null)
            {
                start.RegisterOperationAction(
                    c => Analyze(c, symbols, SymbolEqualityComparer.Default.Equals(((IObjectCreationOperation)c.Operation).Type, symbols.InferenceSession) ? "new InferenceSession" : null),
                    OperationKind.ObjectCreation);
            }
        });
    }

    /// <summary>What the creation is called in the message, or null when the invocation creates nothing of interest.</summary>
    private static string? CreationName(IInvocationOperation invocation, Symbols symbols)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "Load":
                return SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.ModelOperations) ? "Model.Load" : null;
            case "CreatePredictionEngine":
            case "CreateTimeSeriesEngine":
                return SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.ModelOperations)
                       || (method.IsExtensionMethod && IsInMicrosoftML(method.ContainingType?.ContainingNamespace))
                    ? method.Name
                    : null;
            default:
                return null;
        }
    }

    private static void Analyze(OperationAnalysisContext context, Symbols symbols, string? creationName)
    {
        if (creationName is null)
        {
            return;
        }

        var creation = context.Operation;
        if (FindScope(creation, context.ContainingSymbol) is not { } scope
            || IsStored(creation, scope, context.CancellationToken)
            || (!scope.PerInstance && !Predicts(scope.Operation, symbols))
            || (scope.Operation is IWhileLoopOperation && Waits(scope.Operation))
            || Variance(creation, scope, symbols, depth: 0, context.CancellationToken) == Dependence.Varies)
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty;
        if (scope.IsLoop && Variance(creation, scope, symbols, depth: -1, context.CancellationToken) == Dependence.None && IsHoistableDeclaration(creation, (ILoopOperation)scope.Operation))
        {
            properties = properties.Add(HoistProperty, "true");
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            creation.Syntax.GetLocation(),
            properties,
            creationName,
            scope.Description,
            scope.IsLoop ? LoopAdvice : RequestAdvice));
    }

    // ------------------------------------------------------------------ where the creation runs

    private sealed class Scope
    {
        public Scope(IOperation operation, string description, bool isLoop, ISymbol? handler, bool perInstance = false)
        {
            Operation = operation;
            Description = description;
            IsLoop = isLoop;
            Handler = handler;
            PerInstance = perInstance;
        }

        /// <summary>
        /// A controller's constructor or field initializer: what it creates lives as long as the controller, one request.
        /// It is reported whether or not this code predicts (the actions do), and storing it in the controller's own
        /// instance members is no cache.
        /// </summary>
        public bool PerInstance { get; }

        /// <summary>The loop (header included), the handler lambda, or the whole body of the controller member.</summary>
        public IOperation Operation { get; }

        public string Description { get; }

        public bool IsLoop { get; }

        /// <summary>The method or lambda whose parameters carry the request (null for a loop).</summary>
        public ISymbol? Handler { get; }
    }

    /// <summary>
    /// The nearest loop whose body holds the creation, or the request handler it runs in. Other lambdas and local
    /// functions (a cache's factory, <c>Lazy</c>, a LINQ selector...) stop the search: when they run is not known.
    /// </summary>
    private static Scope? FindScope(IOperation creation, ISymbol containingSymbol)
    {
        IOperation root = creation;
        for (var current = creation.Parent; current is not null; current = current.Parent)
        {
            root = current;
            switch (current)
            {
                case ILoopOperation loop:
                    if (loop.Body is null || !loop.Body.Syntax.Span.Contains(creation.Syntax.Span))
                    {
                        // foreach (var row in Load(...)), for (var engine = Create(); ...): once, or in the loop's own header.
                        return null;
                    }

                    return new Scope(loop, LoopDescription(loop), isLoop: true, handler: null);

                case IAnonymousFunctionOperation lambda:
                    return ServingSymbols.IsMinimalApiHandler(lambda, out var map)
                        ? new Scope(lambda, "request to the minimal API handler of " + map, isLoop: false, lambda.Symbol)
                        : null;

                case ILocalFunctionOperation:
                    return null;
            }
        }

        return ControllerScope(root, containingSymbol);
    }

    private static string LoopDescription(ILoopOperation loop)
        => loop switch
        {
            IForEachLoopOperation => "item of the foreach loop",
            IForLoopOperation => "iteration of the for loop",
            _ => "iteration of the " + (loop.Syntax is DoStatementSyntax ? "do" : "while") + " loop",
        };

    /// <summary>
    /// An MVC/Web API controller (deriving from <c>Microsoft.AspNetCore.Mvc.ControllerBase</c>, or marked
    /// <c>[ApiController]</c>) is created for every request: its public actions, its constructors and its instance
    /// field initializers all run per request.
    /// </summary>
    private static Scope? ControllerScope(IOperation root, ISymbol containingSymbol)
    {
        var type = containingSymbol.ContainingType;
        if (containingSymbol.IsStatic || type is null || !IsController(type))
        {
            return null;
        }

        switch (containingSymbol)
        {
            case IMethodSymbol { MethodKind: MethodKind.Constructor }:
                return new Scope(root, "request, in the constructor of controller '" + type.Name + "' (a controller is created per request)", isLoop: false, containingSymbol, perInstance: true);
            case IMethodSymbol { MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Public } method when !HasAttribute(method, "NonActionAttribute"):
                return new Scope(root, "request to the controller action '" + type.Name + "." + method.Name + "'", isLoop: false, containingSymbol);
            case IFieldSymbol or IPropertySymbol:
                return new Scope(root, "request, in a field initializer of controller '" + type.Name + "' (a controller is created per request)", isLoop: false, handler: null, perInstance: true);
            default:
                return null;
        }
    }

    private static bool IsController(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name == "ControllerBase" && ServingSymbols.IsNamespace(current.ContainingNamespace, "Microsoft", "AspNetCore", "Mvc"))
            {
                return true;
            }

            if (HasAttribute(current, "ApiControllerAttribute"))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasAttribute(ISymbol symbol, string name)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is { } attributeClass
                && attributeClass.Name == name
                && ServingSymbols.IsNamespace(attributeClass.ContainingNamespace, "Microsoft", "AspNetCore", "Mvc"))
            {
                return true;
            }
        }

        return false;
    }

    // ------------------------------------------------------------------ what the scope does

    /// <summary>Whether the loop or handler scores: <c>Predict</c>, <c>ITransformer.Transform</c>, <c>InferenceSession.Run</c>.</summary>
    private static bool Predicts(IOperation scope, Symbols symbols)
    {
        foreach (var operation in scope.Descendants())
        {
            if (operation is IInvocationOperation invocation && symbols.IsScoring(invocation.TargetMethod))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The created value (or the local it initializes) is stored in a field, a property, an element or a collection:
    /// it is kept for later, a cache (<c>_engine ??= ...</c>, <c>_models[name] = ...</c>, <c>cache.Add(key, model)</c>).
    /// </summary>
    private static bool IsStored(IOperation creation, Scope scope, CancellationToken cancellationToken)
    {
        var value = Outermost(creation);
        if (IsStoredHere(value, scope))
        {
            return true;
        }

        if (value.Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            var root = value;
            while (root.Parent is not null)
            {
                root = root.Parent;
            }

            foreach (var operation in root.Descendants())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (operation is ILocalReferenceOperation local
                    && SymbolEqualityComparer.Default.Equals(local.Local, declarator.Symbol)
                    && IsStoredHere(Outermost(local), scope))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static IOperation Outermost(IOperation operation)
    {
        while (operation.Parent is IConversionOperation or IParenthesizedOperation)
        {
            operation = operation.Parent;
        }

        return operation;
    }

    private static bool IsStoredHere(IOperation value, Scope scope)
        => value.Parent switch
        {
            IAssignmentOperation assignment when assignment.Value == value
                => assignment.Target switch
                {
                    // A controller's own instance member lives for one request.
                    IMemberReferenceOperation { Member.IsStatic: false, Instance: null or IInstanceReferenceOperation } when scope.PerInstance || IsControllerHandler(scope) => false,
                    IMemberReferenceOperation or IArrayElementReferenceOperation => true,
                    _ => false,
                },
            IArgumentOperation { Parent: IInvocationOperation call }
                => call.TargetMethod.Name is "Add" or "TryAdd" or "AddOrUpdate" or "GetOrAdd" or "Set" or "Push" or "Enqueue" or "Exchange" or "CompareExchange",
            _ => false,
        };

    private static bool IsControllerHandler(Scope scope)
        => !scope.IsLoop && scope.Handler is IMethodSymbol { MethodKind: MethodKind.Ordinary };

    /// <summary>
    /// A polling loop (<c>while (!token.IsCancellationRequested) { ...; await Task.Delay(...); }</c>, a timer tick, a
    /// wait handle): reloading the model on each round is how it picks up a new model file, on purpose.
    /// </summary>
    private static bool Waits(IOperation loop)
    {
        foreach (var operation in loop.Descendants())
        {
            if (operation is IInvocationOperation { TargetMethod: { } method }
                && method.Name is "Delay" or "Sleep" or "WaitForNextTickAsync" or "WaitOne" or "WaitAsync" or "Wait"
                && method.ContainingType is { } type
                && (ServingSymbols.IsNamespace(type.ContainingNamespace, "System", "Threading") || ServingSymbols.IsNamespace(type.ContainingNamespace, "System", "Threading", "Tasks")))
            {
                return true;
            }
        }

        return false;
    }

    private enum Dependence
    {
        /// <summary>The arguments read nothing the scope declares or changes.</summary>
        None,

        /// <summary>They read a local the scope declares whose value is itself a creation with no dependence (<c>var model = Load(path); CreatePredictionEngine(model)</c>).</summary>
        OnCreation,

        /// <summary>They read the item, the request, or something the scope changes.</summary>
        Varies,
    }

    /// <summary>
    /// How the creation's arguments depend on the scope. Out arguments are results, not inputs. A negative
    /// <paramref name="depth"/> asks the strict question (the code fix may only move a creation with no dependence).
    /// </summary>
    private static Dependence Variance(IOperation creation, Scope scope, Symbols symbols, int depth, CancellationToken cancellationToken)
    {
        var result = Dependence.None;
        var span = scope.Operation.Syntax.Span;
        var tree = scope.Operation.Syntax.SyntaxTree;
        var inputs = ImmutableArray.CreateBuilder<IOperation>();
        switch (creation)
        {
            case IInvocationOperation invocation:
                if (invocation.Instance is not null)
                {
                    inputs.Add(invocation.Instance); // mlContext.Model: a context created in the loop moves with it, or not at all
                }

                AddInputs(inputs, invocation.Arguments);
                break;
            case IObjectCreationOperation objectCreation:
                AddInputs(inputs, objectCreation.Arguments);
                if (objectCreation.Initializer is not null)
                {
                    inputs.Add(objectCreation.Initializer);
                }

                break;
        }

        foreach (var input in inputs)
        {
            foreach (var operation in input.DescendantsAndSelf())
            {
                // A call may answer differently each time (NextModelPath(), Console.ReadLine()): only path and string
                // helpers, configuration reads and the creations themselves are taken as giving the same answer.
                if (operation is IInvocationOperation call && !IsCreation(call, symbols) && !IsStableCall(call.TargetMethod))
                {
                    return Dependence.Varies;
                }

                ISymbol? read = operation switch
                {
                    ILocalReferenceOperation local => local.Local,
                    IParameterReferenceOperation parameter => parameter.Parameter,
                    IFieldReferenceOperation field => field.Field,
                    IPropertyReferenceOperation property => property.Property,
                    _ => null,
                };
                if (read is null)
                {
                    continue;
                }

                if (read is IParameterSymbol parameterSymbol && scope.Handler is not null
                    && SymbolEqualityComparer.Default.Equals(parameterSymbol.ContainingSymbol, scope.Handler))
                {
                    return Dependence.Varies; // the request
                }

                if (IsDeclaredIn(read, span, tree))
                {
                    // A local of the scope: fine only when it holds a model or engine created, itself, from nothing that varies.
                    if (depth < 0 || depth > 3
                        || operation is not ILocalReferenceOperation localReference
                        || LocalDefinitions.GetSingleDefinition(localReference, cancellationToken) is not { } definition
                        || !IsCreation(ServingSymbols.Strip(definition), symbols)
                        || Variance(ServingSymbols.Strip(definition)!, scope, symbols, depth + 1, cancellationToken) == Dependence.Varies)
                    {
                        return Dependence.Varies;
                    }

                    result = Dependence.OnCreation;
                }
                else if (IsWrittenIn(read, scope.Operation))
                {
                    return Dependence.Varies;
                }
            }
        }

        return result;
    }

    private static void AddInputs(ImmutableArray<IOperation>.Builder inputs, ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            // out var schema: a result, not an input.
            if (argument.Parameter?.RefKind != RefKind.Out)
            {
                inputs.Add(argument.Value);
            }
        }
    }

    /// <summary>
    /// A value that is the same on every round when its own inputs are: a model load, an engine, a session, the
    /// <c>new MLContext()</c> they come from, or the file stream a model is loaded from (<c>File.OpenRead(path)</c>).
    /// </summary>
    private static bool IsCreation(IOperation? operation, Symbols symbols)
        => operation switch
        {
            IInvocationOperation invocation => CreationName(invocation, symbols) is not null
                                               || (invocation.TargetMethod.Name == "OpenRead" && IsSystemType(invocation.TargetMethod.ContainingType, "File", "IO")),
            IObjectCreationOperation objectCreation => (symbols.InferenceSession is not null && SymbolEqualityComparer.Default.Equals(objectCreation.Type, symbols.InferenceSession))
                                                       || (symbols.MLContext is not null && SymbolEqualityComparer.Default.Equals(objectCreation.Type, symbols.MLContext))
                                                       || IsSystemType(objectCreation.Type, "FileStream", "IO"),
            _ => false,
        };

    /// <summary>Calls that give the same answer for the same inputs: <c>Path.*</c>, <c>string.*</c>, configuration reads.</summary>
    private static bool IsStableCall(IMethodSymbol method)
    {
        var type = method.ContainingType;
        if (type is null)
        {
            return false;
        }

        return IsSystemType(type, "Path", "IO")
               || type.SpecialType == SpecialType.System_String
               || (type.Name == "Environment" && ServingSymbols.IsNamespace(type.ContainingNamespace, "System") && method.Name == "GetEnvironmentVariable")
               || ServingSymbols.IsNamespace(type.ContainingNamespace, "Microsoft", "Extensions", "Configuration");
    }

    private static bool IsSystemType(ITypeSymbol? type, string name, string childNamespace)
        => type is { Name: { } typeName } && typeName == name && ServingSymbols.IsNamespace(type.ContainingNamespace, "System", childNamespace);

    private static bool IsDeclaredIn(ISymbol symbol, TextSpan span, SyntaxTree tree)
    {
        if (symbol is not (ILocalSymbol or IParameterSymbol))
        {
            return false;
        }

        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == tree && span.Contains(reference.Span))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the scope assigns the local, parameter, field or property (plainly, compoundly, by ref/out, ++/--).</summary>
    private static bool IsWrittenIn(ISymbol symbol, IOperation scope)
    {
        foreach (var operation in scope.Descendants())
        {
            IOperation? target = operation switch
            {
                IAssignmentOperation assignment => assignment.Target,
                IIncrementOrDecrementOperation increment => increment.Target,
                IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument => argument.Value,
                _ => null,
            };
            if (target is not null && Refers(target, symbol))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Refers(IOperation target, ISymbol symbol)
    {
        ISymbol? written = target switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };
        if (written is not null)
        {
            return SymbolEqualityComparer.Default.Equals(written.OriginalDefinition, symbol.OriginalDefinition);
        }

        // (a, b) = ..., out var x in a deconstruction
        foreach (var child in target.ChildOperations)
        {
            if (Refers(child, symbol))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>var x = creation;</c> as a statement of the loop's block, with one declarator, in a loop that is itself a
    /// statement of a block or a top-level statement: the code fix moves the statement in front of the loop.
    /// </summary>
    private static bool IsHoistableDeclaration(IOperation creation, ILoopOperation loop)
    {
        var value = Outermost(creation);
        return value.Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
               && declarator.Syntax.Parent is VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax statement }
               && statement.Parent is BlockSyntax block
               && block.Parent == loop.Syntax
               && loop.Syntax.Parent is BlockSyntax or GlobalStatementSyntax
               && !statement.Modifiers.Any(SyntaxKind.ConstKeyword);
    }

    private static bool IsInMicrosoftML(INamespaceSymbol? ns)
    {
        for (var current = ns; current is not null && !current.IsGlobalNamespace; current = current.ContainingNamespace)
        {
            if (current.Name == "ML" && current.ContainingNamespace is { Name: "Microsoft" } microsoft && microsoft.ContainingNamespace is { IsGlobalNamespace: true })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The types MLOPS602 looks up once per compilation.</summary>
    private sealed class Symbols
    {
        private Symbols(INamedTypeSymbol? modelOperations, INamedTypeSymbol? inferenceSession, INamedTypeSymbol? engineBase, INamedTypeSymbol? transformer, INamedTypeSymbol? mlContext)
        {
            MLContext = mlContext;
            ModelOperations = modelOperations;
            InferenceSession = inferenceSession;
            EngineBase = engineBase;
            Transformer = transformer;
        }

        public INamedTypeSymbol? ModelOperations { get; }

        public INamedTypeSymbol? MLContext { get; }

        public INamedTypeSymbol? InferenceSession { get; }

        private INamedTypeSymbol? EngineBase { get; }

        private INamedTypeSymbol? Transformer { get; }

        /// <summary>Null when the compilation references neither ML.NET nor ONNX Runtime.</summary>
        public static Symbols? TryCreate(Compilation compilation)
        {
            var types = WellKnownTypes.For(compilation);
            var modelOperations = types.Get(WellKnownTypeNames.ModelOperationsCatalog);
            var session = types.Get(WellKnownTypeNames.InferenceSession);
            return modelOperations is null && session is null
                ? null
                : new Symbols(
                    modelOperations,
                    session,
                    types.Get(WellKnownTypeNames.PredictionEngineBase2),
                    types.Get(WellKnownTypeNames.ITransformer),
                    types.Get(WellKnownTypeNames.MLContext));
        }

        /// <summary><c>engine.Predict</c>, <c>transformer.Transform</c>, <c>session.Run</c>/<c>RunAsync</c>/<c>RunWithBinding</c>.</summary>
        public bool IsScoring(IMethodSymbol method)
        {
            var type = method.ContainingType;
            if (type is null)
            {
                return false;
            }

            switch (method.Name)
            {
                case "Predict":
                    for (var current = type; current is not null; current = current.BaseType)
                    {
                        if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, EngineBase))
                        {
                            return true;
                        }
                    }

                    return false;
                case "Transform":
                    return Transformer is not null
                           && (SymbolEqualityComparer.Default.Equals(type, Transformer) || type.AllInterfaces.Contains(Transformer, SymbolEqualityComparer.Default));
                case "Run":
                case "RunAsync":
                case "RunWithBinding":
                case "RunWithBindingAndNames":
                    return InferenceSession is not null && SymbolEqualityComparer.Default.Equals(type, InferenceSession);
                default:
                    return false;
            }
        }
    }
}
