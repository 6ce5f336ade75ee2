using System.Diagnostics;
using System.Text;

namespace MLOps.TestUtilities;

/// <summary>What a command printed (standard output and error, interleaved as they came), its exit code and how long it took.</summary>
public sealed record CommandResult(int ExitCode, string Output, TimeSpan Elapsed)
{
    public override string ToString() => $"exit code {ExitCode}\n{Output}";
}

/// <summary>
/// Runs the installed `dotnet` (or another program) as a user would, isolated from the MSBuild and VSTest
/// environment of the process that runs it (a test host or a benchmark started by `dotnet run`): those
/// variables would point the child's MSBuild at the parent's SDK pieces or make it wait for a debugger.
/// </summary>
public static class DotNetCli
{
    private static readonly string[] InheritedVariables =
    {
        "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly",
        "MSBUILDNOINPROCNODE", "MSBUILDDISABLENODEREUSE", "VSTEST_HOST_DEBUG", "VSTEST_RUNNER_DEBUG",

        // A CI run of these tests must not have every consumer's score appended to the real job summary, nor its
        // agent commands (##vso[...]) acted on: a test that wants them sets them for its child explicitly.
        "GITHUB_STEP_SUMMARY", "TF_BUILD",
    };

    /// <summary>The `dotnet` that runs this process when it says so (DOTNET_HOST_PATH), else the one on the PATH.</summary>
    public static string Host => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Runs `dotnet <paramref name="arguments"/>` in <paramref name="workingDirectory"/>; throws <see cref="TimeoutException"/> (after killing it) past <paramref name="timeout"/>.</summary>
    public static CommandResult Run(string workingDirectory, TimeSpan timeout, params string[] arguments)
        => RunProgram(Host, workingDirectory, timeout, arguments);

    /// <summary>
    /// <see cref="Run(string, TimeSpan, string[])"/> with variables set for the child only: a value sets the
    /// variable, null removes it (the child would otherwise inherit it from this process, as a CI runner's
    /// GITHUB_STEP_SUMMARY).
    /// </summary>
    public static CommandResult Run(string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
        => RunProgram(Host, workingDirectory, timeout, environment, arguments);

    /// <summary>Runs <paramref name="program"/> with the same isolation.</summary>
    public static CommandResult RunProgram(string program, string workingDirectory, TimeSpan timeout, params string[] arguments)
        => RunProgram(program, workingDirectory, timeout, new Dictionary<string, string?>(), arguments);

    /// <summary>Runs <paramref name="program"/> with the same isolation and <paramref name="environment"/> (null removes a variable).</summary>
    public static CommandResult RunProgram(string program, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in InheritedVariables)
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        var stopwatch = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit((int)timeout.TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish in {timeout}.\n{output}");
        }

        process.WaitForExit();
        stopwatch.Stop();
        lock (output)
        {
            return new CommandResult(process.ExitCode, output.ToString(), stopwatch.Elapsed);
        }
    }
}
