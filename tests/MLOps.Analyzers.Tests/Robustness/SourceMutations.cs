using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MLOps.Analyzers.Tests.Robustness;

/// <summary>One half-typed version of a corpus source.</summary>
/// <param name="Description">How it was made, e.g. <c>prefix 5/12 at 1234</c> or <c>delete tokens [17 ')', 80 'seed']</c>.</param>
/// <param name="Text">The mutated source.</param>
/// <param name="Position">Where the mutation happened, for the excerpt in a failure message.</param>
internal sealed record SourceMutation(string Description, string Text, int Position);

/// <summary>
/// Seeded, deterministic mutations that look like code in the middle of being typed: the file cut at evenly spaced
/// points and right inside interesting tokens (an argument list just opened, after a comma, inside a string, after a
/// dot, after <c>=&gt;</c>, after <c>&lt;</c>, mid-identifier; at random either the end of the file or of that line),
/// 1-3 random tokens deleted (or one duplicated), using the Roslyn tokenizer, a line deleted, and a half-typed
/// ML statement inserted before an existing statement.
/// </summary>
internal static class SourceMutations
{
    public const int PrefixCount = 12;

    /// <summary>
    /// How many cuts per kind of interesting point and deletions per token count: 1 in ordinary test runs; set
    /// MLOPS_ROBUSTNESS_SCALE (e.g. 10) to explore deeper locally. Still seeded, so every run of a scale is the same.
    /// </summary>
    public static int Scale { get; } = int.TryParse(Environment.GetEnvironmentVariable("MLOPS_ROBUSTNESS_SCALE"), out var scale) && scale > 1 ? scale : 1;

    public static ImmutableArray<SourceMutation> Create(string text, string seedKey)
    {
        var random = new Random(StableHash(seedKey));
        var mutations = ImmutableArray.CreateBuilder<SourceMutation>();
        mutations.Add(new SourceMutation("original", text, 0));

        for (var i = 1; i <= PrefixCount; i++)
        {
            var cut = (int)((long)text.Length * i / (PrefixCount + 1));
            mutations.Add(new SourceMutation($"prefix {i}/{PrefixCount} (cut at {cut})", text.Substring(0, cut), cut));
        }

        var root = CSharpSyntaxTree.ParseText(text).GetRoot();
        foreach (var (kind, candidates) in InterestingPoints(root))
        {
            if (candidates.Count == 0)
            {
                continue;
            }

            for (var pick = 0; pick < Scale; pick++)
            {
                // Either the file ends there, or (as while typing in the middle of a file) only the rest of the line is gone.
                var point = candidates[random.Next(candidates.Count)];
                var endOfLine = text.IndexOf('\n', point);
                if (endOfLine > point && random.Next(2) == 0)
                {
                    mutations.Add(new SourceMutation($"rest of line removed {kind} at {point}", text.Substring(0, point) + text.Substring(endOfLine), point));
                }
                else
                {
                    mutations.Add(new SourceMutation($"cut {kind} at {point}", text.Substring(0, point), point));
                }
            }
        }

        var tokens = root.DescendantTokens().Where(t => !t.IsKind(SyntaxKind.EndOfFileToken)).ToList();
        if (tokens.Count > 3)
        {
            // Tokens in method bodies matter most; the first deletion may hit any token of the file.
            var bodyTokens = tokens.Select((t, i) => (t, i)).Where(p => IsInBody(p.t)).Select(p => p.i).ToList();
            for (var variant = 0; variant < 3 * Scale; variant++)
            {
                var count = (variant % 3) + 1;
                var pool = variant == 0 || bodyTokens.Count < count ? Enumerable.Range(0, tokens.Count).ToList() : bodyTokens;
                var chosen = new SortedSet<int>();
                while (chosen.Count < count)
                {
                    chosen.Add(pool[random.Next(pool.Count)]);
                }

                mutations.Add(Rebuild(root, tokens, chosen, duplicate: false));
            }

            // A line cut away (or pasted elsewhere): a statement, a brace or a declaration missing in the middle.
            var lineStarts = new List<int> { 0 };
            for (var i = text.IndexOf('\n'); i >= 0 && i + 1 < text.Length; i = text.IndexOf('\n', i + 1))
            {
                lineStarts.Add(i + 1);
            }

            for (var variant = 0; variant < Scale && lineStarts.Count > 2; variant++)
            {
                var line = random.Next(lineStarts.Count - 1);
                var start = lineStarts[line];
                var length = lineStarts[line + 1] - start;
                mutations.Add(new SourceMutation($"delete line {line + 1} '{Shorten(text.Substring(start, length).Trim())}'", text.Remove(start, length), start));
            }

            // Typing a new statement in the middle of a method: a half-written ML call before an existing statement.
            var statements = root.DescendantNodes().OfType<StatementSyntax>().Where(st => st.Parent is BlockSyntax).ToList();
            for (var variant = 0; variant < Scale && statements.Count > 0; variant++)
            {
                var at = statements[random.Next(statements.Count)].SpanStart;
                var typed = HalfTypedStatements[random.Next(HalfTypedStatements.Length)];
                mutations.Add(new SourceMutation($"insert '{typed}' at {at}", text.Substring(0, at) + typed + "\n" + text.Substring(at), at));
            }

            var duplicatePool = bodyTokens.Count > 0 ? bodyTokens : Enumerable.Range(0, tokens.Count).ToList();
            for (var variant = 0; variant < Scale; variant++)
            {
                mutations.Add(Rebuild(root, tokens, new SortedSet<int> { duplicatePool[random.Next(duplicatePool.Count)] }, duplicate: true));
            }
        }

        return mutations.ToImmutable();
    }

