using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MLOps.MLTestScore;

/// <summary>
/// Maturity facts read from the repository root: data versioned (DVC, git LFS rules for data and model
/// files), experiment tracking or model registry configuration (MLflow files), a locked NuGet dependency
/// graph and a pinned SDK. Only file facts: well-known paths at the root plus one bounded search
/// (<see cref="MaxDepth"/> folder levels, <see cref="MaxEntries"/> entries, no symbolic link or junction
/// followed, build output and dependency folders skipped). Never throws: what cannot be read is skipped.
/// </summary>
internal sealed class RepositoryEvidence
{
    internal const int MaxDepth = 4;
    internal const int MaxEntries = 5000;
    internal const long MaxFileBytes = 512 * 1024;
    private const int MaxNamed = 3;

    private static readonly string[] SkippedFolders =
    {
        ".git", ".vs", ".idea", ".vscode", "bin", "obj", "node_modules", "packages", ".venv", "venv", "__pycache__", "mlruns", ".dvc", "TestResults", "artifacts",
    };

    private static readonly string[] LfsDataExtensions =
    {
        "csv", "tsv", "parquet", "arrow", "feather", "avro", "orc", "jsonl", "npy", "npz", "h5", "hdf5", "tfrecord", "pkl", "pickle", "joblib",
        "onnx", "pt", "pth", "ckpt", "safetensors", "pb", "tflite", "mlmodel", "zip",
    };

    private static readonly string[] LfsDataFolders = { "data", "datasets", "dataset", "models", "model" };

    private static readonly string[] MlflowFiles = { "requirements.txt", "requirements-dev.txt", "pyproject.toml", "setup.cfg", "conda.yaml", "environment.yml", "environment.yaml" };

    private static readonly Regex MlflowWord = new("(^|[^A-Za-z0-9_-])mlflow([^A-Za-z0-9_-]|$)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private static readonly Regex LockProperty = new(@"<RestorePackagesWithLockFile>\s*true\s*</RestorePackagesWithLockFile>", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary>"DVC: dvc.yaml", "git LFS: .gitattributes *.onnx", ...: empty when the data is not versioned.</summary>
    public List<string> DataVersioning { get; } = new();

    /// <summary>"MLproject", "mlruns/", "mlflow in requirements.txt": empty when none is found.</summary>
    public List<string> ExperimentTracking { get; } = new();

    /// <summary>"packages.lock.json: src/A/packages.lock.json", "RestorePackagesWithLockFile in Directory.Build.props".</summary>
    public List<string> LockedDependencies { get; } = new();

    /// <summary>"global.json sdk.version 8.0.100", or null.</summary>
    public string? SdkPin { get; private set; }

    /// <summary>True when the bounded search stopped at <see cref="MaxEntries"/> entries.</summary>
    public bool Truncated { get; private set; }

    /// <summary>The root was given and is a readable directory.</summary>
    public bool RootRead { get; private set; }

    public static RepositoryEvidence Read(string? root)
    {
        var evidence = new RepositoryEvidence();
        if (string.IsNullOrWhiteSpace(root))
        {
            return evidence;
        }

        try
        {
            if (!Directory.Exists(root))
            {
                return evidence;
            }

            evidence.RootRead = true;
            evidence.ReadWellKnown(root!);
            evidence.Search(root!);
        }
        catch (Exception ex) when (IsIo(ex))
        {
            // An unreadable root gives the facts found so far.
        }

        return evidence;
    }

    private void ReadWellKnown(string root)
    {
        if (IsRealDirectory(Path.Combine(root, ".dvc")))
        {
            DataVersioning.Add("DVC: .dvc/");
        }

        foreach (var name in new[] { "dvc.yaml", "dvc.lock" })
        {
            if (IsRealFile(Path.Combine(root, name)))
            {
                DataVersioning.Add("DVC: " + name);
            }
        }

        var attributes = ReadText(Path.Combine(root, ".gitattributes"));
        if (attributes != null)
        {
            var patterns = new List<string>();
            foreach (var raw in attributes.Split('\n'))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line[0] == '#' || line.IndexOf("filter=lfs", StringComparison.Ordinal) < 0)
                {
                    continue;
                }

                var pattern = line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries)[0];
                if (IsDataPattern(pattern) && patterns.Count < MaxNamed)
                {
                    patterns.Add(pattern);
                }
            }

