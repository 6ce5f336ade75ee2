using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;

namespace MLOps.MLTestScore.Tests.Fuzz;

/// <summary>One mutated input: what was done (enough to reproduce it) and the resulting bytes.</summary>
internal sealed record Mutant(string Description, byte[] Bytes);

/// <summary>Byte- and character-level mutations, for any file. Deterministic for a given seed.</summary>
internal static class ByteMutations
{
    private static readonly byte[] Bom = { 0xEF, 0xBB, 0xBF };

    /// <summary>Truncation at the first bytes, the last byte, the middle and <paramref name="randomCount"/> seeded points.</summary>
    public static IEnumerable<Mutant> Truncations(byte[] original, int seed, int randomCount)
    {
        var points = new SortedSet<int> { 0, 1, 2, 3, 4, original.Length / 2, original.Length - 1 };
        var rng = new Random(seed);
        while (points.Count < randomCount + 7 && points.Count < original.Length)
        {
            points.Add(rng.Next(original.Length));
        }

        foreach (var p in points)
        {
            if (p >= 0 && p < original.Length)
            {
                yield return new Mutant($"truncate to {p} bytes", original[..p]);
            }
        }
    }

    /// <summary>Random bit flips / byte overwrites in [<paramref name="from"/>, <paramref name="to"/>): 1-4 per mutant; the description lists each one.</summary>
    public static IEnumerable<Mutant> Flips(byte[] original, int seed, int count, int from = 0, int to = -1, string region = "file")
    {
        to = to < 0 ? original.Length : Math.Min(to, original.Length);
        if (to <= from)
        {
            yield break;
        }

        var rng = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var bytes = (byte[])original.Clone();
            var edits = new List<string>();
            var n = 1 + rng.Next(4);
            for (var k = 0; k < n; k++)
            {
                var at = from + rng.Next(to - from);
                switch (rng.Next(4))
                {
                    case 0:
                        bytes[at] = 0x00;
                        edits.Add($"[{at}]=0x00");
                        break;
                    case 1:
                        bytes[at] = 0xFF;
                        edits.Add($"[{at}]=0xFF");
                        break;
                    default:
                        var bit = (byte)(1 << rng.Next(8));
                        bytes[at] ^= bit;
                        edits.Add($"[{at}]^=0x{bit:X2}");
                        break;
                }
            }

            yield return new Mutant($"{region} byte edits (seed {seed}, #{i}): {string.Join(", ", edits)}", bytes);
        }
    }

    /// <summary>
    /// Character-aware truncations of a UTF-8 text file: inside a multi-byte sequence (the BOM
    /// included), and just after sampled occurrences of each marker (e.g. "&lt;" = inside a tag,
    /// "=\"" = inside an attribute value, "&amp;" = inside an entity reference).
    /// </summary>
    public static IEnumerable<Mutant> TextTruncations(byte[] original, int seed, (string Marker, string Where)[] markers, int perMarker)
    {
        var rng = new Random(seed);
        var hasBom = original.AsSpan().StartsWith(Bom);

        // Inside multi-byte sequences: the BOM's, then a sample of the text's own.
        var sequences = new List<(int Start, int Length)>();
        for (var i = 0; i < original.Length; i++)
        {
            var b = original[i];
            var length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0;
            if (length > 0 && i + length <= original.Length)
            {
                sequences.Add((i, length));
                i += length - 1;
            }
        }

        foreach (var (start, length) in Sample(sequences, rng, 4))
        {
            for (var cut = start + 1; cut < start + length; cut++)
            {
                yield return new Mutant($"truncate to {cut} bytes: inside the {length}-byte UTF-8 sequence at byte {start}", original[..cut]);
            }
        }

        var text = Encoding.UTF8.GetString(original, hasBom ? 3 : 0, original.Length - (hasBom ? 3 : 0));

        // A multi-byte character put into the text, then cut inside it: every file, even pure ASCII.
        var quote = text.IndexOf('"', StringComparison.Ordinal);
        if (quote >= 0)
        {
            var withWide = Encode(text.Insert(quote + 1, "\u00E9\u20AC\U0001F600"), hasBom);
            var prefix = Encoding.UTF8.GetByteCount(text[..(quote + 1)]) + (hasBom ? 3 : 0);
            foreach (var cut in new[] { prefix + 1, prefix + 3, prefix + 4, prefix + 6, prefix + 7, prefix + 8 })
            {
                yield return new Mutant($"insert \"\u00E9\u20AC\U0001F600\" after char {quote} then truncate to {cut} bytes (inside a multi-byte sequence)", withWide[..cut]);
            }
        }

        foreach (var (marker, where) in markers)
        {
            var hits = new List<int>();
            for (var at = text.IndexOf(marker, StringComparison.Ordinal); at >= 0; at = text.IndexOf(marker, at + 1, StringComparison.Ordinal))
            {
                hits.Add(at);
            }

            foreach (var at in Sample(hits, rng, perMarker))
            {
                foreach (var extra in new[] { 1, 2 })
                {
                    var cut = Math.Min(text.Length, at + marker.Length + extra - 1);
                    yield return new Mutant($"truncate to {cut} chars: {where} (marker '{marker}' at char {at})", Encode(text[..cut], hasBom));
                }
            }
        }
    }

    public static byte[] Encode(string text, bool bom) => (bom ? Bom : Array.Empty<byte>()).Concat(new UTF8Encoding(false).GetBytes(text)).ToArray();

    public static bool HasBom(byte[] bytes) => bytes.AsSpan().StartsWith(Bom);

    internal static IEnumerable<T> Sample<T>(List<T> list, Random rng, int count)
    {
        if (list.Count <= count)
        {
            return list;
        }

        var picked = new SortedSet<int>();
        while (picked.Count < count)
        {
            picked.Add(rng.Next(list.Count));
        }

        return picked.Select(i => list[i]);
    }
}