    /// <summary>What a user might have half-typed when the analyzers run: ML calls, a seed, a path, a lambda.</summary>
    private static readonly string[] HalfTypedStatements =
    {
        "var context = new MLContext(",
        "var context = new MLContext(seed: ",
        "var rng = new Random(",
        "var data = mlContext.Data.LoadFromTextFile<",
        "var split = mlContext.Data.TrainTestSplit(data, ",
        "var model = pipeline.Fit(split.",
        "var metrics = mlContext.Regression.Evaluate(model.Transform(",
        "mlContext.Model.Save(model, data.Schema, @\"C:\\models\\",
        "var trainer = mlContext.BinaryClassification.Trainers.SdcaLogisticRegression(labelColumnName: ",
        "torch.manual_seed(",
        "torch.use_deterministic_algorithms(",
        "var path = Path.Combine(\"data\", $\"{",
        "rows.OrderBy(_ => ",
        "loss.",
    };

    /// <summary>FNV-1a: string.GetHashCode is randomized per process, and the mutations must be the same on every run.</summary>
    public static int StableHash(string value)
    {
        unchecked
        {
            var hash = 2166136261u;
            foreach (var c in value)
            {
                hash = (hash ^ c) * 16777619u;
            }

            return (int)(hash & 0x7FFFFFFF);
        }
    }

    private static IEnumerable<(string Kind, List<int> Candidates)> InterestingPoints(SyntaxNode root)
    {
        var openedArgumentList = new List<int>();
        var afterComma = new List<int>();
        var insideString = new List<int>();
        var afterDot = new List<int>();
        var afterArrow = new List<int>();
        var afterLessThan = new List<int>();
        var midIdentifier = new List<int>();
        foreach (var token in root.DescendantTokens())
        {
            switch (token.Kind())
            {
                case SyntaxKind.OpenParenToken when token.Parent is ArgumentListSyntax:
                    openedArgumentList.Add(token.Span.End);
                    break;
                case SyntaxKind.CommaToken when token.Parent is ArgumentListSyntax:
                    afterComma.Add(token.Span.End);
                    break;
                case SyntaxKind.StringLiteralToken or SyntaxKind.InterpolatedStringTextToken when token.Span.Length > 2:
                    insideString.Add(token.SpanStart + (token.Span.Length / 2));
                    break;
                case SyntaxKind.DotToken when token.Parent is MemberAccessExpressionSyntax:
                    afterDot.Add(token.Span.End);
                    break;
                case SyntaxKind.EqualsGreaterThanToken:
                    afterArrow.Add(token.Span.End);
                    break;
                case SyntaxKind.LessThanToken when token.Parent is TypeArgumentListSyntax:
                    afterLessThan.Add(token.Span.End);
                    break;
                case SyntaxKind.IdentifierToken when token.Span.Length > 3 && token.Parent?.Parent is MemberAccessExpressionSyntax or InvocationExpressionSyntax:
                    midIdentifier.Add(token.SpanStart + (token.Span.Length / 2));
                    break;
            }
        }

        yield return ("mid-invocation (argument list just opened)", openedArgumentList);
        yield return ("mid-argument-list (after a comma)", afterComma);
        yield return ("mid-string", insideString);
        yield return ("mid-member-access (after a dot)", afterDot);
        yield return ("mid-lambda (after =>)", afterArrow);
        yield return ("mid-type-arguments (after <)", afterLessThan);
        yield return ("mid-identifier", midIdentifier);
    }

    private static bool IsInBody(SyntaxToken token)
        => token.Parent?.FirstAncestorOrSelf<SyntaxNode>(n => n is BlockSyntax or ArrowExpressionClauseSyntax or GlobalStatementSyntax) is not null;

    private static SourceMutation Rebuild(SyntaxNode root, List<SyntaxToken> tokens, SortedSet<int> chosen, bool duplicate)
    {
        var builder = new StringBuilder();
        var position = -1;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!chosen.Contains(i))
            {
                builder.Append(token.ToFullString());
                continue;
            }

            if (position < 0)
            {
                position = builder.Length + token.LeadingTrivia.FullSpan.Length;
            }

            if (duplicate)
            {
                builder.Append(token.ToFullString()).Append(token.ToFullString());
            }
            else
            {
                // Keep the trivia so neighbouring tokens do not merge: the token's text alone disappears.
                builder.Append(token.LeadingTrivia.ToFullString()).Append(token.TrailingTrivia.ToFullString());
            }
        }

        builder.Append(((CompilationUnitSyntax)root).EndOfFileToken.ToFullString());
        var names = string.Join(", ", chosen.Select(i => $"{i} '{Shorten(tokens[i].Text)}'"));
        var description = duplicate ? $"duplicate token [{names}]" : $"delete {chosen.Count} token(s) [{names}]";
        return new SourceMutation(description, builder.ToString(), Math.Max(position, 0));
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text.Substring(0, 37) + "...";
}
