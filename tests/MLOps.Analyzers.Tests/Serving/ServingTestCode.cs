using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using MLOps.Analyzers.Tests.Verifiers;

namespace MLOps.Analyzers.Tests.Serving;

/// <summary>Where the code under test runs: what the serving rules decide about threads depends on it.</summary>
public enum ServingHost
{
    /// <summary>A class library (the verifier's default output): any host may call it, from any thread.</summary>
    Library,

    /// <summary>A console application without ASP.NET Core or dependency injection.</summary>
    ConsoleApp,

    /// <summary>An ASP.NET Core application (top-level statements, minimal APIs, DI), against the real shared framework.</summary>
    WebApp,
}

/// <summary>Usings, data classes in the shape of dotnet/machinelearning-samples, and runners for the serving rules' tests.</summary>
internal static class ServingTestCode
{
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.ML;
        using Microsoft.ML.Data;

        """;

    public const string WebUsings = Usings + """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.DependencyInjection;

        """;

    /// <summary>
    /// The data classes, appended after each test's code (type declarations may follow top-level statements), so that
    /// every test source is one constant expression the robustness corpus can rebuild: <c>U + """...""" + M</c>.
    /// </summary>
    public const string Models = """


        public sealed class SentimentData
        {
            [LoadColumn(0)] public string SentimentText { get; set; }
            [LoadColumn(1), ColumnName("Label")] public bool Sentiment { get; set; }
        }

        public sealed class SentimentPrediction
        {
            [ColumnName("PredictedLabel")] public bool Prediction { get; set; }
            public float Probability { get; set; }
            public float Score { get; set; }
        }

        public sealed class GitHubIssue
        {
            [LoadColumn(0)] public string ID { get; set; }
            [LoadColumn(1)] public string Area { get; set; }
            [LoadColumn(2)] public string Title { get; set; }
            [LoadColumn(3)] public string Description { get; set; }
        }

        public sealed class IssuePrediction
        {
            [ColumnName("PredictedLabel")] public string Area;
        }
        """;

    public static Task VerifyAsync<TAnalyzer>(string source, ServingHost host, string? editorConfig = null, string? globalConfig = null)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new CSharpAnalyzerVerifier<TAnalyzer>.Test { TestCode = source };
        if (host != ServingHost.Library)
        {
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
        }

        if (host == ServingHost.WebApp)
        {
            test.TestState.AdditionalReferences.AddRange(AspNetCoreReferences.All);
        }

        if (editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + editorConfig));
        }

        if (globalConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\n" + globalConfig));
        }

        return test.RunAsync(CancellationToken.None);
    }

    public static Task VerifyFixAsync<TAnalyzer, TCodeFix>(string source, string fixedSource, ServingHost host, int? fixAllIterations = null)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixVerifier<TAnalyzer, TCodeFix>.Test
        {
            TestCode = source,
            FixedCode = fixedSource,
        };
        if (fixAllIterations is { } iterations)
        {
            test.NumberOfFixAllIterations = iterations;
        }

        if (host != ServingHost.Library)
        {
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            test.FixedState.OutputKind = OutputKind.ConsoleApplication;
        }

        if (host == ServingHost.WebApp)
        {
            test.TestState.AdditionalReferences.AddRange(AspNetCoreReferences.All);
        }

        return test.RunAsync(CancellationToken.None);
    }
}
