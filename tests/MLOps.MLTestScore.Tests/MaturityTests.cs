using static MLOps.MLTestScore.Tests.TestFiles;

namespace MLOps.MLTestScore.Tests;

public class MaturityTests
{
    private static string Results(TestFiles files, params string[] ids) =>
        files.Write("r.xml", JUnit(ids.Select(id => ("Ns.T.Test_" + id.Replace('.', '_'), "pass", new[] { id })).Append(("Ns.T.Plain", "pass", Array.Empty<string>())).ToArray()));

    /// <summary>Data versioned (dvc.yaml), experiment tracking (MLproject) and a lock file: every repository fact a level asks for.</summary>
    internal static void WriteRepositoryFacts(TestFiles files)
    {
        files.Write("dvc.yaml", "stages: {}");
        files.Write("MLproject", "name: train");
        files.Write("src/App/packages.lock.json", "{\"version\": 1}");
    }

    [Fact]
    public void Nothing_gives_level_zero_with_the_missing_evidence_named()
    {
        var r = Score(_ => { }).Report;

        Assert.Equal(0, r.Maturity.Google.Level);
        Assert.Equal(0, r.Maturity.Azure.Level);
        Assert.Equal(4, r.Maturity.Google.MissingForNextLevel.Count);
        Assert.StartsWith("Data.1", r.Maturity.Google.MissingForNextLevel[0]);
        Assert.Contains(r.Maturity.Azure.MissingForNextLevel, m => m.StartsWith("CI:"));
    }

    [Fact]
    public void Google_level_1_needs_schema_reproducibility_integration_and_validation()
    {
        using var files = new TestFiles();
        var three = Results(files, "Data.1", "Infra.1", "Infra.3");
        Assert.Equal(0, Score(o => o.ResultFiles.Add(three)).Report.Maturity.Google.Level);

        using var files2 = new TestFiles();
        var four = Results(files2, "Data.1", "Infra.1", "Infra.3", "Infra.4");
        var google = Score(o => o.ResultFiles.Add(four)).Report.Maturity.Google;
        Assert.Equal(1, google.Level);
        Assert.Equal("ML pipeline automation", google.LevelName);
        Assert.Contains(google.Evidence, e => e.StartsWith("Infra.4") && e.Contains("Ns.T.Test_Infra_4"));
        Assert.Contains(google.MissingForNextLevel, m => m.StartsWith("CI:"));
    }

    [Fact]
    public void Google_level_2_and_Azure_level_4_need_ci_and_every_listed_item()
    {
        using var files = new TestFiles();
        var results = Results(files, "Data.1", "Infra.1", "Infra.2", "Infra.3", "Infra.4", "Infra.6", "Infra.7", "Monitor.2", "Monitor.3", "Monitor.4", "Monitor.7");
        files.Write(".github/workflows/ci.yml", "on: push");
        WriteRepositoryFacts(files);
        using var noCiRoot = new TestFiles();
        WriteRepositoryFacts(noCiRoot);

        var noCi = Score(o => { o.ResultFiles.Add(results); o.RepositoryRoot = Path.Combine(files.Directory, "elsewhere"); }).Report.Maturity;
        Assert.Equal(1, noCi.Google.Level);
        Assert.Equal(0, noCi.Azure.Level);

        var withFile = Score(o => { o.ResultFiles.Add(results); o.RepositoryRoot = files.Directory; }).Report.Maturity;
        Assert.Equal(2, withFile.Google.Level);
        Assert.Empty(withFile.Google.MissingForNextLevel);
        Assert.Contains("CI definition: .github/workflows/ci.yml", withFile.Google.Evidence);
        Assert.Equal(4, withFile.Azure.Level);
        Assert.Equal("Full MLOps automated retraining", withFile.Azure.LevelName);

        var withEnv = Score(o => { o.ResultFiles.Add(results); o.Environment["GITHUB_ACTIONS"] = "true"; o.RepositoryRoot = noCiRoot.Directory; }).Report.Maturity;
        Assert.Equal(2, withEnv.Google.Level);
        Assert.Contains("CI environment: GITHUB_ACTIONS is set", withEnv.Azure.Evidence);
    }

    [Theory]
    [InlineData("CI", "false", 0)]
    [InlineData("CI", "0", 0)]
    [InlineData("CI", "true", 1)]
    [InlineData("TF_BUILD", "True", 1)]
    [InlineData("JENKINS_URL", "http://ci.invalid/", 1)]
    public void Azure_level_1_is_ci_plus_passing_tests(string variable, string value, int level)
    {
        using var files = new TestFiles();
        var results = Results(files);

        Assert.Equal(level, Score(o => { o.ResultFiles.Add(results); o.Environment[variable] = value; }).Report.Maturity.Azure.Level);
    }

    [Fact]
    public void Azure_stops_at_the_first_level_whose_items_are_missing()
    {
        using var files = new TestFiles();
        var results = Results(files, "Infra.1", "Infra.3", "Infra.2", "Infra.4", "Infra.6", "Monitor.3", "Monitor.4", "Monitor.7");

        WriteRepositoryFacts(files);

        var azure = Score(o => { o.ResultFiles.Add(results); o.Environment["CI"] = "true"; o.RepositoryRoot = files.Directory; }).Report.Maturity.Azure;

        Assert.Equal(2, azure.Level);
        Assert.StartsWith("Infra.7", Assert.Single(azure.MissingForNextLevel));
    }
}