/// <summary>Garbage that inputs must survive: empty, numbers out of range, broken GUIDs and durations, unknown outcomes, huge, control and markup characters.</summary>
internal static class Garbage
{
    public static readonly string[] Values =
    {
        string.Empty,
        " ",
        "-1",
        "0",
        "-2147483649",
        "2147483648",
        "99999999999999999999999999999999",
        "1e308",
        "NaN",
        "not-a-guid",
        "00000000-0000-0000-0000-000000000000",
        "{9b1621c5-fc30-f27c-85bf-c412cf76f39}",
        "9B1621C5FC30F27C85BFC412CF76F393ZZ",
        "-00:00:01",
        "99:99:99.9999999",
        "10675199.02:48:05.4775808",
        "P1D",
        "Bogus",
        "passed ",
        "Passed,Failed",
        "InProgress",
        new string('x', 70_000),
        new string('(', 5_000),
        "\u0001\u0007\u001B",
        "\0",
        "<>&\"'",
        "]]>",
        "<![CDATA[x]]>",
        "&amp;&lt;&#0;&#xD800;",
        "MLTestScore",
        "MLTestScore:",
        "MLTestScore:Data.1",
        "Data.1;;;Data.99, ,Monitor.0",
        "\U0001F600\u00E9\u20AC\u202E\uFEFF",
        "a.b.c.",
        ".",
        "+",
        "Ns.Class+Nested.Method(x: \"(\")",
        "2026-13-45T99:99:99Z",
    };
}

/// <summary>Structure-aware mutations of an XML document: delete, duplicate, move and rename elements; delete attributes; garbage attribute values and texts; nesting; namespace loss.</summary>
internal static class XmlMutations
{
    private static readonly string[] InterestingAttributes =
    {
        "id", "testId", "executionId", "testName", "outcome", "duration", "startTime", "endTime", "className", "name",
        "classname", "time", "tests", "failures", "type", "method", "result", "value", "storage", "codeBase",
    };

