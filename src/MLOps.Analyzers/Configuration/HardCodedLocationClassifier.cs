using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;

namespace MLOps.Analyzers.Configuration;

internal enum LocationClass
{
    None,

    /// <summary>MLOPS201: a drive letter, UNC share, rooted Unix path, home directory or file: URI.</summary>
    Absolute,

    /// <summary>MLOPS202: a path relative to the working directory, or one that climbs out of the application directory.</summary>
    Relative,

    /// <summary>MLOPS203: an http(s) or ftp URL.</summary>
    Url,
}

internal readonly struct ClassifiedLocation
{
    public ClassifiedLocation(LocationClass kind, SyntaxNode? anchor, string display, string matchText, string lastText, bool isComplete)
    {
        Kind = kind;
        Anchor = anchor;
        Display = display;
        MatchText = matchText;
        LastText = lastText;
        IsComplete = isComplete;
    }

    public LocationClass Kind { get; }

    /// <summary>The literal that makes the location hard-coded (reported there when it is in the sink's file).</summary>
    public SyntaxNode? Anchor { get; }

    /// <summary>The location as shown in the message; traced but unknown pieces read <c>{...}</c>.</summary>
    public string Display { get; }

    /// <summary>The written part of the location, '/'-separated, matched against the allow-list.</summary>
    public string MatchText { get; }

    /// <summary>The trailing text when the location ends with written text (its file name), else empty.</summary>
    public string LastText { get; }

    /// <summary>True when every piece of the value is known text.</summary>
    public bool IsComplete { get; }

    public static ClassifiedLocation None => new(LocationClass.None, null, string.Empty, string.Empty, string.Empty, false);
}

/// <summary>Decides whether a traced value is a hard-coded absolute path, relative path or URL, and the option helpers.</summary>
internal static class HardCodedLocationClassifier
{
    /// <summary>File extensions of data sets, models and their archives (used for System.IO sinks and URLs).</summary>
    public static readonly ImmutableArray<string> DefaultDataFileExtensions = ImmutableArray.Create(
        ".csv", ".tsv", ".psv", ".parquet", ".arrow", ".feather", ".avro", ".orc", ".jsonl", ".ndjson",
        ".idv", ".svm", ".libsvm", ".xls", ".xlsx", ".npy", ".npz", ".pkl", ".pickle", ".h5", ".hdf5",
        ".zip", ".gz", ".tgz", ".tar", ".7z", ".bz2", ".xz",
        ".onnx", ".pt", ".pth", ".ckpt", ".safetensors", ".pb", ".tflite", ".mlnet", ".model", ".bin", ".dat", ".gguf");

    /// <summary>Hosts that serve data sets and model weights: any URL there is a data/model download.</summary>
    private static readonly string[] DataHosts =
    {
        "huggingface.co", "archive.ics.uci.edu", "download.pytorch.org", "zenodo.org", "www.kaggle.com", "kaggle.com",
        "www.openml.org", "openml.org", "storage.googleapis.com", "s3.amazonaws.com", "figshare.com",
    };

