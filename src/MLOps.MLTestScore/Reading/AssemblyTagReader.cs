using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace MLOps.MLTestScore.Reading;

/// <summary>
/// Reads rubric tags from a built test assembly's attributes with System.Reflection.Metadata (the
/// assembly is never loaded): xunit [Trait], NUnit [Property]/[Category], MSTest
/// [TestProperty]/[TestCategory], and any attribute named MLTestAttribute.
/// </summary>
internal sealed class AssemblyTags
{
    /// <summary>"Ns.Class.Method" -> rubric IDs declared on the method.</summary>
    public Dictionary<string, HashSet<string>> Methods { get; } = new(StringComparer.Ordinal);

    /// <summary>"Ns.Class" -> rubric IDs declared on the class (apply to each of its tests).</summary>
    public Dictionary<string, HashSet<string>> Classes { get; } = new(StringComparer.Ordinal);
}

internal static class AssemblyTagReader
{
    public static InputFileReport Read(string path, AssemblyTags tags, List<ScoreDiagnostic> diagnostics)
    {
        var report = new InputFileReport { Path = path, Format = "unreadable" };
        if (!File.Exists(path))
        {
            diagnostics.Add(new ScoreDiagnostic(
                ScoreDiagnosticCodes.FileNotFound,
                ScoreDiagnosticSeverity.Error,
                "The test assembly does not exist: build the test project first, or fix the path.",
                path));
            return report;
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                diagnostics.Add(Unreadable(path, "it has no .NET metadata"));
                return report;
            }

            var md = pe.GetMetadataReader();
            using var sources = new SourceLocator(pe, path);
            var count = 0;
            foreach (var typeHandle in md.TypeDefinitions)
            {
                var type = md.GetTypeDefinition(typeHandle);
                var typeName = FullName(md, type);
                MethodDefinitionHandle firstMethod = default;
                foreach (var candidate in type.GetMethods())
                {
                    firstMethod = candidate;
                    break;
                }

                var classIds = ReadIds(md, type.GetCustomAttributes(), path, diagnostics, () => sources.Find(firstMethod));
                if (classIds is not null)
                {
                    Merge(tags.Classes, typeName, classIds);
                }

                foreach (var methodHandle in type.GetMethods())
                {
                    var method = md.GetMethodDefinition(methodHandle);
                    var ids = ReadIds(md, method.GetCustomAttributes(), path, diagnostics, () => sources.Find(methodHandle));
                    if (ids is not null)
                    {
                        Merge(tags.Methods, typeName + "." + md.GetString(method.Name), ids);
                        count++;
                    }
                }
            }

            report.Format = "assembly";
            report.Count = count;
        }
        // OverflowException: System.Reflection.Metadata's checked arithmetic on a corrupt metadata
        // root (e.g. a stream count beyond the stream headers present) throws it instead of
        // BadImageFormatException.
        catch (Exception ex) when (ex is BadImageFormatException or OverflowException or IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            diagnostics.Add(Unreadable(path, ex.Message));
        }

