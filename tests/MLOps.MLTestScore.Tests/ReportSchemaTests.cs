using System.Text.Json;
using System.Text.RegularExpressions;
using static MLOps.MLTestScore.Tests.TestFiles;

namespace MLOps.MLTestScore.Tests;

/// <summary>
/// rules/ml-test-score.schema.json against real reports of the engine. No validator package: the check below
/// covers the keywords the schema uses (type, required, properties, items, enum, const, pattern, minimum,
/// maximum, minItems, maxItems, $ref, anyOf), and also fails on a property the report has and the schema
/// does not declare, so the schema cannot fall behind the report.
/// </summary>
public sealed class ReportSchemaTests
{
    private static readonly string SchemaPath = Path.Combine(RepositoryRoot(), "rules", "ml-test-score.schema.json");

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MLOps.Analyzers.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }

    public static TheoryData<string> Reports() => new() { "full", "empty", "hostile" };

    [Theory]
    [MemberData(nameof(Reports))]
    public void Real_report_json_validates_against_the_published_schema(string kind)
    {
        using var files = new TestFiles();
        var report = kind switch
        {
            "full" => CiOutputTests.Report(files),
            "empty" => Score(_ => { }).Report,
            _ => Score(o =>
            {
                o.ResultFiles.Add(files.Write("h.xml", JUnit(("Ns.T.<b>\"x\"", "fail", new[] { "Data.1", "Data.9" }))));
                o.ResultFiles.Add(Path.Combine(files.Directory, "missing.trx"));
                o.ManualEvidenceFile = files.Write("e.json", """{ "evidence": [ { "item": "Model.1" } ] }""");
                o.RepositoryRoot = files.Directory;
            }).Report,
        };
        var json = ReportWriter.ToJson(report);

        using var schema = JsonDocument.Parse(File.ReadAllText(SchemaPath));
        using var document = JsonDocument.Parse(json);
        var errors = new List<string>();
        Validate(schema.RootElement, schema.RootElement, document.RootElement, "$", errors);

        Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + json);
    }

    [Fact]
    public void Report_json_names_files_relative_to_the_repository()
    {
        using var files = new TestFiles();
        using var document = JsonDocument.Parse(ReportWriter.ToJson(CiOutputTests.Report(files)));
        var inputs = document.RootElement.GetProperty("inputs");

        var paths = inputs.GetProperty("resultFiles").EnumerateArray().Select(f => f.GetProperty("path").GetString()!)
            .Append(inputs.GetProperty("manualEvidenceFile").GetString()!)
            .Concat(document.RootElement.GetProperty("sections").EnumerateArray()
                .SelectMany(s => s.GetProperty("items").EnumerateArray())
                .SelectMany(i => i.GetProperty("tests").EnumerateArray())
                .Select(t => t.GetProperty("sourceFile").GetString()!))
            .ToList();

        Assert.Contains("results.xml", paths);
        Assert.Contains("evidence.json", paths);
        Assert.All(paths, p => Assert.False(Path.IsPathRooted(p), p));
        Assert.DoesNotContain(files.Directory, document.RootElement.GetRawText());
    }

    [Fact]
    public void The_validator_rejects_what_the_schema_forbids()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(SchemaPath));
        using var files = new TestFiles();
        var json = ReportWriter.ToJson(Score(_ => { }).Report);
        var broken = json.Replace("\"finalScore\": 0", "\"finalScore\": \"0\"", StringComparison.Ordinal)
            .Replace("\"status\": \"Missing\"", "\"status\": \"Gone\"", StringComparison.Ordinal)
            .Replace("\"schemaVersion\": 1", "\"schemaVersion\": 1, \"surprise\": true", StringComparison.Ordinal);
        using var document = JsonDocument.Parse(broken);
        var errors = new List<string>();

        Validate(schema.RootElement, schema.RootElement, document.RootElement, "$", errors);

        Assert.Contains(errors, e => e.StartsWith("$.finalScore:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains(".status:", StringComparison.Ordinal) && e.Contains("enum", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("surprise", StringComparison.Ordinal));
    }

    [Fact]
    public void Schema_is_packed_in_the_package()
    {
        var project = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "MLOps.Analyzers.Package", "MLOps.Analyzers.Package.csproj"));
        Assert.Contains(@"<None Include=""..\..\rules\ml-test-score.schema.json"" Pack=""true""", project);
    }

    private static void Validate(JsonElement root, JsonElement schema, JsonElement value, string at, List<string> errors)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var target = root;
            foreach (var part in reference.GetString()!.TrimStart('#', '/').Split('/'))
            {
                target = target.GetProperty(part);
            }

            Validate(root, target, value, at, errors);
            return;
        }

        if (schema.TryGetProperty("anyOf", out var anyOf))
        {
            if (!anyOf.EnumerateArray().Any(s => { var e = new List<string>(); Validate(root, s, value, at, e); return e.Count == 0; }))
            {
                errors.Add($"{at}: matches none of anyOf");
            }

            return;
        }

        if (schema.TryGetProperty("type", out var type))
        {
            var allowed = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : new List<string> { type.GetString()! };
            if (!allowed.Any(t => IsType(value, t)))
            {
                errors.Add($"{at}: {value.ValueKind} is not {string.Join("|", allowed)}");
                return;
            }
        }

        if (schema.TryGetProperty("enum", out var values) && !values.EnumerateArray().Any(v => JsonEquals(v, value)))
        {
            errors.Add($"{at}: {value.GetRawText()} is not in the enum");
        }

        if (schema.TryGetProperty("const", out var constant) && !JsonEquals(constant, value))
        {
            errors.Add($"{at}: {value.GetRawText()} is not {constant.GetRawText()}");
        }

        if (value.ValueKind == JsonValueKind.String && schema.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(value.GetString()!, pattern.GetString()!))
        {
            errors.Add($"{at}: '{value.GetString()}' does not match {pattern.GetString()}");
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            if (schema.TryGetProperty("minimum", out var minimum) && value.GetDouble() < minimum.GetDouble())
            {
                errors.Add($"{at}: below {minimum.GetDouble()}");
            }

            if (schema.TryGetProperty("maximum", out var maximum) && value.GetDouble() > maximum.GetDouble())
            {
                errors.Add($"{at}: above {maximum.GetDouble()}");
            }
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            var length = value.GetArrayLength();
            if (schema.TryGetProperty("minItems", out var minItems) && length < minItems.GetInt32())
            {
                errors.Add($"{at}: fewer than {minItems.GetInt32()} items");
            }

            if (schema.TryGetProperty("maxItems", out var maxItems) && length > maxItems.GetInt32())
            {
                errors.Add($"{at}: more than {maxItems.GetInt32()} items");
            }

            if (schema.TryGetProperty("items", out var items))
            {
                var i = 0;
                foreach (var element in value.EnumerateArray())
                {
                    Validate(root, items, element, $"{at}[{i++}]", errors);
                }
            }
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            if (schema.TryGetProperty("required", out var required))
            {
                foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                {
                    if (!value.TryGetProperty(name, out _))
                    {
                        errors.Add($"{at}: required property '{name}' is missing");
                    }
                }
            }

            if (schema.TryGetProperty("properties", out var properties))
            {
                foreach (var property in value.EnumerateObject())
                {
                    if (properties.TryGetProperty(property.Name, out var propertySchema))
                    {
                        Validate(root, propertySchema, property.Value, $"{at}.{property.Name}", errors);
                    }
                    else
                    {
                        errors.Add($"{at}: property '{property.Name}' is not declared in the schema");
                    }
                }
            }
        }
    }

    private static bool IsType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => throw new NotSupportedException(type),
    };

    private static bool JsonEquals(JsonElement a, JsonElement b) =>
        a.ValueKind == JsonValueKind.Number && b.ValueKind == JsonValueKind.Number
            ? a.GetDouble() == b.GetDouble()
            : a.ValueKind == b.ValueKind && a.GetRawText() == b.GetRawText();
}
