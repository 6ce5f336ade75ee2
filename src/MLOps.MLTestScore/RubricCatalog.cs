using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace MLOps.MLTestScore;

/// <summary>One of the 28 tests of the rubric, as listed in rules/ml-test-score-catalog.json.</summary>
public sealed class RubricItem
{
    internal RubricItem(string id, string section, string title, string explanation, IReadOnlyList<string> examples)
    {
        Id = id;
        Section = section;
        Title = title;
        Explanation = explanation;
        Examples = examples;
    }

    /// <summary>Canonical ID, e.g. Data.1.</summary>
    public string Id { get; }

    /// <summary>Data, Model, Infra or Monitor.</summary>
    public string Section { get; }

    /// <summary>The paper's short title.</summary>
    public string Title { get; }

    /// <summary>What the item asks for, in the project's words.</summary>
    public string Explanation { get; }

    /// <summary>Examples of .NET tests that earn it.</summary>
    public IReadOnlyList<string> Examples { get; }
}

/// <summary>The 28-item catalog embedded in the engine assembly.</summary>
public static class RubricCatalog
{
    private static readonly Lazy<IReadOnlyList<RubricItem>> LazyItems = new(Load);

    /// <summary>The 28 items in rubric order (Data.1 .. Monitor.7).</summary>
    public static IReadOnlyList<RubricItem> Items => LazyItems.Value;

    /// <summary>Finds an item by canonical ID.</summary>
    public static RubricItem? Find(string id)
    {
        foreach (var item in Items)
        {
            if (item.Id == id)
            {
                return item;
            }
        }

        return null;
    }

    private static IReadOnlyList<RubricItem> Load()
    {
        using var stream = typeof(RubricCatalog).Assembly.GetManifestResourceStream("MLOps.MLTestScore.ml-test-score-catalog.json")
            ?? throw new InvalidOperationException("The embedded ML Test Score catalog is missing from the assembly.");
        using var reader = new StreamReader(stream);
        using var document = JsonDocument.Parse(reader.ReadToEnd());
        var items = new List<RubricItem>(28);
        foreach (var element in document.RootElement.GetProperty("items").EnumerateArray())
        {
            var examples = new List<string>();
            foreach (var example in element.GetProperty("examples").EnumerateArray())
            {
                examples.Add(example.GetString() ?? string.Empty);
            }

            items.Add(new RubricItem(
                element.GetProperty("id").GetString() ?? string.Empty,
                element.GetProperty("section").GetString() ?? string.Empty,
                element.GetProperty("title").GetString() ?? string.Empty,
                element.GetProperty("explanation").GetString() ?? string.Empty,
                examples));
        }

        return items;
    }
}
