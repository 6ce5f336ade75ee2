using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using MLOps.Analyzers.DocGenerator;
using MLOps.Analyzers.ExperimentTracking;
using MLOps.Analyzers.Reproducibility;
using MLOps.Analyzers.Tests.Verifiers;
using Xunit;

namespace MLOps.Analyzers.Tests.Documentation;

/// <summary>
/// The committed MLOpsAnalysisMode files, applied as the compiler applies them (a project's global analyzer config),
/// to an on-by-default rule (MLOPS102) and the off-by-default one (MLOPS302); and the user's own .editorconfig still wins.
/// A plain workspace compilation, not the analyzer testing library: that one sets every tested rule's severity in the
/// compilation options, which take precedence over global configs. The packed package is checked end to end in
/// PackageConsumerTests.
/// </summary>
public sealed class AnalysisModeConfigTests
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using Microsoft.ML;

        public static class Program
        {
            public static void Train(MLContext mlContext, List<int> rows)
            {
                var shuffled = rows.OrderBy(_ => new Random().Next()).ToList();
                var trainer = mlContext.Regression.Trainers.FastTree(labelColumnName: "Price");
            }
        }
        """;

    [Theory]
    [InlineData(null, "MLOPS102:Warning")]
    [InlineData("none", "")]
    [InlineData("minimum", "MLOPS102:Warning")]
    [InlineData("recommended", "MLOPS102:Warning MLOPS302:Info")]
    [InlineData("all", "MLOPS102:Warning MLOPS302:Warning")]
    public async Task ModeDecidesWhichRulesReportAndHow(string? mode, string expected)
    {
        var configs = mode is null ? Array.Empty<(string, string)>() : new[] { ($"mlops_{mode}.globalconfig", ModeFile(mode)) };
        Assert.Equal(expected, await ReportedAsync(configs));
    }

    [Fact]
    public async Task UsersEditorConfigWinsOverTheMode()
    {
        var reported = await ReportedAsync(
            ("mlops_all.globalconfig", ModeFile("all")),
            (".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.MLOPS302.severity = none\ndotnet_diagnostic.MLOPS102.severity = error\n"));
        Assert.Equal("MLOPS102:Error", reported);
    }

    [Fact]
    public async Task UnderAModeACategoryLineNoLongerReachesTheRules()
    {
        // What the README says: a mode sets every rule by ID, and ID entries outrank category entries.
        var category = "root = true\n\n[*.cs]\ndotnet_analyzer_diagnostic.category-Reproducibility.severity = error\n";
        Assert.Equal("MLOPS102:Error", await ReportedAsync((".editorconfig", category)));
        Assert.Equal("MLOPS102:Warning MLOPS302:Warning", await ReportedAsync(("mlops_all.globalconfig", ModeFile("all")), (".editorconfig", category)));
    }

    private static string ModeFile(string mode)
        => File.ReadAllText(Path.Combine(MLOps.TestUtilities.Repository.FindRoot(AppContext.BaseDirectory), DocumentationGenerator.ConfigDirectory, $"mlops_{mode}.globalconfig"));

    /// <summary>"ID:Severity" of every diagnostic the two analyzers report, sorted, space-separated.</summary>
    private static async Task<string> ReportedAsync(params (string Name, string Text)[] configs)
    {
        using var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(
                projectId, VersionStamp.Default, "Consumer", "Consumer", LanguageNames.CSharp, filePath: "/consumer/Consumer.csproj",
                compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary),
                metadataReferences: TestReferences.All))
            .AddDocument(DocumentId.CreateNewId(projectId), "Program.cs", SourceText.From(Source), filePath: "/consumer/Program.cs");
        foreach (var (name, text) in configs)
        {
            solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(projectId), name, SourceText.From(text), filePath: "/consumer/" + name);
        }

        var project = solution.GetProject(projectId)!;
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new UnseededRandomAnalyzer(), new DefaultHyperparametersAnalyzer());
        var diagnostics = await compilation.WithAnalyzers(analyzers, project.AnalyzerOptions).GetAnalyzerDiagnosticsAsync();
        return string.Join(" ", diagnostics.Select(d => $"{d.Id}:{d.Severity}").Order(StringComparer.Ordinal));
    }
}