    public static ClassifiedLocation Classify(List<LocationPart> parts)
    {
        var start = 0;
        while (start < parts.Count && parts[start].Kind == LocationPartKind.Text && parts[start].Text.Length == 0)
        {
            start++;
        }

        if (start == parts.Count)
        {
            return ClassifiedLocation.None;
        }

        var first = parts[start];
        var isComplete = true;
        for (var i = start; i < parts.Count; i++)
        {
            if (parts[i].Kind != LocationPartKind.Text)
            {
                isComplete = false;
                break;
            }
        }

        switch (first.Kind)
        {
            case LocationPartKind.Text:
                {
                    var leading = LeadingText(parts, start);
                    if (IsUrl(leading))
                    {
                        return Create(LocationClass.Url, first.Literal, parts, start, isComplete);
                    }

                    if (IsAbsolute(leading))
                    {
                        return Create(LocationClass.Absolute, first.Literal, parts, start, isComplete);
                    }

                    // A relative location counts only when it is written entirely in the code: "Data/" + args[0] is configured.
                    return isComplete ? Create(LocationClass.Relative, first.Literal, parts, start, isComplete) : ClassifiedLocation.None;
                }

            case LocationPartKind.CurrentDirectory:
                {
                    // Environment.CurrentDirectory + "Data/x.csv" is the same as the relative path "Data/x.csv".
                    var allText = true;
                    SyntaxNode? anchor = null;
                    var hasText = false;
                    for (var i = start + 1; i < parts.Count; i++)
                    {
                        if (parts[i].Kind != LocationPartKind.Text)
                        {
                            allText = false;
                            break;
                        }

                        hasText |= parts[i].Text.Trim('/', '\\').Length > 0;
                        anchor ??= parts[i].Literal;
                    }

                    return allText && hasText ? Create(LocationClass.Relative, anchor, parts, start + 1, isComplete: true) : ClassifiedLocation.None;
                }

            case LocationPartKind.AppBaseDirectory:
                {
                    // Files shipped with the application (copied to the output) are fine; climbing out of it ("../../../Data")
                    // depends on the source tree layout.
                    for (var i = start + 1; i < parts.Count; i++)
                    {
                        if (parts[i].Kind == LocationPartKind.Text && ClimbsUp(parts[i].Text))
                        {
                            return Create(LocationClass.Relative, parts[i].Literal, parts, start + 1, isComplete);
                        }
                    }

                    return ClassifiedLocation.None;
                }

            case LocationPartKind.SpecialFolder when IsUserFilesFolder(first.Text):
                {
                    // ~/datasets/x.csv written with Environment.GetFolderPath(UserProfile): a layout of one user's files.
                    // Application-data folders (LocalApplicationData, ...) are where applications keep their own files: silent.
                    SyntaxNode? anchor = null;
                    var hasText = false;
                    for (var i = start + 1; i < parts.Count; i++)
                    {
                        if (parts[i].Kind != LocationPartKind.Text)
                        {
                            return ClassifiedLocation.None;
                        }

                        hasText |= parts[i].Text.Trim('/', '\\').Length > 0;
                        anchor ??= parts[i].Literal;
                    }

                    return hasText ? Create(LocationClass.Absolute, anchor, parts, start, isComplete: true) : ClassifiedLocation.None;
                }

            default:
                return ClassifiedLocation.None;
        }
    }

    private static bool IsUserFilesFolder(string folder)
        => folder is "UserProfile" or "Personal" or "MyDocuments" or "Desktop" or "DesktopDirectory" or "MyPictures" or "MyMusic" or "MyVideos";

    public static bool IsUrl(string text)
        => text.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("ftp://", StringComparison.OrdinalIgnoreCase);

    public static bool IsAbsolute(string text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        if (text.Length >= 3 && IsAsciiLetter(text[0]) && text[1] == ':' && (text[2] == '\\' || text[2] == '/'))
        {
            return true; // C:\data, D:/models
        }

        if (text[0] == '/' || text[0] == '\\')
        {
            return true; // /data/..., \\server\share, \data
        }

        if (text[0] == '~' && (text.Length == 1 || text[1] == '/' || text[1] == '\\'))
        {
            return true; // ~/datasets
        }

        return text.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
    }

    public static bool IsRootedOrUrl(string text) => IsAbsolute(text) || IsUrl(text);

    public static bool EndsWithSeparator(string text) => text.Length > 0 && (text[text.Length - 1] == '/' || text[text.Length - 1] == '\\');

