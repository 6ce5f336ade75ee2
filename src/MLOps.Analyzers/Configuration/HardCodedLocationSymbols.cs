using System;
using Microsoft.CodeAnalysis;

namespace MLOps.Analyzers.Configuration;

/// <summary>Where a data or model location is consumed.</summary>
internal enum LocationSinkKind
{
    None,

    /// <summary>An ML library API whose parameter is, by contract, a file path (LoadFromTextFile, Model.Save, torch.load, new InferenceSession...).</summary>
    MachineLearning,

    /// <summary>A System.IO file API (File.ReadAllLines, new FileStream...): counts only for data/model file extensions.</summary>
    FileSystem,

    /// <summary>An HTTP download API (HttpClient.Get*Async, WebClient.Download*): counts only for data/model URLs (MLOPS203).</summary>
    Http,
}

/// <summary>
/// The symbols the hard-coded path and URL rules (MLOPS201-MLOPS203) need, looked up once per compilation,
/// and the sink recognition shared by the three rules.
/// </summary>
internal sealed class HardCodedLocationSymbols
{
    private HardCodedLocationSymbols(WellKnownTypes types)
    {
        Path = types.Get(WellKnownTypeNames.SystemIOPath);
        File = types.Get(WellKnownTypeNames.SystemIOFile);
        Directory = types.Get(WellKnownTypeNames.SystemIODirectory);
        FileStream = types.Get(WellKnownTypeNames.SystemIOFileStream);
        StreamReader = types.Get(WellKnownTypeNames.SystemIOStreamReader);
        StreamWriter = types.Get(WellKnownTypeNames.SystemIOStreamWriter);
        FileInfo = types.Get(WellKnownTypeNames.SystemIOFileInfo);
        DirectoryInfo = types.Get(WellKnownTypeNames.SystemIODirectoryInfo);
        FileSystemInfo = types.Get(WellKnownTypeNames.SystemIOFileSystemInfo);
        AppContext = types.Get(WellKnownTypeNames.SystemAppContext);
        AppDomain = types.Get(WellKnownTypeNames.SystemAppDomain);
        Environment = types.Get(WellKnownTypeNames.SystemEnvironment);
        Assembly = types.Get(WellKnownTypeNames.SystemReflectionAssembly);
        Uri = types.Get(WellKnownTypeNames.SystemUri);
        HttpClient = types.Get(WellKnownTypeNames.SystemNetHttpHttpClient);
        HttpRequestMessage = types.Get(WellKnownTypeNames.SystemNetHttpHttpRequestMessage);
        WebClient = types.Get(WellKnownTypeNames.SystemNetWebClient);
    }

    public INamedTypeSymbol? Path { get; }

    public INamedTypeSymbol? File { get; }

    public INamedTypeSymbol? Directory { get; }

    public INamedTypeSymbol? FileStream { get; }

    public INamedTypeSymbol? StreamReader { get; }

    public INamedTypeSymbol? StreamWriter { get; }

    public INamedTypeSymbol? FileInfo { get; }

    public INamedTypeSymbol? DirectoryInfo { get; }

    public INamedTypeSymbol? FileSystemInfo { get; }

    public INamedTypeSymbol? AppContext { get; }

    public INamedTypeSymbol? AppDomain { get; }

    public INamedTypeSymbol? Environment { get; }

    public INamedTypeSymbol? Assembly { get; }

    public INamedTypeSymbol? Uri { get; }

    public INamedTypeSymbol? HttpClient { get; }

    public INamedTypeSymbol? HttpRequestMessage { get; }

    public INamedTypeSymbol? WebClient { get; }

