using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.Configuration;

internal enum LocationPartKind
{
    /// <summary>Text written in the code (a literal, a constant, the text of an interpolated string).</summary>
    Text,

    /// <summary>AppContext.BaseDirectory, AppDomain.CurrentDomain.BaseDirectory, the directory of Assembly.Location.</summary>
    AppBaseDirectory,

    /// <summary>Environment.CurrentDirectory, Directory.GetCurrentDirectory().</summary>
    CurrentDirectory,

    /// <summary>Path.GetTempPath(), Path.GetTempFileName().</summary>
    TempDirectory,

    /// <summary>Anything else: a parameter, configuration, an environment variable, a computed value.</summary>
    Unknown,
}

/// <summary>One piece of a traced location value.</summary>
internal readonly struct LocationPart
{
    public LocationPart(LocationPartKind kind, string text, SyntaxNode? literal)
    {
        Kind = kind;
        Text = text;
        Literal = literal;
    }

    public LocationPartKind Kind { get; }

    /// <summary>The text for <see cref="LocationPartKind.Text"/> parts, empty otherwise.</summary>
    public string Text { get; }

    /// <summary>The literal (or interpolated string) the text comes from, when known.</summary>
    public SyntaxNode? Literal { get; }

    public static LocationPart Unknown => new(LocationPartKind.Unknown, string.Empty, null);
}

/// <summary>
/// Follows a string value back to where it is written: literals, constants, locals assigned once, static or
/// readonly fields and get-only properties initialized in source, <c>Path.Combine</c>/<c>Path.Join</c>,
/// concatenation, interpolation, <c>new Uri(...)</c>, <c>new FileInfo(...)</c> and small string-returning helper
/// methods of the same file (one return statement). Everything else is <see cref="LocationPartKind.Unknown"/>:
/// the analysis never guesses that a value is hard-coded.
/// </summary>
internal sealed class HardCodedLocationTracer
{
    private const int MaxDepth = 12;

    private readonly HardCodedLocationSymbols symbols;
    private readonly SemanticModel? semanticModel;
    private readonly CancellationToken cancellationToken;

    public HardCodedLocationTracer(HardCodedLocationSymbols symbols, SemanticModel? semanticModel, CancellationToken cancellationToken)
    {
        this.symbols = symbols;
        this.semanticModel = semanticModel;
        this.cancellationToken = cancellationToken;
    }

    public List<LocationPart> Trace(IOperation value) => Evaluate(value, null, 0);

    private static List<LocationPart> UnknownValue() => new() { LocationPart.Unknown };

    private static List<LocationPart> Single(LocationPartKind kind) => new() { new LocationPart(kind, string.Empty, null) };

    private List<LocationPart> Evaluate(IOperation? operation, Frame? frame, int depth)
    {
        if (operation is null || depth > MaxDepth)
        {
            return UnknownValue();
        }

        cancellationToken.ThrowIfCancellationRequested();
        switch (operation)
        {
            case IConversionOperation conversion:
                return Evaluate(conversion.Operand, frame, depth + 1);

            case ILiteralOperation literal:
                return literal.ConstantValue.HasValue && literal.ConstantValue.Value is string text
                    ? new List<LocationPart> { new(LocationPartKind.Text, text, literal.Syntax) }
                    : UnknownValue();

            case IInterpolatedStringOperation interpolated:
                return EvaluateInterpolation(interpolated, frame, depth);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary when binary.Type?.SpecialType == SpecialType.System_String:
                {
                    var result = Evaluate(binary.LeftOperand, frame, depth + 1);
                    result.AddRange(Evaluate(binary.RightOperand, frame, depth + 1));
                    return result;
                }

            case ILocalReferenceOperation local:
                return EvaluateLocal(local, frame, depth);

            case IParameterReferenceOperation parameter:
                return frame is not null && frame.TryGetArgument(parameter.Parameter, out var argument)
                    ? Evaluate(argument, frame.Caller, depth + 1)
                    : UnknownValue();

            case IFieldReferenceOperation field:
                return EvaluateField(field.Field, depth);

            case IPropertyReferenceOperation property:
                return EvaluateProperty(property, frame, depth);

            case IInvocationOperation invocation:
                return EvaluateInvocation(invocation, frame, depth);

            case IObjectCreationOperation creation:
                return EvaluateCreation(creation, frame, depth);

            default:
                // Anything else (conditional, ??, indexers such as args[0] or configuration["Data:Path"], ...) is not traced,
                // except a plain constant.
                return operation.ConstantValue.HasValue && operation.ConstantValue.Value is string constant
                    ? new List<LocationPart> { new(LocationPartKind.Text, constant, operation.Syntax) }
                    : UnknownValue();
        }
    }

