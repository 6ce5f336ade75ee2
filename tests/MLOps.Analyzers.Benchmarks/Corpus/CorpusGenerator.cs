using System.Text;

namespace MLOps.Analyzers.Benchmarks.Corpus;

/// <summary>One generated source file.</summary>
internal sealed record CorpusFile(string Name, string Text, bool IsMachineLearning);

/// <summary>Which code a corpus holds.</summary>
internal enum CorpusTier
{
    /// <summary>Ordinary application code with one file in ten of ML code (the solution most users have).</summary>
    Mixed,

    /// <summary>Every file ML code: an ML project (training programs, helpers, predictors, serving classes).</summary>
    Dense,

    /// <summary>The ordinary code of the mixed tier alone, compiled without the ML references.</summary>
    NoMachineLearning,
}

/// <summary>A generated solution at one size.</summary>
internal sealed record GeneratedCorpus(int Scale, CorpusTier Tier, IReadOnlyList<CorpusFile> Files)
{
    public bool IncludesMachineLearning => Tier != CorpusTier.NoMachineLearning;

    /// <summary>The tier's name in commands and reports: mixed, dense, no-ml.</summary>
    public string Name => CorpusGenerator.TierName(Tier);

    public int Lines => Files.Sum(f => LineCount(f.Text));

    public int MachineLearningLines => Files.Where(f => f.IsMachineLearning).Sum(f => LineCount(f.Text));

    private static int LineCount(string text) => text.Count(c => c == '\n') + 1;
}

/// <summary>
/// Writes a large, realistic solution: mostly ordinary C# with one file in ten of ML code, as real
/// ML solutions are. Size 1x is 50,000 lines; size k is k times that (8x: 400,000 lines).
/// The ML-dense tier is an ML project instead: every file ML code (<see cref="DenseTemplates"/>),
/// 25,000 lines at 1x (ML projects are smaller than the solutions around them).
/// Deterministic: the same tier and scale always give the same files.
/// </summary>
internal static class CorpusGenerator
{
    public const int LinesPerScale = 50_000;

    public const int DenseLinesPerScale = 25_000;

    /// <summary>One file in this many is ML code.</summary>
    public const int MachineLearningEvery = 10;

    public static string TierName(CorpusTier tier) => tier switch
    {
        CorpusTier.Mixed => "mixed",
        CorpusTier.Dense => "dense",
        _ => "no-ml",
    };

    public static CorpusTier ParseTier(string name) => name.ToLowerInvariant() switch
    {
        "mixed" => CorpusTier.Mixed,
        "dense" or "ml-dense" => CorpusTier.Dense,
        "no-ml" or "noml" or "none" => CorpusTier.NoMachineLearning,
        _ => throw new ArgumentException($"unknown tier '{name}' (mixed, dense, no-ml)", nameof(name)),
    };

    public static GeneratedCorpus Generate(int scale, bool includeMachineLearning)
        => Generate(scale, includeMachineLearning ? CorpusTier.Mixed : CorpusTier.NoMachineLearning);

    public static GeneratedCorpus Generate(int scale, CorpusTier tier)
    {
        if (scale < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(scale));
        }

        if (tier == CorpusTier.Dense)
        {
            return GenerateDense(scale);
        }

        var includeMachineLearning = tier == CorpusTier.Mixed;

        var target = LinesPerScale * scale;
        var files = new List<CorpusFile>();
        var lines = 0;
        for (var index = 0; lines < target; index++)
        {
            var isMachineLearning = index % MachineLearningEvery == MachineLearningEvery - 1;
            if (isMachineLearning && !includeMachineLearning)
            {
                continue;
            }

            string text;
            string name;
            if (isMachineLearning)
            {
                var template = index / MachineLearningEvery % MachineLearningTemplates.All.Length;
                text = MachineLearningTemplates.All[template](index);
                name = $"ML/{MachineLearningTemplates.All[template].Method.Name}{index}.cs";
            }
            else
            {
                var template = index % GeneralTemplates.All.Length;
                text = GeneralTemplates.All[template](index);
                name = $"App/{GeneralTemplates.All[template].Method.Name}{index}.cs";
            }

            files.Add(new CorpusFile(name, text, isMachineLearning));
            lines += text.Count(c => c == '\n') + 1;
        }

        return new GeneratedCorpus(scale, tier, files);
    }

    /// <summary>Every file ML code, cycling through the dense templates.</summary>
    private static GeneratedCorpus GenerateDense(int scale)
    {
        var target = DenseLinesPerScale * scale;
        var files = new List<CorpusFile>();
        var lines = 0;
        for (var index = 0; lines < target; index++)
        {
            var template = DenseTemplates.All[index % DenseTemplates.All.Length];
            var text = template(index);
            files.Add(new CorpusFile($"ML/{template.Method.Name}{index}.cs", text, IsMachineLearning: true));
            lines += text.Count(c => c == '\n') + 1;
        }

        return new GeneratedCorpus(scale, CorpusTier.Dense, files);
    }

    /// <summary>Writes the corpus as a buildable project (sources, .csproj, .sln) under <paramref name="directory"/>.</summary>
    public static string WriteProject(GeneratedCorpus corpus, string directory, string projectXml)
    {
        Directory.CreateDirectory(directory);
        foreach (var file in corpus.Files)
        {
            var path = Path.Combine(directory, file.Name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file.Text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }

        var project = Path.Combine(directory, "Contoso.Platform.csproj");
        File.WriteAllText(project, projectXml);
        return project;
    }
}
