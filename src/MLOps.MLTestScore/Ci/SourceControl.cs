using System;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;

namespace MLOps.MLTestScore;

/// <summary>Which commit a report is for: the one given, the CI's, or git's.</summary>
internal static class SourceControl
{
    /// <summary>The variables CI systems set to the commit being built, in the order they are asked.</summary>
    private static readonly string[] CommitVariables = { "GITHUB_SHA", "BUILD_SOURCEVERSION", "CI_COMMIT_SHA", "GIT_COMMIT" };

    /// <summary>
    /// <see cref="ScoreOptions.Commit"/> when given (an MSBuild property, for builds without git), else the CI's
    /// commit variable, else <c>git rev-parse HEAD</c> in the repository root; null when none is known.
    /// </summary>
    public static string? ResolveCommit(ScoreOptions options)
    {
        if (Clean(options.Commit) is string given)
        {
            return given;
        }

        foreach (var name in CommitVariables)
        {
            if (options.Environment.TryGetValue(name, out var value) && Clean(value) is string fromCi)
            {
                return fromCi;
            }
        }

        return string.IsNullOrWhiteSpace(options.RepositoryRoot) ? null : GitHead(options.RepositoryRoot!);
    }

    /// <summary><c>git rev-parse HEAD</c> in <paramref name="directory"/>; null when git is missing, slow or says no.</summary>
    internal static string? GitHead(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return null;
        }

        try
        {
            var start = new ProcessStartInfo("git", "rev-parse HEAD")
            {
                WorkingDirectory = directory,
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
            };
            using var git = Process.Start(start);
            if (git is null)
            {
                return null;
            }

            var output = git.StandardOutput.ReadToEndAsync();
            _ = git.StandardError.ReadToEndAsync();
            if (!git.WaitForExit(10_000))
            {
                try
                {
                    git.Kill();
                }
                catch (InvalidOperationException)
                {
                }

                return null;
            }

            return git.ExitCode == 0 && IsHex(output.Result.Trim()) ? output.Result.Trim() : null;
        }
        catch (Exception ex) when (ex is Win32Exception || ex is InvalidOperationException || ex is IOException || ex is PlatformNotSupportedException)
        {
            return null; // No git on this machine: the commit is simply unknown.
        }
    }

    private static string? Clean(string? value)
    {
        var text = value?.Trim();
        return string.IsNullOrEmpty(text) || text!.Length > 200 || text.IndexOfAny(new[] { '\r', '\n' }) >= 0 ? null : text;
    }

    private static bool IsHex(string text)
    {
        if (text.Length < 7 || text.Length > 64)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!Uri.IsHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
