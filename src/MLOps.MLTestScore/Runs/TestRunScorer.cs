using System;
using System.Collections.Generic;
using System.IO;

namespace MLOps.MLTestScore.Runs;

/// <summary>How a line of <see cref="TestRunScorer"/> output should be shown.</summary>
public enum RunMessageKind
{
    /// <summary>Plain information (summary line, where the report is).</summary>
    Information,

    /// <summary>A warning (an input could not be read, nothing was tagged, ...).</summary>
    Warning,

    /// <summary>An error (the score is below the configured minimum, an input is broken).</summary>
    Error,
}

/// <summary>A line to show to the user, with its kind.</summary>
public readonly struct RunMessage
{
    /// <summary>Creates a message.</summary>
    public RunMessage(RunMessageKind kind, string text)
    {
        Kind = kind;
        Text = text;
    }

    /// <summary>Information, warning or error.</summary>
    public RunMessageKind Kind { get; }

    /// <summary>The text, already in the <c>file: error CODE: message</c> shape where it applies.</summary>
    public string Text { get; }

    /// <inheritdoc />
    public override string ToString() => Text;
}

/// <summary>What scoring a finished run produced.</summary>
public sealed class RunScoreOutcome
{
    internal RunScoreOutcome(IReadOnlyList<RunMessage> messages, IReadOnlyList<string> reportFiles, ScoreReport? report, bool belowMinimum)
    {
        Messages = messages;
        ReportFiles = reportFiles;
        Report = report;
        BelowMinimum = belowMinimum;
    }

    /// <summary>An outcome with no report, only <paramref name="message"/> (e.g. the configuration is missing).</summary>
    public static RunScoreOutcome NotScored(RunMessage message) => new(new[] { message }, Array.Empty<string>(), null, belowMinimum: false);

    /// <summary>Lines to show, in order (diagnostics, summary, where the report is, the minimum-score error).</summary>
    public IReadOnlyList<RunMessage> Messages { get; }

    /// <summary>The report files written (.json first), empty when none could be written.</summary>
    public IReadOnlyList<string> ReportFiles { get; }

    /// <summary>The report, null when it could not be produced.</summary>
    public ScoreReport? Report { get; }

    /// <summary>True when a minimum is configured and the final score is below it.</summary>
    public bool BelowMinimum { get; }
}

/// <summary>
/// Scores a test run from inside the run (the VSTest logger, the Microsoft.Testing.Platform extension):
/// writes the collected results as JUnit XML, scores them with the test assemblies, the mapping, the
/// manual evidence and any extra result files named in the <see cref="ScoreRunConfiguration"/>, writes the
/// reports and words the summary. Never throws: a failure of its own becomes a coded warning.
/// </summary>
public static class TestRunScorer
{
    /// <summary>
    /// The diagnostics without the echoes of a bad tag in the run's own JUnit file: the traits it records
    /// come from the test assembly's attributes, whose diagnostic names the test's source (from the PDB) or
    /// the assembly; the generated file under obj/ is no place a user can fix anything.
    /// </summary>
    internal static IReadOnlyList<ScoreDiagnostic> WithoutEchoes(IReadOnlyList<ScoreDiagnostic> diagnostics, string runFile)
    {
        var kept = new List<ScoreDiagnostic>(diagnostics.Count);
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Code == ScoreDiagnosticCodes.UnknownRubricId && diagnostic.File == runFile)
            {
                var reportedElsewhere = false;
                foreach (var other in diagnostics)
                {
                    if (other.Code == diagnostic.Code && other.File != runFile && other.Message == diagnostic.Message)
                    {
                        reportedElsewhere = true;
                        break;
                    }
                }

                if (reportedElsewhere)
                {
                    continue;
                }
            }

