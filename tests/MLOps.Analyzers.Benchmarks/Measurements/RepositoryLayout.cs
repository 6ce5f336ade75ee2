namespace MLOps.Analyzers.Benchmarks.Measurements;

/// <summary>Where things are in this repository, found from the benchmark's own location.</summary>
internal static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    public static string PackageProject => Path.Combine(Root, "src", "MLOps.Analyzers.Package", "MLOps.Analyzers.Package.csproj");

    /// <summary>The versions the repository pins centrally, so the generated solution uses exactly the same packages.</summary>
    public static string PackageVersion(string id)
    {
        var document = System.Xml.Linq.XDocument.Load(Path.Combine(Root, "Directory.Packages.props"));
        return document.Descendants("PackageVersion")
            .Where(e => string.Equals((string?)e.Attribute("Include"), id, StringComparison.OrdinalIgnoreCase))
            .Select(e => (string)e.Attribute("Version")!)
            .FirstOrDefault() ?? throw new InvalidOperationException($"Directory.Packages.props pins no version of {id}.");
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MLOps.Analyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("MLOps.Analyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
