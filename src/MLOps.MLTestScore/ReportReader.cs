using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MLOps.MLTestScore;

/// <summary>
/// Reads a JSON report written by <see cref="ReportWriter"/> back into a <see cref="ScoreReport"/>, with the
/// writer's own naming, so that a gate applied to a written report (the CheckMLTestScore task) words its
/// failure exactly as the gate applied to a computed one, and knows no property name of its own.
/// </summary>
public static class ReportReader
{
    private static readonly JsonSerializerOptions JsonOptions = CreateJsonOptions();

    /// <summary>
    /// Reads <paramref name="path"/>. A file that is missing, unreadable, not JSON or without a final score
    /// is no exception but <paramref name="failure"/>, a <see cref="ScoreThreshold.ReportMissingCode"/> error
    /// on the file.
    /// </summary>
    public static bool TryRead(string path, out ScoreReport? report, out ScoreDiagnostic? failure)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            report = JsonSerializer.Deserialize<ScoreReport>(stream, JsonOptions);
            if (report is null)
            {
                throw new JsonException("The report is null.");
            }

            failure = null;
            return true;
        }
        catch (Exception ex) when (ex is JsonException || ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is ArgumentException || ex is System.Security.SecurityException)
        {
            report = null;
            failure = new ScoreDiagnostic(
                ScoreThreshold.ReportMissingCode,
                ScoreDiagnosticSeverity.Error,
                "The ML Test Score report could not be read: " + ex.Message,
                path);
            return false;
        }
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        // The report's setters are internal (a report is produced by the engine, not by its users): the
        // reader alone may use them. finalScore is required, as the gate reads nothing else as surely.
        var resolver = new DefaultJsonTypeInfoResolver();
        resolver.Modifiers.Add(UseInternalSetters);
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            TypeInfoResolver = resolver,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }

    private static void UseInternalSetters(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object || typeInfo.Type.Assembly != typeof(ScoreReport).Assembly)
        {
            return;
        }

        foreach (var property in typeInfo.Properties)
        {
            if (property.Set is null && property.AttributeProvider is PropertyInfo info && info.GetSetMethod(nonPublic: true) is { } setter)
            {
                property.Set = (target, value) => setter.Invoke(target, new[] { value });
            }

            if (typeInfo.Type == typeof(ScoreReport) && property.Name == "finalScore")
            {
                property.IsRequired = true;
            }
        }
    }
}
