namespace MLOps.Analyzers.CodeFixes;

/// <summary>Names the code-fix assembly for tooling and tests that enumerate its providers.</summary>
public static class CodeFixAssemblyMarker
{
}
