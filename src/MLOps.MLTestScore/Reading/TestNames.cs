using System;

namespace MLOps.MLTestScore.Reading;

/// <summary>Builds the join key of a test: class full name + "." + method name, arguments removed.</summary>
internal static class TestNames
{
    public static string Normalize(string? className, string? methodName)
    {
        var cls = NormalizeClass(className);
        var method = StripArguments(methodName?.Trim() ?? string.Empty);

        if (cls.Length == 0)
        {
            return method.Replace('+', '.');
        }

        // Some producers (xunit display names, JUnit loggers) put the class into the test name.
        if (method.StartsWith(cls + ".", StringComparison.Ordinal))
        {
            method = method.Substring(cls.Length + 1);
        }
        else if (method.Replace('+', '.').StartsWith(cls + ".", StringComparison.Ordinal))
        {
            method = method.Replace('+', '.').Substring(cls.Length + 1);
        }

        return method.Length == 0 ? cls : cls + "." + method;
    }

    public static string NormalizeClass(string? className)
    {
        if (string.IsNullOrWhiteSpace(className))
        {
            return string.Empty;
        }

        var cls = className!.Trim();

        // Assembly-qualified class names ("Ns.Class, Assembly, Version=...").
        var comma = cls.IndexOf(',');
        if (comma >= 0)
        {
            cls = cls.Substring(0, comma).Trim();
        }

        return cls.Replace('+', '.');
    }

    /// <summary>"Method(x: 1)" -> "Method"; pytest "test_x[1-2]" -> "test_x".</summary>
    public static string StripArguments(string name)
    {
        var cut = name.IndexOfAny(new[] { '(', '[' });
        return cut > 0 ? name.Substring(0, cut).TrimEnd() : name;
    }

    /// <summary>The class part of a key ("Ns.Class" for "Ns.Class.Method").</summary>
    public static string ClassOf(string key)
    {
        var dot = key.LastIndexOf('.');
        return dot > 0 ? key.Substring(0, dot) : string.Empty;
    }
}
