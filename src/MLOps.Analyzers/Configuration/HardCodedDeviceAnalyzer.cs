using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.Configuration;

/// <summary>
/// MLOPS204: a TorchSharp computation pinned to the GPU by a literal, in a method (or field/property initializer)
/// that never checks whether a GPU is there. Reported, each at the literal:
/// <list type="bullet">
/// <item>the device strings <c>"cuda"</c> / <c>"cuda:N"</c> passed to TorchSharp (<c>torch.device("cuda:0")</c>,
/// <c>new Device("cuda")</c>, <c>x.to("cuda")</c>, <c>torch.jit.load(path, "cuda")</c>);</item>
/// <item><c>DeviceType.CUDA</c> passed to TorchSharp (<c>torch.device(DeviceType.CUDA)</c>, <c>x.to(DeviceType.CUDA)</c>,
/// <c>torch.jit.load(path, DeviceType.CUDA)</c>);</item>
/// <item><c>torch.CUDA</c> passed to TorchSharp or stored (<c>var device = torch.CUDA;</c>, a field initialised to it);</item>
/// <item><c>tensor.cuda()</c> / <c>module.cuda()</c>.</item>
/// </list>
/// Silent when the same operation block calls <c>torch.cuda.is_available()</c>, <c>torch.cuda_is_available()</c>,
/// <c>torch.cuda.device_count()</c> or <c>torch.TryInitializeDeviceType(...)</c>, and for a literal chosen at run time:
/// a branch of a conditional expression, an <c>if</c>/<c>switch</c> or a switch expression (the choice comes from a check
/// or from configuration). A device read from configuration or a parameter is no literal and is never reported. Test
/// projects are skipped.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardCodedDeviceAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.HardCodedDevice,
        title: "Do not hard-code the CUDA device without checking that it is available",
        messageFormat: "'{0}' pins this computation to the GPU but nothing here checks torch.cuda.is_available()",
        category: RuleCategories.Configuration,
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "A device written into the code as \"cuda\", \"cuda:0\", DeviceType.CUDA, torch.CUDA or .cuda() ties training and inference to one kind of machine: the same code throws on a CI agent, a laptop or a CPU inference server, and moving to another GPU index means editing code. Pick the device at run time ('torch.cuda.is_available() ? torch.CUDA : torch.CPU') or take it from configuration, like any other environment-specific setting.",
        isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = WellKnownTypes.For(start.Compilation);
            var torch = types.Get(WellKnownTypeNames.Torch);
            var cuda = types.Get(WellKnownTypeNames.TorchCuda);
            var deviceType = types.Get(WellKnownTypeNames.TorchDeviceType);
            if (torch is null || cuda is null || deviceType is null || TestCodeDetector.IsTestProject(start.Compilation, start.Options))
            {
                return;
            }

            var symbols = new DeviceSymbols(torch, cuda, deviceType);
            start.RegisterOperationBlockStartAction(blockStart =>
            {
                var block = new BlockState();
                blockStart.RegisterOperationAction(c => block.VisitLiteral((ILiteralOperation)c.Operation, symbols), OperationKind.Literal);
                blockStart.RegisterOperationAction(c => block.VisitField((IFieldReferenceOperation)c.Operation, symbols), OperationKind.FieldReference);
                blockStart.RegisterOperationAction(c => block.VisitProperty((IPropertyReferenceOperation)c.Operation, symbols), OperationKind.PropertyReference);
                blockStart.RegisterOperationAction(c => block.VisitInvocation((IInvocationOperation)c.Operation, symbols), OperationKind.Invocation);
                blockStart.RegisterOperationBlockEndAction(block.Report);
            });
        });
    }

    /// <summary>"cuda" or "cuda:N" (any case), the strings TorchSharp parses as a CUDA device.</summary>
    internal static bool IsCudaDeviceString(string text)
    {
        if (!text.StartsWith("cuda", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (text.Length == 4)
        {
            return true;
        }

        if (text[4] != ':' || text.Length == 5)
        {
            return false;
        }

        for (var i = 5; i < text.Length; i++)
        {
            if (text[i] < '0' || text[i] > '9')
            {
                return false;
            }
        }

        return true;
    }

    private sealed class DeviceSymbols
    {
        public DeviceSymbols(INamedTypeSymbol torch, INamedTypeSymbol cuda, INamedTypeSymbol deviceType)
        {
            Torch = torch;
            Cuda = cuda;
            DeviceType = deviceType;
            TorchSharp = torch.ContainingAssembly;
        }

        public INamedTypeSymbol Torch { get; }

        public INamedTypeSymbol Cuda { get; }

        public INamedTypeSymbol DeviceType { get; }

        public IAssemblySymbol TorchSharp { get; }

        public bool IsTorchSharp(ISymbol? symbol) => symbol is not null && SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, TorchSharp);
    }

    /// <summary>The literals of one operation block and whether it checks for a GPU, judged at the end of the block.</summary>
    private sealed class BlockState
    {
        private readonly List<(IOperation Operation, string Text)> _candidates = new();
        private bool _checksAvailability;

        public void VisitLiteral(ILiteralOperation literal, DeviceSymbols symbols)
        {
            // Cheapest test first: the constant, then where it goes.
            if (literal.ConstantValue is { HasValue: true, Value: string text } && IsCudaDeviceString(text) && IsTorchSharpArgument(literal, symbols))
            {
                Add(literal, literal.Syntax.ToString());
            }
        }

        public void VisitField(IFieldReferenceOperation reference, DeviceSymbols symbols)
        {
            if (reference.Field.Name == "CUDA"
                && SymbolEqualityComparer.Default.Equals(reference.Field.ContainingType, symbols.DeviceType)
                && IsTorchSharpArgument(reference, symbols))
            {
                Add(reference, reference.Syntax.ToString());
            }
        }

        public void VisitProperty(IPropertyReferenceOperation reference, DeviceSymbols symbols)
        {
            if (reference.Property.Name == "CUDA"
                && SymbolEqualityComparer.Default.Equals(reference.Property.ContainingType, symbols.Torch)
                && (IsTorchSharpArgument(reference, symbols) || IsStored(reference)))
            {
                Add(reference, reference.Syntax.ToString());
            }
        }

        public void VisitInvocation(IInvocationOperation invocation, DeviceSymbols symbols)
        {
            var method = invocation.TargetMethod;
            switch (method.Name)
            {
                case "cuda":
                    if (symbols.IsTorchSharp(method))
                    {
                        Add(invocation, invocation.Syntax.ToString());
                    }

                    return;
                case "is_available":
                case "device_count":
                    _checksAvailability |= SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Cuda);
                    return;
                case "cuda_is_available":
                case "TryInitializeDeviceType":
                    _checksAvailability |= SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Torch);
                    return;
            }
        }

        public void Report(OperationBlockAnalysisContext context)
        {
            if (_checksAvailability)
            {
                return;
            }

            foreach (var (operation, text) in _candidates)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, operation.Syntax.GetLocation(), text));
            }
        }

        private void Add(IOperation operation, string text)
        {
            if (!IsChosenAtRunTime(operation))
            {
                _candidates.Add((operation, text));
            }
        }

        /// <summary>An argument of a TorchSharp method or constructor (through conversions).</summary>
        private static bool IsTorchSharpArgument(IOperation operation, DeviceSymbols symbols)
        {
            var current = operation.Parent;
            while (current is IConversionOperation)
            {
                current = current.Parent;
            }

            return current is IArgumentOperation argument
                   && argument.Parent switch
                   {
                       IInvocationOperation invocation => symbols.IsTorchSharp(invocation.TargetMethod),
                       IObjectCreationOperation creation => symbols.IsTorchSharp(creation.Constructor),
                       _ => false,
                   };
        }

        /// <summary>Stored in a local, field or property: <c>var device = torch.CUDA;</c>.</summary>
        private static bool IsStored(IOperation operation)
        {
            var current = operation.Parent;
            while (current is IConversionOperation)
            {
                current = current.Parent;
            }

            return current is IVariableInitializerOperation or IFieldInitializerOperation or IPropertyInitializerOperation
                   || (current is ISimpleAssignmentOperation assignment && assignment.Value is not null && !ReferenceEquals(assignment.Target, operation));
        }

        /// <summary>Inside a branch of a conditional, an if, a switch or a switch expression: the device is chosen at run time.</summary>
        private static bool IsChosenAtRunTime(IOperation operation)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case IConditionalOperation:
                    case ISwitchCaseOperation:
                    case ISwitchExpressionArmOperation:
                    case ICoalesceOperation:
                        return true;
                }
            }

            return false;
        }
    }
}
