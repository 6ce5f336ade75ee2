using System.Globalization;
using System.Text.RegularExpressions;
using MLOps.Analyzers.Benchmarks.Corpus;

namespace MLOps.Analyzers.Benchmarks.Measurements;

/// <summary>One `dotnet build -p:ReportAnalyzer=true` of the generated solution.</summary>
internal sealed record BuildTiming(
    string Label,
    TimeSpan Wall,
    TimeSpan? CscTask,
    TimeSpan? AllAnalyzers,
    TimeSpan? MLOpsAnalyzers,
    IReadOnlyList<(string Assembly, TimeSpan Time)> Assemblies,
    IReadOnlyDictionary<string, int> MLOpsWarnings);

/// <summary>The ML Test Score target run twice on unchanged inputs: the second run must do no work.</summary>
internal sealed record IncrementalTiming(TimeSpan FirstRun, TimeSpan NoOpRun, bool NoOpSkippedTarget, bool FirstRunWroteReport);

/// <summary>
/// Builds the generated solution as a user would: the packed MLOps.Analyzers restored from a local
/// feed into a consumer project, built with -p:ReportAnalyzer=true, and the same solution built
/// without the package. Both builds run the SDK's own analyzers (NetAnalyzers) as every build does,
/// both with a fresh compiler process (UseSharedCompilation=false, as on a CI agent).
/// </summary>
internal static partial class BuildTimings
{
    public static (BuildTiming Without, BuildTiming With, IncrementalTiming Incremental) Measure(int scale, string workDirectory, IReadOnlyList<string> resultFiles, TextWriter log)
    {
        var feed = Directory.CreateDirectory(Path.Combine(workDirectory, "feed")).FullName;
        // The version is the one the build computes from git tags (MinVer), read back from the package:
        // a global -p:Version would not reach the package, MinVer sets PackageVersion in a target.
        log.WriteLine("packing MLOps.Analyzers ...");
        DotNet.Check(DotNet.Run(Repository.Root, "pack", Repository.PackageProject, "-c", "Release", "-o", feed, "--disable-build-servers"), "dotnet pack");
        var (_, version) = PackedPackage.Find(feed, "MLOps.Analyzers");
        log.WriteLine($"packed MLOps.Analyzers {version}");

        var corpus = CorpusGenerator.Generate(scale, includeMachineLearning: true);
        var without = Consumer(Path.Combine(workDirectory, "without"), corpus, feed, workDirectory, mlopsVersion: null);
        var with = Consumer(Path.Combine(workDirectory, "with"), corpus, feed, workDirectory, mlopsVersion: version);

        var results = Directory.CreateDirectory(Path.Combine(with, "results")).FullName;
        foreach (var file in resultFiles)
        {
            File.Copy(file, Path.Combine(results, Path.GetFileName(file)));
        }

        log.WriteLine($"building the {scale}x solution ({corpus.Lines:N0} lines) without and with the package ...");
        var withoutTiming = Build("without MLOps.Analyzers", without);
        var withTiming = Build("with MLOps.Analyzers", with);

        log.WriteLine("running the MLTestScore target twice on unchanged results ...");
        var report = Path.Combine(with, "bin", "Debug", "net10.0", "ml-test-score.json");
        var first = DotNet.Check(DotNet.Run(with, "msbuild", "-t:MLTestScore", "-p:MLTestScoreBench=true", "-nr:false", "-v:d"), "MLTestScore target");
        var written = File.Exists(report) ? File.GetLastWriteTimeUtc(report) : (DateTime?)null;
        var second = DotNet.Check(DotNet.Run(with, "msbuild", "-t:MLTestScore", "-p:MLTestScoreBench=true", "-nr:false", "-v:d"), "MLTestScore target (no-op)");
        var incremental = new IncrementalTiming(
            first.Elapsed,
            second.Elapsed,
            second.Output.Contains("Skipping target \"MLTestScore\" because all output files are up-to-date", StringComparison.Ordinal)
                && written is not null && File.GetLastWriteTimeUtc(report) == written,
            written is not null && first.Output.Contains("ML Test Score ", StringComparison.Ordinal));
        return (withoutTiming, withTiming, incremental);
    }

