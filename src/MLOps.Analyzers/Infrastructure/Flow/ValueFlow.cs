using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.Flow;

/// <summary>
/// The one model of how values flow through a compilation's own code, shared by every rule: the bodies of its
/// methods (in any file), where each field or auto-property is written, which local is assigned once, and a memo of
/// per-method summaries ("parameter 2 reaches Model.Load"), so that each method body is summarised at most once
/// per compilation and per kind of question, whichever rule asks first.
/// </summary>
/// <remarks>
/// One instance per <see cref="Compilation"/> (a weak table keyed by the compilation), created only by rules whose
/// ML library the compilation references. Bodies in other files are reached through
/// <see cref="Compilation.GetSemanticModel(SyntaxTree, bool)"/>: inside the analyzer driver that returns the
/// compiler's cached model of the tree, and every body is bound at most once here.
/// </remarks>
internal sealed class ValueFlow
{
    /// <summary>
    /// How many summaries may be under computation at once on a thread (caller → helper → helper → sink): deeper
    /// chains are cut there, and a cut summary is not memoised.
    /// </summary>
    public const int MaxCallDepth = 8;

    private static readonly ConditionalWeakTable<Compilation, ValueFlow> Instances = new();

    [ThreadStatic]
    private static HashSet<(object Kind, IMethodSymbol Method)>? inProgress;

    [ThreadStatic]
    private static bool cycleCut;

    private readonly ConcurrentDictionary<ISymbol, MemberWrites> writes = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<SummaryKey, object> summaries = new();
    private readonly ConcurrentDictionary<IMethodSymbol, IOperation?> bodies = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, IOperation?> singleReturns = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<INamedTypeSymbol, ILookup<string, ExpressionSyntax>> writeTargets = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<INamedTypeSymbol, ILookup<string, ExpressionSyntax>> constructorWriteTargets = new(SymbolEqualityComparer.Default);

    private ValueFlow(Compilation compilation)
    {
        Compilation = compilation;
    }

    public Compilation Compilation { get; }

    public static ValueFlow For(Compilation compilation) => Instances.GetValue(compilation, static c => new ValueFlow(c));

