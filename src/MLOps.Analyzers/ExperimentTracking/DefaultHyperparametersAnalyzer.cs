using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.ExperimentTracking;

/// <summary>
/// MLOPS302 (disabled by default): an ML.NET trainer or a TorchSharp optimizer created with every one of its
/// important hyperparameters left at the library default (the idea of Sonar's S6973 and dslinter's
/// "hyperparameter not explicitly set").
/// <para>
/// The important hyperparameters are a table of names (see <see cref="ImportantNames"/>) matched against the
/// parameters of the API that is actually called, so every trainer whose signature carries one of them is
/// covered: FastTree/FastForest/Gam/LightGbm (leaves, trees/iterations, learning rate, examples per leaf),
/// SDCA/L-BFGS/SGD/online linear trainers (regularization, iterations, learning rate), KMeans (clusters),
/// randomized PCA (rank), LD-SVM (tree depth), matrix factorization (approximation rank, iterations, learning rate),
/// the Microsoft.ML.TorchSharp trainers (epochs; learning rate and weight decay in their options), torch.optim
/// (lr, weight_decay, momentum). A call that passes an
/// <c>Options</c> object is reported only when that object is created in the call itself and its initializer
/// sets none of them (an options variable may be configured anywhere, so it is trusted).
/// </para>
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DefaultHyperparametersAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.DefaultHyperparameters,
        title: "Important hyperparameters are all left at library defaults",
        messageFormat: "{0} leaves all of its important hyperparameters ({1}) at the library defaults; set them explicitly, from tracked configuration, so the run records what it trained with",
        RuleCategories.ExperimentTracking,
        DiagnosticSeverity.Info,
        description: "Library defaults are rarely good for a given data set and can change between library versions; a model trained "
            + "with implicit defaults silently changes when the package is upgraded and its run log does not say which values were used. "
            + "Set the important hyperparameters explicitly (from configuration that is logged with the run).",
        isEnabledByDefault: false);

    /// <summary>Important hyperparameters, as ML.NET parameter names, ML.NET Options member names and TorchSharp parameter names.</summary>
    private static readonly HashSet<string> ImportantNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "numberOfLeaves",
        "numberOfTrees",
        "numberOfIterations",
        "maximumNumberOfIterations",
        "learningRate",
        "minimumExampleCountPerLeaf",
        "l1Regularization",
        "l2Regularization",
        "numberOfClusters",
        "rank",
        "treeDepth",
        "approximationRank",
        "maxEpochs",
        "maxEpoch",
        "weightDecay",
        "lr",
        "weight_decay",
        "momentum",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static compilationContext =>
        {
            var symbols = HyperparameterSymbols.Create(compilationContext.Compilation);
            if (symbols is null
                || !(symbols.HasMLNetTrainers || symbols.HasTorchOptim)
                || TestCodeDetector.IsTestProject(compilationContext.Compilation, compilationContext.Options))
            {
                return;
            }

            compilationContext.RegisterOperationAction(context => AnalyzeInvocation(context, symbols), OperationKind.Invocation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, HyperparameterSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method is null)
        {
            return;
        }

        var kind = symbols.Classify(method);
        if (kind is not (HyperparameterApiKind.MLNetTrainer or HyperparameterApiKind.TorchOptimizer))
        {
            return;
        }

        if (!HasImportantParameter(method))
        {
            // An overload without them: the Options overload (handled below through its argument) or a trainer
            // that has no important hyperparameter (NaiveBayes, Prior, OneVersusAll...).
            if (kind != HyperparameterApiKind.MLNetTrainer)
            {
                return;
            }
        }

        ITypeSymbol? defaultedOptionsType = null;
        foreach (var argument in invocation.Arguments)
        {
            var parameter = argument.Parameter;
            if (parameter is null)
            {
                // Half-typed code: we cannot tell which hyperparameters were given.
                return;
            }

            if (argument.ArgumentKind != ArgumentKind.Explicit)
            {
                continue;
            }

            if (argument.Value is IInvalidOperation || argument.Value.Type is IErrorTypeSymbol)
            {
                // Half-typed code: do not judge a call the user is still writing.
                return;
            }

            if (ImportantNames.Contains(parameter.Name))
            {
                return;
            }

            if (kind == HyperparameterApiKind.MLNetTrainer && symbols.IsTrainerOptionsType(parameter.Type))
            {
                var value = Unwrap(argument.Value);
                if (value is not IObjectCreationOperation creation || creation.Type is null || InitializerSetsImportantMember(creation))
                {
                    // An options object built elsewhere (configured anywhere) or one that sets a hyperparameter.
                    return;
                }

                defaultedOptionsType = creation.Type;
            }
        }

        string names;
        if (defaultedOptionsType is not null)
        {
            names = ImportantMembersOf(defaultedOptionsType);
        }
        else if (HasImportantParameter(method))
        {
            names = ImportantParametersOf(method);
        }
        else
        {
            return;
        }

        if (names.Length == 0)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, NameLocation(invocation), Describe(method, kind), names));
    }

    private static bool HasImportantParameter(IMethodSymbol method)
    {
        foreach (var parameter in method.Parameters)
        {
            if (ImportantNames.Contains(parameter.Name))
            {
                return true;
            }
        }

        return false;
    }

    private static string ImportantParametersOf(IMethodSymbol method)
    {
        var names = new List<string>();
        foreach (var parameter in method.Parameters)
        {
            if (ImportantNames.Contains(parameter.Name))
            {
                names.Add(parameter.Name);
            }
        }

        return string.Join(", ", names);
    }

    private static string ImportantMembersOf(ITypeSymbol type)
    {
        var names = new List<string>();
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is IFieldSymbol or IPropertySymbol
                    && !member.IsStatic
                    && member.DeclaredAccessibility == Accessibility.Public
                    && ImportantNames.Contains(member.Name)
                    && !names.Contains(member.Name))
                {
                    names.Add(member.Name);
                }
            }
        }

        return string.Join(", ", names);
    }

    private static bool InitializerSetsImportantMember(IObjectCreationOperation creation)
    {
        if (creation.Initializer is null)
        {
            return false;
        }

        foreach (var initializer in creation.Initializer.Initializers)
        {
            if (initializer is IAssignmentOperation assignment)
            {
                var name = assignment.Target switch
                {
                    IFieldReferenceOperation field => field.Field?.Name,
                    IPropertyReferenceOperation property => property.Property?.Name,
                    _ => null,
                };

                if (name is null || ImportantNames.Contains(name))
                {
                    // A hyperparameter is set, or the member is unresolved (half-typed code): do not report.
                    return true;
                }
            }
            else
            {
                // Anything else in the initializer (invalid code, nested initializers): do not guess.
                return true;
            }
        }

        return false;
    }

    private static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    private static string Describe(IMethodSymbol method, HyperparameterApiKind kind)
    {
        if (kind == HyperparameterApiKind.TorchOptimizer)
        {
            return "Optimizer 'torch.optim." + method.Name + "'";
        }

        var catalog = HyperparameterSymbols.CatalogOf(method)?.Name;
        return "Trainer '" + (string.IsNullOrEmpty(catalog) ? string.Empty : catalog + ".") + method.Name + "'";
    }

    private static Location NameLocation(IInvocationOperation invocation)
    {
        if (invocation.Syntax is InvocationExpressionSyntax syntax)
        {
            switch (syntax.Expression)
            {
                case MemberAccessExpressionSyntax memberAccess:
                    return memberAccess.Name.GetLocation();
                case MemberBindingExpressionSyntax memberBinding:
                    return memberBinding.Name.GetLocation();
                case SimpleNameSyntax name:
                    return name.GetLocation();
            }
        }

        return invocation.Syntax.GetLocation();
    }
}
