using System.Globalization;
using System.Text.RegularExpressions;
using MLOps.Analyzers.DocGenerator;
using MLOps.Analyzers.Serving;
using MLOps.Analyzers.TrainingLoop;
using Xunit;

namespace MLOps.Analyzers.Tests.Documentation;

/// <summary>
/// A diagnostic message names the problem and its subject in one clause, as in Meziantou.Analyzer and the .NET
/// analyzers; the advice on how to fix it belongs in the descriptor's description and on the rule page, which the
/// IDE and the help link show. Two clauses joined by "; " are the sign that advice has crept back into a message.
/// </summary>
public sealed partial class MessageFormatTests
{
    /// <summary>The longest a message may be once each format argument is a short placeholder.</summary>
    internal const int MaxLength = 120;

    public static TheoryData<string> RuleIds() => RuleDocumentationTests.RuleIds();

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void MessageIsOneShortClause(string id)
    {
        var descriptor = RuleCatalog.Descriptors.Single(d => d.Id == id);
        var format = Format(descriptor);
        var problems = Problems(format);
        Assert.True(problems.Count == 0, $"{id}: {string.Join("; ", problems)}\n  message format: {format}\nMove the advice into the descriptor's description and rules/{id}.md.");
    }

    /// <summary>
    /// Two rules pass part of their sentence as an argument (MLOPS505 what went wrong, MLOPS602 the remedy for a loop or
    /// a request): each such text, put into the rule's message with placeholders for the rest, is held to the same limit.
    /// </summary>
    public static TheoryData<string, string> MessagesWithBuiltInArguments() => new()
    {
        { "MLOPS505 load", string.Format(CultureInfo.InvariantCulture, Format(ModuleModeNotSetAnalyzer.Rule), "{0}", Placeholders(ModuleModeNotSetAnalyzer.LoadMessage)) },
        { "MLOPS505 train", string.Format(CultureInfo.InvariantCulture, Format(ModuleModeNotSetAnalyzer.Rule), "{0}", Placeholders(ModuleModeNotSetAnalyzer.TrainMessage)) },
        { "MLOPS602 loop", string.Format(CultureInfo.InvariantCulture, Format(ModelCreatedPerItemAnalyzer.Rule), "{0}", "{1}", ModelCreatedPerItemAnalyzer.LoopAdvice) },
        { "MLOPS602 request", string.Format(CultureInfo.InvariantCulture, Format(ModelCreatedPerItemAnalyzer.Rule), "{0}", "{1}", ModelCreatedPerItemAnalyzer.RequestAdvice) },
    };

    [Theory]
    [MemberData(nameof(MessagesWithBuiltInArguments))]
    public void MessageWithItsBuiltInArgumentIsOneShortClause(string name, string message)
    {
        var problems = Problems(message);
        Assert.True(problems.Count == 0, $"{name}: {string.Join("; ", problems)}\n  message: {message}");
    }

    private static string Format(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor) => descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture);

    private static string Placeholders(string format) => Argument().Replace(format, m => "ARG" + m.Groups["n"].Value);

    /// <summary>What is wrong with a message format: too long with its arguments as placeholders, or two clauses.</summary>
    internal static List<string> Problems(string format)
    {
        var problems = new List<string>();
        var rendered = Placeholders(format);
        if (rendered.Length > MaxLength)
        {
            problems.Add($"the message is {rendered.Length} characters with placeholder arguments (at most {MaxLength})");
        }

        if (format.Contains("; ", StringComparison.Ordinal))
        {
            problems.Add("the message has two clauses joined by '; '");
        }

        return problems;
    }

    [Fact]
    public void ProblemsCatchesALongMessageAndASecondClause()
    {
        Assert.Empty(Problems("The absolute path '{0}' reaches {1}: it only exists on one machine"));
        Assert.Single(Problems("The path '{0}' is hard-coded; read it from configuration"));
        Assert.Single(Problems("'{0}' " + new string('x', MaxLength)));
    }

    [GeneratedRegex(@"\{(?<n>\d+)(?:[,:][^}]*)?\}")]
    private static partial Regex Argument();
}
