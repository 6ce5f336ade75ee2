using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MLOps.Analyzers;

/// <summary>
/// Tells whether a compilation is a test project: the SDK's <c>IsTestProject</c> property (made visible
/// to the compiler by the package's props) or a reference to a known test framework.
/// </summary>
internal static class TestCodeDetector
{
    private static readonly string[] TestFrameworkAssemblies =
    {
        "xunit.core",
        "xunit.v3.core",
        "nunit.framework",
        "Microsoft.VisualStudio.TestPlatform.TestFramework",
        "MSTest.TestFramework",
        "TUnit.Core",
    };

    public static bool IsTestProject(Compilation compilation, AnalyzerOptions options)
    {
        var global = options.AnalyzerConfigOptionsProvider.GlobalOptions;
        if (global.TryGetValue("build_property.IsTestProject", out var isTest)
            && string.Equals(isTest?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var reference in compilation.ReferencedAssemblyNames)
        {
            foreach (var name in TestFrameworkAssemblies)
            {
                if (string.Equals(reference.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