    /// <summary>Null when the compilation references none of ML.NET, TorchSharp, ONNX Runtime or Microsoft.Data.Analysis.</summary>
    public static HardCodedLocationSymbols? TryCreate(Compilation compilation)
    {
        var types = WellKnownTypes.For(compilation);
        if (!types.Contains(WellKnownTypeNames.MLContext)
            && !types.Contains(WellKnownTypeNames.Torch)
            && !types.Contains(WellKnownTypeNames.InferenceSession)
            && !types.Contains(WellKnownTypeNames.DataFrame))
        {
            return null;
        }

        return new HardCodedLocationSymbols(types);
    }

    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected)
        => expected is not null && type is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected);

    /// <summary>Classifies the called method or constructor; cheap checks first (this runs for every call).</summary>
    public LocationSinkKind GetSinkKind(IMethodSymbol method)
    {
        var type = method.ContainingType;
        if (type is null)
        {
            return LocationSinkKind.None;
        }

        var assembly = type.ContainingAssembly;
        if (assembly is not null && IsMachineLearningAssembly(assembly.Name))
        {
            return LocationSinkKind.MachineLearning;
        }

        // Every other sink is one of a few System.IO / System.Net types: a switch on the type's name rejects the other
        // calls before any symbol comparison.
        if (method.MethodKind == MethodKind.Constructor)
        {
            switch (type.Name)
            {
                case "FileStream" or "StreamReader" or "StreamWriter":
                    return Is(type, FileStream) || Is(type, StreamReader) || Is(type, StreamWriter)
                        ? LocationSinkKind.FileSystem
                        : LocationSinkKind.None;
                case "HttpRequestMessage":
                    return Is(type, HttpRequestMessage) ? LocationSinkKind.Http : LocationSinkKind.None;
                default:
                    return LocationSinkKind.None;
            }
        }

        if (type.Name is not ("File" or "HttpClient" or "WebClient"))
        {
            return LocationSinkKind.None;
        }

        if (Is(type, File) && IsFileContentMethod(method.Name))
        {
            return LocationSinkKind.FileSystem;
        }

        if (Is(type, HttpClient) && method.Name.StartsWith("Get", StringComparison.Ordinal))
        {
            return LocationSinkKind.Http;
        }

        if (Is(type, WebClient)
            && (method.Name.StartsWith("Download", StringComparison.Ordinal) || method.Name.StartsWith("OpenRead", StringComparison.Ordinal)))
        {
            return LocationSinkKind.Http;
        }

        return LocationSinkKind.None;
    }

    /// <summary>Whether <paramref name="parameter"/> of a sink receives the location.</summary>
    public bool IsLocationParameter(LocationSinkKind kind, IParameterSymbol parameter)
    {
        var type = parameter.Type;
        var isString = type.SpecialType == SpecialType.System_String;
        var name = parameter.Name;
        switch (kind)
        {
            case LocationSinkKind.MachineLearning:
                if (!isString && !(type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_String }))
                {
                    return false;
                }

                return NameIs(name, "path") || NameIs(name, "paths") || NameIs(name, "filePath") || NameIs(name, "fileName")
                    || NameIs(name, "modelFile") || NameIs(name, "modelPath") || NameIs(name, "modelLocation")
                    || NameIs(name, "location") || NameIs(name, "imageFolder")
                    || NameIs(name, "uri"); // Microsoft.Extensions.ML: PredictionEnginePool builder FromUri(modelName, uri)

            case LocationSinkKind.FileSystem:
                return isString && (NameIs(name, "path") || NameIs(name, "sourceFileName") || NameIs(name, "destFileName"));

            case LocationSinkKind.Http:
                return (isString || Is(type, Uri)) && (NameIs(name, "requestUri") || NameIs(name, "address"));

            default:
                return false;
        }
    }

    /// <summary>WebClient.DownloadFile*(address, fileName): the destination tells a data download from an API call.</summary>
    public static bool IsDownloadDestinationParameter(IParameterSymbol parameter)
        => parameter.Type.SpecialType == SpecialType.System_String && NameIs(parameter.Name, "fileName");

    public static string GetSinkDisplayName(IMethodSymbol method)
    {
        if (method.MethodKind == MethodKind.Constructor)
        {
            return "new " + method.ContainingType.Name;
        }

        if (method.IsExtensionMethod && method.Parameters.Length > 0)
        {
            var receiver = method.ReducedFrom is not null ? method.ReceiverType : method.Parameters[0].Type;
            if (receiver is not null)
            {
                return receiver.Name + "." + method.Name;
            }
        }

        return method.ContainingType.Name + "." + method.Name;
    }

    private static bool NameIs(string name, string expected) => string.Equals(name, expected, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The ML libraries' own assemblies: exactly <c>Microsoft.ML</c>, <c>TorchSharp</c> or <c>Microsoft.Data.Analysis</c>, or
    /// one of their sub-assemblies (<c>Microsoft.ML.Data</c>, <c>Microsoft.ML.OnnxRuntime</c>, <c>TorchSharp.PyBridge</c>), and
    /// <c>Microsoft.Extensions.ML</c> (the PredictionEnginePool builder's <c>FromFile(modelName, filePath)</c> and
    /// <c>FromUri(modelName, uri)</c>: matched by name, that package is not served to this repository's tests);
    /// never a user's assembly that merely starts with the name (<c>TorchSharpTest</c>, <c>Microsoft.MLHelpers</c>).
    /// </summary>
    internal static bool IsMachineLearningAssembly(string name)
        => IsNameOrChild(name, "Microsoft.ML")
            || IsNameOrChild(name, "Microsoft.Extensions.ML")
            || IsNameOrChild(name, "TorchSharp")
            || IsNameOrChild(name, "Microsoft.Data.Analysis");

    private static bool IsNameOrChild(string name, string library)
        => name.StartsWith(library, StringComparison.Ordinal)
            && (name.Length == library.Length || name[library.Length] == '.');

    private static bool IsFileContentMethod(string name)
        => name.StartsWith("Read", StringComparison.Ordinal)
            || name.StartsWith("Open", StringComparison.Ordinal)
            || name.StartsWith("Write", StringComparison.Ordinal)
            || name.StartsWith("Append", StringComparison.Ordinal)
            || name.StartsWith("Create", StringComparison.Ordinal)
            || name.StartsWith("Copy", StringComparison.Ordinal);
}
