using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.Validation;

/// <summary>
/// MLOPS404: <c>DataFrame.LoadCsv(...)</c> / <c>DataFrame.LoadCsvFromString(...)</c> without <c>dataTypes:</c> (nor a
/// <c>guessTypeFunction:</c>), so the column types are guessed from the first rows, and in the same method that
/// DataFrame - or one derived from it by DataFrame's own methods (<c>DropNulls()</c>, <c>Filter(...)</c>, a row
/// indexer...) - trains a model (an ML.NET <c>Fit</c>, <c>TrainTestSplit</c>, <c>CrossValidationSplit</c> or
/// <c>CrossValidate</c>, a DataFrame being an IDataView) or is saved (<c>DataFrame.SaveCsv</c> / <c>WriteCsv</c>).
/// Precise: only locals whose every store is such a load (or derived from one) are followed, and only within one
/// method; a DataFrame returned, stored in a field or handed to the project's own code is not followed. Test projects
/// are skipped.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InferredDataFrameSchemaAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.InferredDataFrameSchema,
        title: "Training data loaded with column types guessed from the first rows",
        messageFormat: "{0}() guesses every column type from the first rows, and this DataFrame then {1}",
        category: RuleCategories.Validation,
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "DataFrame.LoadCsv and LoadCsvFromString infer each column's type from the first rows (guessRows, 10 by default) when no dataTypes are given. The schema of the training data then lives nowhere: a column that is numeric in the first rows and text further down, an identifier with leading zeros, or a new upstream export silently changes the types the model is trained on or the file that is written. Pass dataTypes (and columnNames) so the expected schema is part of the code and a file that does not match fails.",
        isEnabledByDefault: true);

    private static readonly ImmutableHashSet<string> TrainingSinks = ImmutableHashSet.Create("Fit", "TrainTestSplit", "CrossValidationSplit", "CrossValidate");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var dataFrame = WellKnownTypes.For(start.Compilation).Get(WellKnownTypeNames.DataFrame);
            if (dataFrame is null || TestCodeDetector.IsTestProject(start.Compilation, start.Options))
            {
                return;
            }

            start.RegisterOperationBlockStartAction(blockStart =>
            {
                var block = new BlockState(dataFrame);
                blockStart.RegisterOperationAction(c => block.Visit((IInvocationOperation)c.Operation), OperationKind.Invocation);
                blockStart.RegisterOperationAction(c => block.VisitStore(c.Operation), OperationKind.VariableDeclarator, OperationKind.SimpleAssignment);
                blockStart.RegisterOperationBlockEndAction(block.Report);
            });
        });
    }

    private sealed class BlockState
    {
        private readonly INamedTypeSymbol _dataFrame;

        /// <summary>Every store into a local of type DataFrame, in the order seen.</summary>
        private readonly List<(ILocalSymbol Local, IOperation? Value)> _stores = new();

        private readonly List<(IInvocationOperation Sink, IOperation Value, string Use)> _sinks = new();

        private bool _hasUntypedLoad;

        public BlockState(INamedTypeSymbol dataFrame) => _dataFrame = dataFrame;

        public void Visit(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;

            // Cheapest test first: the name, then the containing type or assembly.
            switch (method.Name)
            {
                case "LoadCsv":
                case "LoadCsvFromString":
                    _hasUntypedLoad |= IsUntypedLoad(invocation);
                    return;
                case "SaveCsv":
                case "WriteCsv":
                    if (SymbolEqualityComparer.Default.Equals(method.ContainingType, _dataFrame))
                    {
                        AddSinks(invocation, "is saved with " + method.Name + "()");
                    }

                    return;
            }

            if (TrainingSinks.Contains(method.Name)
                && method.ContainingAssembly is { } assembly
                && WellKnownTypes.IsLibraryAssembly("Microsoft.ML", assembly, null))
            {
                AddSinks(invocation, "trains a model (" + method.Name + ")");
            }
        }

        public void VisitStore(IOperation operation)
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when IsDataFrame(declarator.Symbol.Type):
                    _stores.Add((declarator.Symbol, declarator.GetVariableInitializer()?.Value));
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when IsDataFrame(target.Local.Type):
                    _stores.Add((target.Local, assignment.Value));
                    break;
            }
        }

        public void Report(OperationBlockAnalysisContext context)
        {
            if (!_hasUntypedLoad || _sinks.Count == 0)
            {
                return;
            }

            var origins = TaintedLocals();
            var reported = new HashSet<IInvocationOperation>();
            foreach (var (sink, value, use) in _sinks)
            {
                var load = OriginOf(value, origins);
                if (load is null || !reported.Add(load))
                {
                    continue;
                }

                context.ReportDiagnostic(Diagnostic.Create(Rule, load.Syntax.GetLocation(), new[] { sink.Syntax.GetLocation() }, load.TargetMethod.Name, use));
            }
        }

        private void AddSinks(IInvocationOperation invocation, string use)
        {
            foreach (var argument in invocation.Arguments)
            {
                var value = ReproducibilityOperationHelpers.WalkDownConversions(argument.Value);
                if (value is not null && IsDataFrame(value.Type))
                {
                    _sinks.Add((invocation, value, use));
                }
            }
        }

        /// <summary>
        /// The locals that hold an untyped load's DataFrame, with that load: grown to a fixed point over the stores of the
        /// block (a local stored from a load or from a tainted local), then shrunk until every store of every remaining
        /// local comes from a load (a local also given a typed load, a parameter or null is not followed).
        /// </summary>
        private Dictionary<ILocalSymbol, IInvocationOperation> TaintedLocals()
        {
            var origins = new Dictionary<ILocalSymbol, IInvocationOperation>(SymbolEqualityComparer.Default);
            bool changed;
            do
            {
                changed = false;
                foreach (var (local, value) in _stores)
                {
                    if (!origins.ContainsKey(local) && value is not null && OriginOf(value, origins) is { } origin)
                    {
                        origins[local] = origin;
                        changed = true;
                    }
                }
            }
            while (changed);

            do
            {
                changed = false;
                foreach (var (local, value) in _stores)
                {
                    if (origins.ContainsKey(local) && (value is null || OriginOf(value, origins) is null))
                    {
                        origins.Remove(local);
                        changed = true;
                    }
                }
            }
            while (changed);

            return origins;
        }

        /// <summary>
        /// The untyped load a DataFrame value comes from: the load itself, a tainted local, or a DataFrame-returning call
        /// or indexer of DataFrame (or of the types its methods return, such as GroupBy) on one.
        /// </summary>
        private IInvocationOperation? OriginOf(IOperation value, Dictionary<ILocalSymbol, IInvocationOperation> origins)
        {
            var current = ReproducibilityOperationHelpers.WalkDownConversions(value);
            while (current is not null)
            {
                switch (current)
                {
                    case IInvocationOperation invocation when invocation.TargetMethod.Name is "LoadCsv" or "LoadCsvFromString":
                        return IsUntypedLoad(invocation) ? invocation : null;
                    case ILocalReferenceOperation local:
                        return origins.TryGetValue(local.Local, out var origin) ? origin : null;
                    case IInvocationOperation { Instance: { } instance } invocation when IsDataAnalysis(invocation.TargetMethod):
                        current = ReproducibilityOperationHelpers.WalkDownConversions(instance);
                        break;
                    case IPropertyReferenceOperation { Instance: { } instance } property when IsDataAnalysis(property.Property):
                        current = ReproducibilityOperationHelpers.WalkDownConversions(instance);
                        break;
                    default:
                        return null;
                }
            }

            return null;
        }

        /// <summary>A load with neither dataTypes nor guessTypeFunction (both left out, or null).</summary>
        private bool IsUntypedLoad(IInvocationOperation load)
        {
            if (!SymbolEqualityComparer.Default.Equals(load.TargetMethod.ContainingType, _dataFrame))
            {
                return false;
            }

            foreach (var argument in load.Arguments)
            {
                if (argument.Parameter?.Name is "dataTypes" or "guessTypeFunction"
                    && argument.ArgumentKind != ArgumentKind.DefaultValue
                    && !IsNullConstant(argument.Value))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsNullConstant(IOperation value)
        {
            var unwrapped = ReproducibilityOperationHelpers.WalkDownConversions(value);
            return unwrapped is not null && unwrapped.ConstantValue is { HasValue: true, Value: null };
        }

        private bool IsDataFrame(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type, _dataFrame);

        private bool IsDataAnalysis(ISymbol symbol)
            => SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, _dataFrame.ContainingAssembly);
    }
}
