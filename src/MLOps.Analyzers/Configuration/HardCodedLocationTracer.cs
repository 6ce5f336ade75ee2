using System;
using System.Collections.Generic;
using System.Threading;
using MLOps.Analyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.Configuration;

internal enum LocationPartKind
{
    /// <summary>Text written in the code (a literal, a constant, the text of an interpolated string).</summary>
    Text,

    /// <summary>AppContext.BaseDirectory, AppDomain.CurrentDomain.BaseDirectory, the directory of Assembly.Location or of Environment.GetCommandLineArgs()[0].</summary>
    AppBaseDirectory,

    /// <summary>Environment.CurrentDirectory, Directory.GetCurrentDirectory().</summary>
    CurrentDirectory,

    /// <summary>Path.GetTempPath(), Path.GetTempFileName().</summary>
    TempDirectory,

    /// <summary>Environment.GetFolderPath(SpecialFolder.X): <see cref="LocationPart.Text"/> holds the folder's name.</summary>
    SpecialFolder,

    /// <summary>
    /// A parameter of the method being followed (<see cref="LocationPart.Symbol"/>): unknown there, known at each
    /// call site, where a summary substitutes the argument.
    /// </summary>
    Parameter,

    /// <summary>
    /// A field or auto-property set only in constructors (<see cref="LocationPart.Symbol"/>): unknown in the method
    /// that reads it, known at each <c>new</c> of the type, where the constructor's summary substitutes the value.
    /// </summary>
    Member,

    /// <summary>Anything else: configuration, an environment variable, a computed value.</summary>
    Unknown,
}

/// <summary>One piece of a traced location value.</summary>
internal readonly struct LocationPart
{
    public LocationPart(LocationPartKind kind, string text, SyntaxNode? literal, ISymbol? symbol = null, bool fromCallSite = false)
    {
        Kind = kind;
        Text = text;
        Literal = literal;
        Symbol = symbol;
        FromCallSite = fromCallSite;
    }

    public LocationPartKind Kind { get; }

    /// <summary>The text for <see cref="LocationPartKind.Text"/> parts (the folder for <see cref="LocationPartKind.SpecialFolder"/>), empty otherwise.</summary>
    public string Text { get; }

    /// <summary>The literal (or interpolated string) the text comes from, when known.</summary>
    public SyntaxNode? Literal { get; }

    /// <summary>The parameter or member of <see cref="LocationPartKind.Parameter"/> and <see cref="LocationPartKind.Member"/> parts.</summary>
    public ISymbol? Symbol { get; }

    /// <summary>True for the parts a call site's arguments put into a followed method's value (reported there).</summary>
    public bool FromCallSite { get; }

    public bool IsSymbolic => Kind is LocationPartKind.Parameter or LocationPartKind.Member;

    public LocationPart MarkFromCallSite() => new(Kind, Text, Literal, Symbol, fromCallSite: true);

    public static LocationPart Unknown => new(LocationPartKind.Unknown, string.Empty, null);
}

/// <summary>
/// Follows a string value back to where it is written, through the compilation's own code (any file): literals,
/// constants, locals assigned once, fields and auto-properties whose every write can be seen, get-only properties,
/// <c>Path.Combine</c>/<c>Path.Join</c>, concatenation, interpolation, <c>string.Format</c>, <c>new Uri(...)</c>,
/// <c>new FileInfo(...)</c>, string-returning helpers with one return statement, and the roots
/// (<c>AppContext.BaseDirectory</c>, the working and temp directories, <c>Environment.GetFolderPath</c>). A parameter
/// of the method followed, and a member set in constructors, stay symbolic for summaries to substitute at call sites.
/// Everything else is <see cref="LocationPartKind.Unknown"/>: the analysis never guesses that a value is hard-coded.
/// </summary>
internal sealed class HardCodedLocationTracer
{
    private const int MaxDepth = 16;

    private readonly HardCodedLocationSymbols symbols;
    private readonly ValueFlow flow;
    private readonly CancellationToken cancellationToken;

    public HardCodedLocationTracer(HardCodedLocationSymbols symbols, ValueFlow flow, CancellationToken cancellationToken)
    {
        this.symbols = symbols;
        this.flow = flow;
        this.cancellationToken = cancellationToken;
    }

    public List<LocationPart> Trace(IOperation value) => Evaluate(value, null, 0);

    private static List<LocationPart> UnknownValue() => new() { LocationPart.Unknown };

    private static List<LocationPart> Single(LocationPartKind kind, string text = "") => new() { new LocationPart(kind, text, null) };

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

            case IParenthesizedOperation parenthesized:
                return Evaluate(parenthesized.Operand, frame, depth + 1);

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
                if (frame is not null && frame.TryGetArgument(parameter.Parameter, out var argument))
                {
                    return Evaluate(argument is null ? null : LocalDefinitions.ValueOf(argument, flow, cancellationToken), frame.Caller, depth + 1);
                }

