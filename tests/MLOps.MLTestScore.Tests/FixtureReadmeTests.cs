using static MLOps.MLTestScore.Tests.TestFiles;

namespace MLOps.MLTestScore.Tests;

/// <summary>
/// The hand computations of tests/fixtures/README.md (branch score/fixtures), file by file: the "file
/// view" (result file only) and the "assembly view" (result file + the fixture's test assembly).
/// </summary>
public class FixtureReadmeTests
{
    [Theory]
    [InlineData("xunit-v2", "results.trx", 0, 0, 0, 0, false)]
    [InlineData("xunit-v2", "results.junit.xml", 3, 0, 1, 1, true)]
    [InlineData("xunit-v3", "results.xunit.xml", 3, 1, 1, 1, true)]
    [InlineData("xunit-v3", "results.mtp.trx", 3, 1, 1, 1, true)]
    [InlineData("nunit", "results.trx", 0, 0, 0, 0, false)]
    [InlineData("nunit", "results.mtp.trx", 3, 1, 1, 1, true)]
    [InlineData("nunit", "results.mtp.junit.xml", 3, 1, 1, 1, true)]
    [InlineData("mstest", "results.trx", 2, 1, 0, 0, true)]
    [InlineData("mstest", "results.mtp.trx", 3, 1, 1, 1, true)]
    [InlineData("mstest", "results.mtp.junit.xml", 3, 1, 1, 1, true)]
    [InlineData("pytest", "results.junit.xml", 3, 1, 1, 1, true)]
    public void File_view(string folder, string file, double data, double model, double infra, double monitor, bool seesData9)
    {
        var result = Score(o => o.ResultFiles.Add(FixturePath(folder, file)));
        var r = result.Report;

        Assert.Equal(14, r.Inputs.ResultCount);
        Assert.Equal(new[] { data, model, infra, monitor }, r.Sections.Select(s => s.Score).ToArray());
        Assert.Equal(new[] { data, model, infra, monitor }.Min(), r.FinalScore);
        Assert.Equal(seesData9 ? 1 : 0, result.Diagnostics.Count(d => d.Code == "MLOPS9006"));
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == ScoreDiagnosticSeverity.Error);
    }

    [Theory]
    [InlineData("xunit-v2", "results.trx", "Fixture.XunitV2.dll")]
    [InlineData("xunit-v2", "results.junit.xml", "Fixture.XunitV2.dll")]
    [InlineData("xunit-v3", "results.xunit.xml", "Fixture.XunitV3.dll")]
    [InlineData("xunit-v3", "results.mtp.trx", "Fixture.XunitV3.dll")]
    [InlineData("nunit", "results.trx", "Fixture.NUnit.dll")]
    [InlineData("nunit", "results.mtp.trx", "Fixture.NUnit.dll")]
    [InlineData("nunit", "results.mtp.junit.xml", "Fixture.NUnit.dll")]
    [InlineData("mstest", "results.trx", "Fixture.MSTest.dll")]
    [InlineData("mstest", "results.mtp.trx", "Fixture.MSTest.dll")]
    [InlineData("mstest", "results.mtp.junit.xml", "Fixture.MSTest.dll")]
    public void Assembly_view(string folder, string file, string assembly)
    {
        var result = Score(o => { o.ResultFiles.Add(FixturePath(folder, file)); o.TestAssemblies.Add(FixturePath(folder, assembly)); });
        var r = result.Report;

        Assert.Equal(new double[] { 3, 1, 1, 1 }, r.Sections.Select(s => s.Score).ToArray());
        Assert.Equal(1, r.FinalScore);
        Assert.Equal(ItemStatus.Failing, Item(r, "Model.6").Status);
        Assert.Equal(ItemStatus.Missing, Item(r, "Infra.1").Status);
        Assert.Equal(ItemStatus.Automated, Item(r, "Model.5").Status);
        Assert.Equal(ItemStatus.Automated, Item(r, "Infra.4").Status);
        Assert.Equal(2, Item(r, "Data.7").Tests.Count); // the theory (4 rows) and NormalizedIncome
        Assert.DoesNotContain(result.Diagnostics, d => d.Code == "MLOPS9016"); // every tagged method joined a result
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == ScoreDiagnosticSeverity.Error);
    }

    [Fact]
    public void Every_fixture_merged_like_a_sharded_run_still_scores_one()
    {
        var folders = new[] { "xunit-v2", "xunit-v3", "nunit", "mstest" };
        var result = Score(o =>
        {
            foreach (var folder in folders)
            {
                foreach (var file in Directory.GetFiles(FixturePath(folder)))
                {
                    (file.EndsWith(".dll") ? o.TestAssemblies : o.ResultFiles).Add(file);
                }
            }
        });

        Assert.Equal(1, result.Report.FinalScore);
        Assert.Equal(10 * 14, result.Report.Inputs.ResultCount);
        Assert.Equal(4 * 11, result.Report.Inputs.TestCount); // 11 methods per fixture (the README says 10 but lists 11)
    }
}
