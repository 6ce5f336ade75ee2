using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using MLOps.Analyzers.CodeFixes;
using MLOps.Analyzers.Tests.Verifiers;

namespace MLOps.Analyzers.Tests.Robustness;

/// <summary>Something that threw while analyzing or fixing one mutated source.</summary>
internal sealed record RobustnessFailure(string Stage, string Component, CorpusSource Source, SourceMutation Mutation, string Exception)
{
    /// <summary>Failures with the same component, exception type and throwing frame are one bug.</summary>
    public string BugKey
    {
        get
        {
            var lines = Exception.Split('\n');
            var frame = lines.FirstOrDefault(l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal))?.Trim() ?? string.Empty;
            return Stage + "|" + Component + "|" + lines[0].Split(':')[0].Trim() + "|" + frame;
        }
    }
}

/// <summary>A diagnostic one code fix provider supports, found in one mutated source.</summary>
internal sealed record FixCase(CorpusSource Source, SourceMutation Mutation, ImmutableArray<Diagnostic> Diagnostics);

/// <summary>The outcome of analyzing every mutation of every corpus source with every analyzer.</summary>
internal sealed record AnalysisRun(
    int Variants,
    ImmutableArray<RobustnessFailure> Failures,
    ImmutableHashSet<string> ReportedIds,
    ImmutableArray<FixCase> FixCases);

/// <summary>The outcome of running every code fix provider on every fixable diagnostic.</summary>
internal sealed record CodeFixRun(
    int ContextsRun,
    int ActionsApplied,
    int FixAllRuns,
    ImmutableArray<RobustnessFailure> Failures,
    ImmutableHashSet<string> ProvidersThatRegistered,
    ImmutableHashSet<string> ProvidersWhoseFixAllRan);

/// <summary>
/// Runs ALL analyzers of MLOps.Analyzers and ALL code fix providers of MLOps.Analyzers.CodeFixes (found by
/// reflection) on mutated corpus sources, with every rule enabled and the options that widen code paths turned on.
/// Compilations derive from one base compilation per output kind, so the metadata references load once.
/// </summary>
internal static class RobustnessHarness
{
    /// <summary>One analysis of one small source takes milliseconds; this much means it will never end.</summary>
    private static readonly TimeSpan HangLimit = TimeSpan.FromMinutes(2);

    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    /// <summary>Options that take the analyzers down their optional paths (test projects included, returned models, ...).</summary>
    public static readonly ImmutableDictionary<string, string> AnalyzerConfig = new Dictionary<string, string>
    {
        ["mlops.include_test_code"] = "true",
        ["mlops.include_returned_models"] = "true",
        ["mlops.flag_const_fields"] = "true",
        ["mlops.tracked_types"] = "*Options;*Config;*Settings;*Hyperparameters;Program",
        ["mlops.allowed_paths"] = "/srv/allowed/*;C:\\allowed\\*",
        ["mlops.allowed_urls"] = "https://allowed.example.org/*",
    }.ToImmutableDictionary(StringComparer.Ordinal);

