using static MLOps.MLTestScore.Tests.TestFiles;

namespace MLOps.MLTestScore.Tests;

public class RepositoryEvidenceTests
{
    [Fact]
    public void An_empty_root_has_no_fact()
    {
        using var files = new TestFiles();
        var e = RepositoryEvidence.Read(files.Directory);

        Assert.True(e.RootRead);
        Assert.Empty(e.DataVersioning);
        Assert.Empty(e.ExperimentTracking);
        Assert.Empty(e.LockedDependencies);
        Assert.Null(e.SdkPin);
        Assert.False(e.Truncated);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/nonexistent/mlts-root")]
    public void A_missing_root_gives_nothing_and_does_not_throw(string? root)
    {
        var e = RepositoryEvidence.Read(root);

        Assert.False(e.RootRead);
        Assert.Empty(e.DataVersioning);
    }

    [Theory]
    [InlineData("dvc.yaml", "DVC: dvc.yaml")]
    [InlineData("dvc.lock", "DVC: dvc.lock")]
    [InlineData("data/train.csv.dvc", "DVC: data/train.csv.dvc")]
    public void Dvc_files_version_the_data(string path, string fact)
    {
        using var files = new TestFiles();
        files.Write(path, "x");

        Assert.Contains(fact, RepositoryEvidence.Read(files.Directory).DataVersioning);
    }

    [Fact]
    public void A_dvc_folder_versions_the_data()
    {
        using var files = new TestFiles();
        files.Write(".dvc/config", "[core]");

        Assert.Equal(new[] { "DVC: .dvc/" }, RepositoryEvidence.Read(files.Directory).DataVersioning);
    }

    [Theory]
    [InlineData("*.onnx filter=lfs diff=lfs merge=lfs -text", true)]
    [InlineData("models/** filter=lfs diff=lfs merge=lfs -text", true)]
    [InlineData("*.parquet filter=lfs diff=lfs merge=lfs -text", true)]
    [InlineData("*.png filter=lfs diff=lfs merge=lfs -text", false)]
    [InlineData("*.onnx binary", false)]
    [InlineData("# *.onnx filter=lfs", false)]
    public void Git_lfs_counts_only_for_data_or_model_files(string line, bool versioned)
    {
        using var files = new TestFiles();
        files.Write(".gitattributes", "* text=auto\n" + line + "\n");

        var data = RepositoryEvidence.Read(files.Directory).DataVersioning;
        Assert.Equal(versioned, data.Count == 1 && data[0].StartsWith("git LFS: .gitattributes tracks ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("MLproject", "name: train", "MLflow: MLproject")]
    [InlineData("mlruns/0/meta.yaml", "x", "MLflow: mlruns/")]
    [InlineData("requirements.txt", "numpy\nmlflow==2.9.0\n", "MLflow: mlflow named in requirements.txt")]
    [InlineData("pyproject.toml", "dependencies = [\"mlflow>=2\"]", "MLflow: mlflow named in pyproject.toml")]
    public void Mlflow_files_configure_experiment_tracking(string path, string content, string fact)
    {
        using var files = new TestFiles();
        files.Write(path, content);

        Assert.Contains(fact, RepositoryEvidence.Read(files.Directory).ExperimentTracking);
    }

    [Fact]
    public void A_word_only_containing_mlflow_is_not_a_reference()
    {
        using var files = new TestFiles();
        files.Write("requirements.txt", "mlflow-like-tool\nnotmlflow\n");
        files.Write("notes/MLproject", "not at the root");

        Assert.Empty(RepositoryEvidence.Read(files.Directory).ExperimentTracking);
    }

    [Theory]
    [InlineData("packages.lock.json", "{}", "packages.lock.json: packages.lock.json")]
    [InlineData("src/App/packages.lock.json", "{}", "packages.lock.json: src/App/packages.lock.json")]
    [InlineData("Directory.Build.props", "<Project><PropertyGroup><RestorePackagesWithLockFile>true</RestorePackagesWithLockFile></PropertyGroup></Project>", "RestorePackagesWithLockFile in Directory.Build.props")]
    [InlineData("src/App/App.csproj", "<Project><PropertyGroup><RestorePackagesWithLockFile> True </RestorePackagesWithLockFile></PropertyGroup></Project>", "RestorePackagesWithLockFile in src/App/App.csproj")]
    public void Lock_files_and_the_lock_property_lock_the_dependencies(string path, string content, string fact)
    {
        using var files = new TestFiles();
        files.Write(path, content);

        Assert.Contains(fact, RepositoryEvidence.Read(files.Directory).LockedDependencies);
    }

    [Fact]
    public void A_false_lock_property_and_lock_files_in_build_output_do_not_count()
    {
        using var files = new TestFiles();
        files.Write("Directory.Build.props", "<Project><PropertyGroup><RestorePackagesWithLockFile>false</RestorePackagesWithLockFile></PropertyGroup></Project>");
        files.Write("src/App/obj/packages.lock.json", "{}");
        files.Write("node_modules/x/packages.lock.json", "{}");

        Assert.Empty(RepositoryEvidence.Read(files.Directory).LockedDependencies);
    }

    [Theory]
    [InlineData("{ \"sdk\": { \"version\": \"8.0.100\", \"rollForward\": \"latestFeature\" } }", "global.json sdk.version 8.0.100")]
    [InlineData("{ // comment\n \"sdk\": { \"version\": \"9.0.100\" }, }", "global.json sdk.version 9.0.100")]
    [InlineData("{ \"msbuild-sdks\": {} }", null)]
    [InlineData("not json", null)]
    public void Global_json_pins_the_sdk_only_with_a_version(string content, string? pin)
    {
        using var files = new TestFiles();
        files.Write("global.json", content);

        Assert.Equal(pin, RepositoryEvidence.Read(files.Directory).SdkPin);
    }

    [Fact]
    public void The_search_stops_at_its_depth()
    {
        using var files = new TestFiles();
        files.Write("a/b/c/packages.lock.json", "{}");
        files.Write("a/b/c/d/e/deep.dvc", "x");

        var e = RepositoryEvidence.Read(files.Directory);
        Assert.Equal(new[] { "packages.lock.json: a/b/c/packages.lock.json" }, e.LockedDependencies);
        Assert.Empty(e.DataVersioning);
    }

    [Fact]
    public void The_search_stops_at_its_entry_cap_and_says_so()
    {
        using var files = new TestFiles();
        for (var i = 0; i < RepositoryEvidence.MaxEntries + 10; i++)
        {
            File.WriteAllText(Path.Combine(files.Directory, "f" + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)), string.Empty);
        }

        files.Write("zz/packages.lock.json", "{}");

        var e = RepositoryEvidence.Read(files.Directory);
        Assert.True(e.Truncated);
        Assert.Empty(e.LockedDependencies);
    }

    [Fact]
    public void Many_finds_are_named_three_and_counted()
    {
        using var files = new TestFiles();
        for (var i = 0; i < 5; i++)
        {
            files.Write("p" + i + "/packages.lock.json", "{}");
        }

        Assert.Equal(new[] { "packages.lock.json: p0/packages.lock.json, p1/packages.lock.json, p2/packages.lock.json and 2 more" }, RepositoryEvidence.Read(files.Directory).LockedDependencies);
    }

    [Fact]
    public void Symbolic_links_are_not_followed_out_of_the_root()
    {
        using var outside = new TestFiles();
        outside.Write("packages.lock.json", "{}");
        outside.Write("x.dvc", "x");
        outside.Write("MLproject", "name: x");
        using var files = new TestFiles();
        try
        {
            Directory.CreateSymbolicLink(Path.Combine(files.Directory, "linked"), outside.Directory);
            Directory.CreateSymbolicLink(Path.Combine(files.Directory, ".dvc"), outside.Directory);
            File.CreateSymbolicLink(Path.Combine(files.Directory, "MLproject"), Path.Combine(outside.Directory, "MLproject"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return; // No symbolic links on this machine (Windows without the privilege).
        }

        var e = RepositoryEvidence.Read(files.Directory);
        Assert.Empty(e.DataVersioning);
        Assert.Empty(e.ExperimentTracking);
        Assert.Empty(e.LockedDependencies);
    }

    [Fact]
    public void Large_files_are_not_read()
    {
        using var files = new TestFiles();
        files.Write("requirements.txt", new string('#', (int)RepositoryEvidence.MaxFileBytes + 1) + "\nmlflow\n");

        Assert.Empty(RepositoryEvidence.Read(files.Directory).ExperimentTracking);
    }

    [Fact]
    public void Azure_level_2_needs_data_versioning_and_experiment_tracking_and_names_them()
    {
        using var files = new TestFiles();
        var results = files.Write("r.xml", JUnit(("Ns.T.Repro", "pass", new[] { "Infra.1" }), ("Ns.T.Pipeline", "pass", new[] { "Infra.3" })));

        var bare = Score(o => { o.ResultFiles.Add(results); o.Environment["CI"] = "true"; o.RepositoryRoot = files.Directory; }).Report.Maturity.Azure;
        Assert.Equal(1, bare.Level);
        Assert.Contains(bare.MissingForNextLevel, m => m.StartsWith("data versioning: no .dvc/", StringComparison.Ordinal));
        Assert.Contains(bare.MissingForNextLevel, m => m.StartsWith("experiment tracking or model registry: no MLproject", StringComparison.Ordinal));

        files.Write("dvc.lock", "x");
        var dataOnly = Score(o => { o.ResultFiles.Add(results); o.Environment["CI"] = "true"; o.RepositoryRoot = files.Directory; }).Report.Maturity.Azure;
        Assert.Equal(1, dataOnly.Level);
        Assert.StartsWith("experiment tracking", Assert.Single(dataOnly.MissingForNextLevel));

        files.Write("MLproject", "name: x");
        files.Write("global.json", "{\"sdk\":{\"version\":\"8.0.100\"}}");
        var azure = Score(o => { o.ResultFiles.Add(results); o.Environment["CI"] = "true"; o.RepositoryRoot = files.Directory; }).Report.Maturity.Azure;
        Assert.Equal(2, azure.Level);
        Assert.Contains("data versioned: DVC: dvc.lock", azure.Evidence);
        Assert.Contains("experiment tracking: MLflow: MLproject", azure.Evidence);
        Assert.Contains(azure.MissingForNextLevel, m => m.StartsWith("locked dependencies: no packages.lock.json", StringComparison.Ordinal));
        Assert.DoesNotContain(azure.Evidence, e => e.StartsWith("SDK pinned", StringComparison.Ordinal));
    }

    [Fact]
    public void Google_level_2_needs_experiment_tracking_and_locked_dependencies_and_Azure_level_3_the_lock()
    {
        using var files = new TestFiles();
        var ids = new[] { "Data.1", "Infra.1", "Infra.2", "Infra.3", "Infra.4", "Infra.6", "Infra.7", "Monitor.2", "Monitor.7" };
        var results = files.Write("r.xml", JUnit(ids.Select(id => ("Ns.T.Test_" + id.Replace('.', '_'), "pass", new[] { id })).ToArray()));
        files.Write("dvc.yaml", "stages: {}");
        files.Write("MLproject", "name: x");

        var unlocked = Score(o => { o.ResultFiles.Add(results); o.Environment["CI"] = "true"; o.RepositoryRoot = files.Directory; }).Report.Maturity;
        Assert.Equal(1, unlocked.Google.Level);
        Assert.StartsWith("locked dependencies", Assert.Single(unlocked.Google.MissingForNextLevel));
        Assert.Equal(2, unlocked.Azure.Level);
        Assert.StartsWith("locked dependencies", Assert.Single(unlocked.Azure.MissingForNextLevel));

        files.Write("Directory.Build.props", "<Project><PropertyGroup><RestorePackagesWithLockFile>true</RestorePackagesWithLockFile></PropertyGroup></Project>");
        files.Write("global.json", "{\"sdk\":{\"version\":\"8.0.100\"}}");
        var locked = Score(o => { o.ResultFiles.Add(results); o.Environment["CI"] = "true"; o.RepositoryRoot = files.Directory; }).Report.Maturity;
        Assert.Equal(2, locked.Google.Level);
        Assert.Contains("dependencies locked: RestorePackagesWithLockFile in Directory.Build.props", locked.Google.Evidence);
        Assert.Contains("experiment tracking: MLflow: MLproject", locked.Google.Evidence);
        Assert.Contains("SDK pinned: global.json sdk.version 8.0.100", locked.Google.Evidence);
        Assert.Equal(3, locked.Azure.Level);
        Assert.Contains("dependencies locked: RestorePackagesWithLockFile in Directory.Build.props", locked.Azure.Evidence);
        Assert.Contains("SDK pinned: global.json sdk.version 8.0.100", locked.Azure.Evidence);
    }

    [Fact]
    public void Without_a_root_the_missing_fact_says_so()
    {
        using var files = new TestFiles();
        var results = files.Write("r.xml", JUnit(("Ns.T.Repro", "pass", new[] { "Infra.1" }), ("Ns.T.Pipeline", "pass", new[] { "Infra.3" })));

        var azure = Score(o => { o.ResultFiles.Add(results); o.Environment["CI"] = "true"; }).Report.Maturity.Azure;
        Assert.Contains(azure.MissingForNextLevel, m => m.StartsWith("data versioning", StringComparison.Ordinal) && m.EndsWith("(no readable repository root given)", StringComparison.Ordinal));
    }
}

public class MaturityParagraphTests
{
    [Fact]
    public void Markdown_and_html_explain_why_the_two_levels_can_differ()
    {
        var report = TestFiles.Score(_ => { }).Report;

        var md = ReportWriter.ToMarkdown(report);
        var html = ReportWriter.ToHtml(report);

        Assert.Contains("## MLOps maturity\n\nThe two models measure different things, so the levels can differ.", md, StringComparison.Ordinal);
        Assert.Contains("<h2>MLOps maturity</h2>\n<p>The two models measure different things, so the levels can differ.", html, StringComparison.Ordinal);
        Assert.Contains("versioned data and experiment tracking", html, StringComparison.Ordinal);
    }
}
