namespace MLOps.Analyzers.Benchmarks.Measurements;

/// <summary>The benchmarks' use of <see cref="DotNetCli"/>: a generous timeout, and a failed command as an exception with its last lines.</summary>
internal static class DotNet
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    public static CommandResult Run(string workingDirectory, params string[] arguments)
        => DotNetCli.Run(workingDirectory, Timeout, arguments);

    public static CommandResult RunProgram(string program, string workingDirectory, params string[] arguments)
        => DotNetCli.RunProgram(program, workingDirectory, Timeout, arguments);

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