    /// <summary>Every concrete analyzer the MLOps.Analyzers assembly exports, so a new rule is covered without editing this file.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = Discover<DiagnosticAnalyzer>(
        typeof(RuleIdentifiers).Assembly,
        type => type.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null);

    /// <summary>
    /// What runs: every exported analyzer, plus MLOPS104 as it will behave once TorchSharp implements
    /// torch.use_deterministic_algorithms (the shipped rule stays silent against TorchSharp 0.107, so its
    /// logic would otherwise never run here).
    /// </summary>
    public static ImmutableArray<DiagnosticAnalyzer> AnalyzersToRun { get; } = Analyzers.Add(
        new global::MLOps.Analyzers.Reproducibility.TorchNondeterministicAlgorithmsAnalyzer(requireImplementedApi: false));

    public static ImmutableArray<CodeFixProvider> CodeFixProviders { get; } = Discover<CodeFixProvider>(
        typeof(CodeFixAssemblyMarker).Assembly,
        type => type.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null);

    private static readonly Lazy<AnalysisRun> LazyAnalysis = new(RunAnalyzers);
    private static readonly Lazy<CodeFixRun> LazyCodeFixes = new(() => RunCodeFixes(LazyAnalysis.Value));

    public static AnalysisRun Analysis => LazyAnalysis.Value;

    public static CodeFixRun CodeFixes => LazyCodeFixes.Value;

    private static ImmutableArray<T> Discover<T>(Assembly assembly, Func<Type, bool> isExported)
        => assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(T).IsAssignableFrom(t) && isExported(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (T)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    /// <summary>As the testing library compiles the analyzer tests (nullable context off unless a source turns it on), every rule on.</summary>
    private static CSharpCompilationOptions CompilationOptions(OutputKind kind)
        => new CSharpCompilationOptions(kind, allowUnsafe: true)
            .WithSpecificDiagnosticOptions(Analyzers
                .SelectMany(a => a.SupportedDiagnostics)
                .Select(d => d.Id)
                .Distinct(StringComparer.Ordinal)
                .Select(id => new KeyValuePair<string, ReportDiagnostic>(id, ReportDiagnostic.Warn)));

    private static AnalysisRun RunAnalyzers()
    {
        var library = CSharpCompilation.Create("FuzzLibrary", references: TestReferences.All, options: CompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var executable = CSharpCompilation.Create("FuzzProgram", references: TestReferences.All, options: CompilationOptions(OutputKind.ConsoleApplication));

        // Bind the references once, before the parallel runs share them.
        _ = library.GetTypeByMetadataName("Microsoft.ML.MLContext");
        _ = executable.GetTypeByMetadataName("Microsoft.ML.MLContext");

        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new FixedOptionsProvider(AnalyzerConfig));
        var fixableIds = CodeFixProviders.SelectMany(p => p.FixableDiagnosticIds).ToImmutableHashSet(StringComparer.Ordinal);

        var work = new List<(CorpusSource Source, SourceMutation Mutation, CSharpCompilation Base)>();
        var seenTexts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in RobustnessCorpus.Sources)
        {
            var baseCompilation = source.IsExecutable ? executable : library;
            if (!source.Context.IsEmpty)
            {
                baseCompilation = baseCompilation.AddSyntaxTrees(source.Context.Select((text, i) => CSharpSyntaxTree.ParseText(text, ParseOptions, $"/context/File{i}.cs")));
            }

            foreach (var mutation in SourceMutations.Create(source.Text, source.Id))
            {
                // Sources sharing a prelude produce the same prefixes: analyze each text once.
                if (source.Context.IsEmpty && !seenTexts.Add((source.IsExecutable ? "exe|" : "lib|") + mutation.Text))
                {
                    continue;
                }

                work.Add((source, mutation, baseCompilation));
            }
        }

        var failures = new ConcurrentBag<(int Order, RobustnessFailure Failure)>();
        var reported = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        var fixCases = new ConcurrentBag<(int Order, FixCase Case)>();
        Parallel.For(0, work.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, index =>
        {
            var (source, mutation, baseCompilation) = work[index];
            var tree = CSharpSyntaxTree.ParseText(mutation.Text, ParseOptions, "/fuzz/Mutated.cs");
            var compilation = baseCompilation.AddSyntaxTrees(tree);
            var exceptions = new ConcurrentBag<(DiagnosticAnalyzer Analyzer, Exception Exception)>();
            var withAnalyzers = compilation.WithAnalyzers(
                AnalyzersToRun,
                new CompilationWithAnalyzersOptions(
                    options,
                    onAnalyzerException: (exception, analyzer, _) => exceptions.Add((analyzer, exception)),
                    concurrentAnalysis: false,
                    logAnalyzerExecutionTime: false,
                    reportSuppressedDiagnostics: false));

            ImmutableArray<Diagnostic> diagnostics;
            using var hang = new CancellationTokenSource(HangLimit);
            try
            {
                diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync(hang.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (hang.IsCancellationRequested)
            {
                // Bounded time: an analyzer that loops on half-typed code fails the test instead of hanging it.
                failures.Add((index, new RobustnessFailure("analysis", "CompilationWithAnalyzers", source, mutation, $"did not finish within {HangLimit.TotalSeconds:0} s (a hang, or work that grows without bound)")));
                return;
            }
            catch (Exception exception)
            {
                failures.Add((index, new RobustnessFailure("analysis", "CompilationWithAnalyzers", source, mutation, exception.ToString())));
                return;
            }

            foreach (var (analyzer, exception) in exceptions)
            {
                failures.Add((index, new RobustnessFailure("analysis", analyzer.GetType().Name, source, mutation, exception.ToString())));
            }

            foreach (var diagnostic in diagnostics.Where(d => d.Id == "AD0001"))
            {
                failures.Add((index, new RobustnessFailure("analysis", "AD0001", source, mutation, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture))));
            }

            foreach (var diagnostic in diagnostics)
            {
                reported.TryAdd(diagnostic.Id, 0);
            }

            var fixable = diagnostics.Where(d => fixableIds.Contains(d.Id) && d.Location.SourceTree == tree).ToImmutableArray();
            if (!fixable.IsEmpty)
            {
                fixCases.Add((index, new FixCase(source, mutation, fixable)));
            }
        });

        return new AnalysisRun(
            work.Count,
            failures.OrderBy(f => f.Order).Select(f => f.Failure).ToImmutableArray(),
            reported.Keys.ToImmutableHashSet(StringComparer.Ordinal),
            fixCases.OrderBy(f => f.Order).Select(f => f.Case).ToImmutableArray());
    }

    private static CodeFixRun RunCodeFixes(AnalysisRun analysis)
    {
        using var workspace = new AdhocWorkspace();
        var projects = new Dictionary<OutputKind, Project>();
        foreach (var kind in new[] { OutputKind.DynamicallyLinkedLibrary, OutputKind.ConsoleApplication })
        {
            var info = ProjectInfo.Create(
                ProjectId.CreateNewId(),
                VersionStamp.Default,
                "Fuzz" + kind,
                "Fuzz" + kind,
                LanguageNames.CSharp,
                compilationOptions: CompilationOptions(kind),
                parseOptions: ParseOptions,
                metadataReferences: TestReferences.All);
            var project = workspace.CurrentSolution.AddProject(info).GetProject(info.Id)!;
            _ = project.GetCompilationAsync().GetAwaiter().GetResult()!.GetTypeByMetadataName("Microsoft.ML.MLContext");
            projects[kind] = project;
        }

        var failures = new ConcurrentBag<(int Order, RobustnessFailure Failure)>();
        var registered = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        var fixAllRan = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        var contexts = 0;
        var actions = 0;
        var fixAlls = 0;
        Parallel.For(0, analysis.FixCases.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, index =>
        {
            var fixCase = analysis.FixCases[index];
            var project = projects[fixCase.Source.IsExecutable ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary];
            var solution = project.Solution;
            for (var i = 0; i < fixCase.Source.Context.Length; i++)
            {
                solution = solution.AddDocument(DocumentId.CreateNewId(project.Id), $"Context{i}.cs", SourceText.From(fixCase.Source.Context[i]), filePath: $"/context/File{i}.cs");
            }

            var documentId = DocumentId.CreateNewId(project.Id);
            solution = solution.AddDocument(documentId, "Mutated.cs", SourceText.From(fixCase.Mutation.Text), filePath: "/fuzz/Mutated.cs");
            var document = solution.GetDocument(documentId)!;

            foreach (var provider in CodeFixProviders)
            {
                var name = provider.GetType().Name;
                Diagnostic? current = null;
                try
                {
                    var tree = document.GetSyntaxTreeAsync().GetAwaiter().GetResult()!;
                    var diagnostics = fixCase.Diagnostics
                        .Where(d => provider.FixableDiagnosticIds.Contains(d.Id))
                        .Select(d => Relocate(d, tree))
                        .ToImmutableArray();
                    var fixAllKeys = new HashSet<string?>();
                    foreach (var diagnostic in diagnostics)
                    {
                        current = diagnostic;
                        var offered = new List<CodeAction>();
                        var context = new CodeFixContext(document, diagnostic, (action, _) => offered.Add(action), CancellationToken.None);
                        Interlocked.Increment(ref contexts);
                        provider.RegisterCodeFixesAsync(context).GetAwaiter().GetResult();
                        foreach (var action in offered)
                        {
                            registered.TryAdd(name, 0);
                            Apply(action, documentId);
                            Interlocked.Increment(ref actions);

                            // Fix all in the document, once per kind of fix the provider offered here.
                            var fixAll = provider.GetFixAllProvider();
                            if (fixAll is not null && fixAllKeys.Add(action.EquivalenceKey))
                            {
                                var fixAllContext = new FixAllContext(
                                    document,
                                    provider,
                                    FixAllScope.Document,
                                    action.EquivalenceKey,
                                    provider.FixableDiagnosticIds,
                                    new FixedDiagnosticProvider(document, diagnostics),
                                    CancellationToken.None);
                                var fixAllAction = fixAll.GetFixAsync(fixAllContext).GetAwaiter().GetResult();
                                if (fixAllAction is not null)
                                {
                                    Apply(fixAllAction, documentId);
                                }

                                fixAllRan.TryAdd(name, 0);
                                Interlocked.Increment(ref fixAlls);
                            }
                        }
                    }
                }
                catch (Exception exception)
                {
                    var fixing = current is null ? string.Empty : $"{Environment.NewLine}(while fixing {current.Id} at {current.Location.SourceSpan})";
                    failures.Add((index, new RobustnessFailure("code fix", name, fixCase.Source, fixCase.Mutation, exception + fixing)));
                }
            }
        });

        return new CodeFixRun(
            contexts,
            actions,
            fixAlls,
            failures.OrderBy(f => f.Order).Select(f => f.Failure).ToImmutableArray(),
            registered.Keys.ToImmutableHashSet(StringComparer.Ordinal),
            fixAllRan.Keys.ToImmutableHashSet(StringComparer.Ordinal));
    }

    /// <summary>Runs the action's operations and reads the text of every document it changes.</summary>
    private static void Apply(CodeAction action, DocumentId documentId)
    {
        foreach (var operation in action.GetOperationsAsync(CancellationToken.None).GetAwaiter().GetResult())
        {
            if (operation is ApplyChangesOperation apply)
            {
                var changed = apply.ChangedSolution.GetDocument(documentId)
                    ?? throw new InvalidOperationException($"The code action '{action.Title}' removed the document it fixes.");
                _ = changed.GetTextAsync().GetAwaiter().GetResult().ToString();
                _ = changed.GetSyntaxRootAsync().GetAwaiter().GetResult();
            }
        }
    }

    /// <summary>The same diagnostic, located in the workspace document's tree (same text, same parse options).</summary>
    private static Diagnostic Relocate(Diagnostic diagnostic, SyntaxTree tree)
    {
        Location Map(Location location)
            => location.IsInSource && location.SourceTree!.FilePath == tree.FilePath ? Location.Create(tree, location.SourceSpan) : location;

        return Diagnostic.Create(
            diagnostic.Descriptor,
            Map(diagnostic.Location),
            diagnostic.AdditionalLocations.Select(Map),
            diagnostic.Properties);
    }

    /// <summary>Formats failures so each distinct bug can be reproduced: source, mutation, excerpt, exception and stack.</summary>
    public static string Describe(ImmutableArray<RobustnessFailure> failures, int runs)
    {
        var builder = new StringBuilder();
        var bugs = failures.GroupBy(f => f.BugKey).ToList();
        builder.AppendLine($"{failures.Length} failure(s) in {runs} run(s), {bugs.Count} distinct (component, exception, frame):");
        foreach (var bug in bugs.Take(8))
        {
            var first = bug.First();
            builder.AppendLine();
            builder.AppendLine($"=== {first.Stage}: {first.Component} threw, {bug.Count()} time(s). First case:");
            builder.AppendLine($"Source:   {first.Source.Id}");
            builder.AppendLine($"Mutation: {first.Mutation.Description}");
            builder.AppendLine("Excerpt (⟪here⟫ marks the mutation):");
            builder.AppendLine(Excerpt(first.Mutation));
            builder.AppendLine("Exception:");
            builder.AppendLine(first.Exception);
            foreach (var other in bug.Skip(1).Take(3))
            {
                builder.AppendLine($"  also: {other.Source.Id} / {other.Mutation.Description}");
            }
        }

        var firstFailure = failures[0];
        builder.AppendLine();
        builder.AppendLine($"=== Full mutated text of the first failure ({firstFailure.Source.Id} / {firstFailure.Mutation.Description}):");
        builder.AppendLine(firstFailure.Mutation.Text.Length <= 8000 ? firstFailure.Mutation.Text : firstFailure.Mutation.Text.Substring(0, 8000) + "\n...");
        return builder.ToString();
    }

    private static string Excerpt(SourceMutation mutation)
    {
        var text = mutation.Text;
        var position = Math.Min(mutation.Position, text.Length);
        var start = Math.Max(0, position - 400);
        var end = Math.Min(text.Length, position + 200);
        return text.Substring(start, position - start) + "⟪here⟫" + text.Substring(position, end - position);
    }

    private sealed class FixedOptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly FixedOptions _options;

        public FixedOptionsProvider(ImmutableDictionary<string, string> values) => _options = new FixedOptions(values);

        public override AnalyzerConfigOptions GlobalOptions => _options;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;
    }

    private sealed class FixedOptions : AnalyzerConfigOptions
    {
        private readonly ImmutableDictionary<string, string> _values;

        public FixedOptions(ImmutableDictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
    }

    private sealed class FixedDiagnosticProvider : FixAllContext.DiagnosticProvider
    {
        private readonly Document _document;
        private readonly ImmutableArray<Diagnostic> _diagnostics;

        public FixedDiagnosticProvider(Document document, ImmutableArray<Diagnostic> diagnostics)
        {
            _document = document;
            _diagnostics = diagnostics;
        }

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(document.Id == _document.Id ? _diagnostics : Array.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(Array.Empty<Diagnostic>());
    }
}
