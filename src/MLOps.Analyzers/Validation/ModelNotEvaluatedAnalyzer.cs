using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Flow;

namespace MLOps.Analyzers.Validation;

/// <summary>
/// MLOPS401: a model trained in the method (<c>Fit</c> on an estimator chain that contains a trainer) is saved
/// with <c>Model.Save</c>, exported with <c>ConvertToOnnx</c> or served through <c>Model.CreatePredictionEngine</c> (and, with an option, returned)
/// while nothing in the method evaluates anything. The method counts as validating when it calls any ML.NET
/// evaluation (Evaluate*, CrossValidate*; not permutation feature importance, see ValidationSymbols.IsEvaluation),
/// hands the model or its predictions to a method outside ML.NET and the BCL that may evaluate (the compilation's
/// own helpers are followed through the shared flow model: one that only saves, serves or exports the model is a
/// sink, reported at the call), stores the model in a field or property,
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
        messageFormat: "The model trained by '{0}' is {1} but never evaluated in this method",
        category: RuleCategories.Validation,
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "A model that reaches disk or production without any metric may be worse than the one it replaces. "
                     + "Compute metrics on held-out data before saving or serving it: the task catalog's Evaluate on a test set (TrainTestSplit, a test file) or CrossValidate on the pipeline. "
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

            var helpers = new ModelHelpers(ValueFlow.For(compilationContext.Compilation), symbols);
            ValidationBlockFlow.RegisterForBlocksThatFit(
                compilationContext,
                symbols,
                endContext => AnalyzeBlock(endContext, symbols, helpers),
                helpers.TrainsModel);
        });
    }

    private static void AnalyzeBlock(OperationBlockAnalysisContext context, ValidationSymbols symbols, ModelHelpers helpers)
    {
        var includeReturns = RuleOptions.GetBool(context.Options, context.OperationBlocks[0].Syntax.SyntaxTree, RuleIdentifiers.ModelNotEvaluated, IncludeReturnedModelsOption, defaultValue: false);
        var flow = new ValidationBlockFlow(symbols);
        var state = new BlockState();
        foreach (var block in context.OperationBlocks)
        {
            foreach (var operation in block.DescendantsAndSelf())
            {
                flow.Record(operation);
                Observe(operation, symbols, helpers, state, includeReturns, context.CancellationToken);
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
            ReportModelsTrainedByHelpers(context, flow, state, helpers);
        }
    }

    /// <summary>
    /// A model that a helper of the compilation trains and returns without evaluating it
    /// (<c>var model = BuildAndTrainModel(mlContext, data); mlContext.Model.Save(model, ...)</c>), shipped here while
    /// nothing here checks it: reported at the first sink, the helper call as an additional location.
    /// </summary>
    private static void ReportModelsTrainedByHelpers(OperationBlockAnalysisContext context, ValidationBlockFlow flow, BlockState state, ModelHelpers helpers)
    {
        var firstSinkPerCall = new Dictionary<IInvocationOperation, Sink>();
        foreach (var sink in state.Sinks!)
        {
            if (flow.Resolve(sink.Model) is not IInvocationOperation call
                || flow.Symbols.IsFit(call.TargetMethod)
                || !helpers.TrainsModel(call.TargetMethod, context.CancellationToken)
                || (firstSinkPerCall.TryGetValue(call, out var existing) && existing.Operation.Syntax.SpanStart <= sink.Operation.Syntax.SpanStart))
            {
                continue;
            }

            firstSinkPerCall[call] = sink;
        }

        foreach (var pair in firstSinkPerCall)
        {
            var call = pair.Key;
            if (IsCheckedHere(flow, state, call))
            {
                continue;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                pair.Value.Operation.Syntax.GetLocation(),
                additionalLocations: new[] { call.Syntax.GetLocation() },
                properties: null,
                call.Syntax.ToString(),
                pair.Value.What));
        }
    }

    /// <summary>The helper-trained model, or data it scored, is handed to code that may check it, or scores data here.</summary>
    private static bool IsCheckedHere(ValidationBlockFlow flow, BlockState state, IInvocationOperation call)
    {
        foreach (var value in state.HandOffs ?? Enumerable.Empty<IOperation>())
        {
            var resolved = flow.Resolve(value);
            if (ReferenceEquals(resolved, call)
                || (resolved is IInvocationOperation scoring && flow.Symbols.IsTransform(scoring.TargetMethod) && scoring.Instance is { } instance
                    && ReferenceEquals(flow.Resolve(instance), call)))
            {
                return true;
            }
        }

        foreach (var scoring in state.Scorings ?? Enumerable.Empty<IInvocationOperation>())
        {
            // Where the helper trained is not known here: any scoring with the model may be a check by hand.
            if (scoring.Instance is { } instance && ReferenceEquals(flow.Resolve(instance), call))
            {
                return true;
            }
        }

        return false;
    }

    private static void Observe(IOperation operation, ValidationSymbols symbols, ModelHelpers helpers, BlockState state, bool includeReturns, CancellationToken cancellationToken)
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
                    else if (symbols.IsOnnxExport(method))
                    {
                        state.AddSink(invocation, FindModelArgument(symbols, invocation), "exported to ONNX");
                    }
                    else if (IsHandOff(method))
                    {
                        HandOff(invocation, method, invocation.Arguments, helpers, state, cancellationToken);
                    }

                    break;
                }

            case OperationKind.ObjectCreation:
                {
                    var creation = (IObjectCreationOperation)operation;
                    if (creation.Constructor is { } constructor && IsHandOff(constructor))
                    {
                        HandOff(creation, constructor, creation.Arguments, helpers, state, cancellationToken);
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

    /// <summary>
    /// A call that hands values to code outside ML.NET and the BCL. The compilation's own helpers are followed (the
    /// shared flow model's summary of what the helper does with each model parameter): a model that a helper only
    /// saves, serves or exports is a sink here; one it evaluates, scores or passes on to code that cannot be
    /// followed is handed off, as every argument of a call to other libraries is.
    /// </summary>
    private static void HandOff(IOperation call, IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments, ModelHelpers helpers, BlockState state, CancellationToken cancellationToken)
    {
        var fates = helpers.GetFates(method, cancellationToken);
        foreach (var argument in arguments)
        {
            if (fates is not null && argument.Parameter is { } parameter && helpers.Symbols.IsTransformerType(parameter.Type))
            {
                if (!fates.TryGetValue(parameter.Ordinal, out var fate))
                {
                    continue; // The helper neither evaluates, scores, keeps nor ships the model.
                }

                if (fate.What is not null)
                {
                    state.AddSink(call, argument.Value, fate.What + " (through " + ValueFlow.DisplayName(method) + ")");
                    continue;
                }
            }

            (state.HandOffs ??= new List<IOperation>()).Add(argument.Value);
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

    /// <summary>What a helper of the compilation does with a model it receives: ships it (<see cref="What"/>), or may check it (null).</summary>
    private sealed class ModelFate
    {
        public static readonly ModelFate MayCheck = new(null);

        public ModelFate(string? what)
        {
            What = what;
        }

        /// <summary>"saved", "served through a PredictionEngine", "exported to ONNX"; null when the helper may evaluate it.</summary>
        public string? What { get; }
    }

    /// <summary>
    /// Per-method summaries in the shared flow model: for each model (ITransformer) parameter of a method of this
    /// compilation, whether the method, or the helpers it passes the model to, only ship it (save, serve, export) or
    /// may check it (evaluate, score, predict, store it, hand it to code that cannot be followed). A method that
    /// calls any evaluation may check every model it receives, as a block that evaluates does.
    /// </summary>
    private sealed class ModelHelpers
    {
        private static readonly object SummaryKind = new();
        private static readonly object TrainsKind = new();
        private static readonly ImmutableDictionary<int, ModelFate> Nothing = ImmutableDictionary<int, ModelFate>.Empty;

        private readonly ValueFlow flow;

        public ModelHelpers(ValueFlow flow, ValidationSymbols symbols)
        {
            this.flow = flow;
            Symbols = symbols;
        }

        public ValidationSymbols Symbols { get; }

        /// <summary>
        /// Whether a method of the compilation trains a model (a <c>Fit</c> on a chain with a trainer, without a
        /// validation set) and returns it, while nothing in it evaluates, scores or hands the model over: the caller
        /// holds an unchecked model. Asked for every call of every block until it finds one, so the return type's
        /// name is tested first: helpers declare <c>ITransformer</c> (or a <c>TransformerChain</c>).
        /// </summary>
        public bool TrainsModel(IMethodSymbol method, CancellationToken cancellationToken)
            => method.ReturnType is { Name: "ITransformer" or "TransformerChain" } returnType
               && flow.IsOwnCode(method)
               && Symbols.IsTransformerType(returnType)
               && flow.GetSummary(TrainsKind, method, m => ComputeTrains(m, cancellationToken), Boxed.False) == Boxed.True;

        private object ComputeTrains(IMethodSymbol method, CancellationToken cancellationToken)
        {
            if (flow.GetBody(method, cancellationToken) is not { } body)
            {
                return Boxed.False;
            }

            var blockFlow = new ValidationBlockFlow(Symbols);
            var returns = new List<IReturnOperation>();
            foreach (var operation in body.DescendantsAndSelf())
            {
                cancellationToken.ThrowIfCancellationRequested();
                blockFlow.Record(operation);
                switch (operation)
                {
                    case IInvocationOperation invocation when ValidationSymbols.IsEvaluation(invocation.TargetMethod) || Symbols.IsTransform(invocation.TargetMethod):
                        return Boxed.False;
                    case IArgumentOperation argument when Symbols.IsTransformerType(argument.Value.Type)
                                                          && argument.Parent is IInvocationOperation { TargetMethod: { } target } && IsHandOff(target):
                        return Boxed.False;
                    case IReturnOperation { ReturnedValue: not null } returned when !ValidationBlockFlow.IsInNestedFunction(returned):
                        returns.Add(returned);
                        break;
                }
            }

            foreach (var returned in returns)
            {
                var fit = blockFlow.ResolveFit(returned.ReturnedValue!);
                if (fit is null || !ContainsTrainer(blockFlow, fit) || HasValidationSet(blockFlow, fit))
                {
                    return Boxed.False;
                }
            }

            return returns.Count > 0 ? Boxed.True : Boxed.False;
        }

        /// <summary>The fates of the model parameters, or null when the method's body cannot be followed.</summary>
        public ImmutableDictionary<int, ModelFate>? GetFates(IMethodSymbol method, CancellationToken cancellationToken)
            => flow.IsOwnCode(method) && HasModelParameter(method) ? Get(method, cancellationToken) : null;

        private bool HasModelParameter(IMethodSymbol method)
        {
            foreach (var parameter in method.Parameters)
            {
                if (Symbols.IsTransformerType(parameter.Type))
                {
                    return true;
                }
            }

            return false;
        }

        private ImmutableDictionary<int, ModelFate>? Get(IMethodSymbol method, CancellationToken cancellationToken)
            => flow.GetSummary<ImmutableDictionary<int, ModelFate>?>(SummaryKind, method, m => Compute(m, cancellationToken), null);

        private ImmutableDictionary<int, ModelFate>? Compute(IMethodSymbol method, CancellationToken cancellationToken)
        {
            var body = flow.GetBody(method, cancellationToken);
            if (body is null)
            {
                return null;
            }

            var fates = new Dictionary<int, ModelFate>();
            foreach (var operation in body.Descendants())
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (operation)
                {
                    case IInvocationOperation invocation when ValidationSymbols.IsEvaluation(invocation.TargetMethod):
                        // As in a block: a method that evaluates may check whatever model it was given.
                        foreach (var parameter in method.Parameters)
                        {
                            if (Symbols.IsTransformerType(parameter.Type))
                            {
                                fates[parameter.Ordinal] = ModelFate.MayCheck;
                            }
                        }

                        return fates.ToImmutableDictionary();

                    case IParameterReferenceOperation reference
                        when Symbols.IsTransformerType(reference.Type)
                             && SymbolEqualityComparer.Default.Equals(reference.Parameter.ContainingSymbol.OriginalDefinition, ValueFlow.Definition(method)):
                        Merge(fates, reference.Parameter.Ordinal, FateOfUse(reference, cancellationToken));
                        break;
                }
            }

            return fates.ToImmutableDictionary();
        }

        private static void Merge(Dictionary<int, ModelFate> fates, int ordinal, ModelFate? fate)
        {
            if (fate is null)
            {
                return;
            }

            if (!fates.TryGetValue(ordinal, out var existing) || (existing.What is not null && fate.What is null))
            {
                fates[ordinal] = fate;
            }
        }

        /// <summary>What one use of the model parameter does: null when it does nothing the rule cares about.</summary>
        private ModelFate? FateOfUse(IParameterReferenceOperation reference, CancellationToken cancellationToken)
        {
            IOperation current = reference;
            while (current.Parent is IConversionOperation or IParenthesizedOperation)
            {
                current = current.Parent;
            }

            switch (current.Parent)
            {
                case IArgumentOperation argument when argument.Parent is IInvocationOperation or IObjectCreationOperation:
                    {
                        var call = argument.Parent;
                        var target = call is IInvocationOperation invocation ? invocation.TargetMethod : ((IObjectCreationOperation)call).Constructor;
                        if (target is null)
                        {
                            return ModelFate.MayCheck;
                        }

                        if (Symbols.IsModelSave(target))
                        {
                            return new ModelFate("saved");
                        }

                        if (Symbols.IsCreatePredictionEngine(target))
                        {
                            return new ModelFate("served through a PredictionEngine");
                        }

                        if (Symbols.IsOnnxExport(target))
                        {
                            return new ModelFate("exported to ONNX");
                        }

                        if (!IsHandOff(target))
                        {
                            // Other ML.NET or BCL calls (logging the schema, ...): neither ships nor checks it.
                            return null;
                        }

                        if (!flow.IsOwnCode(target) || argument.Parameter is null)
                        {
                            return ModelFate.MayCheck;
                        }

                        var inner = Get(target, cancellationToken);
                        if (inner is null)
                        {
                            return ModelFate.MayCheck;
                        }

                        return inner.TryGetValue(argument.Parameter.Ordinal, out var fate)
                            ? (fate.What is null ? fate : new ModelFate(fate.What))
                            : null;
                    }

                case IInvocationOperation invocation when invocation.Instance == current:
                    // model.Transform(data) or a user method on it: the output may be checked by hand.
                    return ModelFate.MayCheck;

                case IMemberReferenceOperation:
                    return null;

                default:
                    // Stored, returned, captured, compared: may be checked elsewhere.
                    return ModelFate.MayCheck;
            }
        }
    }

    /// <summary>Shared boxes for the memoised yes/no of <see cref="ModelHelpers.TrainsModel"/>.</summary>
    private static class Boxed
    {
        public static readonly object True = new();
        public static readonly object False = new();
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
