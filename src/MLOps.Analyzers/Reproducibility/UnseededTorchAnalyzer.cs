using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.Reproducibility;

/// <summary>
/// MLOPS103: the compilation draws from TorchSharp's global random generator (random tensors, dropout, random
/// weight initialisation of nn modules, nn.init, a shuffling DataLoader without a seed) but never seeds it with
/// <c>torch.manual_seed</c>, <c>torch.random.manual_seed</c> or <c>torch.cuda.manual_seed(_all)</c>.
/// Decided at compilation end; reported once per type (the first site in that type, by position) to avoid noise:
/// a model class with five layers gets one diagnostic, not five.
/// Test projects are skipped: random tensors as test inputs are not a reproducibility problem of a model.
/// Reported where the seed belongs: in a compilation with an entry point (an application), or in a library only
/// when the library holds training code (<c>optimizer.step()</c>, <c>loss.backward()</c>). A class library that
/// only defines models (their layers draw from the global generator when constructed) cannot own the seed: the
/// program that trains them does.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnseededTorchAnalyzer : DiagnosticAnalyzer
{
    internal const string IsMainProperty = "IsMain";

    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.UnseededTorch,
        title: "TorchSharp randomness is used but torch is never seeded",
        messageFormat: "'{0}' draws from TorchSharp's global random generator, but this project never calls torch.manual_seed",
        category: RuleCategories.Reproducibility,
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "Random tensors, dropout, random weight initialisation of nn modules and nn.init functions draw from TorchSharp's global generator. Without a call to torch.manual_seed (or torch.random.manual_seed / torch.cuda.manual_seed_all) every run starts from different weights and produces a different model. Seed the generator once where the program starts (for example torch.random.manual_seed(1)) so that weights, dropout and sampling can be reproduced, or pass an explicitly seeded torch.Generator.",
        isEnabledByDefault: true,
        WellKnownDiagnosticTags.CompilationEnd);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var symbols = TorchRandomnessSymbols.TryCreate(start.Compilation);
            if (symbols is null || TestCodeDetector.IsTestProject(start.Compilation, start.Options))
            {
                return;
            }

            // An application owns its seed. A library owns it only if it trains (it holds the training loop); until
            // a training call is seen, a library's random sites are collected but not reported.
            var state = new State(ownsSeed: IsApplication(start.Compilation.Options.OutputKind));
            start.RegisterOperationAction(
                c =>
                {
                    var invocation = (IInvocationOperation)c.Operation;
                    var method = invocation.TargetMethod;
                    if (symbols.IsGlobalSeedCall(method))
                    {
                        state.MarkSeeded();
                    }
                    else if (!state.IsSeeded)
                    {
                        if (symbols.IsRandomCall(invocation))
                        {
                            state.Add(c.ContainingSymbol, invocation, method.Name);
                        }
                        else if (!state.OwnsSeed && symbols.IsTrainingCall(method))
                        {
                            state.MarkOwnsSeed();
                        }
                    }
                },
                OperationKind.Invocation);
            start.RegisterOperationAction(
                c =>
                {
                    var creation = (IObjectCreationOperation)c.Operation;
                    if (!state.IsSeeded && symbols.IsShufflingDataLoaderCreation(creation))
                    {
                        state.Add(c.ContainingSymbol, creation, creation.Type?.Name ?? "DataLoader");
                    }
                },
                OperationKind.ObjectCreation);
            start.RegisterCompilationEndAction(state.Report);
        });
    }

    private static bool IsApplication(OutputKind kind)
        => kind is OutputKind.ConsoleApplication or OutputKind.WindowsApplication or OutputKind.WindowsRuntimeApplication;

    private sealed class State
    {
        private readonly ConcurrentBag<Site> _sites = new();
        private int _seeded;
        private int _ownsSeed;

        public State(bool ownsSeed)
        {
            _ownsSeed = ownsSeed ? 1 : 0;
        }

        public bool IsSeeded => Volatile.Read(ref _seeded) != 0;

        /// <summary>True for an application, and for a library once a training call has been seen in it.</summary>
        public bool OwnsSeed => Volatile.Read(ref _ownsSeed) != 0;

        public void MarkSeeded() => Interlocked.Exchange(ref _seeded, 1);

        public void MarkOwnsSeed() => Interlocked.Exchange(ref _ownsSeed, 1);

        public void Add(ISymbol containingSymbol, IOperation operation, string name)
            => _sites.Add(new Site(containingSymbol, operation.Syntax.GetLocation(), name));

        public void Report(CompilationAnalysisContext context)
        {
            if (IsSeeded || !OwnsSeed)
            {
                return;
            }

            // The first site (by file and position) of each type.
            var firstPerType = new Dictionary<ISymbol, Site>(SymbolEqualityComparer.Default);
            foreach (var site in _sites)
            {
                var key = (ISymbol?)site.Member.ContainingType ?? site.Member;
                if (!firstPerType.TryGetValue(key, out var current) || Compare(site.Location, current.Location) < 0)
                {
                    firstPerType[key] = site;
                }
            }

            foreach (var site in firstPerType.Values)
            {
                var properties = IsEntryPoint(site.Member, context.Compilation, context.CancellationToken)
                    ? ImmutableDictionary<string, string?>.Empty.Add(IsMainProperty, "true")
                    : ImmutableDictionary<string, string?>.Empty;
                context.ReportDiagnostic(Diagnostic.Create(Rule, site.Location, properties, site.Name));
            }
        }

        private static bool IsEntryPoint(ISymbol member, Compilation compilation, CancellationToken cancellationToken)
            => member is IMethodSymbol { Name: "Main", IsStatic: true } method
               && SymbolEqualityComparer.Default.Equals(method, compilation.GetEntryPoint(cancellationToken) ?? method);

        private static int Compare(Location left, Location right)
        {
            var byPath = string.CompareOrdinal(left.SourceTree?.FilePath, right.SourceTree?.FilePath);
            return byPath != 0 ? byPath : left.SourceSpan.Start.CompareTo(right.SourceSpan.Start);
        }
    }

    private sealed class Site
    {
        public Site(ISymbol member, Location location, string name)
        {
            Member = member;
            Location = location;
            Name = name;
        }

        public ISymbol Member { get; }

        public Location Location { get; }

        public string Name { get; }
    }
}
