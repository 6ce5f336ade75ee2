using System;
using System.Collections.Generic;
using MLOps.MLTestScore.Runs;
using Microsoft.VisualStudio.TestPlatform.ObjectModel;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Client;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Logging;

namespace MLOps.MLTestScore.TestLogger;

/// <summary>
/// VSTest logger <c>mltestscore</c>. Collects every result with its traits; when the run completes,
/// whatever the outcome, writes the run as JUnit XML, scores it with the ML Test Score engine
/// (together with the test assemblies' attributes, the mapping and the manual evidence), writes the
/// reports and prints the summary line. It never throws into the test run: a failure of its own is
/// printed as a coded warning.
/// </summary>
[FriendlyName(FriendlyName)]
[ExtensionUri(ExtensionUri)]
public sealed class MLTestScoreLogger : ITestLoggerWithParameters
{
    public const string FriendlyName = "mltestscore";
    public const string ExtensionUri = "logger://mlops-analyzers/mltestscore/v1";
    public const string ConfigParameter = "Config";
    private const string Prefix = "MLTestScore: ";

    private readonly object _gate = new();
    private readonly List<TestResult> _results = new();
    private string? _configPath;

    public void Initialize(TestLoggerEvents events, string testRunDirectory)
        => Initialize(events, new Dictionary<string, string?>());

    public void Initialize(TestLoggerEvents events, Dictionary<string, string?> parameters)
    {
        if (events is null)
        {
            throw new ArgumentNullException(nameof(events));
        }

        if (parameters is not null && parameters.TryGetValue(ConfigParameter, out var path) && !string.IsNullOrWhiteSpace(path))
        {
            _configPath = path;
        }

        events.TestResult += (_, e) =>
        {
            lock (_gate)
            {
                _results.Add(e.Result);
            }
        };
        events.TestRunComplete += (_, _) => Complete();
    }

    private void Complete()
    {
        List<TestResult> results;
        lock (_gate)
        {
            results = new List<TestResult>(_results);
        }

        try
        {
            foreach (var message in Score(_configPath, results).Messages)
            {
                Console.WriteLine(Prefix + message.Text);
            }
        }
        catch (Exception)
        {
            // A logger that throws breaks the test run for everyone; a console that cannot be written
            // to leaves nothing to report to.
        }
    }

    /// <summary>
    /// Converts the collected <paramref name="results"/> and scores them under the configuration file at
    /// <paramref name="configPath"/>; the lines to print. Never throws: a logger that throws breaks the test
    /// run for everyone.
    /// </summary>
    internal static RunScoreOutcome Score(string? configPath, IReadOnlyList<TestResult> results)
    {
        try
        {
            var runResults = new List<RunTestResult>(results.Count);
            var sources = new List<string>();
            foreach (var result in results)
            {
                runResults.Add(ToRunResult(result));
                if (!string.IsNullOrEmpty(result.TestCase.Source))
                {
                    sources.Add(result.TestCase.Source);
                }
            }

            return TestRunScorer.Score(configPath, runResults, sources, "vstest");
        }
        catch (Exception ex)
        {
            return RunScoreOutcome.NotScored(TestRunScorer.InternalError(ex));
        }
    }

    /// <summary>A VSTest result as the runner-independent shape the engine's JUnit writer takes, every trait kept.</summary>
    /// <remarks>
    /// The class and method come from the test case's managed type and method (TestCase.ManagedType and
    /// TestCase.ManagedMethod, or NUnit.ClassName and NUnit.MethodName) when it has them: a display
    /// name such as NUnit's <c>TestName = "Quality holds (small slice)"</c> is no method name, and cutting
    /// it at its first '(' left a result that joined no method and a tagged method without a result.
    /// Without them, the fully qualified name is split as before.
    /// </remarks>
    internal static RunTestResult ToRunResult(TestResult result)
    {
        var (className, methodName) = ManagedName(result.TestCase) ?? RunTestResult.SplitName(result.TestCase.FullyQualifiedName);
        var traits = new List<KeyValuePair<string, string>>();
        if (result.TestCase.Traits is { } testTraits)
        {
            foreach (var trait in testTraits)
            {
                traits.Add(new KeyValuePair<string, string>(trait.Name ?? string.Empty, trait.Value ?? string.Empty));
            }
        }

        var outcome = result.Outcome switch
        {
            TestOutcome.Passed => RunTestOutcome.Passed,
            TestOutcome.Failed => RunTestOutcome.Failed,
            _ => RunTestOutcome.Skipped,
        };
        return new RunTestResult(className, methodName, outcome, result.Duration, result.ErrorMessage, traits);
    }

    /// <summary>The managed type and method name (without its parameter list) of a test case; null when the adapter set none.</summary>
    internal static (string ClassName, string MethodName)? ManagedName(TestCase testCase)
    {
        string? type = null;
        string? method = null;
        foreach (var property in testCase.Properties)
        {
            switch (property.Id)
            {
                case ManagedTypeProperty:
                case NUnitClassProperty:
                    type ??= testCase.GetPropertyValue(property) as string;
                    break;
                case ManagedMethodProperty:
                case NUnitMethodProperty:
                    method ??= testCase.GetPropertyValue(property) as string;
                    break;
            }
        }

        if (string.IsNullOrWhiteSpace(type) || string.IsNullOrWhiteSpace(method))
        {
            return null;
        }

        // "Finite(System.Double)": the parameter list is the signature, never part of the name.
        var parameters = method!.IndexOf('(');
        var name = (parameters > 0 ? method.Substring(0, parameters) : method).Trim();
        return name.Length == 0 ? null : (type!.Trim(), name);
    }

    private const string ManagedTypeProperty = "TestCase.ManagedType";

    private const string ManagedMethodProperty = "TestCase.ManagedMethod";

    // NUnit3TestAdapter (6.3 checked) sets these instead of the managed name.
    private const string NUnitClassProperty = "NUnit.ClassName";

    private const string NUnitMethodProperty = "NUnit.MethodName";
}