    private List<LocationPart> EvaluateInterpolation(IInterpolatedStringOperation interpolated, Frame? frame, int depth)
    {
        var result = new List<LocationPart>();
        foreach (var part in interpolated.Parts)
        {
            switch (part)
            {
                case IInterpolatedStringTextOperation text:
                    result.Add(new LocationPart(LocationPartKind.Text, text.Text.ConstantValue.Value as string ?? string.Empty, interpolated.Syntax));
                    break;
                case IInterpolationOperation { Alignment: null, FormatString: null } hole:
                    result.AddRange(Evaluate(hole.Expression, frame, depth + 1));
                    break;
                default:
                    result.Add(LocationPart.Unknown);
                    break;
            }
        }

        return result;
    }

    private List<LocationPart> EvaluateLocal(ILocalReferenceOperation reference, Frame? frame, int depth)
    {
        var local = reference.Local;
        var root = (IOperation)reference;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        IOperation? definition = null;
        var writes = 0;
        foreach (var descendant in root.Descendants())
        {
            if (descendant is IVariableDeclaratorOperation declarator)
            {
                if (SymbolEqualityComparer.Default.Equals(declarator.Symbol, local))
                {
                    var initializer = declarator.Initializer ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer;
                    if (initializer is not null)
                    {
                        writes++;
                        definition = initializer.Value;
                    }
                }
            }
            else if (descendant is ILocalReferenceOperation other
                && SymbolEqualityComparer.Default.Equals(other.Local, local)
                && IsWrite(other, out var assigned))
            {
                writes++;
                definition = assigned;
            }
        }

        if (writes != 1 || definition is null)
        {
            if (local.IsConst && local.HasConstantValue && local.ConstantValue is string constant)
            {
                return new List<LocationPart> { new(LocationPartKind.Text, constant, null) };
            }

            return UnknownValue();
        }

        return Evaluate(definition, frame, depth + 1);
    }

    /// <summary>Whether the local is written here; <paramref name="value"/> is the assigned value when it is a plain assignment.</summary>
    private static bool IsWrite(ILocalReferenceOperation reference, out IOperation? value)
    {
        value = null;
        if (reference.IsDeclaration)
        {
            return true;
        }

        switch (reference.Parent)
        {
            case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                value = assignment.Value;
                return true;
            case IAssignmentOperation assignment when assignment.Target == reference:
                return true;
            case IArgumentOperation argument when argument.Parameter is null || argument.Parameter.RefKind != RefKind.None:
                return true;
            case ITupleOperation:
            case IIncrementOrDecrementOperation:
                return true;
            default:
                return false;
        }
    }

