using System.IO.Compression;
using System.Xml.Linq;
using Xunit;

namespace MLOps.Analyzers.IntegrationTests;

/// <summary>The package as a user gets it: installed from a feed into a fresh project and built with the installed SDK.</summary>
public sealed class PackageConsumerTests : IClassFixture<PackedPackageFixture>
{
    /// <summary>What the debt-laden sample must show, family by family.</summary>
    private static readonly string[] ExpectedDebtSampleIds =
    {
        "MLOPS101", "MLOPS102", "MLOPS103", "MLOPS201", "MLOPS202", "MLOPS203", "MLOPS301", "MLOPS401", "MLOPS402",
    };

    private readonly PackedPackageFixture _fixture;

    public PackageConsumerTests(PackedPackageFixture fixture)
    {
        _fixture = fixture;
        Assert.True(fixture.PackResult.ExitCode == 0, "dotnet pack failed: " + fixture.PackResult);
    }

    [Fact]
    public void PackageHoldsBothAnalyzerAssembliesTheBuildFilesAndTheMetadata()
    {
        using var archive = ZipFile.OpenRead(_fixture.PackagePath);
        var entries = archive.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("analyzers/dotnet/cs/MLOps.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/MLOps.Analyzers.CodeFixes.dll", entries);
        Assert.Contains("build/MLOps.Analyzers.props", entries);
        // The Microsoft.Testing.Platform extension ships beside the task; the platform itself comes from the test app.
        Assert.Contains("tasks/netstandard2.0/MLOps.MLTestScore.TestingPlatform.dll", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("tasks/netstandard2.0/Microsoft.Testing.", StringComparison.Ordinal));
        // Exactly what the task, the VSTest logger and the MTP extension need at run time: their assemblies and their
        // copy-local dependencies (src/Shared/TaskPackageFiles.targets), no .pdb or .xml, nothing the host provides.
        Assert.Equal(
            new[]
            {
                "MLOps.MLTestScore.dll", "MLOps.MLTestScore.Tasks.dll", "MLOps.MLTestScore.TestLogger.dll", "MLOps.MLTestScore.TestingPlatform.dll",
                "Microsoft.Bcl.AsyncInterfaces.dll", "System.Buffers.dll", "System.Collections.Immutable.dll", "System.Memory.dll",
                "System.Numerics.Vectors.dll", "System.Reflection.Metadata.dll", "System.Runtime.CompilerServices.Unsafe.dll",
                "System.Text.Encodings.Web.dll", "System.Text.Json.dll", "System.Threading.Tasks.Extensions.dll",
            }.Order(StringComparer.Ordinal),
            entries.Where(e => e.StartsWith("tasks/", StringComparison.Ordinal))
                .Select(e => e.StartsWith("tasks/netstandard2.0/", StringComparison.Ordinal) ? e["tasks/netstandard2.0/".Length..] : e)
                .Order(StringComparer.Ordinal));
        Assert.Contains("README.md", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal));

        var nuspecEntry = archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspecEntry.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? string.Empty;

