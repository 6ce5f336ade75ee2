using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Flow;

namespace MLOps.Analyzers.Configuration;

/// <summary>A location argument of a sink whose value depends on a method's parameters (or its type's constructor-set members).</summary>
internal sealed class LocationUse
{
    public LocationUse(LocationSinkKind sink, string sinkName, List<LocationPart> value, List<LocationPart>? destination)
    {
        Sink = sink;
        SinkName = sinkName;
        Value = value;
        Destination = destination;
    }

    public LocationSinkKind Sink { get; }

    /// <summary>The sink as shown in messages, with the helper it is reached through (<c>ModelOperationsCatalog.Load (through Predictor..ctor)</c>).</summary>
    public string SinkName { get; }

    public List<LocationPart> Value { get; }

    /// <summary>The destination file of a WebClient download (tells a data download from an API call), when known.</summary>
    public List<LocationPart>? Destination { get; }
}

/// <summary>
/// The path rules' questions to the shared <see cref="ValueFlow"/>: for a method of this compilation, which of its
/// parameters reach a data/model sink (directly, through other methods of the compilation, or, for a constructor,
/// through the fields and properties it sets and the type's methods later load), and with which surrounding text.
/// One summary per method, memoised in the flow model.
/// </summary>
internal sealed class HardCodedLocationFlow
{
    private static readonly object SummaryKind = new();

    private readonly ConcurrentDictionary<IMethodSymbol, MethodRole> roles = new(SymbolEqualityComparer.Default);
    private static readonly ImmutableArray<LocationUse> None = ImmutableArray<LocationUse>.Empty;

    public HardCodedLocationFlow(HardCodedLocationSymbols symbols, ValueFlow flow)
    {
        Symbols = symbols;
        Flow = flow;
    }

    public HardCodedLocationSymbols Symbols { get; }

    public ValueFlow Flow { get; }

    /// <summary>
    /// What a called method is to the path rules, decided once per method and compilation (a sink and which of its
    /// parameters take the location, or the compilation's own code that may pass one on, or nothing): the per-call
    /// test is then one lookup, with no string work.
    /// </summary>
    public MethodRole GetRole(IMethodSymbol method)
    {
        // Asked for every call of the compilation: a lookup without allocation first.
        var definition = method.OriginalDefinition;
        return roles.TryGetValue(definition, out var role) ? role : roles.GetOrAdd(definition, ComputeRole(definition));
    }

    private MethodRole ComputeRole(IMethodSymbol m)
    {
        {
            var sink = Symbols.GetSinkKind(m);
            if (sink != LocationSinkKind.None)
            {
                var mask = 0UL;
                foreach (var parameter in m.Parameters)
                {
                    if (parameter.Ordinal < 64 && Symbols.IsLocationParameter(sink, parameter))
                    {
                        mask |= 1UL << parameter.Ordinal;
                    }
                }

                return mask == 0 ? MethodRole.None : new MethodRole(sink, mask, canReceiveLocation: false);
            }

            return CanReceiveLocation(m) ? MethodRole.OwnCode : MethodRole.None;
        }
    }

    /// <summary>Whether a call to <paramref name="method"/> can pass a location into code this compilation follows.</summary>
    public bool CanReceiveLocation(IMethodSymbol method)
    {
        if (!Flow.IsOwnCode(method))
        {
            return false;
        }

        foreach (var parameter in method.Parameters)
        {
            if (IsLocationType(parameter.Type))
            {
                return true;
            }
        }

        return false;
    }

    public ImmutableArray<LocationUse> GetParameterUses(IMethodSymbol method, CancellationToken cancellationToken)
        => Flow.GetSummary(SummaryKind, method, m => Compute(m, cancellationToken), None);

