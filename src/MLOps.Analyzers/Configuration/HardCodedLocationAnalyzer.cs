using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Flow;

namespace MLOps.Analyzers.Configuration;

/// <summary>
/// MLOPS201, MLOPS202 and MLOPS203 in one pass: a data or model location written in the code (an absolute path, a
/// relative path, a data set or model URL) reaches an ML loader or saver, a System.IO data file API or an HTTP
/// download, directly or through the compilation's own helpers, constructors and fields (the shared
/// <see cref="ValueFlow"/>). Each written location is reported once, on the literal to change, naming every sink it
/// reaches, with the other literals that build it as additional locations.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardCodedLocationAnalyzer : DiagnosticAnalyzer
{
    public const string IncludeTestCodeOption = "include_test_code";
    public const string AllowedPathsOption = "allowed_paths";
    public const string AllowedUrlsOption = "allowed_urls";
    public const string DataFileExtensionsOption = "data_file_extensions";

    /// <summary>MLOPS201: an absolute path (C:\..., \\server\share, /data/..., ~/..., the user's folders).</summary>
    internal static readonly DiagnosticDescriptor AbsolutePathRule = RuleDescriptors.Create(
        RuleIdentifiers.HardCodedAbsolutePath,
        title: "Do not hard-code absolute paths to data or models",
        messageFormat: "The absolute path '{0}' reaches {1}: it only exists on one machine",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "An absolute data or model path written in the code (a drive letter, a UNC share, a rooted Unix path or the home directory) ties training and serving to one machine's file system: the pipeline cannot run on a build server, in a container or on a colleague's machine, and changing the data set means changing code. Pass the location in from configuration instead (appsettings, a command-line argument or an environment variable).",
        isEnabledByDefault: true,
        RuleDescriptors.MinimumTag);

    /// <summary>MLOPS202: a relative path ("../../../Data/ratings.csv", "model.zip").</summary>
    internal static readonly DiagnosticDescriptor RelativePathRule = RuleDescriptors.Create(
        RuleIdentifiers.HardCodedRelativePath,
        title: "Do not hard-code relative paths to data or models",
        messageFormat: "The relative path '{0}' reaches {1}: it depends on the working directory or the repository layout",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "A relative data or model path written in the code resolves against the process's working directory (which differs between the IDE, dotnet run, tests and services) or climbs out of the application directory into the source tree ('../../../Data'). The run then reads a different file, or none, depending on where it is started, and changing the data set means changing code. Pass the location in from configuration, or ship the file with the application and resolve it from AppContext.BaseDirectory.");

    /// <summary>MLOPS203: the URL of a data set or model downloaded at run time.</summary>
    internal static readonly DiagnosticDescriptor DatasetUrlRule = RuleDescriptors.Create(
        RuleIdentifiers.HardCodedDatasetUrl,
        title: "Do not download data sets or models from hard-coded URLs",
        messageFormat: "The data set or model URL '{0}' is fetched at run time by {1}",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "A data set or model downloaded at run time from a URL written in the code can change or disappear without any change to the code: training stops being reproducible and the model in production can differ from the one that was evaluated. Read the URL from configuration, pin a versioned artifact and verify its checksum, or version the data with the code (a data versioning tool).");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(AbsolutePathRule, RelativePathRule, DatasetUrlRule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = HardCodedLocationSymbols.TryCreate(start.Compilation);
            if (symbols is null)
            {
                return;
            }

            var analysis = new Analysis(
                new HardCodedLocationFlow(symbols, ValueFlow.For(start.Compilation)),
                TestCodeDetector.IsTestProject(start.Compilation, start.Options));

            // Findings are collected per type and reported when the type is done, so that a literal reaching several
            // sinks (a model path saved in Train and loaded in Predict) gives one diagnostic naming all of them.
            start.RegisterSymbolStartAction(
                typeStart =>
                {
                    var findings = new Findings();
                    typeStart.RegisterOperationAction(
                        operationContext => analysis.Collect(operationContext, findings),
                        OperationKind.Invocation,
                        OperationKind.ObjectCreation);
                    typeStart.RegisterSymbolEndAction(endContext => analysis.Report(endContext, findings));
                },
                SymbolKind.NamedType);
        });
    }

    private readonly struct Finding
    {
        public Finding(DiagnosticDescriptor rule, Location location, ImmutableArray<Location> additional, string display, string sinkName)
        {
            Rule = rule;
            Location = location;
            Additional = additional;
            Display = display;
            SinkName = sinkName;
        }

        public DiagnosticDescriptor Rule { get; }

        public Location Location { get; }

        public ImmutableArray<Location> Additional { get; }

        public string Display { get; }

        public string SinkName { get; }
    }

    /// <summary>
    /// The findings of one type, added from concurrent operation callbacks. Most types have none: the list is created
    /// on the first finding (a ConcurrentBag per type cost more to create than the types' findings to collect).
    /// </summary>
    private sealed class Findings
    {
        private readonly object gate = new();
        private List<Finding>? items;

        public void Add(Finding finding)
        {
            lock (gate)
            {
                (items ??= new List<Finding>()).Add(finding);
            }
        }

        public List<Finding>? ToList()
        {
            lock (gate)
            {
                return items is null ? null : new List<Finding>(items);
            }
        }
    }

    private sealed class Analysis
    {
        private readonly HardCodedLocationFlow flow;
        private readonly bool isTestProject;
        private readonly ConcurrentDictionary<(string Id, Location Location), byte> reported = new();
        private readonly ModelBuilderGeneratedCode.Cache modelBuilderFiles = new();

        public Analysis(HardCodedLocationFlow flow, bool isTestProject)
        {
            this.flow = flow;
            this.isTestProject = isTestProject;
        }

        public void Collect(OperationAnalysisContext context, Findings findings)
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

            var role = flow.GetRole(method);
            if (role.Sink != LocationSinkKind.None)
            {
                CollectSink(context, findings, method, role, arguments);
            }
            else if (role.CanReceiveLocation)
            {
                CollectCall(context, findings, method, arguments);
            }
        }

        /// <summary>A sink called here: its location arguments are traced from here.</summary>
        private void CollectSink(OperationAnalysisContext context, Findings findings, IMethodSymbol method, MethodRole role, ImmutableArray<IArgumentOperation> arguments)
        {
            var sink = role.Sink;
            HardCodedLocationTracer? tracer = null;
            List<LocationPart>? destination = null;
            foreach (var argument in arguments)
            {
                var parameter = argument.Parameter;
                if (parameter is null || argument.Value is null || !role.IsLocationParameter(parameter))
                {
                    continue;
                }

                tracer ??= new HardCodedLocationTracer(flow.Symbols, flow.Flow, context.CancellationToken);
                if (sink == LocationSinkKind.Http && destination is null)
                {
                    destination = HardCodedLocationFlow.DestinationOf(arguments, tracer);
                }

                if (argument.ArgumentKind == ArgumentKind.ParamArray || parameter.Type is IArrayTypeSymbol)
                {
                    if (argument.Value is IArrayCreationOperation { Initializer: { } initializer })
                    {
                        foreach (var element in initializer.ElementValues)
                        {
                            Add(context, findings, tracer.Trace(element), sink, destination, HardCodedLocationSymbols.GetSinkDisplayName(method), element.Syntax);
                        }
                    }

                    continue;
                }

                var value = LocalDefinitions.ValueOf(argument, flow.Flow, context.CancellationToken) ?? argument.Value;
                var traced = tracer.Trace(value);
                Add(context, findings, traced, sink, destination, HardCodedLocationSymbols.GetSinkDisplayName(method), argument.Value.Syntax);
                AddConstructorDefaults(context, findings, traced, sink, destination, HardCodedLocationSymbols.GetSinkDisplayName(method), argument.Value.Syntax, tracer);
            }
        }

        /// <summary>
        /// A member the type's constructors set in different ways (<c>this.modelPath = "model.zip";</c> in one,
        /// <c>this.modelPath = modelPath;</c> in another) stays a member in the traced value; the constructors that set it
        /// from their parameters pass it on to their callers (the summaries), and each constructor that writes the
        /// location itself is reported here, on its literal.
        /// </summary>
        private void AddConstructorDefaults(
            OperationAnalysisContext context,
            Findings findings,
            List<LocationPart> traced,
            LocationSinkKind sink,
            List<LocationPart>? destination,
            string sinkName,
            SyntaxNode fallback,
            HardCodedLocationTracer tracer)
        {
            if (context.ContainingSymbol.ContainingType is not { } type || !HardCodedLocationFlow.HasMemberOf(traced, type))
            {
                return;
            }

            foreach (var constructor in type.InstanceConstructors)
            {
                if (constructor.IsImplicitlyDeclared)
                {
                    continue;
                }

                var value = flow.SubstituteMembers(traced, constructor, tracer, context.CancellationToken);
                if (HardCodedLocationFlow.DependsOn(value, constructor))
                {
                    continue;
                }

                var target = destination is null ? null : flow.SubstituteMembers(destination, constructor, tracer, context.CancellationToken);
                Add(context, findings, value, sink, target, sinkName + " (set by the " + type.Name + " constructor)", fallback);
            }
        }

        /// <summary>A call to the compilation's own code whose parameters reach sinks: the arguments are traced from here.</summary>
        private void CollectCall(OperationAnalysisContext context, Findings findings, IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments)
        {
            // The cheap test first: the callee's summary (its body analysed, and its callees') is needed only when this
            // call passes text written in the code or a well-known root; a finding is reported here only then.
            var tracer = new HardCodedLocationTracer(flow.Symbols, flow.Flow, context.CancellationToken);
            if (!HardCodedLocationFlow.MayCarryLocation(arguments, tracer, flow.Flow, symbolsCount: false, context.CancellationToken))
            {
                return;
            }

            var uses = flow.GetParameterUses(method, context.CancellationToken);
            if (uses.IsEmpty)
            {
                return;
            }

            var through = " (through " + ValueFlow.DisplayName(method) + ")";
            foreach (var use in uses)
            {
                var value = HardCodedLocationFlow.Substitute(use.Value, method, arguments, tracer, flow.Flow, markCallSite: true, context.CancellationToken);
                var destination = use.Destination is null
                    ? null
                    : HardCodedLocationFlow.Substitute(use.Destination, method, arguments, tracer, flow.Flow, markCallSite: true, context.CancellationToken);
                var sinkName = use.SinkName.IndexOf(" (through ", System.StringComparison.Ordinal) >= 0 ? use.SinkName : use.SinkName + through;
                Add(context, findings, value, use.Sink, destination, sinkName, context.Operation.Syntax);
            }
        }

        private void Add(
            OperationAnalysisContext context,
            Findings findings,
            List<LocationPart> value,
            LocationSinkKind sink,
            List<LocationPart>? destination,
            string sinkName,
            SyntaxNode fallback)
        {
            var tree = context.Operation.Syntax.SyntaxTree;
            var options = context.Options;
            var location = HardCodedLocationDecision.Classify(value, sink, destination, kind => Extensions(options, tree, RuleFor(kind).Id));
            if (location.Kind == LocationClass.None)
            {
                return;
            }

            var rule = RuleFor(location.Kind);
            if (isTestProject && !RuleOptions.GetBool(options, tree, rule.Id, IncludeTestCodeOption, defaultValue: false))
            {
                return;
            }

            // ML.NET Model Builder's generated files are analysed by default: a path that depends on the working
            // directory breaks the deployed app whoever wrote it (analyze_model_builder_code = false opts out).
            if (modelBuilderFiles.IsSkipped(options, tree, rule.Id, analyzeByDefault: true))
            {
                return;
            }

            var allowList = RuleOptions.GetList(options, tree, rule.Id, location.Kind == LocationClass.Url ? AllowedUrlsOption : AllowedPathsOption);
            if (HardCodedLocationClassifier.IsAllowed(location.MatchText, allowList))
            {
                return;
            }

            // Reported on the literal to change: the one the call site brings into a followed helper, else the root
            // of the value (as written in this file), else the argument or call here.
            SyntaxNode? primary = null;
            foreach (var part in value)
            {
                if (part.FromCallSite && part.Kind == LocationPartKind.Text && part.Literal?.SyntaxTree == tree)
                {
                    primary = part.Literal;
                    break;
                }
            }

            primary ??= location.Anchor is not null && location.Anchor.SyntaxTree == tree ? location.Anchor : fallback;
            var additional = ImmutableArray.CreateBuilder<Location>();
            var seen = new HashSet<SyntaxNode> { primary };
            foreach (var part in value)
            {
                if (part.Kind == LocationPartKind.Text && part.Literal is { } literal && seen.Add(literal) && !primary.Span.Contains(literal.Span)
                    && flow.Flow.Compilation.ContainsSyntaxTree(literal.SyntaxTree))
                {
                    additional.Add(literal.GetLocation());
                }
            }

            findings.Add(new Finding(rule, primary.GetLocation(), additional.ToImmutable(), location.Display, sinkName));
        }

        public void Report(SymbolAnalysisContext context, Findings findings)
        {
            var all = findings.ToList();
            if (all is null)
            {
                return;
            }

            foreach (var group in all.GroupBy(f => (f.Rule.Id, f.Location)))
            {
                if (!reported.TryAdd(group.Key, 0))
                {
                    continue;
                }

                var ordered = group.OrderBy(f => f.SinkName, System.StringComparer.Ordinal).ThenBy(f => f.Display, System.StringComparer.Ordinal).ToList();
                var sinks = ordered.Select(f => f.SinkName).Distinct().ToList();
                var additional = ordered.SelectMany(f => f.Additional).Distinct()
                    .OrderBy(l => l.SourceTree?.FilePath, System.StringComparer.Ordinal).ThenBy(l => l.SourceSpan.Start);
                context.ReportDiagnostic(Diagnostic.Create(ordered[0].Rule, group.Key.Location, additional, ordered[0].Display, JoinSinks(sinks)));
            }
        }

        private static string JoinSinks(List<string> sinks)
            => sinks.Count switch
            {
                1 => sinks[0],
                2 => sinks[0] + " and " + sinks[1],
                _ => string.Join(", ", sinks.Take(sinks.Count - 1)) + " and " + sinks[sinks.Count - 1],
            };



        private static ImmutableArray<string> Extensions(AnalyzerOptions options, SyntaxTree tree, string ruleId)
        {
            var configured = RuleOptions.GetList(options, tree, ruleId, DataFileExtensionsOption);
            return configured.IsDefaultOrEmpty ? HardCodedLocationClassifier.DefaultDataFileExtensions : configured;
        }

        private static DiagnosticDescriptor RuleFor(LocationClass kind)
            => kind switch
            {
                LocationClass.Absolute => AbsolutePathRule,
                LocationClass.Relative => RelativePathRule,
                _ => DatasetUrlRule,
            };
    }
}
