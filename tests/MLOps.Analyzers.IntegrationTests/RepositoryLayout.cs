using System.Xml.Linq;

namespace MLOps.Analyzers.IntegrationTests;

/// <summary>Where things are in this repository, found from the test assembly's location.</summary>
internal static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    public static string PackageProject => Path.Combine(Root, "src", "MLOps.Analyzers.Package", "MLOps.Analyzers.Package.csproj");

    public static string Samples => Path.Combine(Root, "samples");

    /// <summary>The versions the repository pins centrally, so consumers use exactly the same packages.</summary>
    public static string PackageVersion(string id)
    {
        var document = XDocument.Load(Path.Combine(Root, "Directory.Packages.props"));
        var element = document.Descendants("PackageVersion")
            .FirstOrDefault(e => string.Equals((string?)e.Attribute("Include"), id, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"Directory.Packages.props pins no version of {id}.");
        return (string)element.Attribute("Version")!;
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
