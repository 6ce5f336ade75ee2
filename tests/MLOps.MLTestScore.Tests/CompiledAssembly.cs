using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MLOps.MLTestScore.Tests;

/// <summary>Compiles a small assembly to disk, to test the metadata tag reader on attribute shapes of other frameworks.</summary>
internal static class CompiledAssembly
{
    public static string Build(TestFiles files, string name, string source)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is "System.Runtime.dll" or "System.Private.CoreLib.dll" or "netstandard.dll")
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(
            name,
            new[] { CSharpSyntaxTree.ParseText(source) },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var path = Path.Combine(files.Directory, name + ".dll");
        var emit = compilation.Emit(path);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        return path;
    }
}
