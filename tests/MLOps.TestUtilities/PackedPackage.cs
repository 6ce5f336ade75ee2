using System.IO.Compression;
using System.Xml.Linq;

namespace MLOps.TestUtilities;

/// <summary>
/// The package a `dotnet pack` produced, found in its output folder. The version is whatever the build
/// computed (MinVer, from git tags), so tests read it back instead of choosing it.
/// </summary>
public static class PackedPackage
{
    /// <summary>
    /// The one <paramref name="id"/>.*.nupkg in <paramref name="directory"/> and the version its nuspec
    /// declares (the file name must agree). Throws when there is none or more than one.
    /// </summary>
    public static (string Path, string Version) Find(string directory, string id)
    {
        // "MLOps.Analyzers.*.nupkg" would also match a longer id such as MLOps.Analyzers.Foo: the nuspec decides.
        var candidates = Directory.EnumerateFiles(directory, id + ".*.nupkg")
            .Where(p => !p.EndsWith(".symbols.nupkg", StringComparison.OrdinalIgnoreCase))
            .Select(p => (Path: p, Metadata: ReadMetadata(p)))
            .Where(c => string.Equals(c.Metadata.Id, id, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (candidates.Count != 1)
        {
            throw new InvalidOperationException(
                $"Expected exactly one {id} package in {directory}, found {candidates.Count}: "
                + string.Join(", ", Directory.EnumerateFiles(directory).Select(System.IO.Path.GetFileName)));
        }

        var (path, metadata) = candidates[0];
        var expectedName = $"{id}.{metadata.Version}.nupkg";
        if (!string.Equals(System.IO.Path.GetFileName(path), expectedName, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{path}: the nuspec says version {metadata.Version}, so the file should be {expectedName}.");
        }

        return (path, metadata.Version);
    }

    /// <summary>The id and version in the package's nuspec.</summary>
    public static (string Id, string Version) ReadMetadata(string packagePath)
    {
        using var archive = ZipFile.OpenRead(packagePath);
        var nuspec = archive.Entries.Single(e => !e.FullName.Contains('/', StringComparison.Ordinal) && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
        using var stream = nuspec.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Value(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
        return (Value("id"), Value("version"));
    }
}