            if (patterns.Count > 0)
            {
                DataVersioning.Add("git LFS: .gitattributes tracks " + string.Join(", ", patterns));
            }
        }

        if (IsRealFile(Path.Combine(root, "MLproject")))
        {
            ExperimentTracking.Add("MLflow: MLproject");
        }

        if (IsRealDirectory(Path.Combine(root, "mlruns")))
        {
            ExperimentTracking.Add("MLflow: mlruns/");
        }

        foreach (var name in MlflowFiles)
        {
            var text = ReadText(Path.Combine(root, name));
            if (text != null && MlflowWord.IsMatch(text))
            {
                ExperimentTracking.Add("MLflow: mlflow named in " + name);
            }
        }

        foreach (var name in new[] { "Directory.Build.props", "Directory.Packages.props" })
        {
            var text = ReadText(Path.Combine(root, name));
            if (text != null && LockProperty.IsMatch(text))
            {
                LockedDependencies.Add("RestorePackagesWithLockFile in " + name);
            }
        }

        var globalJson = ReadText(Path.Combine(root, "global.json"));
        if (globalJson != null)
        {
            try
            {
                using var doc = JsonDocument.Parse(globalJson, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                if (doc.RootElement.ValueKind == JsonValueKind.Object
                    && doc.RootElement.TryGetProperty("sdk", out var sdk) && sdk.ValueKind == JsonValueKind.Object
                    && sdk.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.String
                    && !string.IsNullOrWhiteSpace(version.GetString()))
                {
                    SdkPin = "global.json sdk.version " + version.GetString();
                }
            }
            catch (JsonException)
            {
                // Not JSON: no pin.
            }
        }
    }

    /// <summary>Breadth-first, at most <see cref="MaxDepth"/> levels and <see cref="MaxEntries"/> entries, no link followed.</summary>
    private void Search(string root)
    {
        var dvcFiles = new List<string>();
        var lockFiles = new List<string>();
        var lockProjects = new List<string>();
        var queue = new Queue<(DirectoryInfo Dir, int Depth)>();
        queue.Enqueue((new DirectoryInfo(root), 0));
        var seen = 0;
        while (queue.Count > 0 && !Truncated)
        {
            var (dir, depth) = queue.Dequeue();
            FileSystemInfo[] entries;
            try
            {
                entries = dir.GetFileSystemInfos();
            }
            catch (Exception ex) when (IsIo(ex))
            {
                continue;
            }

            Array.Sort(entries, (a, b) => StringComparer.Ordinal.Compare(a.Name, b.Name));
            foreach (var entry in entries)
            {
                if (++seen > MaxEntries)
                {
                    Truncated = true;
                    break;
                }

                try
                {
                    if ((entry.Attributes & FileAttributes.ReparsePoint) != 0)
                    {
                        continue;
                    }

                    var relative = Relative(root, entry.FullName);
                    if (entry is DirectoryInfo sub)
                    {
                        if (depth + 1 < MaxDepth && Array.IndexOf(SkippedFolders, sub.Name) < 0)
                        {
                            queue.Enqueue((sub, depth + 1));
                        }
                    }
                    else if (entry.Name.EndsWith(".dvc", StringComparison.OrdinalIgnoreCase))
                    {
                        dvcFiles.Add(relative);
                    }
                    else if (entry.Name.Equals("packages.lock.json", StringComparison.OrdinalIgnoreCase))
                    {
                        lockFiles.Add(relative);
                    }
                    else if (entry.Name.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) || entry.Name.EndsWith(".fsproj", StringComparison.OrdinalIgnoreCase) || entry.Name.EndsWith(".vbproj", StringComparison.OrdinalIgnoreCase))
                    {
                        var text = ReadText(entry.FullName);
                        if (text != null && LockProperty.IsMatch(text))
                        {
                            lockProjects.Add(relative);
                        }
                    }
                }
                catch (Exception ex) when (IsIo(ex))
                {
                    // Skip the entry.
                }
            }
        }

        if (dvcFiles.Count > 0)
        {
            DataVersioning.Add("DVC: " + Named(dvcFiles));
        }

        if (lockFiles.Count > 0)
        {
            LockedDependencies.Add("packages.lock.json: " + Named(lockFiles));
        }

        if (lockProjects.Count > 0)
        {
            LockedDependencies.Add("RestorePackagesWithLockFile in " + Named(lockProjects));
        }
    }

    private static string Named(List<string> paths)
    {
        var shown = paths.GetRange(0, Math.Min(MaxNamed, paths.Count));
        var text = string.Join(", ", shown);
        return paths.Count > MaxNamed ? text + " and " + (paths.Count - MaxNamed) + " more" : text;
    }

    private static bool IsDataPattern(string pattern)
    {
        var p = pattern.Replace('\\', '/').TrimStart('/');
        foreach (var folder in LfsDataFolders)
        {
            if (p.StartsWith(folder + "/", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        var dot = p.LastIndexOf('.');
        if (dot < 0)
        {
            return false;
        }

        var ext = p.Substring(dot + 1);
        foreach (var known in LfsDataExtensions)
        {
            if (ext.Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string Relative(string root, string full)
    {
        var r = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var f = Path.GetFullPath(full);
        var rel = f.Length > r.Length + 1 && f.StartsWith(r, StringComparison.Ordinal) ? f.Substring(r.Length + 1) : Path.GetFileName(f);
        return rel.Replace('\\', '/');
    }

    private static bool IsRealDirectory(string path)
    {
        try
        {
            var info = new DirectoryInfo(path);
            return info.Exists && (info.Attributes & FileAttributes.ReparsePoint) == 0;
        }
        catch (Exception ex) when (IsIo(ex))
        {
            return false;
        }
    }

    private static bool IsRealFile(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists && (info.Attributes & FileAttributes.ReparsePoint) == 0;
        }
        catch (Exception ex) when (IsIo(ex))
        {
            return false;
        }
    }

    /// <summary>The text of a regular file (no link) of at most <see cref="MaxFileBytes"/>; null otherwise.</summary>
    internal static string? ReadText(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || (info.Attributes & FileAttributes.ReparsePoint) != 0 || info.Length > MaxFileBytes)
            {
                return null;
            }

            return File.ReadAllText(path);
        }
        catch (Exception ex) when (IsIo(ex))
        {
            return null;
        }
    }

    private static bool IsIo(Exception ex) =>
        ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or System.Security.SecurityException;
}
