using Microsoft.Testing.Platform.Extensions;
using Microsoft.Testing.Platform.Extensions.Messages;
using Microsoft.Testing.Platform.Extensions.OutputDevice;
using Microsoft.Testing.Platform.Messages;
using Microsoft.Testing.Platform.OutputDevice;
using Microsoft.Testing.Platform.Services;
using Microsoft.Testing.Platform.TestHost;
using Microsoft.VisualStudio.TestPlatform.ObjectModel;
using MLOps.MLTestScore.Runs;
using MLOps.MLTestScore.TestingPlatform;
using MLOps.MLTestScore.TestLogger;
using VsTestResult = Microsoft.VisualStudio.TestPlatform.ObjectModel.TestResult;

namespace MLOps.MLTestScore.Tests;

/// <summary>
/// The two in-run scorers, without a test platform: the VSTest logger's and the Microsoft.Testing.Platform
/// extension's conversion of a runner's result into the engine's, and their scoring when the run ends.
/// </summary>
public sealed class InRunScorerTests
{
    private static readonly TestProperty ManagedType = TestProperty.Register("TestCase.ManagedType", "ManagedType", typeof(string), TestPropertyAttributes.Hidden, typeof(TestCase));
    private static readonly TestProperty ManagedMethod = TestProperty.Register("TestCase.ManagedMethod", "ManagedMethod", typeof(string), TestPropertyAttributes.Hidden, typeof(TestCase));

    private static VsTestResult VsTest(string fullyQualifiedName, TestOutcome outcome, string? type = null, string? method = null, params (string Key, string Value)[] traits)
    {
        var testCase = new TestCase(fullyQualifiedName, new Uri("executor://test"), "/repo/bin/Tests.dll");
        if (type is not null)
        {
            testCase.SetPropertyValue(ManagedType, type);
            testCase.SetPropertyValue(ManagedMethod, method);
        }

        foreach (var (key, value) in traits)
        {
            testCase.Traits.Add(key, value);
        }

        return new VsTestResult(testCase) { Outcome = outcome, Duration = TimeSpan.FromMilliseconds(250), ErrorMessage = outcome == TestOutcome.Failed ? "boom" : null };
    }

    private static string Configuration(TestFiles files, string? minimum = null)
        => files.Write("mltestscore.config", $"# written by the package's targets\nReportDirectory={files.Directory}\nResultsDirectory={Path.Combine(files.Directory, "obj")}\n" + (minimum is null ? string.Empty : $"MinimumScore={minimum}\n"));

    [Fact]
    public void TheLoggerTakesClassAndMethodFromTheManagedNameNotFromADisplayName()
    {
        var result = MLTestScoreLogger.ToRunResult(VsTest("Quality holds (small slice)", TestOutcome.Passed, "Ns.ModelTests", "QualityHolds(System.Double)", ("MLTestScore", "Model.6")));

        Assert.Equal(("Ns.ModelTests", "QualityHolds", RunTestOutcome.Passed), (result.ClassName, result.MethodName, result.Outcome));
        Assert.Equal(new KeyValuePair<string, string>("MLTestScore", "Model.6"), Assert.Single(result.Traits));
        Assert.Equal(TimeSpan.FromMilliseconds(250), result.Duration);
    }

    [Theory]
    [InlineData(TestOutcome.Passed, RunTestOutcome.Passed)]
    [InlineData(TestOutcome.Failed, RunTestOutcome.Failed)]
    [InlineData(TestOutcome.Skipped, RunTestOutcome.Skipped)]
    [InlineData(TestOutcome.NotFound, RunTestOutcome.Skipped)]
    [InlineData(TestOutcome.None, RunTestOutcome.Skipped)]
    public void TheLoggerSplitsTheFullyQualifiedNameWithoutAManagedNameAndMapsEveryOutcome(TestOutcome outcome, RunTestOutcome expected)
    {
        var result = MLTestScoreLogger.ToRunResult(VsTest("Ns.SchemaTests.Columns", outcome));

        Assert.Equal(("Ns.SchemaTests", "Columns", expected), (result.ClassName, result.MethodName, result.Outcome));
        Assert.Equal(outcome == TestOutcome.Failed ? "boom" : null, result.Message);
    }

