using System.Xml.Linq;

namespace MLOps.TestUtilities;

/// <summary>Where things are in this repository, found from the running assembly's location.</summary>
public static class Repository
{
    /// <summary>The folder that holds MLOps.Analyzers.sln.</summary>
    public static string Root { get; } = FindRoot(AppContext.BaseDirectory);

    /// <summary>The project that packs MLOps.Analyzers.</summary>
    public static string PackageProject => Path.Combine(Root, "src", "MLOps.Analyzers.Package", "MLOps.Analyzers.Package.csproj");

    /// <summary>The samples folder.</summary>
    public static string Samples => Path.Combine(Root, "samples");

    /// <summary>The version the repository pins centrally for <paramref name="id"/> (Directory.Packages.props), so consumers use exactly the same packages.</summary>
    public static string PackageVersion(string id)
    {
        var document = XDocument.Load(Path.Combine(Root, "Directory.Packages.props"));
        var element = document.Descendants("PackageVersion")
            .FirstOrDefault(e => string.Equals((string?)e.Attribute("Include"), id, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"Directory.Packages.props pins no version of {id}.");
        return (string)element.Attribute("Version")!;
    }

    /// <summary>The nearest folder at or above <paramref name="start"/> that holds MLOps.Analyzers.sln.</summary>
    public static string FindRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MLOps.Analyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("MLOps.Analyzers.sln not found above " + start);
    }
}