    private static string Consumer(string directory, GeneratedCorpus corpus, string feed, string workDirectory, string? mlopsVersion)
    {
        var packages = new[] { "Microsoft.ML", "Microsoft.ML.FastTree", "Microsoft.ML.LightGbm", "Microsoft.ML.OnnxRuntime.Managed", "Microsoft.Data.Analysis", "TorchSharp" }
            .Select(id => $"""    <PackageReference Include="{id}" Version="{Repository.PackageVersion(id)}" />""");
        var mlops = mlopsVersion is null ? string.Empty : $"""    <PackageReference Include="MLOps.Analyzers" Version="{mlopsVersion}" PrivateAssets="all" />""";
        CorpusGenerator.WriteProject(corpus, directory, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <NoWarn>$(NoWarn);NU1603</NoWarn>
              </PropertyGroup>
              <ItemGroup>
            {mlops}
            {string.Join("\n", packages)}
              </ItemGroup>
              <ItemGroup Condition="'$(MLTestScoreBench)' == 'true'">
                <MLTestScoreResultFile Include="results/*" />
              </ItemGroup>
            </Project>
            """);

        IsolatedNuGet.Write(directory, feed, Path.Combine(workDirectory, "packages"));
        DotNet.Check(DotNet.Run(directory, "restore", "--disable-build-servers"), "dotnet restore of the generated solution");
        return directory;
    }

    private static BuildTiming Build(string label, string directory)
    {
        var result = DotNet.Check(
            DotNet.Run(directory, "build", "--no-restore", "--no-incremental", "-nr:false", "--disable-build-servers",
                "-p:ReportAnalyzer=true", "-p:UseSharedCompilation=false", "-v:d", "-clp:PerformanceSummary"),
            "dotnet build " + label);
        var output = result.Output;

        TimeSpan? csc = CscTask().Match(output) is { Success: true } m ? TimeSpan.FromMilliseconds(double.Parse(m.Groups["ms"].Value, CultureInfo.InvariantCulture)) : null;
        TimeSpan? total = TotalAnalyzerTime().Match(output) is { Success: true } t ? Seconds(t.Groups["s"].Value) : null;
        var assemblies = AssemblyLine().Matches(output)
            .Select(a => (Assembly: a.Groups["name"].Value.Trim(), Time: Seconds(a.Groups["s"].Value)))
            .GroupBy(a => a.Assembly)
            .Select(g => g.First())
            .OrderByDescending(a => a.Time)
            .ToList();
        TimeSpan? mlops = assemblies.Where(a => a.Assembly.StartsWith("MLOps.Analyzers", StringComparison.Ordinal)).Select(a => (TimeSpan?)a.Time).FirstOrDefault();
        var warnings = MLOpsWarning().Matches(output)
            .Select(w => (Where: Path.GetFileName(w.Groups["where"].Value), Id: w.Groups["id"].Value)) // the log names a file relatively and absolutely
            .Distinct()
            .GroupBy(w => w.Id)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new BuildTiming(label, result.Elapsed, csc, total, mlops, assemblies, warnings);
    }

    private static TimeSpan Seconds(string text)
        => text.StartsWith('<') ? TimeSpan.Zero : TimeSpan.FromSeconds(double.Parse(text, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"(?<ms>[\d.]+) ms\s+Csc\s+\d+ calls")]
    private static partial Regex CscTask();

    [GeneratedRegex(@"Total analyzer execution time: (?<s>[\d.]+) seconds")]
    private static partial Regex TotalAnalyzerTime();

    // "   0.187   61   Microsoft.CodeAnalysis.NetAnalyzers, Version=..." (assembly rows are not indented further than rule rows' parents)
    [GeneratedRegex(@"^\s*(?<s><?[\d.]+)\s+(?<pct><?\d+)\s+(?<name>[A-Za-z][\w.]*), Version=", RegexOptions.Multiline)]
    private static partial Regex AssemblyLine();

    // "/path/App/File.cs(12,5): warning MLOPS101: ..." (printed more than once in a detailed log; counted once)
    [GeneratedRegex(@"(?<where>[^\s:]+\.cs\(\d+,\d+\)): warning (?<id>MLOPS\d{3})")]
    private static partial Regex MLOpsWarning();
}