    [Fact]
    public void TheLoggerWithoutAConfigurationFileIsMLOPS9017AndWritesNothing()
    {
        var outcome = MLTestScoreLogger.Score(null, new[] { VsTest("Ns.A.B", TestOutcome.Passed) });

        var message = Assert.Single(outcome.Messages);
        Assert.Equal(RunMessageKind.Warning, message.Kind);
        Assert.StartsWith("warning MLOPS9017: ", message.Text, StringComparison.Ordinal);
        Assert.Empty(outcome.ReportFiles);
        Assert.Null(outcome.Report);
    }

    [Fact]
    public void TheLoggerScoresTheRunsTraitsAndWritesTheReports()
    {
        using var files = new TestFiles();
        var outcome = MLTestScoreLogger.Score(Configuration(files, minimum: "7"), new[]
        {
            VsTest("Ns.SchemaTests.Columns", TestOutcome.Passed, traits: ("MLTestScore", "Data.1")),
            VsTest("Ns.SchemaTests.Ranges", TestOutcome.Failed, traits: ("MLTestScore", "Data.2")),
        });

        Assert.Equal(4, outcome.ReportFiles.Count); // .json, .md, .html and the rubric's .junit.xml
        Assert.All(outcome.ReportFiles, f => Assert.True(File.Exists(f)));
        Assert.Equal(ItemStatus.Automated, TestFiles.Item(outcome.Report!, "Data.1").Status);
        Assert.Equal(ItemStatus.Failing, TestFiles.Item(outcome.Report!, "Data.2").Status);
        Assert.True(outcome.BelowMinimum);
        Assert.Contains(outcome.Messages, m => m.Kind == RunMessageKind.Error && m.Text.StartsWith(outcome.ReportFiles[0] + ": error MLOPS9100: ", StringComparison.Ordinal));
    }

    [Fact]
    public void AReportTheRunCannotWriteIsMLOPS9102RecordedForTheGateAfterTheRun()
    {
        using var files = new TestFiles();
        var blocker = files.Write("reports", "a file where the report folder should be");
        var config = files.Write("mltestscore.config", $"ReportDirectory={Path.Combine(blocker, "ml")}\nResultsDirectory={files.Directory}\n");

        var outcome = MLTestScoreLogger.Score(config, new[] { VsTest("Ns.A.B", TestOutcome.Passed, traits: ("MLTestScore", "Data.1")) });

        Assert.Empty(outcome.ReportFiles);
        Assert.Contains(outcome.Messages, m => m.Kind == RunMessageKind.Error && m.Text.Contains("error MLOPS9102: The ML Test Score report could not be written", StringComparison.Ordinal));
        Assert.Contains(RunErrorsFile.Read(Path.Combine(files.Directory, RunErrorsFile.FileName("ml-test-score"))), d => d.Code == "MLOPS9102");
    }

    [Theory]
    [InlineData("9")]
    [InlineData("three")]
    public void AnInvalidMinimumInTheRunIsMLOPS9101InTheOneWording(string minimum)
    {
        using var files = new TestFiles();

        var outcome = MLTestScoreLogger.Score(Configuration(files, minimum), new[] { VsTest("Ns.A.B", TestOutcome.Passed) });

        Assert.Contains(outcome.Messages, m => m.Kind == RunMessageKind.Error && m.Text == $"error MLOPS9101: MLTestScoreMinimum '{minimum}' is not a number from 0 to 7.");
    }

    private static TestNode Node(string uid, string displayName, params IProperty[] properties)
        => new() { Uid = new TestNodeUid(uid), DisplayName = displayName, Properties = new PropertyBag(properties) };

