// Compiled at pack time by RoslynCodeTaskFactory (src/Shared/PackageDocs.targets) and, linked, by the
// tests that check it (tests/MLOps.Analyzers.IntegrationTests/PackageDocsTests.cs). Only the BCL and
// MSBuild's own task API: the task factory compiles nothing else in.
#nullable enable
using System;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace MLOps.Packaging
{
    /// <summary>
    /// The package's release notes from a Keep a Changelog file: the section of the version being packed
    /// (## [0.2.0] - 2027-01-15) if the changelog has one, else the [Unreleased] section (a prerelease
    /// built between tags), followed by a link to the whole changelog.
    /// </summary>
    public sealed class ChangelogReleaseNotes : Microsoft.Build.Utilities.Task
    {
        [Required]
        public string Changelog { get; set; } = string.Empty;

        [Required]
        public string Version { get; set; } = string.Empty;

        /// <summary>Where the whole changelog is read online.</summary>
        [Required]
        public string ChangelogUrl { get; set; } = string.Empty;

        [Output]
        public string ReleaseNotes { get; set; } = string.Empty;

        public override bool Execute()
        {
            ReleaseNotes = Select(File.ReadAllText(Changelog), Version, ChangelogUrl);
            return true;
        }

        private static readonly Regex Heading = new Regex(@"^##\s+\[(?<name>[^\]]+)\]", RegexOptions.CultureInvariant);

        private static readonly Regex ReferenceDefinition = new Regex(@"^ {0,3}\[[^\]]+\]:\s*\S", RegexOptions.CultureInvariant);

        public static string Select(string changelog, string version, string changelogUrl)
        {
            var lines = changelog.Replace("\r\n", "\n").Split('\n');
            var section = Section(lines, version) ?? Section(lines, "Unreleased");
            var link = "Full changelog: " + changelogUrl;
            return section is null ? link : section + "\n\n" + link;
        }

        /// <summary>The body of the "## [name]" section without its heading and link definitions, or null.</summary>
        private static string? Section(string[] lines, string name)
        {
            var start = Array.FindIndex(lines, l => Heading.Match(l) is { Success: true } m
                && string.Equals(m.Groups["name"].Value.Trim(), name, StringComparison.OrdinalIgnoreCase));
            if (start < 0)
            {
                return null;
            }

            var body = new StringBuilder();
            for (var i = start + 1; i < lines.Length && !lines[i].StartsWith("## ", StringComparison.Ordinal); i++)
            {
                if (!ReferenceDefinition.IsMatch(lines[i]))
                {
                    body.Append(lines[i]).Append('\n');
                }
            }

            var text = body.ToString().Trim();
            return text.Length == 0 ? null : text;
        }
    }
}
