using MLOps.Analyzers.DocGenerator;

// Rewrites the generated parts of the docs and the package's analysis-mode files from the code.
// Usage: dotnet run --project tests/MLOps.Analyzers.DocGenerator [repository root]
var root = args.Length > 0 ? Path.GetFullPath(args[0]) : MLOps.TestUtilities.Repository.FindRoot(Environment.CurrentDirectory);
var changed = 0;
foreach (var file in DocumentationGenerator.Generate(root))
{
    var path = Path.Combine(root, file.Path);
    if (!File.Exists(path) || File.ReadAllText(path).ReplaceLineEndings("\n") != file.Content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, file.Content);
        Console.WriteLine("updated " + file.Path);
        changed++;
    }
}

Console.WriteLine(changed == 0 ? "everything was up to date" : $"{changed} file(s) updated");