    [Fact]
    public void TheExtensionTakesTheMethodIdentifierMetadataAndTiming()
    {
        var start = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var node = Node(
            "1",
            "Quality holds (small slice)",
            new FailedTestNodeStateProperty("too low"),
            new TestMethodIdentifierProperty("Tests", "Ns", "ModelTests", "QualityHolds", 0, Array.Empty<string>(), "System.Void"),
            new TestMetadataProperty("MLTestScore", "Model.6"),
            new TestMetadataProperty("Category"),
            new TimingProperty(new TimingInfo(start, start.AddSeconds(2), TimeSpan.FromSeconds(2))));

        var result = MLTestScoreExtension.ToRunResult(node)!;

        Assert.Equal(("Ns.ModelTests", "QualityHolds", RunTestOutcome.Failed, "too low"), (result.ClassName, result.MethodName, result.Outcome, result.Message));
        Assert.Equal(new[] { new KeyValuePair<string, string>("Category", string.Empty), new KeyValuePair<string, string>("MLTestScore", "Model.6") }, result.Traits.OrderBy(t => t.Key, StringComparer.Ordinal));
        Assert.Equal(TimeSpan.FromSeconds(2), result.Duration);
    }

    [Fact]
    public void TheExtensionMapsEveryFinalStateAndSkipsDiscoveryAndProgress()
    {
        Assert.Equal(RunTestOutcome.Passed, MLTestScoreExtension.ToRunResult(Node("1", "Ns.A.B", PassedTestNodeStateProperty.CachedInstance))!.Outcome);
        Assert.Equal(RunTestOutcome.Skipped, MLTestScoreExtension.ToRunResult(Node("1", "Ns.A.B", new SkippedTestNodeStateProperty("later")))!.Outcome);
        Assert.Equal(("timed out", RunTestOutcome.Failed), Pair(MLTestScoreExtension.ToRunResult(Node("1", "Ns.A.B", new TimeoutTestNodeStateProperty()))!));
        Assert.Equal(("crash", RunTestOutcome.Failed), Pair(MLTestScoreExtension.ToRunResult(Node("1", "Ns.A.B", new ErrorTestNodeStateProperty(new InvalidOperationException("crash"))))!));
        Assert.Null(MLTestScoreExtension.ToRunResult(Node("1", "Ns.A.B", DiscoveredTestNodeStateProperty.CachedInstance)));
        Assert.Null(MLTestScoreExtension.ToRunResult(Node("1", "Ns.A.B", InProgressTestNodeStateProperty.CachedInstance)));
        Assert.Null(MLTestScoreExtension.ToRunResult(Node("1", "Ns.A.B")));

        var split = MLTestScoreExtension.ToRunResult(Node("1", "Ns.SchemaTests.Columns", PassedTestNodeStateProperty.CachedInstance))!;
        Assert.Equal(("Ns.SchemaTests", "Columns"), (split.ClassName, split.MethodName));

        static (string?, RunTestOutcome) Pair(RunTestResult r) => (r.Message, r.Outcome);
    }

    [Fact]
    public void TheGateFailsOnErrorsIsSkippedWithTheSummaryOtherwiseAndAbsentWithNothingToSay()
    {
        var failed = Assert.IsType<FailedTestNodeStateProperty>(MLTestScoreExtension.GateResult("ML Test Score 1", new[] { new RunMessage(RunMessageKind.Error, "error MLOPS9100: low") }));
        Assert.Equal($"MLTestScore: ML Test Score 1{Environment.NewLine}MLTestScore: error MLOPS9100: low", failed.Exception!.Message);

        var skipped = Assert.IsType<SkippedTestNodeStateProperty>(MLTestScoreExtension.GateResult("ML Test Score 1", new[] { new RunMessage(RunMessageKind.Warning, "warning MLOPS9015: untagged") }));
        Assert.Equal("MLTestScore: ML Test Score 1", skipped.Explanation);

        Assert.Null(MLTestScoreExtension.GateResult(null, new[] { new RunMessage(RunMessageKind.Warning, "warning MLOPS9017: no configuration") }));
    }

