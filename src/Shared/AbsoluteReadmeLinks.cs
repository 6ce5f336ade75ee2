// Compiled at pack time by RoslynCodeTaskFactory (src/Shared/PackageDocs.targets) and, linked, by the
// tests that check it (tests/MLOps.Analyzers.IntegrationTests/PackageDocsTests.cs). Only the BCL and
// MSBuild's own task API: the task factory compiles nothing else in.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace MLOps.Packaging
{
    /// <summary>
    /// Writes the copy of a repository markdown file that goes into a package: every relative link
    /// (rules/MLOPS101.md, samples, #a-heading) becomes an absolute link into the repository on GitHub,
    /// because nuget.org renders the package README with no repository around it.
    /// Links go to {RepositoryUrl}/blob/{Branch}/path, images to the raw file (nuget.org shows images
    /// only from trusted hosts). Code blocks and code spans are left as they are.
    /// </summary>
    public sealed class AbsoluteReadmeLinks : Microsoft.Build.Utilities.Task
    {
        [Required]
        public string Source { get; set; } = string.Empty;

        [Required]
        public string Destination { get; set; } = string.Empty;

        /// <summary>https://github.com/owner/name (a trailing slash or .git is dropped).</summary>
        [Required]
        public string RepositoryUrl { get; set; } = string.Empty;

        /// <summary>The source file's path in the repository, e.g. README.md: relative links resolve from its folder.</summary>
        [Required]
        public string RepositoryPath { get; set; } = string.Empty;

        public string Branch { get; set; } = "main";

        public override bool Execute()
        {
            var text = File.ReadAllText(Source);
            var rewritten = Rewrite(text, RepositoryUrl, RepositoryPath, Branch);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(Destination))!);
            // Unchanged content keeps the file's time stamp, so an incremental pack sees no change.
            if (!File.Exists(Destination) || File.ReadAllText(Destination) != rewritten)
            {
                File.WriteAllText(Destination, rewritten, new UTF8Encoding(false));
            }

            return true;
        }

        // [text](target) and ![alt](target), with an optional "title"; the target may be <bracketed>.
        private static readonly Regex InlineLink = new Regex(
            @"(?<bang>!?)\[(?<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*(?<target><[^>]*>|[^\s)]+)(?<rest>(?:\s+(?:""[^""]*""|'[^']*'))?\s*)\)",
            RegexOptions.CultureInvariant);

        // [id]: target "title" (a link reference definition, on its own line).
        private static readonly Regex ReferenceDefinition = new Regex(
            @"^(?<lead> {0,3}\[[^\]]+\]:\s*)(?<target><[^>]*>|\S+)",
            RegexOptions.CultureInvariant);

        // href="..." and src="..." in inline HTML.
        private static readonly Regex HtmlAttribute = new Regex(
            @"(?<attr>\b(?:href|src))\s*=\s*(?<quote>[""'])(?<target>[^""']*)\k<quote>",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        private static readonly Regex Scheme = new Regex(@"^[A-Za-z][A-Za-z0-9+.\-]*:", RegexOptions.CultureInvariant);

        public static string Rewrite(string markdown, string repositoryUrl, string repositoryPath, string branch)
        {
            var repository = repositoryUrl.Trim().TrimEnd('/');
            if (repository.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
            {
                repository = repository.Substring(0, repository.Length - 4);
            }

            var rawBase = repository.StartsWith("https://github.com/", StringComparison.OrdinalIgnoreCase)
                ? "https://raw.githubusercontent.com/" + repository.Substring("https://github.com/".Length) + "/" + branch + "/"
                : repository + "/raw/" + branch + "/";
            var blobBase = repository + "/blob/" + branch + "/";
            var sourcePath = repositoryPath.Replace('\\', '/').TrimStart('/');
            var folder = sourcePath.Contains("/") ? sourcePath.Substring(0, sourcePath.LastIndexOf('/') + 1) : string.Empty;

            string Absolute(string target, bool image)
            {
                var bracketed = target.StartsWith("<", StringComparison.Ordinal) && target.EndsWith(">", StringComparison.Ordinal);
                var bare = bracketed ? target.Substring(1, target.Length - 2) : target;
                if (bare.Length == 0 || Scheme.IsMatch(bare) || bare.StartsWith("//", StringComparison.Ordinal))
                {
                    return target;
                }

                string result;
                if (bare.StartsWith("#", StringComparison.Ordinal))
                {
                    result = blobBase + sourcePath + bare;
                }
                else
                {
                    var path = bare.StartsWith("/", StringComparison.Ordinal) ? bare.TrimStart('/') : Normalize(folder + bare);
                    result = (image ? rawBase : blobBase) + path;
                }

                return bracketed ? "<" + result + ">" : result;
            }

            var output = new StringBuilder(markdown.Length + 1024);
            string? fence = null;
            foreach (var line in SplitKeepingNewlines(markdown))
            {
                var trimmed = line.TrimStart(' ');
                if (fence == null && (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal)))
                {
                    fence = trimmed.Substring(0, 3);
                    output.Append(line);
                    continue;
                }

                if (fence != null)
                {
                    if (trimmed.StartsWith(fence, StringComparison.Ordinal))
                    {
                        fence = null;
                    }

                    output.Append(line);
                    continue;
                }

                var definition = ReferenceDefinition.Match(line);
                if (definition.Success)
                {
                    output.Append(definition.Groups["lead"].Value)
                        .Append(Absolute(definition.Groups["target"].Value, image: false))
                        .Append(line.Substring(definition.Index + definition.Length));
                    continue;
                }

                // The link text is rewritten too: a badge is an image inside a link, [![alt](img.svg)](page).
                string Links(string segment) => InlineLink.Replace(segment, m =>
                    m.Groups["bang"].Value + "[" + Links(m.Groups["text"].Value) + "](" + Absolute(m.Groups["target"].Value, m.Groups["bang"].Length > 0) + m.Groups["rest"].Value + ")");

                output.Append(RewriteOutsideCodeSpans(line, segment =>
                {
                    segment = Links(segment);
                    return HtmlAttribute.Replace(segment, m =>
                        m.Groups["attr"].Value + "=" + m.Groups["quote"].Value
                        + Absolute(m.Groups["target"].Value, string.Equals(m.Groups["attr"].Value, "src", StringComparison.OrdinalIgnoreCase))
                        + m.Groups["quote"].Value);
                }));
            }

            return output.ToString();
        }

        /// <summary>Applies <paramref name="rewrite"/> to the parts of a line outside `code spans`.</summary>
        private static string RewriteOutsideCodeSpans(string line, Func<string, string> rewrite)
        {
            // Split into runs outside and inside code spans; a span opens and closes with the same number of backticks.
            // Link text may hold a code span ([`rules/`](rules)), so a link is rewritten on the whole line with the
            // code spans masked, then the spans put back.
            var spans = new List<string>();
            var masked = new StringBuilder(line.Length);
            var i = 0;
            while (i < line.Length)
            {
                if (line[i] != '`')
                {
                    masked.Append(line[i++]);
                    continue;
                }

                var run = 0;
                while (i + run < line.Length && line[i + run] == '`')
                {
                    run++;
                }

                var ticks = new string('`', run);
                var close = line.IndexOf(ticks, i + run, StringComparison.Ordinal);
                while (close >= 0 && close + run < line.Length && line[close + run] == '`')
                {
                    close = line.IndexOf(ticks, close + run + 1, StringComparison.Ordinal);
                }

                if (close < 0)
                {
                    masked.Append(ticks);
                    i += run;
                    continue;
                }

                spans.Add(line.Substring(i, close + run - i));
                masked.Append('\u0001').Append(spans.Count - 1).Append('\u0002');
                i = close + run;
            }

            var result = rewrite(masked.ToString());
            return Regex.Replace(result, "\u0001(\\d+)\u0002", m => spans[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)]);
        }

        private static string Normalize(string path)
        {
            var parts = new List<string>();
            foreach (var part in path.Split('/'))
            {
                if (part.Length == 0 || part == ".")
                {
                    continue;
                }

                if (part == "..")
                {
                    if (parts.Count > 0)
                    {
                        parts.RemoveAt(parts.Count - 1);
                    }

                    continue;
                }

                parts.Add(part);
            }

            return string.Join("/", parts) + (path.EndsWith("/", StringComparison.Ordinal) && parts.Count > 0 ? "/" : string.Empty);
        }

        private static IEnumerable<string> SplitKeepingNewlines(string text)
        {
            var start = 0;
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '\n')
                {
                    yield return text.Substring(start, i + 1 - start);
                    start = i + 1;
                }
            }

            if (start < text.Length)
            {
                yield return text.Substring(start);
            }
        }
    }
}
