namespace MLOps.Analyzers.Tests.Robustness;

/// <summary>The repository's root, found from the test assembly's location (the folder holding MLOps.Analyzers.sln).</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "MLOps.Analyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("MLOps.Analyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
