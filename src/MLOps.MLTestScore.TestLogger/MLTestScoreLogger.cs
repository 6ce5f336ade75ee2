using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Xml;
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

            var configuration = LoggerConfiguration.Read(_configPath);
            List<TestResult> results;
            lock (_gate)
            {
                results = new List<TestResult>(_results);
            }

            Directory.CreateDirectory(configuration.ResultsDirectory);
            var runFile = Path.Combine(configuration.ResultsDirectory, configuration.ReportBaseName + ".results.junit.xml");
            WriteJUnit(results, runFile);

            var options = new ScoreOptions
            {
                MappingFile = configuration.MappingFile,
                ManualEvidenceFile = configuration.ManualEvidenceFile,
                ManualEvidenceMaxAgeDays = configuration.ManualEvidenceMaxAgeDays,
                RepositoryRoot = configuration.RepositoryRoot,
            };
            options.ResultFiles.Add(runFile);
            foreach (var extra in configuration.ExtraResultFiles)
            {
                options.ResultFiles.Add(extra);
            }

            var assemblies = new HashSet<string>(StringComparer.Ordinal);
            foreach (var result in results)
            {
                if (!string.IsNullOrEmpty(result.TestCase.Source) && assemblies.Add(result.TestCase.Source))
                {
                    options.TestAssemblies.Add(result.TestCase.Source);
                }
            }

            foreach (var assembly in configuration.TestAssemblies)
            {
                if (assemblies.Add(assembly))
                {
                    options.TestAssemblies.Add(assembly);
                }
            }

            foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
            {
                options.Environment[(string)variable.Key] = variable.Value as string;
            }

            var score = ScoreEngine.Compute(options);
            foreach (var diagnostic in score.Diagnostics)
            {
                Console.WriteLine(Prefix + diagnostic);
            }

            var written = ReportWriter.WriteAll(score.Report, configuration.ReportDirectory, configuration.ReportBaseName);
            Console.WriteLine(Prefix + ReportWriter.SummaryLine(score.Report));
            Console.WriteLine($"{Prefix}report written to {string.Join(", ", written)}");

            if (ScoreThreshold.TryParse(configuration.MinimumScore, out var minimum) && minimum is double bar
                && ScoreThreshold.Check(score.Report, bar) is string failure)
            {
                Console.WriteLine($"{Prefix}{written[0]}: error {ScoreThreshold.BelowMinimumCode}: {failure}");
            }
        }
        catch (Exception ex)
        {
            // A logger that throws breaks the test run for everyone; report and carry on.
            Console.WriteLine($"{Prefix}warning {ScoreDiagnosticCodes.InternalError}: the ML Test Score report could not be produced: {ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>Writes the run in the JUnit shape the engine reads, keeping every trait as a property.</summary>
    internal static void WriteJUnit(IReadOnlyList<TestResult> results, string path)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) };
        var temporary = path + ".tmp";
        using (var writer = XmlWriter.Create(temporary, settings))
        {
            writer.WriteStartElement("testsuites");
            writer.WriteStartElement("testsuite");
            writer.WriteAttributeString("name", "vstest");
            writer.WriteAttributeString("tests", results.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var result in results)
            {
                var (className, methodName) = SplitName(result.TestCase.FullyQualifiedName);
                writer.WriteStartElement("testcase");
                writer.WriteAttributeString("classname", className);
                writer.WriteAttributeString("name", methodName);
                writer.WriteAttributeString("time", result.Duration.TotalSeconds.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture));
                if (result.TestCase.Traits is { } traits)
                {
                    var any = false;
                    foreach (var trait in traits)
                    {
                        if (!any)
                        {
                            writer.WriteStartElement("properties");
                            any = true;
                        }

                        writer.WriteStartElement("property");
                        writer.WriteAttributeString("name", trait.Name ?? string.Empty);
                        writer.WriteAttributeString("value", trait.Value ?? string.Empty);
                        writer.WriteEndElement();
                    }

                    if (any)
                    {
                        writer.WriteEndElement();
                    }
                }

                switch (result.Outcome)
                {
                    case TestOutcome.Failed:
                        writer.WriteStartElement("failure");
                        writer.WriteAttributeString("message", Clean(result.ErrorMessage));
                        writer.WriteEndElement();
                        break;
                    case TestOutcome.Skipped:
                    case TestOutcome.NotFound:
                    case TestOutcome.None:
                        writer.WriteStartElement("skipped");
                        writer.WriteEndElement();
                        break;
                }

                writer.WriteEndElement();
            }

            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        if (File.Exists(path))
        {
            File.Delete(path);
        }

        File.Move(temporary, path);
    }

    /// <summary>"Ns.Class.Method(args)" -> ("Ns.Class", "Method").</summary>
    internal static (string ClassName, string MethodName) SplitName(string fullyQualifiedName)
    {
        var name = fullyQualifiedName ?? string.Empty;
        var arguments = name.IndexOf('(');
        if (arguments > 0)
        {
            name = name.Substring(0, arguments);
        }

        var dot = name.LastIndexOf('.');
        return dot > 0 ? (name.Substring(0, dot), name.Substring(dot + 1)) : (string.Empty, name);
    }

    /// <summary>Drops characters XML 1.0 cannot carry (test output may contain any).</summary>
    private static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text!.Length);
        foreach (var c in text)
        {
            if (XmlConvert.IsXmlChar(c) || char.IsSurrogate(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
