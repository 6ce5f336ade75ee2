using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using MLOps.MLTestScore.Reading;

namespace MLOps.MLTestScore;

/// <summary>Computes the ML Test Score (Breck et al. 2017) from test results, test assemblies, a mapping file and manual evidence.</summary>
public static class ScoreEngine
{
    /// <summary>
    /// Reads every input and scores the 28 items. Never throws for bad inputs: every problem
    /// becomes a <see cref="ScoreDiagnostic"/> and the report is still produced.
    /// </summary>
    public static ScoreResult Compute(ScoreOptions options, CancellationToken cancellationToken = default)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        var diagnostics = new List<ScoreDiagnostic>();
        var store = new TestStore();
        var inputs = new InputsReport();
        var evidence = new Dictionary<string, ManualEvidence>(StringComparer.Ordinal);
        var sarifFiles = new List<string>();
        var findings = new List<Debt.DebtFinding>();

        try
        {
            inputs.ResultFiles = ReadResults(options, store, diagnostics, cancellationToken);
            inputs.TestAssemblies = ReadAssemblies(options, store, diagnostics, cancellationToken);

            // The report names its inputs relative to the repository: no build machine's paths in it.
            foreach (var file in inputs.ResultFiles.Concat(inputs.TestAssemblies))
            {
                file.Path = Scorer.RelativeToRepository(file.Path, options) ?? file.Path;
            }

            if (!string.IsNullOrWhiteSpace(options.MappingFile))
            {
                cancellationToken.ThrowIfCancellationRequested();
                inputs.MappingFile = Scorer.RelativeToRepository(options.MappingFile, options);
                MappingFileReader.Apply(options.MappingFile!, store, diagnostics);
            }

            if (!string.IsNullOrWhiteSpace(options.ManualEvidenceFile))
            {
                cancellationToken.ThrowIfCancellationRequested();
                inputs.ManualEvidenceFile = Scorer.RelativeToRepository(options.ManualEvidenceFile, options);
                evidence = ManualEvidenceReader.Read(options.ManualEvidenceFile!, Math.Max(0, options.ManualEvidenceMaxAgeDays), options.Now, diagnostics, out var count);
                inputs.ManualEvidenceCount = count;
            }

            findings = Debt.DebtAssessor.Read(options, sarifFiles, diagnostics);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex) // The engine's contract: no exception escapes for bad inputs.
        {
            diagnostics.Add(new ScoreDiagnostic(ScoreDiagnosticCodes.InternalError, ScoreDiagnosticSeverity.Error, $"Unexpected error while reading the inputs ({ex.GetType().Name}: {ex.Message}); the score may be incomplete. Please report it."));
        }

        var testCount = 0;
        var taggedCount = 0;
        var executedTagged = 0;
        foreach (var test in store.Tests)
        {
            if (test.Runs > 0)
            {
                testCount++;
            }

            if (test.Tags.Count > 0)
            {
                taggedCount++;
                if (test.Executed)
                {
                    executedTagged++;
                }
            }
        }

        inputs.ResultCount = store.ResultCount;
        inputs.TestCount = testCount;
        inputs.TaggedTestCount = taggedCount;

        if (options.ResultFiles.Count == 0 || store.ResultCount == 0)
        {
            diagnostics.Add(new ScoreDiagnostic(
                ScoreDiagnosticCodes.NoResults,
                ScoreDiagnosticSeverity.Warning,
                options.ResultFiles.Count == 0
                    ? "No test result file was given: automated items cannot earn points. Run the tests with a TRX, JUnit or xunit XML report and pass it in."
                    : "No test result could be read from the result files: automated items cannot earn points."));
        }
        else if (executedTagged == 0)
        {
            diagnostics.Add(new ScoreDiagnostic(
                ScoreDiagnosticCodes.NoTaggedTests,
                ScoreDiagnosticSeverity.Warning,
                $"{store.ResultCount} test results were read but no executed test carries an MLTestScore tag: tag tests with [Trait(\"MLTestScore\", \"Data.1\")] (or Property/TestProperty/Category/MLTest), pass the test assemblies, or use a mapping file."));
        }

        var report = Scorer.BuildReport(store, evidence, options, inputs, diagnostics);
        report.Project = string.IsNullOrWhiteSpace(options.ProjectName) ? null : options.ProjectName!.Trim();
        report.Commit = SourceControl.ResolveCommit(options);
        Debt.DebtAssessor.Apply(report, findings, sarifFiles, options, diagnostics);
        return new ScoreResult(report, diagnostics);
    }

    private static List<InputFileReport> ReadResults(ScoreOptions options, TestStore store, List<ScoreDiagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var files = new List<InputFileReport>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in options.ResultFiles)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (string.IsNullOrWhiteSpace(file) || !seen.Add(FullPath(file)))
            {
                continue; // The same file given twice (overlapping globs) is read once.
            }

            files.Add(ResultFileReader.Read(file, store, diagnostics));
        }

        return files;
    }

    private static List<InputFileReport> ReadAssemblies(ScoreOptions options, TestStore store, List<ScoreDiagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var files = new List<InputFileReport>();
        var tags = new AssemblyTags();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in options.TestAssemblies)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (string.IsNullOrWhiteSpace(file) || !seen.Add(FullPath(file)))
            {
                continue;
            }

            files.Add(AssemblyTagReader.Read(file, tags, diagnostics));
        }

        // Join: by class full name + method name. Class-level tags apply to every test of the class.
        var joinedMethods = new HashSet<string>(StringComparer.Ordinal);
        foreach (var test in store.Tests)
        {
            if (tags.Methods.TryGetValue(test.Name, out var methodIds))
            {
                joinedMethods.Add(test.Name);
                foreach (var id in methodIds)
                {
                    TestStore.AddTag(test, id, "assembly");
                }
            }

            if (tags.Classes.TryGetValue(TestNames.ClassOf(test.Name), out var classIds))
            {
                foreach (var id in classIds)
                {
                    TestStore.AddTag(test, id, "assembly");
                }
            }
        }

        // Tagged methods with no result at all: listed (not executed) so the report shows them.
        var notRun = new List<string>();
        foreach (var pair in tags.Methods)
        {
            if (joinedMethods.Contains(pair.Key))
            {
                continue;
            }

            var record = store.GetOrAdd(pair.Key, null);
            foreach (var id in pair.Value)
            {
                TestStore.AddTag(record, id, "assembly");
            }

            notRun.Add(pair.Key);
        }

        if (notRun.Count > 0 && store.ResultCount > 0)
        {
            notRun.Sort(StringComparer.Ordinal);
            var sample = string.Join(", ", notRun.GetRange(0, Math.Min(5, notRun.Count)));
            diagnostics.Add(new ScoreDiagnostic(
                ScoreDiagnosticCodes.TaggedTestsNotRun,
                ScoreDiagnosticSeverity.Warning,
                string.Format(CultureInfo.InvariantCulture, "{0} tagged test method(s) have no result in the result files (e.g. {1}): they earn nothing. Check that every shard's results are passed in, and that no filter excluded them.", notRun.Count, sample)));
        }

        return files;
    }

    private static string FullPath(string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException or System.Security.SecurityException)
        {
            return path;
        }
    }
}
