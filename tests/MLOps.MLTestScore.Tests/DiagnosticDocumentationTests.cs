using System.Reflection;

namespace MLOps.MLTestScore.Tests;

/// <summary>Every code the engine or an adapter can report has its row in rules/ml-test-score.md's MLOPS9xxx table.</summary>
public sealed class DiagnosticDocumentationTests
{
    public static TheoryData<string> Codes()
    {
        var codes = new TheoryData<string>();
        foreach (var type in new[] { typeof(ScoreDiagnosticCodes), typeof(ScoreThreshold) })
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                if (field.IsLiteral && field.GetRawConstantValue() is string value && value.StartsWith("MLOPS9", StringComparison.Ordinal))
                {
                    codes.Add(value);
                }
            }
        }

        return codes;
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void EveryCodeHasARowInTheTable(string code)
    {
        var page = File.ReadAllLines(Path.Combine(Repository.Root, "rules", "ml-test-score.md"));

        var row = Assert.Single(page, line => line.StartsWith("| " + code + " |", StringComparison.Ordinal));
        Assert.Equal(5, row.Split('|', StringSplitOptions.TrimEntries).Length - 1); // | code | severity | meaning | what to do |
    }
}