    [Fact]
    public async Task TheExtensionScoresTheSessionPublishesTheGateAndTheReportsAndShowsTheLines()
    {
        using var files = new TestFiles();
        var device = new RecordingOutputDevice();
        var bus = new RecordingMessageBus();
        var extension = new MLTestScoreExtension(device, bus);
        var session = new Session();
        await extension.ConsumeAsync(extension, new TestNodeUpdateMessage(session.SessionUid, Node("1", "Ns.SchemaTests.Columns", PassedTestNodeStateProperty.CachedInstance, new TestMetadataProperty("MLTestScore", "Data.1"))), CancellationToken.None);
        // A retry's final result replaces the first; our own gate result is never a user's test.
        await extension.ConsumeAsync(extension, new TestNodeUpdateMessage(session.SessionUid, Node("1", "Ns.SchemaTests.Columns", new FailedTestNodeStateProperty("flaky"), new TestMetadataProperty("MLTestScore", "Data.1"))), CancellationToken.None);
        await extension.ConsumeAsync(extension, new TestNodeUpdateMessage(session.SessionUid, Node("1", "Ns.SchemaTests.Columns", PassedTestNodeStateProperty.CachedInstance, new TestMetadataProperty("MLTestScore", "Data.1"))), CancellationToken.None);
        await extension.ConsumeAsync(extension, new TestNodeUpdateMessage(session.SessionUid, Node(MLTestScoreExtension.GateTestUid, MLTestScoreExtension.GateTestDisplayName, PassedTestNodeStateProperty.CachedInstance)), CancellationToken.None);

        AppContext.SetData(MLTestScoreExtension.ConfigFileOption, Configuration(files));
        try
        {
            await extension.OnTestSessionFinishingAsync(session);
        }
        finally
        {
            AppContext.SetData(MLTestScoreExtension.ConfigFileOption, null);
        }

        var gate = Assert.Single(bus.Published.OfType<TestNodeUpdateMessage>());
        Assert.Equal(MLTestScoreExtension.GateTestUid, gate.TestNode.Uid.Value);
        Assert.IsType<SkippedTestNodeStateProperty>(gate.TestNode.Properties.Single<TestNodeStateProperty>());
        Assert.Equal(4, bus.Published.OfType<SessionFileArtifact>().Count()); // .json, .md, .html and the rubric's .junit.xml
        Assert.Contains(device.Shown, d => d is SessionMessageOutputDeviceData { Message: var m } && m.StartsWith("MLTestScore: ML Test Score ", StringComparison.Ordinal));

        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(files.Directory, "ml-test-score.json")));
        Assert.Equal(1, json.RootElement.GetProperty("inputs").GetProperty("resultCount").GetInt32());
    }

    [Fact]
    public async Task TheExtensionWithoutAConfigurationFileShowsMLOPS9017AndPublishesNoGate()
    {
        var device = new RecordingOutputDevice();
        var bus = new RecordingMessageBus();
        var extension = new MLTestScoreExtension(device, bus);
        var session = new Session();
        await extension.ConsumeAsync(extension, new TestNodeUpdateMessage(session.SessionUid, Node("1", "Ns.A.B", PassedTestNodeStateProperty.CachedInstance)), CancellationToken.None);

        await extension.OnTestSessionFinishingAsync(session);

        Assert.Empty(bus.Published);
        var shown = Assert.IsType<WarningMessageOutputDeviceData>(Assert.Single(device.Shown));
        Assert.StartsWith("MLTestScore: warning MLOPS9017: ", shown.Message, StringComparison.Ordinal);
    }

    private sealed class Session : ITestSessionContext
    {
        public SessionUid SessionUid { get; } = new("session");

        public CancellationToken CancellationToken => CancellationToken.None;
    }

    private sealed class RecordingOutputDevice : IOutputDevice
    {
        public List<IOutputDeviceData> Shown { get; } = new();

        public Task DisplayAsync(IOutputDeviceDataProducer producer, IOutputDeviceData data, CancellationToken cancellationToken)
        {
            Shown.Add(data);
            return Task.CompletedTask;
        }
    }

    private sealed class RecordingMessageBus : IMessageBus
    {
        public List<IData> Published { get; } = new();

        public Task PublishAsync(IDataProducer dataProducer, IData data)
        {
            Published.Add(data);
            return Task.CompletedTask;
        }
    }
}