    /// <summary>Whether <paramref name="method"/> is written in this compilation (so its body can be followed).</summary>
    public bool IsOwnCode(IMethodSymbol method)
        => SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, Compilation.Assembly) && !method.IsExtern && !method.IsAbstract;

    /// <summary>The semantic model of a tree of this compilation (the driver's shared one while analyzing).</summary>
    public SemanticModel? GetSemanticModel(SyntaxTree tree)
    {
        if (!Compilation.ContainsSyntaxTree(tree))
        {
            return null;
        }

        // A tree's model is requested once per followed body, and the driver hands back its cached model.
        return Compilation.GetSemanticModel(tree);
    }

    /// <summary>The operation of a syntax node in any tree of the compilation.</summary>
    public IOperation? GetOperation(SyntaxNode node, CancellationToken cancellationToken)
        => GetSemanticModel(node.SyntaxTree)?.GetOperation(node, cancellationToken);

    /// <summary>
    /// The body of a method, constructor, local function or accessor written in this compilation
    /// (<see cref="IMethodBodyOperation"/>, <see cref="IConstructorBodyOperation"/> or <see cref="ILocalFunctionOperation"/>),
    /// or null when it has none that can be followed (metadata, partial, abstract, extern).
    /// </summary>
    public IOperation? GetBody(IMethodSymbol method, CancellationToken cancellationToken)
    {
        method = Definition(method);
        if (!IsOwnCode(method) || method.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        return bodies.GetOrAdd(method, m =>
        {
            var syntax = m.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            return syntax switch
            {
                BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax => GetOperation(syntax, cancellationToken),
                _ => null,
            };
        });
    }

    /// <summary>
    /// The value a method of this compilation returns when its body has exactly one <c>return</c> outside nested
    /// functions (or is an expression body), such as the samples' <c>GetAbsolutePath(relativePath)</c>; null otherwise.
    /// </summary>
    public IOperation? GetSingleReturnedValue(IMethodSymbol method, CancellationToken cancellationToken)
    {
        method = Definition(method);
        return singleReturns.GetOrAdd(method, m =>
        {
            if (GetBody(m, cancellationToken) is not { } body)
            {
                return null;
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

            return returns == 1 ? returned : null;
        });
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

    /// <summary>How messages name a followed method: <c>Type.Method</c>, or <c>new Type</c> for a constructor.</summary>
    public static string DisplayName(IMethodSymbol method)
        => method.MethodKind == MethodKind.Constructor ? "new " + method.ContainingType.Name : method.ContainingType.Name + "." + method.Name;

    /// <summary>The method as declared: the generic definition, the un-reduced extension method.</summary>
    public static IMethodSymbol Definition(IMethodSymbol method)
        => (method.ReducedFrom ?? method).OriginalDefinition;

    /// <summary>
    /// Every write of a field or auto-property of this compilation, when all of them can be seen: a private field or
    /// property, or a readonly field or get-only auto-property (only its own type can write those). Null when code
    /// elsewhere may write it, or when one write is not a plain assignment (ref, out, compound, deconstruction).
    /// </summary>
    public MemberWrites GetWrites(ISymbol member, CancellationToken cancellationToken)
        => writes.GetOrAdd(member, m => CollectWrites(m, cancellationToken));

    /// <summary>
    /// A memoised answer about one method: computed once per compilation and kind of question, whichever rule or
    /// file asks first. A request that would recurse into a method whose summary is already being computed on this
    /// thread, or go deeper than <see cref="MaxCallDepth"/>, gets <paramref name="onCycle"/>; an answer that
    /// depended on such a cut is used but not memoised, so every memoised answer is the complete one.
    /// </summary>
    public T GetSummary<T>(object kind, IMethodSymbol method, Func<IMethodSymbol, T> compute, T onCycle)
    {
        method = Definition(method);
        var key = new SummaryKey(kind, method, 0);
        if (summaries.TryGetValue(key, out var cached))
        {
            return (T)cached;
        }

        inProgress ??= new HashSet<(object, IMethodSymbol)>(KindAndMethodComparer.Instance);
        if (inProgress.Count >= MaxCallDepth || !inProgress.Add((kind, method)))
        {
            CycleCut = true;
            return onCycle;
        }

        var outerCut = CycleCut;
        CycleCut = false;
        try
        {
            var value = compute(method);
            if (!CycleCut)
            {
                return (T)summaries.GetOrAdd(key, value!);
            }

            return value;
        }
        finally
        {
            CycleCut |= outerCut;
            inProgress.Remove((kind, method));
        }
    }

    private static bool CycleCut
    {
        get => cycleCut;
        set => cycleCut = value;
    }

    private MemberWrites CollectWrites(ISymbol member, CancellationToken cancellationToken)
    {
        var type = member.ContainingType;
        if (type is null || !SymbolEqualityComparer.Default.Equals(member.ContainingAssembly, Compilation.Assembly))
        {
            return MemberWrites.Unknown;
        }

        var visibleOnlyToItsType = member switch
        {
            IFieldSymbol field => !field.IsConst && (field.DeclaredAccessibility == Accessibility.Private || field.IsReadOnly),
            IPropertySymbol property => IsAutoProperty(property, cancellationToken)
                && (property.SetMethod is null
                    || (property.DeclaredAccessibility == Accessibility.Private && !property.SetMethod.IsInitOnly)
                    || (property.SetMethod.DeclaredAccessibility == Accessibility.Private && !property.SetMethod.IsInitOnly)),
            _ => false,
        };
        if (!visibleOnlyToItsType)
        {
            return MemberWrites.Unknown;
        }

        var values = ImmutableArray.CreateBuilder<MemberWrite>();
        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax(cancellationToken);
            var initializer = declaration switch
            {
                VariableDeclaratorSyntax { Initializer.Value: { } value } => value,
                PropertyDeclarationSyntax { Initializer.Value: { } value } => value,
                _ => null,
            };
            if (initializer is not null && GetOperation(initializer, cancellationToken) is { } initialValue)
            {
                values.Add(new MemberWrite(initialValue, null));
            }
        }

        // A readonly field or a get-only auto-property can only be written by the type's constructors (and, for a field,
        // its init accessors): only those are searched, not every member of the type.
        var constructorsOnly = member switch
        {
            IFieldSymbol field => field.IsReadOnly,
            IPropertySymbol property => property.SetMethod is null,
            _ => false,
        };
        foreach (var target in GetWriteTargets(type, constructorsOnly, cancellationToken)[member.Name])
        {
            var node = target.Parent is ArgumentSyntax or PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax or AssignmentExpressionSyntax
                ? target.Parent
                : target.FirstAncestorOrSelf<AssignmentExpressionSyntax>() ?? (SyntaxNode)target;
            var model = GetSemanticModel(node.SyntaxTree);
            if (model is null)
            {
                return MemberWrites.Unknown;
            }

            if (target is TupleExpressionSyntax || node is not AssignmentExpressionSyntax)
            {
                if (RefersTo(model, target, member, cancellationToken))
                {
                    return MemberWrites.Unknown;
                }

                continue;
            }

            var operation = model.GetOperation(node, cancellationToken);
            switch (operation)
            {
                case ISimpleAssignmentOperation simple when Refers(simple.Target, member):
                    values.Add(new MemberWrite(simple.Value, model.GetEnclosingSymbol(node.SpanStart, cancellationToken)));
                    break;
                case IAssignmentOperation other when Refers(other.Target, member):
                    return MemberWrites.Unknown;
                case IDeconstructionAssignmentOperation when RefersTo(model, target, member, cancellationToken):
                    return MemberWrites.Unknown;
            }
        }

        return new MemberWrites(values.ToImmutable());
    }

    /// <summary>
    /// Every expression that a type's code (all its parts, nested types included) writes to, indexed by the member
    /// name it ends with: one syntax walk per type, however many of its members are asked about.
    /// </summary>
    private ILookup<string, ExpressionSyntax> GetWriteTargets(INamedTypeSymbol type, bool constructorsOnly, CancellationToken cancellationToken)
        => (constructorsOnly ? constructorWriteTargets : writeTargets).GetOrAdd(type.OriginalDefinition, t =>
        {
            var targets = new List<(string Name, ExpressionSyntax Target)>();
            foreach (var reference in t.DeclaringSyntaxReferences)
            {
                var declaration = reference.GetSyntax(cancellationToken);
                if (!constructorsOnly)
                {
                    AddWriteTargets(declaration, targets);
                    continue;
                }

                if (declaration is not TypeDeclarationSyntax typeDeclaration)
                {
                    continue;
                }

                foreach (var member in typeDeclaration.Members)
                {
                    switch (member)
                    {
                        case ConstructorDeclarationSyntax constructor:
                            AddWriteTargets(constructor, targets);
                            break;
                        case BasePropertyDeclarationSyntax { AccessorList: { } accessors }:
                            foreach (var accessor in accessors.Accessors)
                            {
                                if (accessor.IsKind(SyntaxKind.InitAccessorDeclaration))
                                {
                                    AddWriteTargets(accessor, targets);
                                }
                            }

                            break;
                    }
                }
            }

            return targets.ToLookup(x => x.Name, x => x.Target, StringComparer.Ordinal);
        });

    private static void AddWriteTargets(SyntaxNode scope, List<(string Name, ExpressionSyntax Target)> targets)
    {
        foreach (var node in scope.DescendantNodes())
        {
            ExpressionSyntax? target = node switch
            {
                AssignmentExpressionSyntax assignment => assignment.Left,
                ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None) => argument.Expression,
                PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } prefix => prefix.Operand,
                PostfixUnaryExpressionSyntax postfix => postfix.Operand,
                _ => null,
            };
            if (target is not null)
            {
                foreach (var name in NamesWritten(target))
                {
                    targets.Add((name, target));
                }
            }
        }
    }

    private static IEnumerable<string> NamesWritten(ExpressionSyntax expression)
    {
        switch (expression)
        {
            case IdentifierNameSyntax identifier:
                yield return identifier.Identifier.ValueText;
                break;
            case MemberAccessExpressionSyntax access:
                yield return access.Name.Identifier.ValueText;
                break;
            case TupleExpressionSyntax tuple:
                foreach (var argument in tuple.Arguments)
                {
                    foreach (var name in NamesWritten(argument.Expression))
                    {
                        yield return name;
                    }
                }

                break;
        }
    }

    private static bool IsAutoProperty(IPropertySymbol property, CancellationToken cancellationToken)
    {
        if (property.IsIndexer || property.IsAbstract || property.DeclaringSyntaxReferences.Length != 1)
        {
            return false;
        }

        return property.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is PropertyDeclarationSyntax
        {
            ExpressionBody: null,
            AccessorList: { } accessors,
        } && accessors.Accessors.All(a => a.Body is null && a.ExpressionBody is null);
    }

    private static bool Refers(IOperation target, ISymbol member)
        => target switch
        {
            IFieldReferenceOperation field => SymbolEqualityComparer.Default.Equals(field.Field.OriginalDefinition, member),
            IPropertyReferenceOperation property => SymbolEqualityComparer.Default.Equals(property.Property.OriginalDefinition, member),
            _ => false,
        };

    private static bool RefersTo(SemanticModel model, ExpressionSyntax expression, ISymbol member, CancellationToken cancellationToken)
    {
        foreach (var node in expression.DescendantNodesAndSelf())
        {
            if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == member.Name
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol?.OriginalDefinition, member))
            {
                return true;
            }
        }

        return false;
    }


    private readonly struct SummaryKey : IEquatable<SummaryKey>
    {
        private readonly object kind;
        private readonly IMethodSymbol method;
        private readonly int depth;

        public SummaryKey(object kind, IMethodSymbol method, int depth)
        {
            this.kind = kind;
            this.method = method;
            this.depth = depth;
        }

        public bool Equals(SummaryKey other)
            => ReferenceEquals(kind, other.kind) && depth == other.depth && SymbolEqualityComparer.Default.Equals(method, other.method);

        public override bool Equals(object? obj) => obj is SummaryKey other && Equals(other);

        public override int GetHashCode() => (RuntimeHelpers.GetHashCode(kind) * 31 + SymbolEqualityComparer.Default.GetHashCode(method)) * 31 + depth;
    }

    private sealed class KindAndMethodComparer : IEqualityComparer<(object Kind, IMethodSymbol Method)>
    {
        public static readonly KindAndMethodComparer Instance = new();

        public bool Equals((object Kind, IMethodSymbol Method) x, (object Kind, IMethodSymbol Method) y)
            => ReferenceEquals(x.Kind, y.Kind) && SymbolEqualityComparer.Default.Equals(x.Method, y.Method);

        public int GetHashCode((object Kind, IMethodSymbol Method) obj)
            => RuntimeHelpers.GetHashCode(obj.Kind) * 31 + SymbolEqualityComparer.Default.GetHashCode(obj.Method);
    }
}

/// <summary>One write of a field or auto-property: the value, and the member that writes it (null for an initializer).</summary>
internal readonly struct MemberWrite
{
    public MemberWrite(IOperation value, ISymbol? writer)
    {
        Value = value;
        Writer = writer;
    }

    public IOperation Value { get; }

    public ISymbol? Writer { get; }

    public bool IsInConstructor => Writer is IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor };
}

/// <summary>All writes of a member, or <see cref="IsKnown"/> false when they cannot all be seen.</summary>
internal sealed class MemberWrites
{
    public static readonly MemberWrites Unknown = new(default);

    public MemberWrites(ImmutableArray<MemberWrite> values)
    {
        Values = values;
    }

    public bool IsKnown => !Values.IsDefault;

    public ImmutableArray<MemberWrite> Values { get; }

    /// <summary>The only write (initializer or assignment), or null.</summary>
    public MemberWrite? Single => IsKnown && Values.Length == 1 ? Values[0] : null;

    /// <summary>Whether every write is an initializer or sits in a constructor of the member's type.</summary>
    public bool AllInConstructors
    {
        get
        {
            if (!IsKnown)
            {
                return false;
            }

            foreach (var value in Values)
            {
                if (value.Writer is not null && !value.IsInConstructor)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
