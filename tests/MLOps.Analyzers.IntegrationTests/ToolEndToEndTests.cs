using System.Text.Json;
using Xunit;

namespace MLOps.Analyzers.IntegrationTests;

/// <summary>
/// The mltestscore tool as a CI step gets it: MLOps.MLTestScore.Cli packed with the version the build computes
/// (MinVer), installed from that package into a tool path through a NuGet set-up that sees only the fresh feed and
/// a fresh packages folder (so no cached copy of the same version can stand in), then run on a JUnit file.
/// </summary>
public sealed class ToolEndToEndTests : IDisposable
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    private readonly string _work = Directory.CreateTempSubdirectory("mlops-tool-it-").FullName;

    [Fact]
    public void ThePackedToolInstallsIntoAToolPathScoresAJUnitFileAndRefusesAMissingInput()
    {
        var feed = Directory.CreateDirectory(Path.Combine(_work, "feed")).FullName;
        var packages = Path.Combine(_work, "packages");
        var toolPath = Path.Combine(_work, "tools");
        var project = Path.Combine(Repository.Root, "src", "MLOps.MLTestScore.Cli", "MLOps.MLTestScore.Cli.csproj");

        var pack = DotNetCli.Run(Repository.Root, BuildTimeout, "pack", project, "-c", "Release", "-o", feed, "--disable-build-servers");
        Assert.True(pack.ExitCode == 0, "dotnet pack failed: " + pack);
        var (_, version) = PackedPackage.Find(feed, "MLOps.MLTestScore.Cli");

        // Only the feed as a source, a new packages folder and no fallback folder: the install can only take the package just packed,
        // never a cached copy of the same version. NUGET_PACKAGES would override globalPackagesFolder, so the child gets the same folder through it.
        var config = Path.Combine(_work, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{packages}" />
              </config>
              <packageSources>
                <clear />
                <add key="mlops-tool-feed" value="{feed}" />
              </packageSources>
              <fallbackPackageFolders>
                <clear />
              </fallbackPackageFolders>
            </configuration>
            """);
        var installEnvironment = new Dictionary<string, string?> { ["NUGET_PACKAGES"] = packages, ["NUGET_FALLBACK_PACKAGES"] = null };
        var install = DotNetCli.Run(_work, BuildTimeout, installEnvironment,
            "tool", "install", "--tool-path", toolPath, "--configfile", config, "--add-source", feed, "MLOps.MLTestScore.Cli", "--version", version);
        Assert.True(install.ExitCode == 0, "dotnet tool install failed: " + install);
        // A tool path keeps its packages in its own .store, so that is where this version must be.
        var store = Path.Combine(toolPath, ".store", "mlops.mltestscore.cli");
        Assert.True(Directory.Exists(Path.Combine(store, version.ToLowerInvariant())),
            $"{version} is not in {store}: " + string.Join(", ", Directory.Exists(store) ? Directory.EnumerateDirectories(store).Select(Path.GetFileName) : Array.Empty<string>()) + "\n" + install);

        var tool = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "mltestscore.exe" : "mltestscore");
        Assert.True(File.Exists(tool), "no mltestscore shim in the tool path\n" + install);

        // The shim finds the runtime through DOTNET_ROOT when dotnet is not in a default location; the summary goes to a file of ours.
        var summary = Path.Combine(_work, "step-summary.md");
        var environment = new Dictionary<string, string?> { ["GITHUB_STEP_SUMMARY"] = summary, ["TF_BUILD"] = null };
        if (Path.IsPathRooted(DotNetCli.Host) && Environment.GetEnvironmentVariable("DOTNET_ROOT") is not { Length: > 0 })
        {
            environment["DOTNET_ROOT"] = Path.GetDirectoryName(DotNetCli.Host);
        }

        var printed = DotNetCli.RunProgram(tool, _work, RunTimeout, environment, "--version");
        Assert.True(printed.ExitCode == 0, "mltestscore --version failed: " + printed);
        Assert.Equal(version, printed.Output.Trim());

        // The real pytest run of tests/fixtures/pytest-real (see PytestRecipeTests): sections 2, 1, 1, 1.
        var results = Path.Combine(Repository.Root, "tests", "fixtures", "pytest", "results.pytest-real.junit.xml");
        var reports = Path.Combine(_work, "reports");
        var scored = DotNetCli.RunProgram(tool, _work, RunTimeout, environment, "--results", results, "--out", reports);
        Assert.True(scored.ExitCode == 0, "mltestscore failed: " + scored);
        Assert.Contains("ML Test Score 1", scored.Output, StringComparison.Ordinal);
        foreach (var file in new[] { "ml-test-score.json", "ml-test-score.md", "ml-test-score.html", "ml-test-score.junit.xml" })
        {
            Assert.True(File.Exists(Path.Combine(reports, file)), $"{file} missing\n{scored}");
        }

        using (var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(reports, "ml-test-score.json"))))
        {
            Assert.Equal(1.0, report.RootElement.GetProperty("finalScore").GetDouble());
            Assert.Equal(new[] { 2.0, 1.0, 1.0, 1.0 }, report.RootElement.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("score").GetDouble()));
        }

        Assert.Contains("<testsuites", File.ReadAllText(Path.Combine(reports, "ml-test-score.junit.xml")), StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(Path.Combine(reports, "ml-test-score.md")) + "\n", File.ReadAllText(summary));

        // A named input that does not exist: exit 2, and nothing written (not the reports, not the summary).
        var summaryBefore = File.ReadAllBytes(summary);
        var empty = Directory.CreateDirectory(Path.Combine(_work, "missing-out")).FullName;
        var missing = DotNetCli.RunProgram(tool, _work, RunTimeout, environment,
            "--results", Path.Combine(_work, "no-such-results.xml"), "--out", empty);
        Assert.True(missing.ExitCode == 2, "a missing input exits 2: " + missing);
        Assert.Contains("MLOPS", missing.Output, StringComparison.Ordinal);
        Assert.Contains("no report written", missing.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(empty));
        Assert.Equal(summaryBefore, File.ReadAllBytes(summary));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
