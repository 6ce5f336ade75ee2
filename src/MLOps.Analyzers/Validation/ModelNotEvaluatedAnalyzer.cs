using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.Validation;

/// <summary>
/// MLOPS401: a model trained in the method (<c>Fit</c> on an estimator chain that contains a trainer) is saved
/// with <c>Model.Save</c> or served through <c>Model.CreatePredictionEngine</c> (and, with an option, returned)
/// while nothing in the method evaluates anything. The method counts as validating when it calls any ML.NET
/// evaluation (Evaluate*, CrossValidate*; not permutation feature importance, see ValidationSymbols.IsEvaluation),
/// hands the model or its predictions to a
/// method outside ML.NET and the BCL (a helper that may evaluate), stores the model in a field or property,
/// scores data other than its training data with it, or predicts in a loop or lambda (a hand-written evaluation).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelNotEvaluatedAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Option: also report a trained, unevaluated model that the method returns (default false: the caller may evaluate it).</summary>
    public const string IncludeReturnedModelsOption = "include_returned_models";

    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.ModelNotEvaluated,
        title: "Trained model is saved or served without evaluation",
        messageFormat: "The model trained by '{0}' is {1} but never evaluated in this method; evaluate it on held-out data first, with the task catalog's Evaluate on a test set or with CrossValidate on the pipeline",
        category: RuleCategories.Validation,
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "A model that reaches disk or production without any metric may be worse than the one it replaces. "
                     + "Compute metrics on held-out data (TrainTestSplit, a test file, CrossValidate) before saving or serving it. "
                     + "Retraining on all data after an evaluation in the same method is fine.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext =>
        {
            var symbols = ValidationSymbols.TryCreate(compilationContext.Compilation);
            if (symbols is null || TestCodeDetector.IsTestProject(compilationContext.Compilation, compilationContext.Options))
            {
                return;
            }

            ValidationBlockFlow.RegisterForBlocksThatFit(compilationContext, symbols, endContext => AnalyzeBlock(endContext, symbols));
        });
    }

    private static void AnalyzeBlock(OperationBlockAnalysisContext context, ValidationSymbols symbols)
    {
        var includeReturns = RuleOptions.GetBool(context.Options, context.OperationBlocks[0].Syntax.SyntaxTree, RuleIdentifiers.ModelNotEvaluated, IncludeReturnedModelsOption, defaultValue: false);
        var flow = new ValidationBlockFlow(symbols);
        var state = new BlockState();
        foreach (var block in context.OperationBlocks)
        {
            foreach (var operation in block.DescendantsAndSelf())
            {
                flow.Record(operation);
                Observe(operation, symbols, state, includeReturns);
                if (state.Validated)
                {
                    // Validated is final: nothing of this block is reported.
                    return;
                }
            }
        }

        if (state.Sinks is not null)
        {
            Report(context, flow, state);
        }
    }

    private static void Observe(IOperation operation, ValidationSymbols symbols, BlockState state, bool includeReturns)
    {
        switch (operation.Kind)
        {
            case OperationKind.Invocation:
                {
                    var invocation = (IInvocationOperation)operation;
                    var method = invocation.TargetMethod;
                    if (ValidationSymbols.IsEvaluation(method))
                    {
                        state.Validated = true;
                    }
                    else if (symbols.IsModelSave(method))
                    {
                        state.AddSink(invocation, FindModelArgument(symbols, invocation), "saved");
                    }
                    else if (symbols.IsCreatePredictionEngine(method))
                    {
                        state.AddSink(invocation, FindModelArgument(symbols, invocation), "served through a PredictionEngine");
                    }
                    else if (symbols.IsTransform(method))
                    {
                        (state.Scorings ??= new List<IInvocationOperation>()).Add(invocation);
                    }
                    else if (symbols.IsPredict(method))
                    {
                        if (IsInLoopOrNestedFunction(invocation))
                        {
                            // Predicting example after example is how hand-written metrics are computed.
                            state.Validated = true;
                        }
                    }
                    else if (IsHandOff(method))
                    {
                        state.AddHandOffs(invocation.Arguments);
                    }

                    break;
                }

            case OperationKind.ObjectCreation:
                {
                    var creation = (IObjectCreationOperation)operation;
                    if (creation.Constructor is { } constructor && IsHandOff(constructor))
                    {
                        state.AddHandOffs(creation.Arguments);
                    }

                    break;
                }

            case OperationKind.SimpleAssignment:
                {
                    var assignment = (ISimpleAssignmentOperation)operation;
                    if (assignment.Target is IFieldReferenceOperation or IPropertyReferenceOperation
                        && symbols.IsTransformerType(assignment.Value.Type))
                    {
                        (state.HandOffs ??= new List<IOperation>()).Add(assignment.Value);
                    }

                    break;
                }

            case OperationKind.Return when includeReturns:
                {
                    var returnOperation = (IReturnOperation)operation;
                    if (returnOperation.ReturnedValue is { } value
                        && symbols.IsTransformerType(value.Type)
                        && !ValidationBlockFlow.IsInNestedFunction(returnOperation))
                    {
                        state.AddSink(returnOperation, value, "returned");
                    }

                    break;
                }
        }
    }

    private static void Report(OperationBlockAnalysisContext context, ValidationBlockFlow flow, BlockState state)
    {
        var firstSinkPerFit = new Dictionary<IInvocationOperation, Sink>();
        foreach (var sink in state.Sinks!)
        {
            var fit = flow.ResolveFit(sink.Model);
            if (fit is null || (firstSinkPerFit.TryGetValue(fit, out var existing) && existing.Operation.Syntax.SpanStart <= sink.Operation.Syntax.SpanStart))
            {
                continue;
            }

            firstSinkPerFit[fit] = sink;
        }

        foreach (var pair in firstSinkPerFit)
        {
            var fit = pair.Key;
            if (!ContainsTrainer(flow, fit) || HasValidationSet(flow, fit) || IsHandedOff(flow, state, fit) || IsScoredOnOtherData(flow, state, fit))
            {
                continue;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                pair.Value.Operation.Syntax.GetLocation(),
                additionalLocations: new[] { fit.Syntax.GetLocation() },
                properties: null,
                fit.Syntax.ToString(),
                pair.Value.What));
        }
    }

    /// <summary><c>trainer.Fit(trainData, validationData)</c> (FastTree, LightGbm, GAM...): the trainer validates as it trains.</summary>
    private static bool HasValidationSet(ValidationBlockFlow flow, IInvocationOperation fit)
    {
        foreach (var argument in fit.Arguments)
        {
            if (argument.Parameter is { Ordinal: > 0 } parameter
                && argument.ArgumentKind == ArgumentKind.Explicit
                && flow.Symbols.IsDataView(parameter.Type)
                && argument.Value.ConstantValue is not { HasValue: true, Value: null })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The model was fitted by a trainer, or by a chain that contains one: a pure data-prep pipeline has nothing to evaluate.</summary>
    private static bool ContainsTrainer(ValidationBlockFlow flow, IInvocationOperation fit)
        => flow.Symbols.IsTrainerType(fit.Type) || EstimatorContainsTrainer(flow, fit.Instance, 0);

    private static bool EstimatorContainsTrainer(ValidationBlockFlow flow, IOperation? estimator, int depth)
    {
        if (estimator is null || depth > 16)
        {
            return false;
        }

        var resolved = flow.Resolve(estimator);
        if (flow.Symbols.IsTrainerType(resolved.Type))
        {
            return true;
        }

        // dataProcessPipeline.Append(trainer).Append(mlContext.Transforms.Conversion.MapKeyToValue(...)):
        // the chain's static type forgets the trainer, the Append calls do not.
        if (resolved is IInvocationOperation { TargetMethod.Name: "Append" or "AppendCacheCheckpoint" } append)
        {
            if (EstimatorContainsTrainer(flow, append.Instance, depth + 1))
            {
                return true;
            }

            foreach (var argument in append.Arguments)
            {
                if (EstimatorContainsTrainer(flow, argument.Value, depth + 1))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The model, or data it scored, went to code that may evaluate it (a helper of the user's, a field).</summary>
    private static bool IsHandedOff(ValidationBlockFlow flow, BlockState state, IInvocationOperation fit)
    {
        if (state.HandOffs is null)
        {
            return false;
        }

        foreach (var value in state.HandOffs)
        {
            var resolved = flow.Resolve(value);
            if (ReferenceEquals(resolved, fit)
                || (resolved is IInvocationOperation scoring
                    && flow.Symbols.IsTransform(scoring.TargetMethod)
                    && ReferenceEquals(flow.ResolveFit(scoring.Instance), fit)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The model scores data other than (or not known to be) its training data: its output may be checked by hand.</summary>
    private static bool IsScoredOnOtherData(ValidationBlockFlow flow, BlockState state, IInvocationOperation fit)
    {
        if (state.Scorings is null)
        {
            return false;
        }

        var trainingData = flow.KeyOf(ValidationBlockFlow.GetArgument(fit, 0));
        foreach (var scoring in state.Scorings)
        {
            if (ReferenceEquals(flow.ResolveFit(scoring.Instance), fit)
                && !flow.KeyOf(ValidationBlockFlow.GetArgument(scoring, 0)).SameAs(trainingData))
            {
                return true;
            }
        }

        return false;
    }

    private static IOperation? FindModelArgument(ValidationSymbols symbols, IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { } parameter && symbols.IsTransformerType(parameter.Type))
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary>Methods outside ML.NET and the BCL (user helpers, other libraries) and delegates may evaluate what they receive.</summary>
    private static bool IsHandOff(IMethodSymbol method)
    {
        if (method.MethodKind == MethodKind.DelegateInvoke)
        {
            return true;
        }

        var ns = method.ContainingType?.ContainingNamespace;
        if (ns is null)
        {
            return true;
        }

        INamespaceSymbol? top = null;
        INamespaceSymbol? second = null;
        for (var current = ns; current is { IsGlobalNamespace: false }; current = current.ContainingNamespace)
        {
            second = top;
            top = current;
        }

        if (top is null)
        {
            return true;
        }

        return !(top.Name == "System" || (top.Name == "Microsoft" && second is { Name: "ML" or "Extensions" or "Data" }));
    }

    private static bool IsInLoopOrNestedFunction(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is ILoopOperation or IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    private sealed class BlockState
    {
        public bool Validated { get; set; }

        public List<Sink>? Sinks { get; private set; }

        public List<IOperation>? HandOffs { get; set; }

        public List<IInvocationOperation>? Scorings { get; set; }

        public void AddSink(IOperation operation, IOperation? model, string what)
        {
            if (model is not null)
            {
                (Sinks ??= new List<Sink>()).Add(new Sink(operation, model, what));
            }
        }

        public void AddHandOffs(ImmutableArray<IArgumentOperation> arguments)
        {
            foreach (var argument in arguments)
            {
                (HandOffs ??= new List<IOperation>()).Add(argument.Value);
            }
        }
    }

    private readonly struct Sink
    {
        public Sink(IOperation operation, IOperation model, string what)
        {
            Operation = operation;
            Model = model;
            What = what;
        }

        public IOperation Operation { get; }

        public IOperation Model { get; }

        public string What { get; }
    }
}
