using System;
using System.Collections.Generic;

namespace MLOps.MLTestScore.Reading;

internal enum RunOutcome
{
    Passed,
    Failed,
    NotExecuted,
}

/// <summary>Everything known about one test (class + method): its runs and its rubric tags.</summary>
internal sealed class TestRecord
{
    public TestRecord(string name) => Name = name;

    public string Name { get; }

    public int Passed { get; set; }

    public int Failed { get; set; }

    public int NotExecuted { get; set; }

    public string? SourceFile { get; set; }

    /// <summary>Rubric ID -> sources that tagged it (a set: a test tagged twice with one ID counts once).</summary>
    public SortedDictionary<string, SortedSet<string>> Tags { get; } = new(StringComparer.Ordinal);

    public int Runs => Passed + Failed + NotExecuted;

    public bool Executed => Passed + Failed > 0;
}

/// <summary>Tests of every input merged by name.</summary>
internal sealed class TestStore
{
    private readonly Dictionary<string, TestRecord> tests = new(StringComparer.Ordinal);

    public IEnumerable<TestRecord> Tests => tests.Values;

    public int ResultCount { get; private set; }

    public bool TryGet(string name, out TestRecord record) => tests.TryGetValue(name, out record!);

    public TestRecord GetOrAdd(string name, string? sourceFile)
    {
        if (!tests.TryGetValue(name, out var record))
        {
            record = new TestRecord(name) { SourceFile = sourceFile };
            tests.Add(name, record);
        }
        else if (record.SourceFile is null)
        {
            record.SourceFile = sourceFile;
        }

        return record;
    }

    public TestRecord AddResult(string name, RunOutcome outcome, string sourceFile)
    {
        var record = GetOrAdd(name, sourceFile);
        switch (outcome)
        {
            case RunOutcome.Passed:
                record.Passed++;
                break;
            case RunOutcome.Failed:
                record.Failed++;
                break;
            default:
                record.NotExecuted++;
                break;
        }

        ResultCount++;
        return record;
    }

    public static void AddTag(TestRecord record, string rubricId, string source)
    {
        if (!record.Tags.TryGetValue(rubricId, out var sources))
        {
            sources = new SortedSet<string>(StringComparer.Ordinal);
            record.Tags.Add(rubricId, sources);
        }

        sources.Add(source);
    }
}
