namespace MLOps.Shared;

/// <summary>
/// The one glob of the repository, compiled into both the analyzer assembly (allow-lists such as
/// <c>allowed_paths</c>, which run inside the compiler) and the ML Test Score engine (the mapping file's
/// test-name globs). Linked into each project as source (<c>&lt;Compile Include="..\Shared\Glob.cs"&gt;</c>):
/// the analyzer must not depend on the engine, and netstandard2.0 with no dependency suits both.
/// </summary>
/// <remarks>
/// <para>Syntax: the whole text must match; case-insensitive; '/' and '\' are the same separator.</para>
/// <list type="bullet">
/// <item><c>*</c>: any run of characters, empty included, within one segment (never a separator);</item>
/// <item><c>**</c>: any run of characters, separators included (three or more stars are the same as two);</item>
/// <item><c>?</c>: exactly one character that is not a separator;</item>
/// <item>anything else: itself. There are no character classes, braces or escapes.</item>
/// </list>
/// <para>
/// Matching is greedy with two pointers and one backtrack point per kind of star, never recursive: on a
/// mismatch only the last <c>*</c> takes one more character (while it stays in its segment), else the last
/// <c>**</c> does and the part after it starts over. Matching every part as early as possible is enough,
/// so no earlier choice is revisited: the time is bounded by the text length times the pattern length for
/// each position of the last <c>**</c>, never exponential, for patterns such as <c>*a*a*a*a*b</c> that
/// make a recursive or regex matcher backtrack exponentially.
/// </para>
/// </remarks>
internal static class Glob
{
    /// <summary>Whether <paramref name="text"/> matches <paramref name="pattern"/> (see the class remarks for the syntax).</summary>
    public static bool IsMatch(string pattern, string text)
    {
        int p = 0, t = 0;

        // After the last '*': where its pattern continues and the text it has taken up to; -1 when none.
        int starP = -1, starT = -1;

        // After the last '**': the same.
        int globstarP = -1, globstarT = -1;

        while (t < text.Length)
        {
            if (p < pattern.Length)
            {
                var c = pattern[p];
                if (c == '*')
                {
                    if (p + 1 < pattern.Length && pattern[p + 1] == '*')
                    {
                        while (p < pattern.Length && pattern[p] == '*')
                        {
                            p++;
                        }

                        // Everything before a '**' is matched as early as possible and never revisited.
                        globstarP = p;
                        globstarT = t;
                        starP = -1;
                    }
                    else
                    {
                        starP = ++p;
                        starT = t;
                    }

                    continue;
                }

                if (c == '?' ? !IsSeparator(text[t]) : Same(c, text[t]))
                {
                    p++;
                    t++;
                    continue;
                }
            }

            if (starP >= 0 && !IsSeparator(text[starT]))
            {
                // The last '*' takes one more character of its segment.
                p = starP;
                t = ++starT;
            }
            else if (globstarP >= 0)
            {
                // The last '**' takes one more character, separators included; the part after it starts over.
                starP = -1;
                p = globstarP;
                t = ++globstarT;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>Whether <paramref name="text"/> holds a glob wildcard ('*' or '?').</summary>
    public static bool HasWildcard(string text) => text.IndexOf('*') >= 0 || text.IndexOf('?') >= 0;

    private static bool IsSeparator(char c) => c == '/' || c == '\\';

    private static bool Same(char a, char b) =>
        a == b
        || (IsSeparator(a) && IsSeparator(b))
        || char.ToUpperInvariant(a) == char.ToUpperInvariant(b)
        || char.ToLowerInvariant(a) == char.ToLowerInvariant(b);
}
