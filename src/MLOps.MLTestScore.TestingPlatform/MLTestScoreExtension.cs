using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using MLOps.MLTestScore.Runs;
using Microsoft.Testing.Platform.Extensions;
using Microsoft.Testing.Platform.Extensions.Messages;
using Microsoft.Testing.Platform.Extensions.OutputDevice;
using Microsoft.Testing.Platform.Extensions.TestHost;
using Microsoft.Testing.Platform.Messages;
using Microsoft.Testing.Platform.OutputDevice;
using Microsoft.Testing.Platform.Services;

namespace MLOps.MLTestScore.TestingPlatform;

/// <summary>
/// Collects every final test result with its metadata (traits, categories, properties) and, when the
/// test session finishes, whatever the outcome, scores the run with the ML Test Score engine, writes the
/// reports and shows the summary. It never throws into the test run: a failure of its own is shown as a
/// coded warning.
/// </summary>
/// <remarks>
/// The verdict is published as the result of one extra test, <see cref="GateTestDisplayName"/>: failed,
/// with the summary and the errors as its message, when the scoring found an error (an input problem
/// MLOPS90xx, a score below the minimum MLOPS9100, an invalid minimum MLOPS9101); skipped, with the
/// summary as its reason, otherwise. Microsoft.Testing.Platform gives an extension no other way to
/// fail the run (its exit code counts failed results), and `dotnet test` in MTP mode (SDK 10.0.1xx-4xx)
/// shows neither an extension's output device text nor the test app's console, only test results:
/// failed and skipped ones with their messages.
/// </remarks>
internal sealed class MLTestScoreExtension : IDataConsumer, IDataProducer, ITestSessionLifetimeHandler, IOutputDeviceDataProducer
{
    /// <summary>
    /// The runtimeconfig.json option (RuntimeHostConfigurationOption) through which the package's
    /// targets tell the test app where its configuration file is.
    /// </summary>
    public const string ConfigFileOption = "MLOps.MLTestScore.ConfigFile";

    /// <summary>The display name of the test that carries the scoring's errors.</summary>
    public const string GateTestDisplayName = "ML Test Score";

    /// <summary>The uid of the test that carries the scoring's errors.</summary>
    public const string GateTestUid = "MLOps.MLTestScore.Gate";

    private const string Prefix = "MLTestScore: ";

    private readonly IOutputDevice _outputDevice;
    private readonly IMessageBus _messageBus;
    private readonly object _gate = new();

    // Final result per test node: a later final update (an in-process retry) replaces an earlier one.
    private readonly Dictionary<string, RunTestResult> _results = new(StringComparer.Ordinal);
    private readonly List<string> _order = new();

    public MLTestScoreExtension(IOutputDevice outputDevice, IMessageBus messageBus)
    {
        _outputDevice = outputDevice;
        _messageBus = messageBus;
    }

    public string Uid => "MLOps.MLTestScore";

    public string Version => typeof(MLTestScoreExtension).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public string DisplayName => "ML Test Score";

    public string Description => "Scores the run against the 28 tests of the ML Test Score (Breck et al. 2017) and writes ml-test-score.json/.md/.html.";

    public Type[] DataTypesConsumed { get; } = { typeof(TestNodeUpdateMessage) };

    /// <summary>
    /// The reports are published as session artifacts (`dotnet test` lists them even when every test
    /// passes); the scoring's errors as the result of a failed test.
    /// </summary>
    public Type[] DataTypesProduced { get; } = { typeof(SessionFileArtifact), typeof(TestNodeUpdateMessage) };

    public Task<bool> IsEnabledAsync() => Task.FromResult(true);

    public Task ConsumeAsync(IDataProducer dataProducer, IData value, CancellationToken cancellationToken)
    {
        try
        {
            // Our own "ML Test Score" result is published after the scoring and is no test of the user's.
            if (value is TestNodeUpdateMessage { TestNode: { } node } && node.Uid?.Value != GateTestUid && ToRunResult(node) is { } result)
            {
                var key = node.Uid?.Value ?? string.Empty;
                lock (_gate)
                {
                    if (!_results.ContainsKey(key))
                    {
                        _order.Add(key);
                    }

                    _results[key] = result;
                }
            }
        }
        catch (Exception)
        {
            // A result we cannot read is left out; the session must go on.
        }

        return Task.CompletedTask;
    }

    public Task OnTestSessionStartingAsync(ITestSessionContext testSessionContext) => Task.CompletedTask;

