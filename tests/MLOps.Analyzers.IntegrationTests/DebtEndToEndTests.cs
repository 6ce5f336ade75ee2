using System.Text.Json;
using Xunit;

namespace MLOps.Analyzers.IntegrationTests;

/// <summary>
/// Debt in the report, as a user gets it: a test project whose reference is the debt-laden sample, `dotnet test`
/// twice. The second build is up to date and prints no MLOPS warning; the report still holds the findings, read
/// from the SARIF log the package had the compiler keep under obj/, and says that Infra.1 is contradicted.
/// </summary>
public sealed class DebtEndToEndTests : IClassFixture<PackedPackageFixture>
{
    private const string ReproducibilityTest = """
        using Xunit;

        namespace HousePrice.Tests;

        public sealed class ReproducibilityTests
        {
            [Fact, Trait("MLTestScore", "Infra.1")]
            public void TrainingIsReproducible() => Assert.Equal(0.8125, 0.8125);
        }
        """;

    private readonly PackedPackageFixture _fixture;

    public DebtEndToEndTests(PackedPackageFixture fixture)
    {
        _fixture = fixture;
        Assert.True(fixture.PackResult.ExitCode == 0, "dotnet pack failed: " + fixture.PackResult);
    }

    [Fact]
    public void The_debt_section_survives_an_up_to_date_build_and_names_the_contradicted_item()
    {
        var library = _fixture.CreateConsumer("DebtLadenTraining", "HousePriceTraining");
        var tests = _fixture.CreateTestConsumer("DebtLadenTraining.Tests", ReproducibilityTest);
        var project = Path.Combine(tests, "DebtLadenTraining.Tests.csproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace(
            "</Project>",
            $"""
              <ItemGroup>
                <ProjectReference Include="{Path.Combine(library, "DebtLadenTraining.csproj")}" ReferenceOutputAssembly="false" />
              </ItemGroup>
            </Project>
            """,
            StringComparison.Ordinal));

        var first = _fixture.Run(tests, "test");
        Assert.True(first.ExitCode == 0, "the first run passes (MLOPS9110 is a warning by default): " + first);
        Assert.Contains("warning MLOPS101:", first.Output, StringComparison.Ordinal);
        var sarif = Path.Combine(library, "obj", "Debug", "net10.0", "mlops.sarif");
        Assert.True(File.Exists(sarif), "the package turns the SARIF log on under obj/\n" + first);
        var written = File.GetLastWriteTimeUtc(sarif);

        var second = _fixture.Run(tests, "test");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.DoesNotContain("warning MLOPS101:", second.Output, StringComparison.Ordinal); // Up to date: the compiler did not run.
        Assert.Equal(written, File.GetLastWriteTimeUtc(sarif));
        Assert.Contains("warning MLOPS9110: Passing tagged tests claim Infra.1 (Training is reproducible)", second.Output, StringComparison.Ordinal);

        var output = Path.Combine(tests, "bin", "Debug", "net10.0");
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "ml-test-score.json")));
        var debt = report.RootElement.GetProperty("debt");
        Assert.True(debt.GetProperty("total").GetInt32() >= 3, debt.ToString());
        Assert.Contains("Infra.1", debt.GetProperty("contradictedItems").EnumerateArray().Select(e => e.GetString()));
        var rules = debt.GetProperty("byRule").EnumerateArray().Select(r => r.GetProperty("ruleId").GetString()).ToList();
        Assert.Contains("MLOPS101", rules);
        Assert.Contains(debt.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "MLOPS101"
            && f.GetProperty("file").GetString()!.EndsWith("Program.cs", StringComparison.Ordinal) && f.GetProperty("line").GetInt32() > 0);
        var infra1 = report.RootElement.GetProperty("sections").EnumerateArray().SelectMany(s => s.GetProperty("items").EnumerateArray())
            .Single(i => i.GetProperty("id").GetString() == "Infra.1");
        Assert.Equal(1.0, infra1.GetProperty("points").GetDouble()); // The 2017 scoring stays exact.
        Assert.Contains("## Debt: MLOPS findings in the code", File.ReadAllText(Path.Combine(output, "ml-test-score.md")), StringComparison.Ordinal);

        // Opted in, the contradiction fails the run (recorded by the logger, raised by the gate after VSTest).
        var strict = _fixture.Run(tests, "test", "-p:MLTestScoreFailOnContradiction=true");
        Assert.NotEqual(0, strict.ExitCode);
        Assert.Contains("error MLOPS9110", strict.Output, StringComparison.Ordinal);
    }
}