    /// <summary>
    /// Substitutes the call's arguments for <paramref name="callee"/>'s parameters in <paramref name="template"/>;
    /// with <paramref name="markCallSite"/>, the parts the arguments bring are marked (the report goes there).
    /// </summary>
    public static List<LocationPart> Substitute(
        List<LocationPart> template,
        IMethodSymbol callee,
        ImmutableArray<IArgumentOperation> arguments,
        HardCodedLocationTracer tracer,
        ValueFlow flow,
        bool markCallSite,
        CancellationToken cancellationToken)
    {
        var definition = ValueFlow.Definition(callee);
        var result = new List<LocationPart>(template.Count);
        foreach (var part in template)
        {
            if (part.Kind == LocationPartKind.Parameter
                && part.Symbol is IParameterSymbol parameter
                && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, definition))
            {
                var value = ArgumentValue(parameter, arguments, tracer, flow, cancellationToken);
                foreach (var piece in value)
                {
                    Append(result, markCallSite ? piece.MarkFromCallSite() : piece);
                }
            }
            else
            {
                Append(result, part);
            }
        }

        return result;
    }

    private static List<LocationPart> ArgumentValue(
        IParameterSymbol parameter,
        ImmutableArray<IArgumentOperation> arguments,
        HardCodedLocationTracer tracer,
        ValueFlow flow,
        CancellationToken cancellationToken)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter is not null && argument.Parameter.Ordinal == parameter.Ordinal)
            {
                return argument.ArgumentKind == ArgumentKind.ParamArray
                    ? new List<LocationPart> { LocationPart.Unknown }
                    : tracer.Trace(LocalDefinitions.ValueOf(argument, flow, cancellationToken) ?? argument.Value);
            }
        }

        return new List<LocationPart> { LocationPart.Unknown };
    }

    /// <summary>
    /// Whether a call's arguments can bring a location into a callee: an argument whose traced value holds text written in
    /// the code or a well-known root (the application, working, temporary or a special folder), or, with
    /// <paramref name="symbolsCount"/>, a parameter or member of the calling method. Substituting anything else (unknown
    /// values: configuration, computed strings) for a callee's parameters cannot turn its uses into findings, since a
    /// use is kept in a summary only when it is not a finding on its own and the classification treats parameters,
    /// members and unknown values alike. Arrays are always followed.
    /// </summary>
    public static bool MayCarryLocation(
        ImmutableArray<IArgumentOperation> arguments,
        HardCodedLocationTracer tracer,
        ValueFlow flow,
        bool symbolsCount,
        CancellationToken cancellationToken)
    {
        foreach (var argument in arguments)
        {
            var parameter = argument.Parameter;
            if (parameter is null || argument.Value is null || parameter.Type.IsValueType)
            {
                continue;
            }

            if (argument.ArgumentKind == ArgumentKind.ParamArray || parameter.Type is IArrayTypeSymbol)
            {
                return true;
            }

            foreach (var part in tracer.Trace(LocalDefinitions.ValueOf(argument, flow, cancellationToken) ?? argument.Value))
            {
                if (part.Kind == LocationPartKind.Unknown || (!symbolsCount && part.IsSymbolic))
                {
                    continue;
                }

                return true;
            }
        }

        return false;
    }

    /// <summary>Adds a part, dropping a joining separator that would double one the value already ends with.</summary>
    private static void Append(List<LocationPart> result, LocationPart part)
    {
        if (part.Kind == LocationPartKind.Text && part.Literal is null && part.Text == "/" && result.Count > 0
            && result[result.Count - 1].Kind == LocationPartKind.Text && HardCodedLocationClassifier.EndsWithSeparator(result[result.Count - 1].Text))
        {
            return;
        }

        result.Add(part);
    }

    private ImmutableArray<LocationUse> Compute(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var body = Flow.GetBody(method, cancellationToken);
        if (body is null)
        {
            return None;
        }

        var tracer = new HardCodedLocationTracer(Symbols, Flow, cancellationToken);
        var uses = ImmutableArray.CreateBuilder<LocationUse>();
        foreach (var operation in body.Descendants())
        {
            switch (operation)
            {
                case IInvocationOperation invocation:
                    Visit(method, invocation.TargetMethod, invocation.Arguments, tracer, uses, cancellationToken);
                    break;
                case IObjectCreationOperation { Constructor: { } constructor } creation:
                    Visit(method, constructor, creation.Arguments, tracer, uses, cancellationToken);
                    break;
            }
        }

        if (method.MethodKind == MethodKind.Constructor)
        {
            AddMemberUses(method, tracer, uses, cancellationToken);
        }

        return uses.ToImmutable();
    }

    private void Visit(
        IMethodSymbol method,
        IMethodSymbol target,
        ImmutableArray<IArgumentOperation> arguments,
        HardCodedLocationTracer tracer,
        ImmutableArray<LocationUse>.Builder uses,
        CancellationToken cancellationToken)
    {
        if (arguments.IsDefaultOrEmpty)
        {
            return;
        }

        var role = GetRole(target);
        var sink = role.Sink;
        if (sink != LocationSinkKind.None)
        {
            foreach (var argument in arguments)
            {
                if (argument.Parameter is null || !role.IsLocationParameter(argument.Parameter) || argument.ArgumentKind == ArgumentKind.ParamArray)
                {
                    continue;
                }

                var value = tracer.Trace(LocalDefinitions.ValueOf(argument, Flow, cancellationToken) ?? argument.Value);
                if (DependsOn(value, method))
                {
                    var destination = sink == LocationSinkKind.Http ? DestinationOf(arguments, tracer) : null;
                    var use = new LocationUse(sink, HardCodedLocationSymbols.GetSinkDisplayName(target), value, destination);
                    if (HardCodedLocationDecision.Decide(use.Value, use.Sink, use.Destination, static _ => HardCodedLocationClassifier.DefaultDataFileExtensions) == LocationClass.None)
                    {
                        uses.Add(use);
                    }
                }
            }

            return;
        }

        if (!role.CanReceiveLocation || SymbolEqualityComparer.Default.Equals(ValueFlow.Definition(target), method))
        {
            return;
        }

        // The cheap test first: a call that passes nothing from this method (its parameters or its type's members) and
        // nothing written in the code cannot make a use of this method, whatever the callee does; its summary is not
        // needed (a method of the same type may still read the type's members, so those calls are followed anyway).
        if (!SymbolEqualityComparer.Default.Equals(target.ContainingType, method.ContainingType)
            && !MayCarryLocation(arguments, tracer, Flow, symbolsCount: true, cancellationToken))
        {
            return;
        }

        foreach (var calleeUse in GetParameterUses(target, cancellationToken))
        {
            var value = Substitute(calleeUse.Value, target, arguments, tracer, Flow, markCallSite: false, cancellationToken);
            if (!DependsOn(value, method))
            {
                continue;
            }

            var destination = calleeUse.Destination is null ? null : Substitute(calleeUse.Destination, target, arguments, tracer, Flow, markCallSite: false, cancellationToken);
            if (HardCodedLocationDecision.Decide(value, calleeUse.Sink, destination, static _ => HardCodedLocationClassifier.DefaultDataFileExtensions) == LocationClass.None)
            {
                uses.Add(new LocationUse(calleeUse.Sink, calleeUse.SinkName, value, destination));
            }
        }
    }

    /// <summary>
    /// A constructor passes its parameters on through the members it sets: every use, in the type's other methods,
    /// of a member this constructor writes once becomes a use of the constructor's parameters.
    /// </summary>
    private void AddMemberUses(
        IMethodSymbol constructor,
        HardCodedLocationTracer tracer,
        ImmutableArray<LocationUse>.Builder uses,
        CancellationToken cancellationToken)
    {
        var type = constructor.ContainingType;
        foreach (var member in type.GetMembers())
        {
            if (member is not IMethodSymbol { IsStatic: false } other
                || other.MethodKind is not (MethodKind.Ordinary or MethodKind.PropertyGet)
                || SymbolEqualityComparer.Default.Equals(other, constructor))
            {
                continue;
            }

            foreach (var use in GetParameterUses(other, cancellationToken))
            {
                if (!HasMemberOf(use.Value, type))
                {
                    continue;
                }

                var value = SubstituteMembers(use.Value, constructor, tracer, cancellationToken);
                var destination = use.Destination is null ? null : SubstituteMembers(use.Destination, constructor, tracer, cancellationToken);
                if (DependsOn(value, constructor)
                    && HardCodedLocationDecision.Decide(value, use.Sink, destination, static _ => HardCodedLocationClassifier.DefaultDataFileExtensions) == LocationClass.None)
                {
                    uses.Add(new LocationUse(use.Sink, use.SinkName + " (through " + type.Name + "." + other.Name + ")", value, destination));
                }
            }
        }
    }

    public List<LocationPart> SubstituteMembers(List<LocationPart> template, IMethodSymbol constructor, HardCodedLocationTracer tracer, CancellationToken cancellationToken)
    {
        var result = new List<LocationPart>(template.Count);
        foreach (var part in template)
        {
            if (part.Kind != LocationPartKind.Member || part.Symbol is null)
            {
                result.Add(part);
                continue;
            }

            IOperation? written = null;
            var count = 0;
            foreach (var write in Flow.GetWrites(part.Symbol, cancellationToken).Values)
            {
                if (SymbolEqualityComparer.Default.Equals(write.Writer, constructor))
                {
                    written = write.Value;
                    count++;
                }
            }

            if (count == 1 && written is not null)
            {
                result.AddRange(tracer.Trace(written));
            }
            else
            {
                result.Add(LocationPart.Unknown);
            }
        }

        return result;
    }

    /// <summary>The traced destination file of a WebClient download among a call's arguments, or null.</summary>
    public static List<LocationPart>? DestinationOf(ImmutableArray<IArgumentOperation> arguments, HardCodedLocationTracer tracer)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter is not null && argument.Value is not null && HardCodedLocationSymbols.IsDownloadDestinationParameter(argument.Parameter))
            {
                return tracer.Trace(argument.Value);
            }
        }

        return null;
    }

    /// <summary>Whether the value depends on a parameter of <paramref name="method"/> or a constructor-set member of its type.</summary>
    public static bool DependsOn(List<LocationPart> value, IMethodSymbol method)
    {
        var definition = ValueFlow.Definition(method);
        foreach (var part in value)
        {
            switch (part.Kind)
            {
                case LocationPartKind.Parameter when SymbolEqualityComparer.Default.Equals(part.Symbol?.ContainingSymbol, definition):
                    return true;
                case LocationPartKind.Member when SymbolEqualityComparer.Default.Equals(part.Symbol?.ContainingType, definition.ContainingType):
                    return true;
            }
        }

        return false;
    }

    public static bool HasMemberOf(List<LocationPart> value, INamedTypeSymbol type)
    {
        foreach (var part in value)
        {
            if (part.Kind == LocationPartKind.Member && SymbolEqualityComparer.Default.Equals(part.Symbol?.ContainingType, type))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsLocationType(ITypeSymbol type)
        => type.SpecialType == SpecialType.System_String
            || type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_String };
}

/// <summary>What a called method is to the path rules (see <see cref="HardCodedLocationFlow.GetRole"/>).</summary>
internal sealed class MethodRole
{
    public static readonly MethodRole None = new(LocationSinkKind.None, 0, canReceiveLocation: false);
    public static readonly MethodRole OwnCode = new(LocationSinkKind.None, 0, canReceiveLocation: true);

    private readonly ulong locationParameters;

    public MethodRole(LocationSinkKind sink, ulong locationParameters, bool canReceiveLocation)
    {
        Sink = sink;
        this.locationParameters = locationParameters;
        CanReceiveLocation = canReceiveLocation;
    }

    public LocationSinkKind Sink { get; }

    /// <summary>A method of the compilation with a string parameter: its summary may say where the value goes.</summary>
    public bool CanReceiveLocation { get; }

    public bool IsLocationParameter(IParameterSymbol parameter)
        => parameter.Ordinal < 64 && (locationParameters & (1UL << parameter.Ordinal)) != 0;
}
