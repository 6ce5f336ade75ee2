using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace MLOps.MLTestScore.Runs;

/// <summary>
/// What the package's targets tell an in-run scorer (the VSTest logger, the Microsoft.Testing.Platform
/// extension), through a small <c>key=value</c> file written before the test run (logger parameters
/// cannot carry paths with ';' or '=' safely through MSBuild).
/// </summary>
public sealed class ScoreRunConfiguration
{
    /// <summary>Where the reports are written (required).</summary>
    public string ReportDirectory { get; private set; } = string.Empty;

    /// <summary>File name of the reports without extension.</summary>
    public string ReportBaseName { get; private set; } = "ml-test-score";

    /// <summary>Where the run is written as JUnit XML before it is scored.</summary>
    public string ResultsDirectory { get; private set; } = string.Empty;

    /// <summary>The mapping file, if any.</summary>
    public string? MappingFile { get; private set; }

    /// <summary>The manual evidence file, if any.</summary>
    public string? ManualEvidenceFile { get; private set; }

    /// <summary>Evidence older than this many days is stale.</summary>
    public int ManualEvidenceMaxAgeDays { get; private set; } = 180;

    /// <summary>The repository root, for relative paths in the report.</summary>
    public string? RepositoryRoot { get; private set; }

    /// <summary>The configured minimum score, as written (parsed by <see cref="ScoreThreshold"/>).</summary>
    public string? MinimumScore { get; private set; }

    /// <summary>The CI outputs: history, baseline, ratchet, job summary (see <see cref="ScoreArtifactOptions"/>).</summary>
    public ScoreArtifactOptions Artifacts { get; } = new();

    /// <summary>The project named in the report.</summary>
    public string? ProjectName { get; private set; }

    /// <summary>The commit named in the report (empty: the CI's variable or git).</summary>
    public string? Commit { get; private set; }

    /// <summary>Result files of other runners scored together with the run.</summary>
    public List<string> ExtraResultFiles { get; } = new();

    /// <summary>Test assemblies whose attributes carry tags.</summary>
    public List<string> TestAssemblies { get; } = new();

    /// <summary>The compilers' SARIF logs of the test project and the projects it references (the debt section).</summary>
    public List<string> SarifFiles { get; } = new();

    /// <summary>True when a contradicted item is an error (MLOPS9110), MSBuild property MLTestScoreFailOnContradiction.</summary>
    public bool FailOnContradiction { get; private set; }

    /// <summary>Reads the file; throws <see cref="InvalidDataException"/> when ReportDirectory is missing.</summary>
    public static ScoreRunConfiguration Read(string path)
    {
        var configuration = new ScoreRunConfiguration();
        foreach (var rawLine in File.ReadAllLines(path))
        {
            var line = rawLine.Trim();
            var separator = line.IndexOf('=');
            if (line.Length == 0 || line[0] == '#' || separator <= 0)
            {
                continue;
            }

            var key = line.Substring(0, separator).Trim();
            var value = line.Substring(separator + 1).Trim();
            if (value.Length == 0)
            {
                continue;
            }

            switch (key)
            {
                case "ReportDirectory": configuration.ReportDirectory = value; break;
                case "ReportBaseName": configuration.ReportBaseName = value; break;
                case "ResultsDirectory": configuration.ResultsDirectory = value; break;
                case "MappingFile": configuration.MappingFile = value; break;
                case "ManualEvidenceFile": configuration.ManualEvidenceFile = value; break;
                case "RepositoryRoot": configuration.RepositoryRoot = value; break;
                case "MinimumScore": configuration.MinimumScore = value; break;
                case "ResultFile": configuration.ExtraResultFiles.Add(value); break;
                case "TestAssembly": configuration.TestAssemblies.Add(value); break;
                case "ProjectName": configuration.ProjectName = value; break;
                case "Commit": configuration.Commit = value; break;
                case "HistoryFile": configuration.Artifacts.HistoryFile = value; break;
                case "History": configuration.Artifacts.WriteHistory = !IsFalse(value); break;
                case "BaselineFile": configuration.Artifacts.BaselineFile = value; break;
                case "FailOnRegression": configuration.Artifacts.FailOnRegression = string.Equals(value, "true", StringComparison.OrdinalIgnoreCase); break;
                case "GitHubSummary": configuration.Artifacts.GitHubSummary = !IsFalse(value); break;
                case "JUnit": configuration.Artifacts.JUnit = !IsFalse(value); break;
                case "SarifFile": configuration.SarifFiles.Add(value); break;
                case "FailOnContradiction": configuration.FailOnContradiction = string.Equals(value, "true", StringComparison.OrdinalIgnoreCase); break;
                case "ManualEvidenceMaxAgeDays":
                    if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var days))
                    {
                        configuration.ManualEvidenceMaxAgeDays = days;
                    }

                    break;
            }
        }

        if (configuration.ReportDirectory.Length == 0)
        {
            throw new InvalidDataException($"{path}: ReportDirectory is not set.");
        }

        configuration.Artifacts.ReportDirectory = configuration.ReportDirectory;
        configuration.Artifacts.ReportBaseName = configuration.ReportBaseName;
        configuration.Artifacts.RepositoryRoot = configuration.RepositoryRoot;
        if (configuration.ResultsDirectory.Length == 0)
        {
            configuration.ResultsDirectory = configuration.ReportDirectory;
        }

        return configuration;
    }

    private static bool IsFalse(string value) => string.Equals(value, "false", StringComparison.OrdinalIgnoreCase);
}