    public static IEnumerable<Mutant> Structural(byte[] original, int seed, int count)
    {
        var bom = ByteMutations.HasBom(original);
        var rng = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var doc = Load(original);
            var edits = new List<string>();
            var n = 1 + rng.Next(3);
            for (var k = 0; k < n; k++)
            {
                edits.Add(Apply(doc, rng));
            }

            yield return new Mutant($"xml edits (seed {seed}, #{i}): {string.Join("; ", edits)}", Save(doc, bom));
        }
    }

    private static XDocument Load(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return XDocument.Load(stream, LoadOptions.PreserveWhitespace);
    }

    private static byte[] Save(XDocument doc, bool bom)
    {
        using var stream = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(bom), CheckCharacters = false, OmitXmlDeclaration = doc.Declaration is null };
        using (var writer = XmlWriter.Create(stream, settings))
        {
            doc.Save(writer);
        }

        return stream.ToArray();
    }

    private static string Apply(XDocument doc, Random rng)
    {
        var root = doc.Root!;
        var elements = root.Descendants().ToList();
        var attributes = root.DescendantsAndSelf().SelectMany(e => e.Attributes()).Where(a => !a.IsNamespaceDeclaration).ToList();
        if (elements.Count == 0)
        {
            return "no element left";
        }

        var element = elements[rng.Next(elements.Count)];
        switch (rng.Next(10))
        {
            case 0:
                {
                    var where = PathOf(element);
                    element.Remove();
                    return $"delete {where}";
                }

            case 1:
                element.AddAfterSelf(new XElement(element));
                return $"duplicate {PathOf(element)}";
            case 2 when attributes.Count > 0:
                {
                    var a = attributes[rng.Next(attributes.Count)];
                    var where = $"{PathOf(a.Parent!)}/@{a.Name.LocalName}";
                    a.Remove();
                    return $"delete {where}";
                }

            case 3 or 4 when attributes.Count > 0:
                {
                    var interesting = attributes.Where(a => InterestingAttributes.Contains(a.Name.LocalName, StringComparer.OrdinalIgnoreCase)).ToList();
                    var pool = interesting.Count > 0 && rng.Next(4) != 0 ? interesting : attributes;
                    var a = pool[rng.Next(pool.Count)];
                    var value = Garbage.Values[rng.Next(Garbage.Values.Length)];
                    a.Value = value;
                    return $"set {PathOf(a.Parent!)}/@{a.Name.LocalName} = {Show(value)}";
                }

            case 5:
                {
                    var value = Garbage.Values[rng.Next(Garbage.Values.Length)];
                    var leaf = elements.Where(e => !e.HasElements).ToList() is { Count: > 0 } leaves ? leaves[rng.Next(leaves.Count)] : element;
                    leaf.Value = value;
                    return $"set text of {PathOf(leaf)} = {Show(value)}";
                }

            case 6:
                {
                    var target = elements[rng.Next(elements.Count)];
                    if (target == element || target.Ancestors().Contains(element))
                    {
                        return "move skipped (target inside source)";
                    }

                    var from = PathOf(element);
                    element.Remove();
                    target.Add(element);
                    return $"move {from} into {PathOf(target)}";
                }

            case 7:
                {
                    var names = new[] { element.Name.LocalName.ToUpperInvariant(), "x", "testcase", "UnitTestResult", "test", "InnerResults", "Properties", "traits" };
                    var newName = names[rng.Next(names.Length)];
                    var old = PathOf(element);
                    element.Name = element.Name.Namespace + newName;
                    return $"rename {old} to {newName}";
                }

            case 8:
                {
                    var depth = 1 + rng.Next(300);
                    var wrapped = new XElement(element);
                    for (var d = 0; d < depth; d++)
                    {
                        wrapped = new XElement(element.Name.Namespace + "n", wrapped);
                    }

                    var where = PathOf(element);
                    element.ReplaceWith(wrapped);
                    return $"nest {where} {depth} levels deep";
                }

            default:
                foreach (var e in root.DescendantsAndSelf())
                {
                    e.Name = e.Name.LocalName;
                    e.Attributes().Where(a => a.IsNamespaceDeclaration).Remove();
                }

                return "strip namespaces";
        }
    }

    private static string PathOf(XElement e)
    {
        var parent = e.Parent;
        var index = parent is null ? 0 : parent.Elements().TakeWhile(x => x != e).Count();
        return (parent is null ? string.Empty : PathOf(parent)) + "/" + e.Name.LocalName + "[" + index + "]";
    }

    internal static string Show(string value) =>
        value.Length > 40 ? $"'{Escape(value[..20])}...' ({value.Length} chars)" : "'" + Escape(value) + "'";

    private static string Escape(string s) =>
        string.Concat(s.Select(c => c < 0x20 || c is '\uFEFF' or '\u202E' ? $"\\u{(int)c:X4}" : c.ToString()));
}

