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
/// MLOPS402: a model is evaluated on the data it was trained on (or on a data set that contains it):
/// <c>var model = pipeline.Fit(split.TrainSet); ctx.Regression.Evaluate(model.Transform(split.TrainSet))</c>.
/// The data flow in the block follows only locals written once; an evaluation in a helper of the compilation
/// (a method that evaluates a model parameter on a data parameter, summarised once in the shared flow model) counts
/// where the helper is called. A model that is also evaluated on other data in the same block (training metrics
/// next to test metrics) is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EvaluatedOnTrainingDataAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the split part the code fix puts in place of the flagged <c>split.TrainSet</c>.</summary>
    public const string ReplacementPartProperty = "ReplacementPart";

    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.EvaluatedOnTrainingData,
        title: "Model is evaluated on its training data",
        messageFormat: "The model is evaluated on '{0}', {1}: the metrics are optimistic (data leakage)",
        category: RuleCategories.Validation,
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "Metrics computed on rows the model was trained on measure memorisation, not generalisation. "
                     + "Score the model on a held-out test set (TrainTestSplit's TestSet, a separate test file) or use CrossValidate.",
        isEnabledByDefault: true,
        RuleDescriptors.MinimumTag);

    private const string SameData = "the data it was trained on";
    private const string ContainsTrainingData = "the full data set it was split from, which contains its training rows";
    private const string PartOfTrainingData = "a part of the data it was trained on";

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

            var helpers = new EvaluationHelpers(ValueFlow.For(compilationContext.Compilation), symbols);
            ValidationBlockFlow.RegisterForBlocksThatFit(compilationContext, symbols, endContext => AnalyzeBlock(endContext, symbols, helpers));
        });
    }

    private static void AnalyzeBlock(OperationBlockAnalysisContext context, ValidationSymbols symbols, EvaluationHelpers helpers)
    {
        var flow = new ValidationBlockFlow(symbols);
        List<IInvocationOperation>? evaluations = null;
        List<HelperEvaluation>? helperEvaluations = null;
        foreach (var block in context.OperationBlocks)
        {
            foreach (var operation in block.DescendantsAndSelf())
            {
                flow.Record(operation);
                if (operation.Kind != OperationKind.Invocation)
                {
                    continue;
                }

                var invocation = (IInvocationOperation)operation;
                var method = invocation.TargetMethod;
                if (!ValidationSymbols.IsEvaluation(method))
                {
                    // A helper of the compilation that evaluates a model it receives on data it receives (the shared
                    // flow model's summary of it): Evaluate(mlContext, model, split.TrainSet).
                    foreach (var pair in helpers.GetPairs(method, context.CancellationToken))
                    {
                        if (ValidationBlockFlow.GetArgument(invocation, pair.Model) is { } model
                            && ValidationBlockFlow.GetArgument(invocation, pair.Data) is { } data)
                        {
                            (helperEvaluations ??= new List<HelperEvaluation>()).Add(new HelperEvaluation(invocation, model, data));
                        }
                    }

                    continue;
                }

                if (method.Name.StartsWith("Evaluate", System.StringComparison.Ordinal))
                {
                    if (IsClusteringEvaluation(method))
                    {
                        // Clustering is unsupervised: its metrics (average distance, Davies-Bouldin index)
                        // describe how the training rows themselves are grouped, so they are legitimately
                        // computed on the data that was clustered.
                        continue;
                    }

                    (evaluations ??= new List<IInvocationOperation>()).Add(invocation);
                }
                else if (method.Name.StartsWith("CrossValidate", System.StringComparison.Ordinal))
                {
                    // The block validates the pipeline by cross-validation: other metrics are extra information.
                    return;
                }
            }
        }

        if (evaluations is not null || helperEvaluations is not null)
        {
            Report(context, flow, evaluations ?? new List<IInvocationOperation>(), helperEvaluations);
        }
    }

    private static void Report(OperationBlockAnalysisContext context, ValidationBlockFlow flow, List<IInvocationOperation> evaluations, List<HelperEvaluation>? helperEvaluations)
    {
        var symbols = flow.Symbols;
        var leaks = new List<Leak>();
        HashSet<IInvocationOperation>? fitsEvaluatedElsewhere = null;

        foreach (var helper in helperEvaluations ?? Enumerable.Empty<HelperEvaluation>())
        {
            var fit = flow.ResolveFit(helper.Model);
            if (fit is null)
            {
                continue;
            }

            var reason = Classify(flow, flow.KeyOf(ValidationBlockFlow.GetArgument(fit, 0)), flow.KeyOf(helper.Data));
            if (reason is null)
            {
                (fitsEvaluatedElsewhere ??= new HashSet<IInvocationOperation>()).Add(fit);
            }
            else
            {
                leaks.Add(new Leak(fit, helper.Data, helper.Data, helper.Call, reason, " (through " + ValueFlow.DisplayName(helper.Call.TargetMethod) + ")"));
            }
        }

        foreach (var evaluation in evaluations)
        {
            var data = ValidationBlockFlow.GetArgument(evaluation, 0);
            if (data is null || !symbols.IsDataView(data.Type)
                || flow.Resolve(data) is not IInvocationOperation scoring
                || !symbols.IsTransform(scoring.TargetMethod))
            {
                continue;
            }

            var fit = flow.ResolveFit(scoring.Instance);
            var scoredData = ValidationBlockFlow.GetArgument(scoring, 0);
            if (fit is null || scoredData is null)
            {
                continue;
            }

            var reason = Classify(flow, flow.KeyOf(ValidationBlockFlow.GetArgument(fit, 0)), flow.KeyOf(scoredData));
            if (reason is null)
            {
                (fitsEvaluatedElsewhere ??= new HashSet<IInvocationOperation>()).Add(fit);
            }
            else
            {
                leaks.Add(new Leak(fit, scoring, scoredData, evaluation, reason, string.Empty));
            }
        }

        HashSet<IOperation>? reported = null;
        foreach (var leak in leaks)
        {
            // Training metrics next to test metrics (to watch over-fitting) are deliberate: only a model whose
            // every evaluation in the block leaks is reported.
            if (fitsEvaluatedElsewhere?.Contains(leak.Fit) == true || !(reported ??= new HashSet<IOperation>()).Add(leak.Scoring))
            {
                continue;
            }

            var properties = ReferenceEquals(leak.Reason, SameData) && IsSplitTrainSetReference(flow, leak.ScoredData)
                ? ImmutableDictionary<string, string?>.Empty.Add(ReplacementPartProperty, "TestSet")
                : ImmutableDictionary<string, string?>.Empty;

            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                leak.ScoredData.Syntax.GetLocation(),
                additionalLocations: new[] { leak.Evaluation.Syntax.GetLocation() },
                properties: properties,
                leak.ScoredData.Syntax.ToString(),
                leak.Reason + leak.Through));
        }
    }

    private static bool IsClusteringEvaluation(IMethodSymbol method)
        => method.ContainingType is { Name: "ClusteringCatalog" or "ClusteringEvaluator" };

    /// <summary>Null when the evaluation data is not (known to be) training data.</summary>
    private static string? Classify(ValidationBlockFlow flow, DataKey train, DataKey evaluated)
    {
        if (!train.IsKnown || !evaluated.IsKnown)
        {
            return null;
        }

        if (train.SameAs(evaluated))
        {
            return SameData;
        }

        if (train.Part == "TrainSet" && evaluated.Part is null && flow.SourceOfSplit(train.Root).SameAs(evaluated))
        {
            return ContainsTrainingData;
        }

        if (train.Part is null && evaluated.Part is not null && flow.SourceOfSplit(evaluated.Root).SameAs(train))
        {
            return PartOfTrainingData;
        }

        return null;
    }

    /// <summary><c>split.TrainSet</c> written as such, on a local or parameter: the code fix can swap in <c>split.TestSet</c>.</summary>
    private static bool IsSplitTrainSetReference(ValidationBlockFlow flow, IOperation scoredData)
    {
        var operation = scoredData;
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation is IMemberReferenceOperation { Member.Name: "TrainSet", Instance: ILocalReferenceOperation or IParameterReferenceOperation } member
               && member is IFieldReferenceOperation or IPropertyReferenceOperation
               && flow.Symbols.IsTrainTestData(member.Member.ContainingType)
               && member.Member.ContainingType.GetMembers("TestSet").Length == 1;
    }

    private sealed class Leak
    {
        public Leak(IInvocationOperation fit, IOperation scoring, IOperation scoredData, IInvocationOperation evaluation, string reason, string through)
        {
            Fit = fit;
            Scoring = scoring;
            ScoredData = scoredData;
            Evaluation = evaluation;
            Reason = reason;
            Through = through;
        }

        public IInvocationOperation Fit { get; }

        /// <summary>The scoring (<c>model.Transform(data)</c>), or the data handed to an evaluating helper: reported once.</summary>
        public IOperation Scoring { get; }

        public IOperation ScoredData { get; }

        public IInvocationOperation Evaluation { get; }

        public string Reason { get; }

        /// <summary>Empty, or <c> (through Helper.Evaluate)</c> when the evaluation happens in a helper.</summary>
        public string Through { get; }
    }

    /// <summary>A call to a helper that evaluates the model argument on the data argument.</summary>
    private sealed class HelperEvaluation
    {
        public HelperEvaluation(IInvocationOperation call, IOperation model, IOperation data)
        {
            Call = call;
            Model = model;
            Data = data;
        }

        public IInvocationOperation Call { get; }

        public IOperation Model { get; }

        public IOperation Data { get; }
    }

    /// <summary>
    /// Per-method summaries in the shared flow model: the pairs of a model parameter and a data parameter that a
    /// method of the compilation evaluates together (<c>ctx.Regression.Evaluate(model.Transform(data))</c>), directly
    /// or through further helpers. A method that cross-validates is summarised as evaluating nothing.
    /// </summary>
    private sealed class EvaluationHelpers
    {
        private static readonly object SummaryKind = new();
        private static readonly ImmutableArray<(int Model, int Data)> None = ImmutableArray<(int Model, int Data)>.Empty;

        private readonly ValueFlow flow;
        private readonly ValidationSymbols symbols;

        public EvaluationHelpers(ValueFlow flow, ValidationSymbols symbols)
        {
            this.flow = flow;
            this.symbols = symbols;
        }

        public ImmutableArray<(int Model, int Data)> GetPairs(IMethodSymbol method, CancellationToken cancellationToken)
            => flow.IsOwnCode(method) && TakesModelAndData(method)
                ? flow.GetSummary(SummaryKind, method, m => Compute(m, cancellationToken), None)
                : None;

        private bool TakesModelAndData(IMethodSymbol method)
        {
            bool model = false, data = false;
            foreach (var parameter in method.Parameters)
            {
                model |= symbols.IsTransformerType(parameter.Type);
                data |= symbols.IsDataView(parameter.Type);
            }

            return model && data;
        }

        private ImmutableArray<(int Model, int Data)> Compute(IMethodSymbol method, CancellationToken cancellationToken)
        {
            var body = flow.GetBody(method, cancellationToken);
            if (body is null)
            {
                return None;
            }

            var pairs = new HashSet<(int Model, int Data)>();
            foreach (var operation in body.Descendants())
            {
                if (operation is not IInvocationOperation invocation)
                {
                    continue;
                }

                var target = invocation.TargetMethod;
                if (ValidationSymbols.IsEvaluation(target))
                {
                    if (target.Name.StartsWith("CrossValidate", System.StringComparison.Ordinal))
                    {
                        return None;
                    }

                    if (!target.Name.StartsWith("Evaluate", System.StringComparison.Ordinal) || IsClusteringEvaluation(target))
                    {
                        continue;
                    }

                    if (LocalDefinitions.Resolve(ValidationBlockFlow.GetArgument(invocation, 0), cancellationToken) is IInvocationOperation scoring
                        && symbols.IsTransform(scoring.TargetMethod)
                        && LocalDefinitions.ParameterOf(scoring.Instance, method, cancellationToken) is { } model
                        && LocalDefinitions.ParameterOf(ValidationBlockFlow.GetArgument(scoring, 0), method, cancellationToken) is { } data)
                    {
                        pairs.Add((model.Ordinal, data.Ordinal));
                    }
                }
                else if (!SymbolEqualityComparer.Default.Equals(ValueFlow.Definition(target), method))
                {
                    foreach (var inner in GetPairs(target, cancellationToken))
                    {
                        if (LocalDefinitions.ParameterOf(ValidationBlockFlow.GetArgument(invocation, inner.Model), method, cancellationToken) is { } model
                            && LocalDefinitions.ParameterOf(ValidationBlockFlow.GetArgument(invocation, inner.Data), method, cancellationToken) is { } data)
                        {
                            pairs.Add((model.Ordinal, data.Ordinal));
                        }
                    }
                }
            }

            return pairs.Count == 0 ? None : pairs.ToImmutableArray();
        }


    }
}