            kept.Add(diagnostic);
        }

        return kept;
    }

    /// <summary>
    /// Scores <paramref name="results"/> under the configuration file at <paramref name="configurationPath"/>
    /// (what both in-run scorers do when the run ends). No path, or no file there, is the
    /// <see cref="ScoreDiagnosticCodes.NoRunConfiguration"/> warning and no report; a file that cannot be
    /// read is the <see cref="ScoreDiagnosticCodes.InternalError"/> warning. Never throws.
    /// </summary>
    public static RunScoreOutcome Score(string? configurationPath, IReadOnlyList<RunTestResult> results, IEnumerable<string> testAssemblies, string suiteName)
    {
        if (string.IsNullOrWhiteSpace(configurationPath) || !File.Exists(configurationPath))
        {
            return RunScoreOutcome.NotScored(new RunMessage(
                RunMessageKind.Warning,
                $"warning {ScoreDiagnosticCodes.NoRunConfiguration}: there is no ML Test Score configuration file ('{configurationPath}'); no report written. Rebuild the test project: the package's targets write the file at build time."));
        }

        ScoreRunConfiguration configuration;
        try
        {
            configuration = ScoreRunConfiguration.Read(configurationPath!);
        }
        catch (Exception ex)
        {
            return RunScoreOutcome.NotScored(InternalError(ex));
        }

        return Score(configuration, results, testAssemblies, suiteName);
    }

    /// <summary>The warning an in-run scorer shows for a failure of its own (it never throws into the run).</summary>
    public static RunMessage InternalError(Exception ex)
        => new(RunMessageKind.Warning, $"warning {ScoreDiagnosticCodes.InternalError}: the ML Test Score report could not be produced: {ex.GetType().Name}: {ex.Message}");

    /// <summary>Scores <paramref name="results"/> under <paramref name="configuration"/>.</summary>
    /// <param name="configuration">What the package's targets configured.</param>
    /// <param name="results">Every final result of the run.</param>
    /// <param name="testAssemblies">Test assemblies the runner reported, in addition to the configured ones.</param>
    /// <param name="suiteName">Name of the JUnit test suite written for the run.</param>
    public static RunScoreOutcome Score(ScoreRunConfiguration configuration, IReadOnlyList<RunTestResult> results, IEnumerable<string> testAssemblies, string suiteName)
    {
        var messages = new List<RunMessage>();
        try
        {
            Directory.CreateDirectory(configuration.ResultsDirectory);
            // Never leave the errors of an earlier run behind: the gate after the run would replay them.
            var errorsFile = Path.Combine(configuration.ResultsDirectory, RunErrorsFile.FileName(configuration.ReportBaseName));
            File.Delete(errorsFile);
            var runFile = Path.Combine(configuration.ResultsDirectory, configuration.ReportBaseName + ".results.junit.xml");
            JUnitRunWriter.Write(results, runFile, suiteName);

            var options = new ScoreOptions
            {
                MappingFile = configuration.MappingFile,
                ManualEvidenceFile = configuration.ManualEvidenceFile,
                ManualEvidenceMaxAgeDays = configuration.ManualEvidenceMaxAgeDays,
                RepositoryRoot = configuration.RepositoryRoot,
                ProjectName = configuration.ProjectName,
                Commit = configuration.Commit,
                FailOnContradiction = configuration.FailOnContradiction,
            };
            options.ResultFiles.Add(runFile);
            foreach (var sarif in configuration.SarifFiles)
            {
                options.SarifFiles.Add(sarif);
            }

            foreach (var extra in configuration.ExtraResultFiles)
            {
                options.ResultFiles.Add(extra);
            }

            var assemblies = new HashSet<string>(StringComparer.Ordinal);
            string? firstAssembly = null;
            foreach (var assembly in testAssemblies)
            {
                if (!string.IsNullOrEmpty(assembly) && assemblies.Add(assembly))
                {
                    options.TestAssemblies.Add(assembly);
                    firstAssembly ??= assembly;
                }
            }

            foreach (var assembly in configuration.TestAssemblies)
            {
                if (assemblies.Add(assembly))
                {
                    options.TestAssemblies.Add(assembly);
                    firstAssembly ??= assembly;
                }
            }

            // The run's own JUnit file lives under obj/: the evidence names the test assembly it records instead.
            if (firstAssembly is not null)
            {
                options.ResultFileDisplayPaths[runFile] = firstAssembly;
            }

            options.CopyProcessEnvironment();

            var score = ScoreEngine.Compute(options);
            var diagnostics = new List<ScoreDiagnostic>(WithoutEchoes(score.Diagnostics, runFile));
            foreach (var variable in options.Environment)
            {
                configuration.Artifacts.Environment[variable.Key] = variable.Value;
            }

            // The reports, the JUnit file, the history line, the job summaries; the ratchet's error is recorded
            // with the input errors, so that the gate after the run fails the build on it too.
            var artifacts = ScoreArtifacts.Write(score.Report, configuration.Artifacts);
            diagnostics.AddRange(artifacts.Diagnostics);
            RunErrorsFile.Write(errorsFile, diagnostics);
            foreach (var diagnostic in diagnostics)
            {
                messages.Add(new RunMessage(diagnostic.Severity == ScoreDiagnosticSeverity.Error ? RunMessageKind.Error : RunMessageKind.Warning, diagnostic.ToString()));
            }

            var written = artifacts.ReportFiles;
            messages.Add(new RunMessage(RunMessageKind.Information, ReportWriter.SummaryLine(score.Report)));
            if (written.Count > 0)
            {
                messages.Add(new RunMessage(RunMessageKind.Information, "report written to " + string.Join(", ", written)));
            }

            foreach (var line in artifacts.LogLines)
            {
                messages.Add(new RunMessage(RunMessageKind.Information, line));
            }

            var below = false;
            if (!ScoreThreshold.TryParse(configuration.MinimumScore, ScoreThreshold.PropertyName, null, out var minimum, out var invalid))
            {
                messages.Add(new RunMessage(RunMessageKind.Error, invalid!.ToString()));
            }
            else if (minimum is double bar && ScoreThreshold.Check(score.Report, bar) is string failure)
            {
                below = true;
                var below9100 = new ScoreDiagnostic(ScoreThreshold.BelowMinimumCode, ScoreDiagnosticSeverity.Error, failure, written.Count > 0 ? written[0] : configuration.ReportDirectory);
                messages.Add(new RunMessage(RunMessageKind.Error, below9100.ToString()));
            }

            return new RunScoreOutcome(messages, written, score.Report, below);
        }
        catch (Exception ex)
        {
            // An in-run scorer that throws breaks the test run for everyone; report and carry on.
            messages.Add(InternalError(ex));
            return new RunScoreOutcome(messages, Array.Empty<string>(), null, belowMinimum: false);
        }
    }
}
