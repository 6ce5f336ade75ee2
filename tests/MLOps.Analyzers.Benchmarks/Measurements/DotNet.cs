using System.Diagnostics;
using System.Text;

namespace MLOps.Analyzers.Benchmarks.Measurements;

internal sealed record CommandResult(int ExitCode, string Output, TimeSpan Elapsed);

/// <summary>Runs the installed `dotnet` as a user would, without the environment of the process that runs it.</summary>
internal static class DotNet
{
    private static readonly string[] InheritedMSBuildVariables =
    {
        "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly", "MSBUILDNOINPROCNODE",
    };

    public static CommandResult Run(string workingDirectory, params string[] arguments)
        => RunProgram(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet", workingDirectory, arguments);

    public static CommandResult RunProgram(string program, string workingDirectory, params string[] arguments)
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

        foreach (var name in InheritedMSBuildVariables)
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        var stopwatch = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit((int)TimeSpan.FromMinutes(30).TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish in 30 minutes.");
        }

        process.WaitForExit();
        stopwatch.Stop();
        lock (output)
        {
            return new CommandResult(process.ExitCode, output.ToString(), stopwatch.Elapsed);
        }
    }

    public static CommandResult Check(CommandResult result, string what)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed (exit code {result.ExitCode}):\n{Tail(result.Output, 60)}");
        }

        return result;
    }

    public static string Tail(string text, int lines)
        => string.Join('\n', text.Split('\n').TakeLast(lines));
}