    /// <summary>Whether the last segment of <paramref name="pathOrUrl"/> has one of <paramref name="extensions"/>.</summary>
    public static bool HasDataExtension(string pathOrUrl, ImmutableArray<string> extensions)
    {
        var path = pathOrUrl;
        if (IsUrl(path))
        {
            var query = path.IndexOfAny(new[] { '?', '#' });
            if (query >= 0)
            {
                path = path.Substring(0, query);
            }
        }

        var name = path.Substring(path.LastIndexOfAny(new[] { '/', '\\' }) + 1);
        var dot = name.LastIndexOf('.');
        if (dot <= 0 || dot == name.Length - 1)
        {
            return false;
        }

        var extension = name.Substring(dot);
        foreach (var candidate in extensions)
        {
            var normalized = candidate.StartsWith(".", StringComparison.Ordinal) ? candidate : "." + candidate;
            if (string.Equals(extension, normalized, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsDataHost(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return false;
        }

        var hostStart = schemeEnd + 3;
        var hostEnd = url.IndexOfAny(new[] { '/', ':', '?', '#' }, hostStart);
        var host = hostEnd < 0 ? url.Substring(hostStart) : url.Substring(hostStart, hostEnd - hostStart);
        foreach (var candidate in DataHosts)
        {
            if (string.Equals(host, candidate, StringComparison.OrdinalIgnoreCase)
                || host.EndsWith("." + candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return host.EndsWith(".blob.core.windows.net", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Allow-list entries: a glob when it contains <c>*</c> or <c>?</c> (<see cref="MLOps.Shared.Glob"/>: <c>**</c>
    /// matches across '/', <c>*</c> and <c>?</c> within one segment), otherwise a prefix. Case-insensitive; '\' and
    /// '/' are equivalent.
    /// </summary>
    public static bool IsAllowed(string text, ImmutableArray<string> patterns)
    {
        if (patterns.IsDefaultOrEmpty)
        {
            return false;
        }

        var normalized = text.Replace('\\', '/');
        foreach (var raw in patterns)
        {
            if (MLOps.Shared.Glob.HasWildcard(raw))
            {
                if (MLOps.Shared.Glob.IsMatch(raw, text))
                {
                    return true;
                }
            }
            else if (normalized.StartsWith(raw.Replace('\\', '/'), StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static ClassifiedLocation Create(LocationClass kind, SyntaxNode? anchor, List<LocationPart> parts, int matchStart, bool isComplete)
    {
        var display = Render(parts, 0);
        var match = Render(parts, matchStart);
        if (matchStart > 0)
        {
            // After {AppContext.BaseDirectory} or {CurrentDirectory}: the written remainder, without the joining separator.
            match = match.TrimStart('/', '\\');
        }

        var last = parts.Count > 0 && parts[parts.Count - 1].Kind == LocationPartKind.Text ? TrailingText(parts) : string.Empty;
        return new ClassifiedLocation(kind, anchor, display, match.Replace('\\', '/'), last, isComplete);
    }

    private static string Render(List<LocationPart> parts, int start)
    {
        var builder = new StringBuilder();
        for (var i = start; i < parts.Count; i++)
        {
            var part = parts[i];
            builder.Append(part.Kind switch
            {
                LocationPartKind.Text => part.Text,
                LocationPartKind.AppBaseDirectory => "{AppContext.BaseDirectory}",
                LocationPartKind.CurrentDirectory => "{CurrentDirectory}",
                LocationPartKind.TempDirectory => "{TempPath}",
                LocationPartKind.SpecialFolder => "{" + part.Text + "}",
                _ => "{...}",
            });
        }

        return builder.ToString();
    }

    private static string LeadingText(List<LocationPart> parts, int start)
    {
        var builder = new StringBuilder();
        for (var i = start; i < parts.Count && parts[i].Kind == LocationPartKind.Text; i++)
        {
            builder.Append(parts[i].Text);
        }

        return builder.ToString();
    }

    /// <summary>The text the value ends with (its file name when written in the code), empty when it ends with an unknown piece.</summary>
    public static string TrailingText(List<LocationPart> parts)
    {
        var first = parts.Count;
        while (first > 0 && parts[first - 1].Kind == LocationPartKind.Text)
        {
            first--;
        }

        var builder = new StringBuilder();
        for (var i = first; i < parts.Count; i++)
        {
            builder.Append(parts[i].Text);
        }

        return builder.ToString();
    }

    private static bool ClimbsUp(string text)
    {
        var segments = text.Split('/', '\\');
        foreach (var segment in segments)
        {
            if (segment == "..")
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
