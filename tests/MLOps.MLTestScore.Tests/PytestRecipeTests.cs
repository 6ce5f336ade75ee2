using static MLOps.MLTestScore.Tests.TestFiles;

namespace MLOps.MLTestScore.Tests;

/// <summary>
/// The docs' pytest recipe (<c>record_property("MLTestScore", "Data.1")</c>, <c>pytest --junitxml</c>) checked
/// on the output of a real pytest (tests/fixtures/pytest-real/generate.sh), in both JUnit families: the
/// default xunit2, for which pytest warns that record_property is "incompatible" but still writes the
/// properties, and the legacy xunit1, which adds file and line.
/// </summary>
public sealed class PytestRecipeTests
{
    [Theory]
    [InlineData("results.pytest-real.junit.xml")]
    [InlineData("results.pytest-real.xunit1.junit.xml")]
    public void RecordPropertyTagsReachTheScoreInEitherJUnitFamily(string file)
    {
        var result = Score(o => o.ResultFiles.Add(FixturePath("pytest", file)));
        var r = result.Report;

        Assert.Equal(7, r.Inputs.ResultCount);
        Assert.Equal(6, r.Inputs.TestCount); // the two parametrized rows are one test
        Assert.Equal(new double[] { 2, 1, 1, 1 }, r.Sections.Select(s => s.Score).ToArray());
        Assert.Equal(ItemStatus.Automated, Item(r, "Data.1").Status);
        Assert.Equal(2, Assert.Single(Item(r, "Data.5").Tests).Passed);
        Assert.Equal(ItemStatus.Automated, Item(r, "Model.5").Status); // written "model.5"
        Assert.Equal(ItemStatus.Failing, Item(r, "Model.6").Status);
        Assert.Equal(ItemStatus.Missing, Item(r, "Infra.1").Status); // skipped before record_property ran
        Assert.Equal(ItemStatus.Automated, Item(r, "Infra.4").Status);
        Assert.Equal(ItemStatus.Automated, Item(r, "Monitor.2").Status); // two properties on one test
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == ScoreDiagnosticSeverity.Error);
    }

    [Fact]
    public void AMappingGlobMatchesTheTestNameWithoutItsParameters()
    {
        using var files = new TestFiles();
        var single = files.Write("single.json", """{ "mappings": [ { "tests": "test_recipe.TestSchema.test_input_file_is_declared[*]", "items": ["Data.2"] } ] }""");
        var globstar = files.Write("globstar.json", """{ "mappings": [ { "tests": "test_recipe.*.test_input_file_is_*", "items": ["Data.2"] } ] }""");

        // Names are joined without their argument list, so a glob on the bare name is the one that matches.
        Assert.Contains(Score(o => { o.ResultFiles.Add(FixturePath("pytest", "results.pytest-real.junit.xml")); o.MappingFile = single; }).Diagnostics, d => d.Code == "MLOPS9009");
        Assert.Equal(ItemStatus.Automated, Item(Score(o => { o.ResultFiles.Add(FixturePath("pytest", "results.pytest-real.junit.xml")); o.MappingFile = globstar; }).Report, "Data.2").Status);
    }
}
