using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace MLOps.MLTestScore.TestLogger;

/// <summary>
/// What the package's targets tell the logger, through a small <c>key=value</c> file written before
/// the test run (logger parameters cannot carry paths with ';' or '=' safely through MSBuild).
/// </summary>
internal sealed class LoggerConfiguration
{
    public string ReportDirectory { get; private set; } = string.Empty;

    public string ReportBaseName { get; private set; } = "ml-test-score";

    public string ResultsDirectory { get; private set; } = string.Empty;

    public string? MappingFile { get; private set; }

    public string? ManualEvidenceFile { get; private set; }

    public int ManualEvidenceMaxAgeDays { get; private set; } = 180;

    public string? RepositoryRoot { get; private set; }

    public string? MinimumScore { get; private set; }

    public List<string> ExtraResultFiles { get; } = new();

    public List<string> TestAssemblies { get; } = new();

    public static LoggerConfiguration Read(string path)
    {
        var configuration = new LoggerConfiguration();
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

        if (configuration.ResultsDirectory.Length == 0)
        {
            configuration.ResultsDirectory = configuration.ReportDirectory;
        }

        return configuration;
    }
}
