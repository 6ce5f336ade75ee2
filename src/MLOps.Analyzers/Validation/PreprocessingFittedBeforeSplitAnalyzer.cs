using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.Validation;

/// <summary>
/// MLOPS403: preprocessing that learns from its data (a normalizer, text featurization, mean imputation, PCA, feature
/// selection...) is fitted on the whole data set and applied to it, and that output is then split for training and
/// evaluation (<c>TrainTestSplit</c>, <c>CrossValidationSplit</c>, <c>CrossValidate</c>): statistics of the test rows
/// leak into the features the model is trained on. The estimator chain is followed through the block's data flow
/// (locals written once, <c>Append</c> calls); a chain with a trainer, or with a part that cannot be seen, is left alone.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PreprocessingFittedBeforeSplitAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.PreprocessingFittedBeforeSplit,
        title: "Preprocessing is fitted on all the data before the train/test split",
        messageFormat: "{0} learns from every row of '{1}', and its output is then split by {2}: test rows leak into the training features",
        category: RuleCategories.Validation,
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "A normalizer, an imputer, text featurization, PCA or feature selection fitted before the split computes its statistics "
                     + "(minimum and maximum, mean, vocabulary, principal components, selected features) from the test rows too. The model "
                     + "then sees information from its test set (data leakage) and the evaluation is optimistic. Split first (or cross-validate the whole "
                     + "pipeline) and fit the preprocessing together with the trainer on the training data only, as steps of the training pipeline.");

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
        List<IInvocationOperation>? splits = null;
        foreach (var block in context.OperationBlocks)
        {
            foreach (var operation in block.DescendantsAndSelf())
            {
                flow.Record(operation);
                if (operation is IInvocationOperation invocation && SplitName(invocation.TargetMethod, symbols) is not null)
                {
                    (splits ??= new List<IInvocationOperation>()).Add(invocation);
                }
            }
        }

        if (splits is null)
        {
            return;
        }

        HashSet<IInvocationOperation>? reported = null;
        foreach (var split in splits)
        {
            var data = ValidationBlockFlow.GetArgument(split, 0);
            if (data is null || PassThrough(flow, flow.Resolve(data), symbols) is not IInvocationOperation transform || !symbols.IsTransform(transform.TargetMethod))
            {
                continue;
            }

            var fit = flow.ResolveFit(transform.Instance);
            var transformed = ValidationBlockFlow.GetArgument(transform, 0);
            var fitted = fit is null ? null : ValidationBlockFlow.GetArgument(fit, 0);
            if (fit is null || transformed is null || fitted is null
                || !flow.KeyOf(fitted).SameAs(flow.KeyOf(transformed))
                || !(reported ??= new HashSet<IInvocationOperation>()).Add(fit))
            {
                continue;
            }

            var learner = FindLearningStep(flow, symbols, fit.Instance);
            if (learner is null)
            {
                continue;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                fit.Syntax.GetLocation(),
                additionalLocations: new[] { split.Syntax.GetLocation() },
                learner,
                fitted.Syntax.ToString(),
                SplitName(split.TargetMethod, symbols)));
        }
    }

    /// <summary><c>TrainTestSplit</c>, <c>CrossValidationSplit</c>, or a catalog's <c>CrossValidate</c>: the data is split for training and evaluation.</summary>
    private static string? SplitName(IMethodSymbol method, ValidationSymbols symbols)
    {
        switch (method.Name)
        {
            case "TrainTestSplit":
            case "CrossValidationSplit":
                return SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.DataOperations) ? method.Name : null;
            case "CrossValidate":
            case "CrossValidateNonCalibrated":
                return ValidationSymbols.IsEvaluation(method) ? method.Name : null;
            default:
                return null;
        }
    }

    /// <summary>Row operations that keep the columns (<c>ShuffleRows</c>, <c>FilterRowsByColumn</c>, <c>SkipRows</c>...) between the preprocessing and the split.</summary>
    private static IOperation PassThrough(ValidationBlockFlow flow, IOperation data, ValidationSymbols symbols)
    {
        for (var hops = 0; hops < 4; hops++)
        {
            if (data is IInvocationOperation invocation
                && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, symbols.DataOperations)
                && invocation.TargetMethod.Name is "ShuffleRows" or "FilterRowsByColumn" or "FilterRowsByMissingValues" or "SkipRows" or "TakeRows"
                && ValidationBlockFlow.GetArgument(invocation, 0) is { } input)
            {
                data = flow.Resolve(input);
                continue;
            }

            break;
        }

        return data;
    }

    /// <summary>
    /// The name of a step that learns from its data, when the estimator is a chain of known preprocessing steps with
    /// no trainer: null when the chain has a trainer, a part that cannot be seen (a parameter, a field, a helper's
    /// result), or only steps that learn nothing a test row could leak into (<c>Concatenate</c>, <c>MapValueToKey</c>...).
    /// </summary>
    private static string? FindLearningStep(ValidationBlockFlow flow, ValidationSymbols symbols, IOperation? estimator)
    {
        var steps = new List<IOperation>();
        if (estimator is null || !CollectSteps(flow, symbols, estimator, steps, depth: 0))
        {
            return null;
        }

        string? learner = null;
        foreach (var step in steps)
        {
            if (symbols.IsTrainerType(step.Type))
            {
                return null;
            }

            learner ??= LearningStepName(step);
        }

        return learner;
    }

    private static bool CollectSteps(ValidationBlockFlow flow, ValidationSymbols symbols, IOperation estimator, List<IOperation> steps, int depth)
    {
        if (depth > 32)
        {
            return false;
        }

        var resolved = flow.Resolve(estimator);
        if (resolved is IInvocationOperation { TargetMethod.Name: "Append" } append && append.Arguments.Length >= 1)
        {
            // chain.Append(next) (EstimatorChain) or estimator.Append(next) (extension: argument 0 is the receiver).
            var previous = append.Instance ?? ValidationBlockFlow.GetArgument(append, 0);
            var next = append.Instance is null ? ValidationBlockFlow.GetArgument(append, 1) : ValidationBlockFlow.GetArgument(append, 0);
            return previous is not null && next is not null
                   && CollectSteps(flow, symbols, previous, steps, depth + 1)
                   && CollectSteps(flow, symbols, next, steps, depth + 1);
        }

        if (resolved is IInvocationOperation { TargetMethod.Name: "AppendCacheCheckpoint" } checkpoint
            && (checkpoint.Instance ?? ValidationBlockFlow.GetArgument(checkpoint, 0)) is { } cached)
        {
            return CollectSteps(flow, symbols, cached, steps, depth + 1);
        }

        // A step made by a catalog (mlContext.Transforms.NormalizeMinMax(...)) or constructed: its type tells what it is.
        if (resolved is IInvocationOperation or IObjectCreationOperation
            && resolved.Type is INamedTypeSymbol { TypeKind: TypeKind.Class } type
            && IsInMicrosoftML(type.ContainingNamespace))
        {
            steps.Add(resolved);
            return true;
        }

        return false;
    }

    /// <summary>What a preprocessing step is called in the message when it learns statistics from the data it is fitted on.</summary>
    private static string? LearningStepName(IOperation step)
    {
        var name = step.Type?.Name;
        var method = (step as IInvocationOperation)?.TargetMethod.Name;
        switch (name)
        {
            case "NormalizingEstimator":
            case "TextFeaturizingEstimator":
            case "PrincipalComponentAnalyzer":
            case "WordBagEstimator":
            case "NgramExtractingEstimator":
            case "LatentDirichletAllocationEstimator":
            case "CountFeatureSelectingEstimator":
            case "MutualInformationFeatureSelectingEstimator":
                return method ?? name;
            case "MissingValueReplacingEstimator":
                // The default replacement is default(T), which learns nothing; Mean, Minimum, Maximum and Mode do.
                return step is IInvocationOperation invocation && ReplacesFromData(invocation) ? invocation.TargetMethod.Name : null;
            default:
                return null;
        }
    }

    private static bool ReplacesFromData(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { Name: "replacementMode" }
                && argument.ArgumentKind != ArgumentKind.DefaultValue
                && argument.Value.ConstantValue is { HasValue: true, Value: not null and not 0 })
            {
                return true;
            }
        }

        return false;
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
}
