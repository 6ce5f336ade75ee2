using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.Configuration;

/// <summary>
/// The analysis shared by MLOPS201, MLOPS202 and MLOPS203: find the sinks (ML loaders and savers, System.IO file
/// APIs, HTTP downloads), trace their location arguments back to literals, classify, filter, report once per
/// literal and sink.
/// </summary>
internal static class HardCodedLocationAnalysis
{
    public const string IncludeTestCodeOption = "include_test_code";
    public const string AllowedPathsOption = "allowed_paths";
    public const string AllowedUrlsOption = "allowed_urls";
    public const string DataFileExtensionsOption = "data_file_extensions";

    public static void RegisterCompilationStart(AnalysisContext context, DiagnosticDescriptor rule, LocationClass target)
    {
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = HardCodedLocationSymbols.TryCreate(start.Compilation);
            if (symbols is null)
            {
                return;
            }

            var isTestProject = TestCodeDetector.IsTestProject(start.Compilation, start.Options);
            var reported = new ConcurrentDictionary<string, byte>();
            start.RegisterOperationAction(
                operationContext => Analyze(operationContext, symbols, rule, target, isTestProject, reported),
                OperationKind.Invocation,
                OperationKind.ObjectCreation);
        });
    }

    private static void Analyze(
        OperationAnalysisContext context,
        HardCodedLocationSymbols symbols,
        DiagnosticDescriptor rule,
        LocationClass target,
        bool isTestProject,
        ConcurrentDictionary<string, byte> reported)
    {
        IMethodSymbol? method;
        ImmutableArray<IArgumentOperation> arguments;
        switch (context.Operation)
        {
            case IInvocationOperation invocation:
                method = invocation.TargetMethod;
                arguments = invocation.Arguments;
                break;
            case IObjectCreationOperation creation:
                method = creation.Constructor;
                arguments = creation.Arguments;
                break;
            default:
                return;
        }

        if (method is null || arguments.IsDefaultOrEmpty)
        {
            return;
        }

        var sink = symbols.GetSinkKind(method);
        if (sink == LocationSinkKind.None || (sink == LocationSinkKind.Http && target != LocationClass.Url))
        {
            return;
        }

        var tree = context.Operation.Syntax.SyntaxTree;
        if (isTestProject && !RuleOptions.GetBool(context.Options, tree, rule.Id, IncludeTestCodeOption, defaultValue: false))
        {
            return;
        }

        HardCodedLocationTracer? tracer = null;
        foreach (var argument in arguments)
        {
            var parameter = argument.Parameter;
            if (parameter is null || argument.Value is null || !symbols.IsLocationParameter(sink, parameter))
            {
                continue;
            }

            tracer ??= new HardCodedLocationTracer(symbols, context.Operation.SemanticModel, context.CancellationToken);
            if (argument.ArgumentKind == ArgumentKind.ParamArray || parameter.Type is IArrayTypeSymbol)
            {
                if (argument.Value is IArrayCreationOperation { Initializer: { } initializer })
                {
                    foreach (var element in initializer.ElementValues)
                    {
                        Check(context, tracer, rule, target, sink, method, arguments, element, argument, reported);
                    }
                }

                continue;
            }

            Check(context, tracer, rule, target, sink, method, arguments, argument.Value, argument, reported);
        }
    }

    private static void Check(
        OperationAnalysisContext context,
        HardCodedLocationTracer tracer,
        DiagnosticDescriptor rule,
        LocationClass target,
        LocationSinkKind sink,
        IMethodSymbol method,
        ImmutableArray<IArgumentOperation> arguments,
        IOperation value,
        IArgumentOperation argument,
        ConcurrentDictionary<string, byte> reported)
    {
        var location = HardCodedLocationClassifier.Classify(tracer.Trace(value));
        if (location.Kind != target)
        {
            return;
        }

        var tree = context.Operation.Syntax.SyntaxTree;
        switch (sink)
        {
            case LocationSinkKind.FileSystem:
                // In ML code System.IO also reads logs and settings: only data/model files count.
                if (location.LastText.Length == 0 || !HardCodedLocationClassifier.HasDataExtension(location.LastText, GetExtensions(context, tree, rule.Id)))
                {
                    return;
                }

                break;

            case LocationSinkKind.Http:
                if (!IsDataDownload(tracer, location, arguments, GetExtensions(context, tree, rule.Id)))
                {
                    return;
                }

                break;
        }

        var allowList = RuleOptions.GetList(
            context.Options,
            tree,
            rule.Id,
            target == LocationClass.Url ? AllowedUrlsOption : AllowedPathsOption);
        if (HardCodedLocationClassifier.IsAllowed(location.MatchText, allowList))
        {
            return;
        }

        var reportNode = location.Anchor is not null && location.Anchor.SyntaxTree == tree ? location.Anchor : argument.Value.Syntax;
        var sinkName = HardCodedLocationSymbols.GetSinkDisplayName(method);
        var span = reportNode.Span;
        if (!reported.TryAdd(tree.FilePath + "|" + span.Start + "|" + span.Length + "|" + sinkName, 0))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(rule, reportNode.GetLocation(), location.Display, sinkName));
    }

    /// <summary>
    /// An HTTP call fetches a data set or a model when the URL names a data/model file, points at a data host, or
    /// (WebClient.DownloadFile) is saved under a data/model file name. Calls to web APIs stay silent.
    /// </summary>
    private static bool IsDataDownload(
        HardCodedLocationTracer tracer,
        ClassifiedLocation location,
        ImmutableArray<IArgumentOperation> arguments,
        ImmutableArray<string> extensions)
    {
        if ((location.LastText.Length > 0 && HardCodedLocationClassifier.HasDataExtension(location.LastText, extensions))
            || HardCodedLocationClassifier.IsDataHost(location.Display))
        {
            return true;
        }

        foreach (var argument in arguments)
        {
            if (argument.Parameter is not null && argument.Value is not null && HardCodedLocationSymbols.IsDownloadDestinationParameter(argument.Parameter))
            {
                var destination = HardCodedLocationClassifier.TrailingText(tracer.Trace(argument.Value));
                if (destination.Length > 0 && HardCodedLocationClassifier.HasDataExtension(destination, extensions))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static ImmutableArray<string> GetExtensions(OperationAnalysisContext context, SyntaxTree tree, string ruleId)
    {
        var configured = RuleOptions.GetList(context.Options, tree, ruleId, DataFileExtensionsOption);
        return configured.IsDefaultOrEmpty ? HardCodedLocationClassifier.DefaultDataFileExtensions : configured;
    }
}
