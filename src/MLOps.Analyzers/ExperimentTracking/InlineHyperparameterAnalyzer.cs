using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.ExperimentTracking;

/// <summary>
/// MLOPS301: a numeric or boolean literal given to a hyperparameter of an ML.NET trainer (catalog factory
/// argument or trainer <c>Options</c> member) or of a TorchSharp optimizer / learning-rate scheduler.
/// <para>
/// Inline means: a literal, a constant expression made of literals (<c>1e-3 * 5</c>, <c>-1</c>), or a local
/// <c>const</c>. Not inline: anything computed or read at run time (method parameters, configuration,
/// <c>IOptions&lt;T&gt;.Value</c>, properties and fields, loop variables of a sweep, <c>Math.Pow(10, -3)</c>).
/// A <c>const</c> field is a named, shared constant and is only reported when
/// <c>mlops.MLOPS301.flag_const_fields = true</c>. Code inside a type listed in
/// <c>mlops.MLOPS301.tracked_types</c> (the place where the team keeps and logs its hyperparameters) is never reported.
/// </para>
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InlineHyperparameterAnalyzer : DiagnosticAnalyzer
{
    public const string TrackedTypesOption = "tracked_types";
    public const string FlagConstFieldsOption = "flag_const_fields";

    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.InlineHyperparameter,
        title: "Hyperparameter is hard-coded instead of coming from tracked configuration",
        messageFormat: "Hyperparameter '{0}' of {1} is hard-coded as {2}; read it from configuration that is logged with the training run (options class, config file, command line)",
        RuleCategories.ExperimentTracking,
        DiagnosticSeverity.Warning,
        description: "A hyperparameter written as a literal in training code is not recorded with the experiment: the run cannot be compared, "
            + "reproduced or tuned without editing and rebuilding code (configuration debt, Sculley et al. 2015). Read hyperparameters from "
            + "a configuration source that is versioned and logged with the model (IConfiguration, IOptions<T>, a record passed in, command-line "
            + "arguments), or list the type that holds them in 'mlops.MLOPS301.tracked_types'.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static compilationContext =>
        {
            var symbols = HyperparameterSymbols.Create(compilationContext.Compilation);
            if (symbols is null || TestCodeDetector.IsTestProject(compilationContext.Compilation, compilationContext.Options))
            {
                return;
            }

            if (symbols.HasMLNetTrainers || symbols.HasTorchOptim)
            {
                compilationContext.RegisterOperationAction(context => AnalyzeInvocation(context, symbols), OperationKind.Invocation);
            }

            if (symbols.HasTrainerOptions)
            {
                compilationContext.RegisterOperationAction(context => AnalyzeAssignment(context, symbols), OperationKind.SimpleAssignment);
            }
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
        if (kind == HyperparameterApiKind.None)
        {
            return;
        }

        TrackingOptions? options = null;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.Explicit)
            {
                continue;
            }

            var parameter = argument.Parameter;
            if (parameter is null
                || !HyperparameterSymbols.IsNumericOrBoolean(parameter.Type)
                || HyperparameterSymbols.IsExcludedName(parameter.Name)
                || !IsConstant(argument.Value))
            {
                continue;
            }

            options ??= TrackingOptions.Read(context);
            if (options.IsInTrackedType(context.ContainingSymbol) || !IsInline(argument.Value, options))
            {
                continue;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                argument.Syntax.GetLocation(),
                parameter.Name,
                DescribeApi(method, kind),
                argument.Value.Syntax.ToString()));
        }
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, HyperparameterSymbols symbols)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        IObjectCreationOperation? nestedObject = null;
        if (!IsConstant(assignment.Value))
        {
            // A nested option object built with literals: EarlyStoppingRule = new TolerantEarlyStoppingRule(0.01f).
            if (Unwrap(assignment.Value) is IObjectCreationOperation { Arguments.Length: > 0 } creation && HasConstantArgument(creation))
            {
                nestedObject = creation;
            }
            else
            {
                return;
            }
        }

        ISymbol? member;
        ITypeSymbol? memberType;
        IOperation? instance;
        switch (assignment.Target)
        {
            case IFieldReferenceOperation field:
                member = field.Field;
                memberType = field.Field?.Type;
                instance = field.Instance;
                break;
            case IPropertyReferenceOperation property:
                member = property.Property;
                memberType = property.Property?.Type;
                instance = property.Instance;
                break;
            default:
                return;
        }

        if (member is null || member.IsStatic)
        {
            return;
        }

        if (nestedObject is not null)
        {
            if (symbols.IsTrainerOptionsMember(member, instance?.Type))
            {
                AnalyzeNestedObject(context, nestedObject, member, instance?.Type as INamedTypeSymbol ?? member.ContainingType);
            }

            return;
        }

        if (!HyperparameterSymbols.IsNumericOrBoolean(memberType)
            || HyperparameterSymbols.IsExcludedName(member.Name)
            || !symbols.IsTrainerOptionsMember(member, instance?.Type))
        {
            return;
        }

        var options = TrackingOptions.Read(context);
        if (options.IsInTrackedType(context.ContainingSymbol) || !IsInline(assignment.Value, options))
        {
            return;
        }

        var optionsType = instance?.Type as INamedTypeSymbol ?? member.ContainingType;
        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            assignment.Syntax.GetLocation(),
            member.Name,
            "'" + ShortName(optionsType) + "'",
            assignment.Value.Syntax.ToString()));
    }

    /// <summary>
    /// The constructor arguments of a library object assigned to a member of a trainer options object (FastTree's
    /// early-stopping rules, <c>ImageClassificationTrainer.EarlyStopping</c>): they configure how the trainer learns.
    /// </summary>
    private static void AnalyzeNestedObject(OperationAnalysisContext context, IObjectCreationOperation creation, ISymbol member, INamedTypeSymbol? optionsType)
    {
        if (creation.Constructor is not { } constructor || constructor.DeclaringSyntaxReferences.Length > 0)
        {
            // The user's own type: its parameters are not the library's hyperparameter surface.
            return;
        }

        TrackingOptions? options = null;
        foreach (var argument in creation.Arguments)
        {
            var parameter = argument.Parameter;
            if (argument.ArgumentKind != ArgumentKind.Explicit
                || parameter is null
                || !HyperparameterSymbols.IsNumericOrBoolean(parameter.Type)
                || HyperparameterSymbols.IsExcludedName(parameter.Name)
                || !IsConstant(argument.Value))
            {
                continue;
            }

            options ??= TrackingOptions.Read(context);
            if (options.IsInTrackedType(context.ContainingSymbol) || !IsInline(argument.Value, options))
            {
                continue;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                argument.Syntax.GetLocation(),
                parameter.Name,
                "'" + ShortName(constructor.ContainingType) + "' in '" + ShortName(optionsType) + "." + member.Name + "'",
                argument.Value.Syntax.ToString()));
        }
    }

    private static bool HasConstantArgument(IObjectCreationOperation creation)
    {
        foreach (var argument in creation.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.Explicit && IsConstant(argument.Value))
            {
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

    /// <summary>
    /// Cheap first filter: a compile-time constant, looking through conversions (a conversion to <c>int?</c> or
    /// <c>float?</c>, as for SDCA's and LightGBM's nullable hyperparameters, is not itself constant).
    /// </summary>
    private static bool IsConstant(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation.ConstantValue.HasValue;
    }

    /// <summary>A literal, a constant expression of literals, a local const, or (when enabled) an untracked const field.</summary>
    private static bool IsInline(IOperation operation, TrackingOptions options)
    {
        switch (operation)
        {
            case ILiteralOperation literal:
                // 'null' for a nullable hyperparameter asks for the library default: nothing is hard-coded.
                return literal.ConstantValue is { HasValue: true, Value: not null };
            case IConversionOperation conversion:
                return IsInline(conversion.Operand, options);
            case IUnaryOperation unary:
                return IsInline(unary.Operand, options);
            case IBinaryOperation binary:
                return IsInline(binary.LeftOperand, options) && IsInline(binary.RightOperand, options);
            case ILocalReferenceOperation local:
                return local.Local is { IsConst: true };
            case IFieldReferenceOperation field:
                return field.Field is { IsConst: true } constField
                    && options.FlagConstFields
                    && !options.IsTracked(constField.ContainingType);
            default:
                return false;
        }
    }

    private static string DescribeApi(IMethodSymbol method, HyperparameterApiKind kind)
    {
        switch (kind)
        {
            case HyperparameterApiKind.TorchOptimizer:
                return "optimizer 'torch.optim." + method.Name + "'";
            case HyperparameterApiKind.TorchScheduler:
                return "scheduler 'torch.optim.lr_scheduler." + method.Name + "'";
            default:
                var catalog = HyperparameterSymbols.CatalogOf(method)?.Name ?? string.Empty;
                return "trainer '" + (catalog.Length > 0 ? catalog + "." : string.Empty) + method.Name + "'";
        }
    }

    private static string ShortName(INamedTypeSymbol? type)
    {
        if (type is null)
        {
            return string.Empty;
        }

        return type.ContainingType is { } outer ? outer.Name + "." + type.Name : type.Name;
    }

    /// <summary>The rule's .editorconfig options for the tree being analyzed (read only when a candidate is found).</summary>
    private sealed class TrackingOptions
    {
        private readonly ImmutableArray<string> _trackedTypes;

        private TrackingOptions(ImmutableArray<string> trackedTypes, bool flagConstFields)
        {
            _trackedTypes = trackedTypes;
            FlagConstFields = flagConstFields;
        }

        public bool FlagConstFields { get; }

        public static TrackingOptions Read(OperationAnalysisContext context)
        {
            var tree = context.Operation.Syntax.SyntaxTree;
            return new TrackingOptions(
                RuleOptions.GetList(context.Options, tree, RuleIdentifiers.InlineHyperparameter, TrackedTypesOption),
                RuleOptions.GetBool(context.Options, tree, RuleIdentifiers.InlineHyperparameter, FlagConstFieldsOption, defaultValue: false));
        }

        public bool IsInTrackedType(ISymbol? containingSymbol)
            => !_trackedTypes.IsEmpty && IsTracked(containingSymbol as INamedTypeSymbol ?? containingSymbol?.ContainingType);

        /// <summary>
        /// The type or one of its containing types is listed: by full name (<c>MyApp.TrainingConfig</c>) or, for an
        /// entry starting with '*', by the end of its simple name (<c>*Hyperparameters</c>).
        /// </summary>
        public bool IsTracked(INamedTypeSymbol? type)
        {
            if (_trackedTypes.IsEmpty)
            {
                return false;
            }

            for (var current = type; current is not null; current = current.ContainingType)
            {
                string? fullName = null;
                foreach (var entry in _trackedTypes)
                {
                    if (entry.Length > 1 && entry[0] == '*')
                    {
                        if (current.Name.EndsWith(entry.Substring(1), StringComparison.Ordinal))
                        {
                            return true;
                        }

                        continue;
                    }

                    fullName ??= current.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
                    if (string.Equals(fullName, entry, StringComparison.Ordinal)
                        || string.Equals("global::" + fullName, entry, StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