    private List<LocationPart> EvaluateField(IFieldSymbol field, int depth)
    {
        if (field.ContainingType?.SpecialType == SpecialType.System_String && field.Name == "Empty")
        {
            return new List<LocationPart> { new(LocationPartKind.Text, string.Empty, null) };
        }

        var traceable = field.IsConst
            || ((field.IsReadOnly || field.DeclaredAccessibility == Accessibility.Private) && !IsAssignedInContainingType(field));
        if (!traceable)
        {
            return UnknownValue();
        }

        foreach (var reference in field.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } initializer })
            {
                return EvaluateInitializer(initializer, depth);
            }
        }

        if (field.IsConst && field.HasConstantValue && field.ConstantValue is string constant)
        {
            return new List<LocationPart> { new(LocationPartKind.Text, constant, null) };
        }

        return UnknownValue();
    }

    private List<LocationPart> EvaluateProperty(IPropertyReferenceOperation reference, Frame? frame, int depth)
    {
        var property = reference.Property;
        var type = property.ContainingType;
        switch (property.Name)
        {
            case "BaseDirectory" when HardCodedLocationSymbols.Is(type, symbols.AppContext) || HardCodedLocationSymbols.Is(type, symbols.AppDomain):
                return Single(LocationPartKind.AppBaseDirectory);
            case "CurrentDirectory" when HardCodedLocationSymbols.Is(type, symbols.Environment):
                return Single(LocationPartKind.CurrentDirectory);
            case "Location" when HardCodedLocationSymbols.Is(type, symbols.Assembly):
                // The assembly file: its directory is the application's base directory.
                return Single(LocationPartKind.AppBaseDirectory);
            case "FullName" when HardCodedLocationSymbols.Is(type, symbols.FileSystemInfo)
                || HardCodedLocationSymbols.Is(type, symbols.FileInfo)
                || HardCodedLocationSymbols.Is(type, symbols.DirectoryInfo):
                return Evaluate(reference.Instance, frame, depth + 1);
            case "Directory" or "DirectoryName" when HardCodedLocationSymbols.Is(type, symbols.FileInfo):
                return DirectoryOf(Evaluate(reference.Instance, frame, depth + 1));
        }

        if (property.SetMethod is not null || property.IsIndexer || property.Parameters.Length != 0 || IsAssignedInContainingType(property))
        {
            return UnknownValue();
        }

        foreach (var syntaxReference in property.DeclaringSyntaxReferences)
        {
            if (syntaxReference.GetSyntax(cancellationToken) is PropertyDeclarationSyntax declaration)
            {
                var expression = declaration.ExpressionBody?.Expression ?? declaration.Initializer?.Value;
                if (expression is not null)
                {
                    return EvaluateInitializer(expression, depth);
                }
            }
        }

        return UnknownValue();
    }

    private List<LocationPart> EvaluateInitializer(ExpressionSyntax expression, int depth)
    {
        if (semanticModel is not null && expression.SyntaxTree == semanticModel.SyntaxTree)
        {
            return Evaluate(semanticModel.GetOperation(expression, cancellationToken), null, depth + 1);
        }

        // Another file: no semantic model may be requested for it, so only a plain string literal is read.
        if (expression is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression))
        {
            return new List<LocationPart> { new(LocationPartKind.Text, literal.Token.ValueText, literal) };
        }

        return UnknownValue();
    }

    private List<LocationPart> EvaluateInvocation(IInvocationOperation invocation, Frame? frame, int depth)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        if (HardCodedLocationSymbols.Is(type, symbols.Path))
        {
            switch (method.Name)
            {
                case "Combine":
                case "Join":
                    return Combine(invocation.Arguments, frame, depth);
                case "GetFullPath" when invocation.Arguments.Length == 1:
                    return Evaluate(invocation.Arguments[0].Value, frame, depth + 1);
                case "GetTempPath":
                case "GetTempFileName":
                    return Single(LocationPartKind.TempDirectory);
                case "GetDirectoryName" when invocation.Arguments.Length == 1:
                    return DirectoryOf(Evaluate(invocation.Arguments[0].Value, frame, depth + 1));
                default:
                    return UnknownValue();
            }
        }

        if (HardCodedLocationSymbols.Is(type, symbols.Directory) && method.Name == "GetCurrentDirectory")
        {
            return Single(LocationPartKind.CurrentDirectory);
        }

        return EvaluateSourceHelper(invocation, frame, depth);
    }

    private List<LocationPart> EvaluateCreation(IObjectCreationOperation creation, Frame? frame, int depth)
    {
        var type = creation.Type;
        if (creation.Arguments.Length >= 1
            && creation.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String
            && (HardCodedLocationSymbols.Is(type, symbols.Uri)
                || HardCodedLocationSymbols.Is(type, symbols.FileInfo)
                || HardCodedLocationSymbols.Is(type, symbols.DirectoryInfo)))
        {
            return Evaluate(creation.Arguments[0].Value, frame, depth + 1);
        }

        return UnknownValue();
    }

    /// <summary>Path.Combine semantics: a rooted segment restarts the path; a separator is inserted between segments.</summary>
    private List<LocationPart> Combine(IEnumerable<IArgumentOperation> arguments, Frame? frame, int depth)
    {
        var result = new List<LocationPart>();
        foreach (var argument in arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation array)
            {
                if (array.Initializer is null)
                {
                    return UnknownValue();
                }

                foreach (var element in array.Initializer.ElementValues)
                {
                    Append(result, Evaluate(element, frame, depth + 1));
                }
            }
            else if (argument.Value.Type is IArrayTypeSymbol)
            {
                return UnknownValue();
            }
            else
            {
                Append(result, Evaluate(argument.Value, frame, depth + 1));
            }
        }

        return result;

        static void Append(List<LocationPart> result, List<LocationPart> segment)
        {
            if (segment.Count == 0 || (segment.Count == 1 && segment[0].Kind == LocationPartKind.Text && segment[0].Text.Length == 0))
            {
                return;
            }

            var first = segment[0];
            if (first.Kind is LocationPartKind.AppBaseDirectory or LocationPartKind.CurrentDirectory or LocationPartKind.TempDirectory
                || (first.Kind == LocationPartKind.Text && HardCodedLocationClassifier.IsRootedOrUrl(first.Text)))
            {
                result.Clear();
            }
            else if (result.Count > 0)
            {
                var last = result[result.Count - 1];
                if (last.Kind != LocationPartKind.Text || !HardCodedLocationClassifier.EndsWithSeparator(last.Text))
                {
                    result.Add(new LocationPart(LocationPartKind.Text, "/", null));
                }
            }

            result.AddRange(segment);
        }
    }

    private static List<LocationPart> DirectoryOf(List<LocationPart> file)
    {
        if (file.Count > 0 && file[0].Kind is LocationPartKind.AppBaseDirectory or LocationPartKind.TempDirectory)
        {
            return Single(file[0].Kind);
        }

        return UnknownValue();
    }

    /// <summary>
    /// A string-returning method of the same file with a single return statement, such as the samples'
    /// <c>GetAbsolutePath(string relativePath)</c>: its return value is traced with the call's arguments.
    /// </summary>
    private List<LocationPart> EvaluateSourceHelper(IInvocationOperation invocation, Frame? frame, int depth)
    {
        var method = invocation.TargetMethod;
        if (semanticModel is null
            || method.MethodKind != MethodKind.Ordinary
            || method.ReturnType.SpecialType != SpecialType.System_String
            || method.IsAbstract || method.IsVirtual || method.IsOverride || method.IsExtern
            || method.DeclaringSyntaxReferences.Length != 1)
        {
            return UnknownValue();
        }

        if (method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not MethodDeclarationSyntax declaration
            || declaration.SyntaxTree != semanticModel.SyntaxTree
            || semanticModel.GetOperation(declaration, cancellationToken) is not { } body)
        {
            return UnknownValue();
        }

        IOperation? returned = null;
        var returns = 0;
        foreach (var descendant in body.Descendants())
        {
            if (descendant is IReturnOperation { Kind: OperationKind.Return } statement && !IsInNestedFunction(statement, body))
            {
                returns++;
                returned = statement.ReturnedValue;
            }
        }

        if (returns != 1 || returned is null)
        {
            return UnknownValue();
        }

        return Evaluate(returned, new Frame(method.OriginalDefinition, invocation.Arguments, frame), depth + 1);
    }

    private static bool IsInNestedFunction(IOperation operation, IOperation body)
    {
        for (var current = operation.Parent; current is not null && current != body; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Conservative, syntactic: any assignment (or ref/out use) of a member with this name inside the containing
    /// type's declarations means the initializer may not be the value used.
    /// </summary>
    private bool IsAssignedInContainingType(ISymbol member)
    {
        var type = member.ContainingType;
        if (type is null)
        {
            return true;
        }

        var name = member.Name;
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
            {
                switch (node)
                {
                    case AssignmentExpressionSyntax assignment when NamesMember(assignment.Left, name):
                        return true;
                    case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None) && NamesMember(argument.Expression, name):
                        return true;
                }
            }
        }

        return false;

        static bool NamesMember(ExpressionSyntax expression, string name)
            => expression switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText == name,
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText == name,
                _ => false,
            };
    }

    /// <summary>The arguments of a traced helper-method call, for its parameter references.</summary>
    private sealed class Frame
    {
        private readonly IMethodSymbol method;
        private readonly IEnumerable<IArgumentOperation> arguments;

        public Frame(IMethodSymbol method, IEnumerable<IArgumentOperation> arguments, Frame? caller)
        {
            this.method = method;
            this.arguments = arguments;
            Caller = caller;
        }

        public Frame? Caller { get; }

        public bool TryGetArgument(IParameterSymbol parameter, out IOperation? value)
        {
            value = null;
            if (!SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol?.OriginalDefinition, method))
            {
                return false;
            }

            foreach (var argument in arguments)
            {
                if (argument.Parameter is not null && argument.Parameter.Ordinal == parameter.Ordinal)
                {
                    value = argument.Value;
                    return argument.ArgumentKind != ArgumentKind.ParamArray;
                }
            }

            return false;
        }
    }
}