/// <summary>Structure-aware mutations of a JSON file (mapping, evidence): wrong types, missing fields, bad dates, nulls, deep nesting, invalid escapes.</summary>
internal static class JsonMutations
{
    private const string LoneSurrogate = "__LONE_SURROGATE__";

    private static readonly string[] BadDates =
    {
        "2026-13-45", "2026-02-30", "0000-01-01", "0001-01-01", "9999-12-31", "9999-12-31T23:59:59-14:00",
        "0001-01-01T00:00:00+14:00", "2026-10-14T25:00:00Z", "2026-10-14T00:00:00.123456789Z", "", "   ", "yesterday",
        "2026-10-14\u0000", "-2026-10-14", "+002026-10-14", "2026-10-14T00:00:00+99:00", "20261014",
    };

    private static readonly string[] Globs =
    {
        new string('*', 40) + "?#",
        string.Concat(Enumerable.Repeat("*?", 30)) + "!",
        string.Concat(Enumerable.Repeat("*?", 40)) + "!*",
        string.Concat(Enumerable.Repeat("*.", 20)) + "#*",
        string.Concat(Enumerable.Repeat("*e", 25)) + "#",
        string.Concat(Enumerable.Repeat("*e", 25)) + "x",
        "*", "?", string.Empty, "**.**", "[a-z]+(", "\\", "Fixture.*.*Tests.*", new string('?', 5_000),
    };