        return report;
    }

    private static ScoreDiagnostic Unreadable(string path, string why) => new(
        ScoreDiagnosticCodes.UnreadableAssembly,
        ScoreDiagnosticSeverity.Error,
        $"The test assembly cannot be read ({why}): give the built test .dll, not a native host or a reference assembly.",
        path);

    private static void Merge(Dictionary<string, HashSet<string>> map, string key, List<string> ids)
    {
        if (!map.TryGetValue(key, out var set))
        {
            set = new HashSet<string>(StringComparer.Ordinal);
            map.Add(key, set);
        }

        foreach (var id in ids)
        {
            set.Add(id);
        }
    }

    private static string FullName(MetadataReader md, TypeDefinition type)
    {
        var name = md.GetString(type.Name);
        var declaring = type.GetDeclaringType();
        if (!declaring.IsNil)
        {
            return FullName(md, md.GetTypeDefinition(declaring)) + "." + name;
        }

        var ns = md.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    // source: where the attributes are written, from the PDB (null when it has none); a bad tag is
    // reported there, a place a user can open, instead of on the .dll.
    private static List<string>? ReadIds(MetadataReader md, CustomAttributeHandleCollection attributes, string path, List<ScoreDiagnostic> diagnostics, Func<(string File, int Line, int Column)?> source)
    {
        List<string>? ids = null;
        foreach (var handle in attributes)
        {
            try
            {
                var attribute = md.GetCustomAttribute(handle);
                if (!TryGetAttributeType(md, attribute, out var ns, out var name))
                {
                    continue;
                }

                var kind = Classify(ns, name);
                if (kind == AttributeKind.None)
                {
                    continue;
                }

                var value = attribute.DecodeValue(TypeNameProvider.Instance);
                var args = value.FixedArguments;
                string? tagValue = null;
                switch (kind)
                {
                    case AttributeKind.KeyValue:
                        if (args.Length >= 2 && TagParser.IsTagKey(args[0].Value as string))
                        {
                            tagValue = args[1].Value as string;
                        }

                        break;
                    case AttributeKind.Category:
                        if (args.Length >= 1)
                        {
                            tagValue = TagParser.CategoryValue(args[0].Value as string);
                        }

                        break;
                    case AttributeKind.MLTest:
                        if (args.Length >= 1)
                        {
                            tagValue = args[0].Value as string ?? JoinArray(args[0].Value);
                        }

                        break;
                }

                if (tagValue is null && kind != AttributeKind.MLTest)
                {
                    continue;
                }

                // The source position is looked up only for a tag that is wrong (the PDB is read lazily).
                var problems = new List<ScoreDiagnostic>();
                var parsed = TagParser.ParseValue(tagValue, problems, path, 0, 0);
                if (problems.Count > 0)
                {
                    var (file, line, column) = source() ?? (path, 0, 0);
                    parsed = TagParser.ParseValue(tagValue, diagnostics, file, line, column);
                }

                foreach (var id in parsed)
                {
                    (ids ??= new List<string>()).Add(id);
                }
            }
            catch (Exception ex) when (ex is BadImageFormatException or InvalidOperationException or ArgumentException or NotSupportedException)
            {
                // An attribute blob we cannot decode is not one of ours.
            }
        }

        return ids;
    }

    /// <summary>
    /// The source position of a method from the assembly's portable PDB (beside it or embedded): its
    /// first visible sequence point, which for a one-line test is the line with its attributes. Opened
    /// on first use; no PDB, a Windows PDB or an unreadable one gives null.
    /// </summary>
    private sealed class SourceLocator : IDisposable
    {
        private readonly PEReader _pe;
        private readonly string _path;
        private MetadataReaderProvider? _provider;
        private bool _opened;

        public SourceLocator(PEReader pe, string path)
        {
            _pe = pe;
            _path = path;
        }

        public (string File, int Line, int Column)? Find(MethodDefinitionHandle method)
        {
            if (method.IsNil)
            {
                return null;
            }

            try
            {
                if (!_opened)
                {
                    _opened = true;
                    _pe.TryOpenAssociatedPortablePdb(_path, file => File.Exists(file) ? File.OpenRead(file) : null, out _provider, out _);
                }

                if (_provider is null)
                {
                    return null;
                }

                var pdb = _provider.GetMetadataReader();
                foreach (var point in pdb.GetMethodDebugInformation(method.ToDebugInformationHandle()).GetSequencePoints())
                {
                    if (!point.IsHidden && !point.Document.IsNil)
                    {
                        var file = pdb.GetString(pdb.GetDocument(point.Document).Name);
                        return file.Length == 0 ? null : (file, point.StartLine, point.StartColumn);
                    }
                }
            }
            catch (Exception ex) when (ex is BadImageFormatException or OverflowException or IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
            {
                // A PDB we cannot read: the diagnostic stays on the assembly.
            }

            return null;
        }

        public void Dispose() => _provider?.Dispose();
    }

    private static string? JoinArray(object? value)
    {
        if (value is ImmutableArray<CustomAttributeTypedArgument<string>> array && !array.IsDefault)
        {
            var parts = new List<string>();
            foreach (var item in array)
            {
                if (item.Value is string s)
                {
                    parts.Add(s);
                }
            }

            return string.Join(",", parts);
        }

        return null;
    }

    private enum AttributeKind
    {
        None,
        KeyValue,
        Category,
        MLTest,
    }

    private static AttributeKind Classify(string ns, string name)
    {
        if (name == "MLTestAttribute")
        {
            return AttributeKind.MLTest;
        }

        switch (ns)
        {
            case "Xunit":
                return name == "TraitAttribute" ? AttributeKind.KeyValue : AttributeKind.None;
            case "NUnit.Framework":
                return name == "PropertyAttribute" ? AttributeKind.KeyValue : name == "CategoryAttribute" ? AttributeKind.Category : AttributeKind.None;
            case "Microsoft.VisualStudio.TestTools.UnitTesting":
                return name == "TestPropertyAttribute" ? AttributeKind.KeyValue : name == "TestCategoryAttribute" ? AttributeKind.Category : AttributeKind.None;
            default:
                return AttributeKind.None;
        }
    }

    private static bool TryGetAttributeType(MetadataReader md, CustomAttribute attribute, out string ns, out string name)
    {
        ns = string.Empty;
        name = string.Empty;
        EntityHandle typeHandle;
        switch (attribute.Constructor.Kind)
        {
            case HandleKind.MemberReference:
                typeHandle = md.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
                break;
            case HandleKind.MethodDefinition:
                typeHandle = md.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType();
                break;
            default:
                return false;
        }

        switch (typeHandle.Kind)
        {
            case HandleKind.TypeReference:
                var reference = md.GetTypeReference((TypeReferenceHandle)typeHandle);
                ns = md.GetString(reference.Namespace);
                name = md.GetString(reference.Name);
                return true;
            case HandleKind.TypeDefinition:
                var definition = md.GetTypeDefinition((TypeDefinitionHandle)typeHandle);
                ns = md.GetString(definition.Namespace);
                name = md.GetString(definition.Name);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Decodes attribute argument types as plain names; enough for string arguments.</summary>
    private sealed class TypeNameProvider : ICustomAttributeTypeProvider<string>
    {
        public static readonly TypeNameProvider Instance = new();

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

        public string GetSystemType() => "System.Type";

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) =>
            reader.GetString(reader.GetTypeDefinition(handle).Name);

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) =>
            reader.GetString(reader.GetTypeReference(handle).Name);

        public string GetTypeFromSerializedName(string name) => name;

        // Enums in our attributes' signatures are not expected; Int32 is the common underlying type.
        public PrimitiveTypeCode GetUnderlyingEnumType(string type) => PrimitiveTypeCode.Int32;

        public bool IsSystemType(string type) => type == "System.Type";
    }
}
