using System;
using System.Collections.Generic;
using System.Globalization;

namespace MLOps.MLTestScore;

/// <summary>
/// The minimum-score gate shared by every adapter (the MSBuild tasks, the in-run scorers, the CLI):
/// parses the configured minimum, words an invalid one, and words the failure so that it names the
/// weakest section and the next step. Each adapter passes the name its users set the minimum by
/// (<see cref="PropertyName"/> for MSBuild, <c>--min-score</c> for the CLI).
/// </summary>
public static class ScoreThreshold
{
    /// <summary>The final score is below the configured minimum.</summary>
    public const string BelowMinimumCode = "MLOPS9100";

    /// <summary>The configured minimum is not a number from 0 to 7.</summary>
    public const string InvalidMinimumCode = "MLOPS9101";

    /// <summary>The report could not be written.</summary>
    public const string ReportNotWrittenCode = "MLOPS9102";

    /// <summary>A minimum is configured but no report exists to check it against.</summary>
    public const string ReportMissingCode = "MLOPS9103";

    /// <summary>The MSBuild property that sets the minimum: the name in the messages unless the caller names another.</summary>
    public const string PropertyName = "MLTestScoreMinimum";

    /// <summary>Empty or whitespace means "no threshold" (<paramref name="minimum"/> null).</summary>
    public static bool TryParse(string? text, out double? minimum)
    {
        minimum = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (double.TryParse(text!.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && value <= 7)
        {
            minimum = value;
            return true;
        }

        return false;
    }

    /// <summary>
    /// <see cref="TryParse(string?, out double?)"/>, and when it fails the <see cref="InvalidMinimumCode"/> error, in one wording
    /// for every adapter, naming <paramref name="optionName"/> and placed on <paramref name="file"/>.
    /// </summary>
    public static bool TryParse(string? text, string optionName, string? file, out double? minimum, out ScoreDiagnostic? invalid)
    {
        if (TryParse(text, out minimum))
        {
            invalid = null;
            return true;
        }

        invalid = new ScoreDiagnostic(InvalidMinimumCode, ScoreDiagnosticSeverity.Error, InvalidMinimumMessage(text, optionName), file);
        return false;
    }

    /// <summary>The one wording of <see cref="InvalidMinimumCode"/>.</summary>
    public static string InvalidMinimumMessage(string? text, string optionName = PropertyName)
        => $"{optionName} '{text}' is not a number from 0 to 7.";

    /// <summary>The error message when <paramref name="finalScore"/> is below <paramref name="minimum"/>; otherwise null.</summary>
    public static string? Check(double finalScore, double minimum, IReadOnlyList<string> weakestSections, string? nextStep)
        => Check(finalScore, minimum, weakestSections, nextStep, PropertyName);

    /// <summary>The error message, naming <paramref name="optionName"/>, when <paramref name="finalScore"/> is below <paramref name="minimum"/>; otherwise null.</summary>
    public static string? Check(double finalScore, double minimum, IReadOnlyList<string> weakestSections, string? nextStep, string optionName)
    {
        if (finalScore + 1e-9 >= minimum)
        {
            return null;
        }

        var weakest = weakestSections.Count == 0 ? "unknown" : string.Join(", ", weakestSections);
        var message = string.Format(
            CultureInfo.InvariantCulture,
            "ML Test Score {0:0.0} is below the minimum {1:0.0} ({3}). The final score is the minimum of the four sections; the weakest is {2} at {0:0.0}.",
            finalScore,
            minimum,
            weakest,
            optionName);
        return string.IsNullOrEmpty(nextStep) ? message : message + " Next step: " + nextStep;
    }

    /// <summary>The error message for a computed report, or null when it meets the minimum.</summary>
    public static string? Check(ScoreReport report, double minimum) => Check(report, minimum, PropertyName);

    /// <summary>The error message for a computed or read report, naming <paramref name="optionName"/>, or null when it meets the minimum.</summary>
    public static string? Check(ScoreReport report, double minimum, string optionName)
    {
        if (report is null)
        {
            throw new ArgumentNullException(nameof(report));
        }

        string? next = null;
        if (report.NextSteps.Count > 0)
        {
            var step = report.NextSteps[0];
            next = step.Item + " (" + step.Title + "): " + step.Action;
        }

        return Check(report.FinalScore, minimum, report.WeakestSections, next, optionName);
    }
}