    public async Task OnTestSessionFinishingAsync(ITestSessionContext testSessionContext)
    {
        var cancellationToken = testSessionContext?.CancellationToken ?? CancellationToken.None;
        IReadOnlyList<RunMessage> messages;
        IReadOnlyList<string> reports = Array.Empty<string>();
        string? summary = null;
        try
        {
            var outcome = Score();
            messages = outcome.Messages;
            reports = outcome.ReportFiles;
            summary = outcome.Report is { } report ? ReportWriter.SummaryLine(report) : null;
        }
        catch (Exception ex)
        {
            messages = new List<RunMessage> { TestRunScorer.InternalError(ex) };
        }

        // A run with no result of the user's publishes no "ML Test Score" result unless it is an error:
        // a skipped one would count as a test and turn the platform's "zero tests" exit code (8) into 0.
        int collected;
        lock (_gate)
        {
            collected = _results.Count;
        }

        if (testSessionContext is not null && GateResult(summary, messages) is { } gate && (collected > 0 || gate is FailedTestNodeStateProperty))
        {
            try
            {
                var node = new TestNode
                {
                    Uid = new TestNodeUid(GateTestUid),
                    DisplayName = GateTestDisplayName,
                    Properties = new PropertyBag(gate),
                };
                await _messageBus.PublishAsync(this, new TestNodeUpdateMessage(testSessionContext.SessionUid, node)).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The lines are still shown on the output device below.
            }
        }

        if (testSessionContext is not null)
        {
            foreach (var path in reports)
            {
                try
                {
                    await _messageBus.PublishAsync(this, new SessionFileArtifact(testSessionContext.SessionUid, new FileInfo(path), "ML Test Score report", summary)).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // Listing the report is best effort: it is written.
                }
            }
        }

        foreach (var message in messages)
        {
            try
            {
                IOutputDeviceData data = message.Kind switch
                {
                    RunMessageKind.Error => new ErrorMessageOutputDeviceData(Prefix + message.Text),
                    RunMessageKind.Warning => new WarningMessageOutputDeviceData(Prefix + message.Text),
                    _ => new SessionMessageOutputDeviceData(Prefix + message.Text),
                };
                await _outputDevice.DisplayAsync(this, data, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Showing the summary is best effort: the reports are already written.
            }
        }
    }

    /// <summary>
    /// The state of the "ML Test Score" result: failed with the summary and every error line when the
    /// scoring found an error; otherwise skipped with the summary as its reason (`dotnet test` lists
    /// skipped tests with their reason, and a skipped result changes no exit code); null when there is
    /// nothing to say (no summary and no error).
    /// </summary>
    internal static TestNodeStateProperty? GateResult(string? summary, IReadOnlyList<RunMessage> messages)
    {
        var lines = new List<string>();
        if (summary is not null)
        {
            lines.Add(Prefix + summary);
        }

        var failed = false;
        foreach (var message in messages)
        {
            if (message.Kind == RunMessageKind.Error)
            {
                failed = true;
                lines.Add(Prefix + message.Text);
            }
        }

        if (lines.Count == 0)
        {
            return null;
        }

        var text = string.Join(Environment.NewLine, lines);

        // As an exception (never thrown: no stack trace), so `dotnet test` prints the lines once, as it
        // prints a failed assertion's message; an explanation alone is printed twice.
        return failed ? new FailedTestNodeStateProperty(new MLTestScoreGateException(text)) : new SkippedTestNodeStateProperty(text);
    }

    private RunScoreOutcome Score()
    {
        List<RunTestResult> results;
        lock (_gate)
        {
            results = new List<RunTestResult>(_order.Count);
            foreach (var key in _order)
            {
                results.Add(_results[key]);
            }
        }

        // The test app is the test assembly: its attributes carry the tags too.
        var assemblies = new List<string>();
        if (Assembly.GetEntryAssembly()?.Location is { Length: > 0 } entry)
        {
            assemblies.Add(entry);
        }

        return TestRunScorer.Score(AppContext.GetData(ConfigFileOption) as string, results, assemblies, "testingplatform");
    }

    /// <summary>A final test node update as a runner-independent result; null for discovery and in-progress updates.</summary>
    internal static RunTestResult? ToRunResult(TestNode node)
    {
        var state = node.Properties.SingleOrDefault<TestNodeStateProperty>();
        RunTestOutcome outcome;
        string? message = null;
        switch (state)
        {
            case PassedTestNodeStateProperty:
                outcome = RunTestOutcome.Passed;
                break;
            case SkippedTestNodeStateProperty:
                outcome = RunTestOutcome.Skipped;
                break;
            case FailedTestNodeStateProperty failed:
                outcome = RunTestOutcome.Failed;
                message = failed.Explanation ?? failed.Exception?.Message;
                break;
            case ErrorTestNodeStateProperty error:
                outcome = RunTestOutcome.Failed;
                message = error.Explanation ?? error.Exception?.Message;
                break;
            case TimeoutTestNodeStateProperty timeout:
                outcome = RunTestOutcome.Failed;
                message = timeout.Explanation ?? "timed out";
                break;
#pragma warning disable CS0618 // Obsolete for frameworks to produce; older frameworks still do, and a cancelled test earns nothing.
            case CancelledTestNodeStateProperty cancelled:
#pragma warning restore CS0618
                outcome = RunTestOutcome.Failed;
                message = cancelled.Explanation ?? "cancelled";
                break;
            default:
                // Discovered, in progress, or no state: not a result.
                return null;
        }

        string className;
        string methodName;
        if (node.Properties.SingleOrDefault<TestMethodIdentifierProperty>() is { } method)
        {
            className = string.IsNullOrEmpty(method.Namespace) ? method.TypeName : method.Namespace + "." + method.TypeName;
            methodName = method.MethodName;
        }
        else
        {
            (className, methodName) = RunTestResult.SplitName(node.DisplayName);
        }

        var traits = new List<KeyValuePair<string, string>>();
        foreach (var metadata in node.Properties.OfType<TestMetadataProperty>())
        {
            traits.Add(new KeyValuePair<string, string>(metadata.Key ?? string.Empty, metadata.Value ?? string.Empty));
        }

        var duration = node.Properties.SingleOrDefault<TimingProperty>()?.GlobalTiming.Duration ?? TimeSpan.Zero;
        return new RunTestResult(className ?? string.Empty, methodName ?? string.Empty, outcome, duration, message, traits);
    }
}

/// <summary>The errors of the ML Test Score, as the failure of the "ML Test Score" result. Never thrown.</summary>
internal sealed class MLTestScoreGateException : Exception
{
    public MLTestScoreGateException(string message)
        : base(message)
    {
    }
}
