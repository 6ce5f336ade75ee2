namespace MLOps.TestUtilities;

/// <summary>
/// The set-up of a project that consumes the packed MLOps.Analyzers: it restores the package from a local
/// folder feed into a private packages folder (so no cache serves a stale copy), everything else through
/// the machine's global packages folder as a fallback, and MSBuild does not walk up into the repository.
/// </summary>
public static class IsolatedNuGet
{
    /// <summary>The machine's global packages folder (NUGET_PACKAGES, else ~/.nuget/packages).</summary>
    public static string GlobalPackagesFolder => Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
        ? configured
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>
    /// Writes a nuget.config that restores from <paramref name="feedDirectory"/> into <paramref name="packagesDirectory"/>,
    /// and empty Directory.Build.props / Directory.Packages.props that stop MSBuild from walking up above
    /// <paramref name="directory"/>.
    /// </summary>
    public static void Write(string directory, string feedDirectory, string packagesDirectory)
    {
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{packagesDirectory}" />
              </config>
              <packageSources>
                <add key="mlops-local-feed" value="{feedDirectory}" />
              </packageSources>
              <fallbackPackageFolders>
                <add key="machine-global-packages" value="{GlobalPackagesFolder}" />
              </fallbackPackageFolders>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project />");
    }
}
