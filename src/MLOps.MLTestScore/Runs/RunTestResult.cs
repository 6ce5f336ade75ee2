using System;
using System.Collections.Generic;

namespace MLOps.MLTestScore.Runs;

/// <summary>The outcome of one test as an in-run scorer saw it.</summary>
public enum RunTestOutcome
{
    /// <summary>The test passed.</summary>
    Passed,

    /// <summary>The test failed, errored, timed out or was cancelled: it earns nothing.</summary>
    Failed,

    /// <summary>The test did not run (skipped, not found, no outcome): it earns nothing.</summary>
    Skipped,
}

/// <summary>
/// One test result, independent of the runner that produced it (VSTest, Microsoft.Testing.Platform):
/// what <see cref="JUnitRunWriter"/> needs to write the run in the JUnit shape the engine reads.
/// </summary>
public sealed class RunTestResult
{
    /// <summary>Creates a result.</summary>
    public RunTestResult(string className, string methodName, RunTestOutcome outcome, TimeSpan duration, string? message, IReadOnlyList<KeyValuePair<string, string>>? traits)
    {
        ClassName = className ?? string.Empty;
        MethodName = methodName ?? string.Empty;
        Outcome = outcome;
        Duration = duration;
        Message = message;
        Traits = traits ?? Array.Empty<KeyValuePair<string, string>>();
    }

    /// <summary>Namespace-qualified class name ("Ns.Class", nested types as the runner names them).</summary>
    public string ClassName { get; }

    /// <summary>Method name without arguments.</summary>
    public string MethodName { get; }

    /// <summary>Passed, failed or skipped.</summary>
    public RunTestOutcome Outcome { get; }

    /// <summary>How long the test ran.</summary>
    public TimeSpan Duration { get; }

    /// <summary>The failure message, if any.</summary>
    public string? Message { get; }

    /// <summary>The test's traits / categories / metadata, in order; a key may occur twice.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Traits { get; }

    /// <summary>"Ns.Class.Method(args)" -> ("Ns.Class", "Method").</summary>
    public static (string ClassName, string MethodName) SplitName(string? fullyQualifiedName)
    {
        var name = fullyQualifiedName ?? string.Empty;
        var arguments = name.IndexOf('(');
        if (arguments > 0)
        {
            name = name.Substring(0, arguments);
        }

        var dot = name.LastIndexOf('.');
        return dot > 0 ? (name.Substring(0, dot), name.Substring(dot + 1)) : (string.Empty, name);
    }
}
