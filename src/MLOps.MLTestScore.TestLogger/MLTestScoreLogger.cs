using System;
using System.Collections.Generic;
using System.IO;
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
        try
        {
            if (_configPath is null || !File.Exists(_configPath))
            {
                Console.WriteLine($"{Prefix}warning {ScoreDiagnosticCodes.InternalError}: the logger has no configuration file ('{_configPath}'); no report written.");
                return;
            }

            var configuration = ScoreRunConfiguration.Read(_configPath);
            List<TestResult> results;
            lock (_gate)
            {
                results = new List<TestResult>(_results);
            }

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

            var outcome = TestRunScorer.Score(configuration, runResults, sources, "vstest");
            foreach (var message in outcome.Messages)
            {
                Console.WriteLine(Prefix + message.Text);
            }
        }
        catch (Exception ex)
        {
            // A logger that throws breaks the test run for everyone; report and carry on.
            Console.WriteLine($"{Prefix}warning {ScoreDiagnosticCodes.InternalError}: the ML Test Score report could not be produced: {ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>A VSTest result as the runner-independent shape the engine's JUnit writer takes, every trait kept.</summary>
    internal static RunTestResult ToRunResult(TestResult result)
    {
        var (className, methodName) = RunTestResult.SplitName(result.TestCase.FullyQualifiedName);
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
}
