using System.Text;

namespace MLOps.Analyzers.Benchmarks.Corpus;

/// <summary>One generated source file.</summary>
internal sealed record CorpusFile(string Name, string Text, bool IsMachineLearning);

/// <summary>A generated solution at one size.</summary>
internal sealed record GeneratedCorpus(int Scale, bool IncludesMachineLearning, IReadOnlyList<CorpusFile> Files)
{
    public int Lines => Files.Sum(f => LineCount(f.Text));

    public int MachineLearningLines => Files.Where(f => f.IsMachineLearning).Sum(f => LineCount(f.Text));

    private static int LineCount(string text) => text.Count(c => c == '\n') + 1;
}

/// <summary>
/// Writes a large, realistic solution: mostly ordinary C# with one file in ten of ML code, as real
/// ML solutions are. Size 1x is 50,000 lines; size k is k times that (8x: 400,000 lines).
/// Deterministic: the same scale always gives the same files.
/// </summary>
internal static class CorpusGenerator
{
    public const int LinesPerScale = 50_000;

    /// <summary>One file in this many is ML code.</summary>
    public const int MachineLearningEvery = 10;

    public static GeneratedCorpus Generate(int scale, bool includeMachineLearning)
    {
        if (scale < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(scale));
        }

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

        return new GeneratedCorpus(scale, includeMachineLearning, files);
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
