using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace MLOps.Analyzers.Configuration;

/// <summary>Whether a traced value reaching a sink is a hard-coded data/model location, and which kind.</summary>
internal static class HardCodedLocationDecision
{
    /// <summary>
    /// Classifies the value, then applies the sink's own test: a System.IO call counts only for data/model file
    /// names, an HTTP call only for a data/model download. <paramref name="extensions"/> gives the data file
    /// extensions configured for the rule of a class.
    /// </summary>
    public static LocationClass Decide(
        List<LocationPart> value,
        LocationSinkKind sink,
        List<LocationPart>? destination,
        Func<LocationClass, ImmutableArray<string>> extensions)
        => Classify(value, sink, destination, extensions).Kind;

    public static ClassifiedLocation Classify(
        List<LocationPart> value,
        LocationSinkKind sink,
        List<LocationPart>? destination,
        Func<LocationClass, ImmutableArray<string>> extensions)
    {
        var location = HardCodedLocationClassifier.Classify(value);
        if (location.Kind == LocationClass.None)
        {
            return location;
        }

        switch (sink)
        {
            case LocationSinkKind.FileSystem:
                // In ML code System.IO also reads logs and settings: only data/model files count; URLs are not files.
                if (location.Kind == LocationClass.Url
                    || location.LastText.Length == 0
                    || !HardCodedLocationClassifier.HasDataExtension(location.LastText, extensions(location.Kind)))
                {
                    return ClassifiedLocation.None;
                }

                break;

            case LocationSinkKind.Http:
                if (location.Kind != LocationClass.Url || !IsDataDownload(location, destination, extensions(location.Kind)))
                {
                    return ClassifiedLocation.None;
                }

                break;
        }

        return location;
    }

    /// <summary>
    /// An HTTP call fetches a data set or a model when the URL names a data/model file, points at a data host, or
    /// (WebClient.DownloadFile) is saved under a data/model file name. Calls to web APIs stay silent.
    /// </summary>
    private static bool IsDataDownload(ClassifiedLocation location, List<LocationPart>? destination, ImmutableArray<string> extensions)
    {
        if ((location.LastText.Length > 0 && HardCodedLocationClassifier.HasDataExtension(location.LastText, extensions))
            || HardCodedLocationClassifier.IsDataHost(location.Display))
        {
            return true;
        }

        if (destination is null)
        {
            return false;
        }

        var file = HardCodedLocationClassifier.TrailingText(destination);
        return file.Length > 0 && HardCodedLocationClassifier.HasDataExtension(file, extensions);
    }
}
