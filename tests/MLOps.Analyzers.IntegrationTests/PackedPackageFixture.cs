using System.Text.Json;
using System.Text.RegularExpressions;

namespace MLOps.Analyzers.IntegrationTests;

/// <summary>
/// Packs MLOps.Analyzers once, with the version the build computes from git tags (MinVer, see
/// src/Directory.Build.props), into a fresh local folder feed, reads that version back from the
/// package it produced, and creates consumer projects that restore it from there into a private
/// packages folder. The ML packages themselves come through the ordinary NuGet sources, read through
/// the machine's global packages folder as a fallback folder; that folder must not hold the same
/// MLOps.Analyzers version, or restore would take that copy instead of the one just packed.
/// </summary>
public sealed partial class PackedPackageFixture : IDisposable
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(8);

    public PackedPackageFixture()
    {
        WorkDirectory = Directory.CreateTempSubdirectory("mlops-it-").FullName;
        FeedDirectory = Directory.CreateDirectory(Path.Combine(WorkDirectory, "feed")).FullName;
        PackagesDirectory = Path.Combine(WorkDirectory, "packages");

        // No -p:Version: MinVer sets PackageVersion inside a target, so a global Version would not
        // even reach the package. The feed is new and empty, so the one package in it is this pack's.
        PackResult = DotNetCli.Run(Repository.Root, BuildTimeout,
            "pack", Repository.PackageProject, "-c", "Release", "-o", FeedDirectory, "--disable-build-servers");
        (PackagePath, Version) = PackedPackage.Find(FeedDirectory, "MLOps.Analyzers");

        var cached = Path.Combine(IsolatedNuGet.GlobalPackagesFolder, "mlops.analyzers", Version.ToLowerInvariant());
        if (Directory.Exists(cached))
        {
            throw new InvalidOperationException(
                $"The machine's global packages folder already holds MLOps.Analyzers {Version} ({cached}); the consumers "
                + "would restore that copy instead of the package just packed. Delete that folder and run again.");
        }
    }

    public string WorkDirectory { get; }

    public string FeedDirectory { get; }

    public string PackagesDirectory { get; }

    public string Version { get; }

    public CommandResult PackResult { get; }

    public string PackagePath { get; }

    /// <summary>Creates a consumer project that compiles the given sample's sources with the packed package.</summary>
    public string CreateConsumer(string name, string sampleFolder, params string[] extraPackages)
    {
        var directory = Directory.CreateDirectory(Path.Combine(WorkDirectory, name)).FullName;

        WriteIsolation(directory);

        var packages = new[] { "Microsoft.ML", "Microsoft.ML.FastTree", "TorchSharp" }.Concat(extraPackages)
            .Select(id => $"""    <PackageReference Include="{id}" Version="{Repository.PackageVersion(id)}" />""");
        // The sources are copied, as a user's project owns its files: .editorconfig files then apply
        // to them by location exactly as they do in a real repository.
        foreach (var source in Directory.EnumerateFiles(Path.Combine(Repository.Samples, sampleFolder), "*.cs"))
        {
            File.Copy(source, Path.Combine(directory, Path.GetFileName(source)));
        }

        File.WriteAllText(Path.Combine(directory, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <NoWarn>$(NoWarn);NU1603</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="MLOps.Analyzers" Version="{Version}" PrivateAssets="all" />
            {string.Join("\n", packages)}
                <!-- The samples serve their model behind a small HTTP API (PriceApi.cs); the shared framework also
                     brings Microsoft.Extensions.Configuration, which the clean twin reads its options with. -->
                <FrameworkReference Include="Microsoft.AspNetCore.App" />
              </ItemGroup>
            </Project>
            """);
        return directory;
    }

    /// <summary>Creates an xunit test project that uses the packed package, with the given test source.</summary>
    public string CreateTestConsumer(string name, string testSource, string extraProperties = "")
    {
        var directory = Directory.CreateDirectory(Path.Combine(WorkDirectory, name)).FullName;
        WriteIsolation(directory);
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <IsTestProject>true</IsTestProject>
                <IsPackable>false</IsPackable>
                <Nullable>enable</Nullable>
                <NoWarn>$(NoWarn);NU1603</NoWarn>
                {extraProperties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="MLOps.Analyzers" Version="{Version}" PrivateAssets="all" />
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="{Repository.PackageVersion("Microsoft.NET.Test.Sdk")}" />
                <PackageReference Include="xunit" Version="{Repository.PackageVersion("xunit")}" />
                <PackageReference Include="xunit.runner.visualstudio" Version="{Repository.PackageVersion("xunit.runner.visualstudio")}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Tests.cs"), testSource);
        return directory;
    }

    /// <summary>
    /// Creates an xunit v3 test app on Microsoft.Testing.Platform that uses the packed package, with a
    /// global.json that puts `dotnet test` in MTP mode for its folder.
    /// </summary>
    public string CreateTestingPlatformConsumer(string name, string testSource)
    {
        var directory = Directory.CreateDirectory(Path.Combine(WorkDirectory, name)).FullName;
        WriteIsolation(directory);
        File.WriteAllText(Path.Combine(directory, "global.json"), """
            { "test": { "runner": "Microsoft.Testing.Platform" } }
            """);
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <OutputType>Exe</OutputType>
                <IsTestProject>true</IsTestProject>
                <IsPackable>false</IsPackable>
                <Nullable>enable</Nullable>
                <UseMicrosoftTestingPlatformRunner>true</UseMicrosoftTestingPlatformRunner>
                <NoWarn>$(NoWarn);NU1603</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="MLOps.Analyzers" Version="{Version}" PrivateAssets="all" />
                <PackageReference Include="xunit.v3.mtp-v2" Version="{Repository.PackageVersion("xunit.v3.mtp-v2")}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Tests.cs"), testSource);
        return directory;
    }

    /// <summary>
    /// Creates a test project as a new user of <paramref name="runner"/> writes it today, on
    /// Microsoft.Testing.Platform with no ML Test Score property set: xunit.v3 (MTP by default), MSTest
    /// with EnableMSTestRunner, NUnit with EnableNUnitRunner; a global.json puts `dotnet test` in MTP mode.
    /// </summary>
    /// <param name="testingPlatform">false: the classic VSTest set-up instead (Microsoft.NET.Test.Sdk, no runner switch, no global.json).</param>
    public string CreateRunnerConsumer(string name, TestRunner runner, string testSource, bool testingPlatform = true)
    {
        var directory = Directory.CreateDirectory(Path.Combine(WorkDirectory, name)).FullName;
        WriteIsolation(directory);
        if (testingPlatform)
        {
            File.WriteAllText(Path.Combine(directory, "global.json"), """
                { "test": { "runner": "Microsoft.Testing.Platform" } }
                """);
        }

        var (switches, packages) = runner switch
        {
            TestRunner.XunitV3 => ("", new[] { "xunit.v3" }),
            TestRunner.MSTest => ("<EnableMSTestRunner>true</EnableMSTestRunner>", new[] { "MSTest" }),
            TestRunner.NUnit => ("<EnableNUnitRunner>true</EnableNUnitRunner>", new[] { "NUnit", "NUnit3TestAdapter" }),
            _ => throw new ArgumentOutOfRangeException(nameof(runner)),
        };
        if (!testingPlatform)
        {
            switches = "<IsTestingPlatformApplication>false</IsTestingPlatformApplication>";
            packages = packages.Append("Microsoft.NET.Test.Sdk").ToArray();
        }

        var references = string.Join("\n", packages.Select(id => $"""    <PackageReference Include="{id}" Version="{Repository.PackageVersion(id)}" />"""));
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                {(testingPlatform ? "<OutputType>Exe</OutputType>" : "")}
                <Nullable>enable</Nullable>
                <NoWarn>$(NoWarn);NU1603</NoWarn>
                {switches}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="MLOps.Analyzers" Version="{Version}" PrivateAssets="all" />
            {references}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Tests.cs"), testSource);
        return directory;
    }

    /// <summary>
    /// Runs `dotnet` without the extra --disable-build-servers that <see cref="Run"/> adds: in
    /// Microsoft.Testing.Platform mode `dotnet test` hands unknown arguments to the test app, which then
    /// runs no test. Node reuse is off anyway (MSBUILDDISABLENODEREUSE).
    /// </summary>
    public CommandResult RunAsIs(string consumerDirectory, params string[] arguments)
        => DotNetCli.Run(consumerDirectory, BuildTimeout, arguments);

    public CommandResult Run(string consumerDirectory, params string[] arguments)
        => DotNetCli.Run(consumerDirectory, BuildTimeout, arguments.Concat(new[] { "--disable-build-servers" }).ToArray());

    /// <summary><see cref="Run"/> with variables set (or, null, removed) for the child only.</summary>
    public CommandResult Run(string consumerDirectory, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
        => DotNetCli.Run(consumerDirectory, BuildTimeout, environment, arguments.Concat(new[] { "--disable-build-servers" }).ToArray());

    public BuildOutcome Build(string consumerDirectory, params string[] extraArguments)
    {
        var sarif = Path.Combine(consumerDirectory, "build-" + Guid.NewGuid().ToString("N") + ".sarif");
        var arguments = new List<string> { "build", consumerDirectory, "--disable-build-servers", "-p:ErrorLog=" + sarif + "%2Cversion=2.1", "-clp:NoSummary" };
        arguments.AddRange(extraArguments);
        var result = DotNetCli.Run(consumerDirectory, BuildTimeout, arguments.ToArray());
        return new BuildOutcome(result, File.Exists(sarif) ? File.ReadAllText(sarif) : null);
    }

    /// <summary>The isolated NuGet set-up of a consumer (<see cref="IsolatedNuGet"/>), with this fixture's feed and packages folder.</summary>
    private void WriteIsolation(string directory) => IsolatedNuGet.Write(directory, FeedDirectory, PackagesDirectory);

    public void Dispose()
    {
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
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

/// <summary>Test frameworks on Microsoft.Testing.Platform, as their users set them up.</summary>
public enum TestRunner
{
    XunitV3,
    MSTest,
    NUnit,
}

public sealed partial record BuildOutcome(CommandResult Command, string? Sarif)
{
    /// <summary>Diagnostic IDs (MLOPSxxx) the build printed as warnings or errors.</summary>
    public IReadOnlySet<string> MLOpsIds(string kind = "warning")
        => DiagnosticLine().Matches(Command.Output)
            .Where(m => m.Groups["kind"].Value == kind)
            .Select(m => m.Groups["id"].Value)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>ruleId -> helpUri from the SARIF log the compiler wrote.</summary>
    public IReadOnlyDictionary<string, string> HelpLinks()
    {
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Sarif is null)
        {
            return links;
        }

        using var document = JsonDocument.Parse(Sarif);
        foreach (var run in document.RootElement.GetProperty("runs").EnumerateArray())
        {
            if (!run.GetProperty("tool").GetProperty("driver").TryGetProperty("rules", out var rules))
            {
                continue;
            }

            foreach (var rule in rules.EnumerateArray())
            {
                if (rule.TryGetProperty("helpUri", out var uri))
                {
                    links[rule.GetProperty("id").GetString()!] = uri.GetString()!;
                }
            }
        }

        return links;
    }

    [GeneratedRegex(@"\b(?<kind>warning|error) (?<id>MLOPS\d{3,4})\b")]
    private static partial Regex DiagnosticLine();
}