    public static IEnumerable<Mutant> Structural(byte[] original, int seed, int count)
    {
        var bom = ByteMutations.HasBom(original);
        var text = Encoding.UTF8.GetString(original, bom ? 3 : 0, original.Length - (bom ? 3 : 0));
        var rng = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var root = JsonNode.Parse(text, documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var edits = new List<string>();
            var n = 1 + rng.Next(3);
            for (var k = 0; k < n; k++)
            {
                edits.Add(Apply(ref root, rng));
            }

            var json = root is null ? "null" : root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            json = json.Replace("\"" + LoneSurrogate + "\"", "\"\\uD800\"", StringComparison.Ordinal)
                .Replace(LoneSurrogate, "\\uDC00x", StringComparison.Ordinal);
            yield return new Mutant($"json edits (seed {seed}, #{i}): {string.Join("; ", edits)}", ByteMutations.Encode(json, bom));
        }

        // Every hostile glob once, in place of each file's first "tests" value (mapping files only).
        var tests = text.IndexOf("\"tests\": \"", StringComparison.Ordinal);
        if (tests >= 0)
        {
            var valueStart = tests + "\"tests\": \"".Length;
            var valueEnd = text.IndexOf('"', valueStart);
            foreach (var glob in Globs)
            {
                var json = System.Text.Json.JsonSerializer.Serialize(glob)[1..^1];
                yield return new Mutant($"set the first \"tests\" glob = {XmlMutations.Show(glob)}", ByteMutations.Encode(text[..valueStart] + json + text[valueEnd..], bom));
            }
        }

        // Nesting as deep as the reader allows, and deeper.
        foreach (var depth in new[] { 31, 33, 200, 10_000 })
        {
            var nested = string.Concat(Enumerable.Repeat("[", depth)) + string.Concat(Enumerable.Repeat("]", depth));
            var at = text.IndexOf('[', StringComparison.Ordinal);
            var end = at < 0 ? -1 : text.IndexOf(']', at);
            if (at >= 0 && end > at)
            {
                yield return new Mutant($"replace the first array with {depth} nested arrays", ByteMutations.Encode(text[..at] + nested + text[(end + 1)..], bom));
            }

            yield return new Mutant($"whole file = {depth} nested objects", ByteMutations.Encode(string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth), bom));
        }
    }

    private static string Apply(ref JsonNode? root, Random rng)
    {
        var nodes = new List<(JsonNode? Node, JsonNode Parent, string? Key, int Index, string Path)>();
        if (root is not null)
        {
            Collect(root, "$", nodes);
        }

        if (nodes.Count == 0 || rng.Next(20) == 0)
        {
            var roots = new JsonNode?[] { new JsonArray(), null, JsonValue.Create(1), JsonValue.Create("x"), new JsonObject { ["evidence"] = new JsonObject(), ["mappings"] = new JsonObject() } };
            var r = roots[rng.Next(roots.Length)];
            root = r;
            return $"root = {(r is null ? "null" : r.ToJsonString())}";
        }

        var (node, parent, key, index, path) = nodes[rng.Next(nodes.Count)];
        switch (rng.Next(8))
        {
            case 0 when key is not null:
                ((JsonObject)parent).Remove(key);
                return $"delete {path}";
            case 1 when key is null:
                {
                    var array = (JsonArray)parent;
                    array.Insert(index, node?.DeepClone());
                    return $"duplicate {path}";
                }

            case 2 when key is not null:
                {
                    var obj = (JsonObject)parent;
                    var names = new[] { key.ToUpperInvariant(), key + "s", LoneSurrogate, string.Empty, "evidence", "mappings" };
                    var newName = names[rng.Next(names.Length)];
                    if (obj.ContainsKey(newName))
                    {
                        return $"rename {path} skipped";
                    }

                    obj.Remove(key);
                    obj[newName] = node;
                    return $"rename {path} to '{(newName == LoneSurrogate ? "\\uD800" : newName)}'";
                }

            case 3:
                {
                    var dates = BadDates[rng.Next(BadDates.Length)];
                    var dateHolder = nodes.Where(x => x.Key is not null && x.Key.Equals("date", StringComparison.OrdinalIgnoreCase)).ToList();
                    if (dateHolder.Count == 0)
                    {
                        goto default;
                    }

                    var d = dateHolder[rng.Next(dateHolder.Count)];
                    ((JsonObject)d.Parent)[d.Key!] = dates;
                    return $"set {d.Path} = {XmlMutations.Show(dates)}";
                }

            case 4:
                {
                    var holders = nodes.Where(x => x.Key is not null && x.Key.Equals("tests", StringComparison.OrdinalIgnoreCase)).ToList();
                    if (holders.Count == 0)
                    {
                        goto default;
                    }

                    var h = holders[rng.Next(holders.Count)];
                    var glob = Globs[rng.Next(Globs.Length)];
                    ((JsonObject)h.Parent)[h.Key!] = glob;
                    return $"set {h.Path} = {XmlMutations.Show(glob)}";
                }

            default:
                {
                    var (value, what) = WrongValue(rng);
                    if (key is not null)
                    {
                        ((JsonObject)parent)[key] = value;
                    }
                    else
                    {
                        ((JsonArray)parent)[index] = value;
                    }

                    return $"set {path} = {what}";
                }
        }
    }

    private static (JsonNode? Value, string What) WrongValue(Random rng)
    {
        switch (rng.Next(12))
        {
            case 0: return (null, "null");
            case 1: return (JsonValue.Create(-1), "-1");
            case 2: return (JsonValue.Create(1e308), "1e308");
            case 3: return (JsonValue.Create(true), "true");
            case 4: return (new JsonArray(), "[]");
            case 5: return (new JsonObject(), "{}");
            case 6: return (new JsonArray(JsonValue.Create(1), null, new JsonObject()), "[1, null, {}]");
            case 7: return (JsonValue.Create(LoneSurrogate), "\"\\uD800\" (lone surrogate escape)");
            case 8:
                {
                    JsonNode deep = new JsonArray();
                    var depth = 1 + rng.Next(40);
                    for (var d = 0; d < depth; d++)
                    {
                        deep = new JsonArray(deep);
                    }

                    return (deep, $"{depth} nested arrays");
                }

            default:
                var s = Garbage.Values[rng.Next(Garbage.Values.Length)];
                return (JsonValue.Create(s), XmlMutations.Show(s));
        }
    }

    private static void Collect(JsonNode node, string path, List<(JsonNode? Node, JsonNode Parent, string? Key, int Index, string Path)> nodes)
    {
        if (node is JsonObject obj)
        {
            foreach (var (k, v) in obj.ToList())
            {
                var p = path + "." + k;
                nodes.Add((v, obj, k, -1, p));
                if (v is not null)
                {
                    Collect(v, p, nodes);
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                var p = path + "[" + i + "]";
                nodes.Add((array[i], array, null, i, p));
                if (array[i] is { } child)
                {
                    Collect(child, p, nodes);
                }
            }
        }
    }
}