        Assert.Equal("MLOps.Analyzers", Value("id"));
        Assert.Equal("true", Value("developmentDependency"));
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("README.md", Value("readme"));
        // The version MinVer computed from git tags, as the fixture read it back and the file name says.
        Assert.Equal(_fixture.Version, Value("version"));
        Assert.EndsWith($"MLOps.Analyzers.{Value("version")}.nupkg", _fixture.PackagePath, StringComparison.Ordinal);
        // Release notes: a CHANGELOG section, then the link to the whole file.
        Assert.Contains("MLOPS101", Value("releaseNotes"), StringComparison.Ordinal);
        Assert.EndsWith("Full changelog: https://github.com/mlops-analyzers/MLOps.Analyzers/blob/main/src/MLOps.Analyzers.Package/CHANGELOG.md", Value("releaseNotes"), StringComparison.Ordinal);
        Assert.NotNull(metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "repository"));
        Assert.DoesNotContain(metadata.Elements(), e => e.Name.LocalName == "dependencies" && e.Descendants().Any(d => d.Name.LocalName == "dependency"));

        // nuget.org shows the README without the repository: no relative link may be left in the packed copy.
        using var readme = new StreamReader(archive.GetEntry("README.md")!.Open());
        var packedReadme = readme.ReadToEnd();
        Assert.Empty(PackageDocsTests.RelativeLinks(packedReadme));
        Assert.Contains("(https://github.com/mlops-analyzers/MLOps.Analyzers/blob/main/rules/MLOPS101.md)", packedReadme, StringComparison.Ordinal);
    }

    [Fact]
    public void DebtSampleShowsEveryFamilyWithHelpLinksAndTheAnalyzersLoad()
    {
        var consumer = _fixture.CreateConsumer("DebtConsumer", "HousePriceTraining");
        var outcome = _fixture.Build(consumer);

        Assert.True(outcome.Command.ExitCode == 0, "the debt sample must build (warnings only): " + outcome.Command);
        Assert.DoesNotContain("CS8032", outcome.Command.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("AD0001", outcome.Command.Output, StringComparison.Ordinal);

        var ids = outcome.MLOpsIds();
        foreach (var expected in ExpectedDebtSampleIds)
        {
            Assert.True(ids.Contains(expected), $"{expected} missing from the build output. IDs seen: {string.Join(", ", ids.Order())}\n{outcome.Command.Output}");
        }

        var links = outcome.HelpLinks();
        foreach (var id in ids)
        {
            Assert.True(links.TryGetValue(id, out var link), $"no help link for {id} in the SARIF log");
            Assert.EndsWith($"/rules/{id}.md", link, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void WarnAsErrorBreaksTheBuildOnTheDebtSample()
    {
        var consumer = _fixture.CreateConsumer("StrictConsumer", "HousePriceTraining");
        var outcome = _fixture.Build(consumer, "-warnaserror");

        Assert.NotEqual(0, outcome.Command.ExitCode);
        Assert.NotEmpty(outcome.MLOpsIds("error"));
    }

    [Fact]
    public void EditorConfigSetsSeveritiesAndRuleOptionsInARealBuild()
    {
        var consumer = _fixture.CreateConsumer("ConfiguredConsumer", "HousePriceTraining");
        File.WriteAllText(Path.Combine(consumer, ".editorconfig"), """
            root = true

            [*.cs]
            dotnet_diagnostic.MLOPS101.severity = error
            dotnet_diagnostic.MLOPS301.severity = none
            dotnet_analyzer_diagnostic.category-Validation.severity = suggestion
            mlops.MLOPS201.allowed_paths = /var/ml/models/**
            """);

        var outcome = _fixture.Build(consumer);

        Assert.NotEqual(0, outcome.Command.ExitCode);
        Assert.Contains("MLOPS101", outcome.MLOpsIds("error"));
        Assert.DoesNotContain("MLOPS101", outcome.MLOpsIds());
        Assert.DoesNotContain("MLOPS301", outcome.MLOpsIds());
        Assert.DoesNotContain("MLOPS401", outcome.MLOpsIds());
        Assert.DoesNotContain("MLOPS402", outcome.MLOpsIds());
        Assert.DoesNotContain("MLOPS201", outcome.MLOpsIds());
        Assert.Contains("MLOPS202", outcome.MLOpsIds());
    }

    [Fact]
    public void AnalysisModeNoneSilencesEveryRuleAndAllTurnsOnAnOffByDefaultRule()
    {
        using (var archive = ZipFile.OpenRead(_fixture.PackagePath))
        {
            var entries = archive.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            foreach (var mode in new[] { "none", "minimum", "recommended", "all" })
            {
                Assert.Contains($"build/config/mlops_{mode}.globalconfig", entries);
            }
        }

        var consumer = _fixture.CreateConsumer("ModeConsumer", "HousePriceTraining");
        // MLOPS302 (off by default): a trainer with every important hyperparameter left at the library default.
        File.WriteAllText(Path.Combine(consumer, "AllDefaults.cs"), """
            using Microsoft.ML;

            public static class AllDefaults
            {
                public static ITransformer Train(MLContext mlContext, IDataView data)
                    => mlContext.Regression.Trainers.FastTree(labelColumnName: "Price").Fit(data);
            }
            """);

        var byDefault = _fixture.Build(consumer, "--no-incremental");
        Assert.True(byDefault.Command.ExitCode == 0, "the debt sample must build: " + byDefault.Command);
        Assert.Contains("MLOPS101", byDefault.MLOpsIds());
        Assert.DoesNotContain("MLOPS302", byDefault.MLOpsIds());

        var none = _fixture.Build(consumer, "--no-incremental", "-p:MLOpsAnalysisMode=None");
        Assert.True(none.Command.ExitCode == 0, "MLOpsAnalysisMode=None must build: " + none.Command);
        Assert.Empty(none.MLOpsIds());
        Assert.Empty(none.MLOpsIds("error"));

        var all = _fixture.Build(consumer, "--no-incremental", "-p:MLOpsAnalysisMode=all");
        Assert.True(all.Command.ExitCode == 0, "MLOpsAnalysisMode=all must build: " + all.Command);
        Assert.Contains("MLOPS302", all.MLOpsIds());
        Assert.Contains("MLOPS101", all.MLOpsIds());
        Assert.DoesNotContain("is not one of", all.Command.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void CleanTwinBuildsWithoutAnyMLOpsWarning()
    {
        var consumer = _fixture.CreateConsumer("CleanConsumer", "HousePriceTraining.Clean");
        var outcome = _fixture.Build(consumer, "-warnaserror");

        Assert.True(outcome.Command.ExitCode == 0, "the clean twin must build with -warnaserror: " + outcome.Command);
        Assert.Empty(outcome.MLOpsIds());
        Assert.Empty(outcome.MLOpsIds("error"));
        Assert.DoesNotContain("CS8032", outcome.Command.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// Under .NET Framework MSBuild (Visual Studio, MSBuild.exe) the task is not supported: the targets that would
    /// load it are skipped with MLOPS9040, never a task-load failure. MSBuildRuntimeType is reserved, so the host is
    /// simulated through the seam _MLTestScoreHostIsFull; the task folder is pointed at nothing, so any attempt to
    /// load the task would show as MSB4062.
    /// </summary>
    [Fact]
    public void FullFrameworkHostSkipsTheTaskWithMLOPS9040InsteadOfLoadingIt()
    {
        var consumer = _fixture.CreateTestConsumer("FullHostConsumer", """
            using Xunit;
            public sealed class ChurnTests
            {
                [Fact, Trait("MLTestScore", "Data.1")]
                public void SchemaHolds() => Assert.True(true);
            }
            """);
        var missingTasks = "-p:MLOpsTasksDirectory=" + Path.Combine(consumer, "no-tasks-here") + Path.DirectorySeparatorChar;

        // Control: the .NET SDK's MSBuild does load the task (from the folder given).
        var core = _fixture.Run(consumer, "build", "-t:Build;MLTestScore", missingTasks);
        Assert.Contains("MSB4062", core.Output, StringComparison.Ordinal);

        // Asked for explicitly: an error that says why and what to run instead, and no attempt to load the task.
        var full = _fixture.Run(consumer, "build", "-t:Build;MLTestScore", missingTasks, "-p:_MLTestScoreHostIsFull=true");
        Assert.True(full.ExitCode != 0, full.ToString());
        Assert.Contains("error MLOPS9040", full.Output, StringComparison.Ordinal);
        Assert.Contains("dotnet msbuild -t:MLTestScore", full.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("MSB4062", full.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("MSB4018", full.Output, StringComparison.Ordinal);

        // After a passing VSTest run the logger (in the test process) still writes the report; the check that
        // needs the task is skipped with a warning, and with an error where a minimum was asked for.
        var tested = _fixture.Run(consumer, "test", "-p:_MLTestScoreHostIsFull=true");
        Assert.True(tested.ExitCode == 0, tested.ToString());
        Assert.Contains("warning MLOPS9040", tested.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(consumer, "bin", "Debug", "net10.0", "ml-test-score.json")), tested.ToString());

        var gated = _fixture.Run(consumer, "test", "-p:_MLTestScoreHostIsFull=true", "-p:MLTestScoreMinimum=0.5");
        Assert.True(gated.ExitCode != 0, gated.ToString());
        Assert.Contains("error MLOPS9040", gated.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("MSB4062", gated.Output, StringComparison.Ordinal);
    }
}