                return frame is null
                    ? new List<LocationPart> { new(LocationPartKind.Parameter, string.Empty, null, parameter.Parameter.OriginalDefinition) }
                    : UnknownValue();

            case IFieldReferenceOperation field:
                return EvaluateField(field.Field, depth);

            case IPropertyReferenceOperation property:
                return EvaluateProperty(property, frame, depth);

            case IInvocationOperation invocation:
                return EvaluateInvocation(invocation, frame, depth);

            case IObjectCreationOperation creation:
                return EvaluateCreation(creation, frame, depth);

            case IArrayElementReferenceOperation element
                when element.Indices.Length == 1
                    && element.Indices[0].ConstantValue is { HasValue: true, Value: 0 }
                    && element.ArrayReference is IInvocationOperation { TargetMethod: { Name: "GetCommandLineArgs" } getArgs }
                    && HardCodedLocationSymbols.Is(getArgs.ContainingType, symbols.Environment):
                // The program's own file: its directory is the application's.
                return Single(LocationPartKind.AppBaseDirectory);

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
        if (local.IsConst && local.HasConstantValue && local.ConstantValue is string constant)
        {
            return new List<LocationPart> { new(LocationPartKind.Text, constant, reference.Syntax) };
        }

        var definition = LocalDefinitions.GetSingleDefinition(reference, cancellationToken);
        return definition is null ? UnknownValue() : Evaluate(definition, frame, depth + 1);
    }

    private List<LocationPart> EvaluateField(IFieldSymbol field, int depth)
    {
        if (field.ContainingType?.SpecialType == SpecialType.System_String && field.Name == "Empty")
        {
            return new List<LocationPart> { new(LocationPartKind.Text, string.Empty, null) };
        }

        if (field.IsConst)
        {
            foreach (var reference in field.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } initializer }
                    && flow.GetOperation(initializer, cancellationToken) is { } value)
                {
                    return Evaluate(value, null, depth + 1);
                }
            }

            return field.HasConstantValue && field.ConstantValue is string constant
                ? new List<LocationPart> { new(LocationPartKind.Text, constant, null) }
                : UnknownValue();
        }

        return EvaluateMember(field.OriginalDefinition, depth);
    }

    /// <summary>
    /// A field or auto-property: its only write is followed (an initializer, or one assignment); when it is set in
    /// constructors from their parameters, it stays a <see cref="LocationPartKind.Member"/> part for the constructors'
    /// summaries.
    /// </summary>
    private List<LocationPart> EvaluateMember(ISymbol member, int depth)
    {
        var writes = flow.GetWrites(member, cancellationToken);
        if (!writes.IsKnown || writes.Values.IsEmpty)
        {
            return UnknownValue();
        }

        if (writes.Single is { } single)
        {
            var value = Evaluate(single.Value, null, depth + 1);
            if (!ContainsSymbolic(value))
            {
                return value;
            }
        }

        return writes.AllInConstructors && !member.IsStatic
            ? new List<LocationPart> { new(LocationPartKind.Member, string.Empty, null, member) }
            : UnknownValue();
    }

    private static bool ContainsSymbolic(List<LocationPart> parts)
    {
        foreach (var part in parts)
        {
            if (part.IsSymbolic)
            {
                return true;
            }
        }

        return false;
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

        if (property.IsIndexer || property.Parameters.Length != 0 || !SymbolEqualityComparer.Default.Equals(property.ContainingAssembly, flow.Compilation.Assembly))
        {
            return UnknownValue();
        }

        // A computed get-only property (=> "..."): its expression.
        if (property.SetMethod is null && property.DeclaringSyntaxReferences.Length == 1
            && property.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is PropertyDeclarationSyntax declaration)
        {
            var expression = declaration.ExpressionBody?.Expression
                ?? (declaration.AccessorList?.Accessors.Count == 1 ? declaration.AccessorList.Accessors[0].ExpressionBody?.Expression : null);
            if (expression is not null)
            {
                return flow.GetOperation(expression, cancellationToken) is { } value ? Evaluate(value, null, depth + 1) : UnknownValue();
            }
        }

        return EvaluateMember(property.OriginalDefinition, depth);
    }

    private List<LocationPart> EvaluateInvocation(IInvocationOperation invocation, Frame? frame, int depth)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        switch (type?.Name)
        {
            case "Path" when HardCodedLocationSymbols.Is(type, symbols.Path):
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

            case "Directory" when method.Name == "GetCurrentDirectory" && HardCodedLocationSymbols.Is(type, symbols.Directory):
                return Single(LocationPartKind.CurrentDirectory);

            case "Environment" when method.Name == "GetFolderPath" && HardCodedLocationSymbols.Is(type, symbols.Environment):
                return invocation.Arguments.Length >= 1 && invocation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: int folder }
                    && invocation.Arguments[0].Value.Type is INamedTypeSymbol { TypeKind: TypeKind.Enum } folderType
                    ? Single(LocationPartKind.SpecialFolder, EnumMemberName(folderType, folder))
                    : UnknownValue();

            case "String" when method.Name == "Format" && type.SpecialType == SpecialType.System_String:
                return Format(invocation.Arguments, frame, depth);
        }

        return EvaluateSourceHelper(invocation, frame, depth);
    }

    private static string EnumMemberName(INamedTypeSymbol type, int value)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is IFieldSymbol { HasConstantValue: true, ConstantValue: int constant } field && constant == value)
            {
                return field.Name;
            }
        }

        return value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>string.Format with a format written in the code and plain <c>{n}</c> holes.</summary>
    private List<LocationPart> Format(IEnumerable<IArgumentOperation> arguments, Frame? frame, int depth)
    {
        IOperation? format = null;
        var values = new List<IOperation>();
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Type is INamedTypeSymbol { Name: "IFormatProvider" })
            {
                continue;
            }

            if (format is null && argument.Parameter?.Name == "format")
            {
                format = argument.Value;
            }
            else if (argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation { Initializer: { } initializer })
            {
                values.AddRange(initializer.ElementValues);
            }
            else if (argument.ArgumentKind == ArgumentKind.ParamArray)
            {
                return UnknownValue();
            }
            else
            {
                values.Add(argument.Value);
            }
        }

        if (format?.ConstantValue is not { HasValue: true, Value: string text })
        {
            return UnknownValue();
        }

        var result = new List<LocationPart>();
        var literal = new System.Text.StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((c == '{' || c == '}') && i + 1 < text.Length && text[i + 1] == c)
            {
                literal.Append(c);
                i++;
                continue;
            }

            if (c != '{')
            {
                literal.Append(c);
                continue;
            }

            var close = text.IndexOf('}', i);
            if (close < 0 || !int.TryParse(text.Substring(i + 1, close - i - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
                || index >= values.Count)
            {
                return UnknownValue();
            }

            if (literal.Length > 0)
            {
                result.Add(new LocationPart(LocationPartKind.Text, literal.ToString(), format.Syntax));
                literal.Clear();
            }

            result.AddRange(Evaluate(values[index], frame, depth + 1));
            i = close;
        }

        if (literal.Length > 0)
        {
            result.Add(new LocationPart(LocationPartKind.Text, literal.ToString(), format.Syntax));
        }

        return result;
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
                    AppendSegment(result, Evaluate(element, frame, depth + 1));
                }
            }
            else if (argument.Value.Type is IArrayTypeSymbol)
            {
                return UnknownValue();
            }
            else
            {
                AppendSegment(result, Evaluate(argument.Value, frame, depth + 1));
            }
        }

        return result;
    }

    /// <summary>Appends one Path.Combine segment (also used when a summary substitutes a segment's value).</summary>
    public static void AppendSegment(List<LocationPart> result, List<LocationPart> segment)
    {
        if (segment.Count == 0 || (segment.Count == 1 && segment[0].Kind == LocationPartKind.Text && segment[0].Text.Length == 0))
        {
            return;
        }

        var first = segment[0];
        if (first.Kind is LocationPartKind.AppBaseDirectory or LocationPartKind.CurrentDirectory or LocationPartKind.TempDirectory or LocationPartKind.SpecialFolder
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

    private static List<LocationPart> DirectoryOf(List<LocationPart> file)
    {
        if (file.Count > 0 && file[0].Kind is LocationPartKind.AppBaseDirectory or LocationPartKind.TempDirectory)
        {
            return Single(file[0].Kind);
        }

        return UnknownValue();
    }

    /// <summary>
    /// A string-returning method of this compilation (any file) with a single return statement, such as the samples'
    /// <c>GetAbsolutePath(string relativePath)</c>: its return value is traced with the call's arguments.
    /// </summary>
    private List<LocationPart> EvaluateSourceHelper(IInvocationOperation invocation, Frame? frame, int depth)
    {
        var method = invocation.TargetMethod;
        if (method.ReturnType.SpecialType != SpecialType.System_String
            || method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction)
            || method.IsVirtual || method.IsOverride
            || flow.GetSingleReturnedValue(method, cancellationToken) is not { } returned)
        {
            return UnknownValue();
        }

        return Evaluate(returned, new Frame(ValueFlow.Definition(method), invocation.Arguments, frame), depth + 1);
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

        public bool TryGetArgument(IParameterSymbol parameter, out IArgumentOperation? value)
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
                    value = argument;
                    return argument.ArgumentKind != ArgumentKind.ParamArray;
                }
            }

            return false;
        }
    }
}
