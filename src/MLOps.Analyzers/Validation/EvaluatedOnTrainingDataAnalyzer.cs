using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.Validation;

/// <summary>
/// MLOPS402: a model is evaluated on the data it was trained on (or on a data set that contains it):
/// <c>var model = pipeline.Fit(split.TrainSet); ctx.Regression.Evaluate(model.Transform(split.TrainSet))</c>.
/// The data flow stays inside one operation block and follows only locals written once; a model that is
/// also evaluated on other data in the same block (training metrics next to test metrics) is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EvaluatedOnTrainingDataAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the split part the code fix puts in place of the flagged <c>split.TrainSet</c>.</summary>
    public const string ReplacementPartProperty = "ReplacementPart";

    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.EvaluatedOnTrainingData,
        title: "Model is evaluated on its training data",
        messageFormat: "The model is evaluated on '{0}', {1}: the metrics are optimistic (data leakage); evaluate it on data held out from training, such as the TestSet of a TrainTestSplit",
        category: RuleCategories.Validation,
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "Metrics computed on rows the model was trained on measure memorisation, not generalisation. "
                     + "Score the model on a held-out test set (TrainTestSplit's TestSet, a separate test file) or use CrossValidate.");

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

            ValidationBlockFlow.RegisterForBlocksThatFit(compilationContext, symbols, endContext => AnalyzeBlock(endContext, symbols));
        });
    }

    private static void AnalyzeBlock(OperationBlockAnalysisContext context, ValidationSymbols symbols)
    {
        var flow = new ValidationBlockFlow(symbols);
        List<IInvocationOperation>? evaluations = null;
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

        if (evaluations is not null)
        {
            Report(context, flow, evaluations);
        }
    }

    private static void Report(OperationBlockAnalysisContext context, ValidationBlockFlow flow, List<IInvocationOperation> evaluations)
    {
        var symbols = flow.Symbols;
        var leaks = new List<Leak>();
        HashSet<IInvocationOperation>? fitsEvaluatedElsewhere = null;

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
                leaks.Add(new Leak(fit, scoring, scoredData, evaluation, reason));
            }
        }

        HashSet<IInvocationOperation>? reported = null;
        foreach (var leak in leaks)
        {
            // Training metrics next to test metrics (to watch over-fitting) are deliberate: only a model whose
            // every evaluation in the block leaks is reported.
            if (fitsEvaluatedElsewhere?.Contains(leak.Fit) == true || !(reported ??= new HashSet<IInvocationOperation>()).Add(leak.Scoring))
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
                leak.Reason));
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
        public Leak(IInvocationOperation fit, IInvocationOperation scoring, IOperation scoredData, IInvocationOperation evaluation, string reason)
        {
            Fit = fit;
            Scoring = scoring;
            ScoredData = scoredData;
            Evaluation = evaluation;
            Reason = reason;
        }

        public IInvocationOperation Fit { get; }

        public IInvocationOperation Scoring { get; }

        public IOperation ScoredData { get; }

        public IInvocationOperation Evaluation { get; }

        public string Reason { get; }
    }
}
