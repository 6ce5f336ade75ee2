using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MLOps.MLTestScore.Tests;

/// <summary>Compiles a small assembly to disk, to test the metadata tag reader on attribute shapes of other frameworks.</summary>
internal static class CompiledAssembly
{
    /// <param name="sourcePath">When set, the source's path and a portable PDB is written beside the assembly.</param>
    public static string Build(TestFiles files, string name, string source, string? sourcePath = null)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is "System.Runtime.dll" or "System.Private.CoreLib.dll" or "netstandard.dll")
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(
            name,
            new[] { CSharpSyntaxTree.ParseText(source, path: sourcePath ?? string.Empty, encoding: System.Text.Encoding.UTF8) },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var path = Path.Combine(files.Directory, name + ".dll");
        Microsoft.CodeAnalysis.Emit.EmitResult emit;
        if (sourcePath is null)
        {
            emit = compilation.Emit(path);
        }
        else
        {
            using var pe = File.Create(path);
            using var pdb = File.Create(Path.ChangeExtension(path, ".pdb"));
            emit = compilation.Emit(pe, pdb, options: new Microsoft.CodeAnalysis.Emit.EmitOptions(debugInformationFormat: Microsoft.CodeAnalysis.Emit.DebugInformationFormat.PortablePdb, pdbFilePath: Path.ChangeExtension(path, ".pdb")));
        }

        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        return path;
    }
}
