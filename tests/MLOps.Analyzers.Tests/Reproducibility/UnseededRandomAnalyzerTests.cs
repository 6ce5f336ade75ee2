using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MLOps.Analyzers.Reproducibility.UnseededRandomAnalyzer>;
using VerifyFix = MLOps.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<MLOps.Analyzers.Reproducibility.UnseededRandomAnalyzer, MLOps.Analyzers.CodeFixes.Reproducibility.UnseededRandomCodeFixProvider>;

namespace MLOps.Analyzers.Tests.Reproducibility;

public sealed class UnseededRandomAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;
        using Microsoft.ML;
        using Microsoft.ML.Data;

        public sealed class HousingRow
        {
            [LoadColumn(0)] public float Size { get; set; }
            [LoadColumn(1)] public float Price { get; set; }
        }

        """;

    // ---------- positives ----------

    [Fact]
    public async Task OrderByRandomKeyThenTake_IsReported()
    {
        var source = Usings + """
            public static class Splitter
            {
                public static (List<HousingRow> Train, List<HousingRow> Test) Split(List<HousingRow> rows)
                {
                    var rnd = {|MLOPS102:new Random()|};
                    var shuffled = rows.OrderBy(_ => rnd.Next()).ToList();
                    var cut = (int)(shuffled.Count * 0.8);
                    return (shuffled.Take(cut).ToList(), shuffled.Skip(cut).ToList());
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task RandomShuffleOnArray_IsReported_ForSharedAndField()
    {
        var source = Usings + """
            public sealed class Batches
            {
                private static readonly Random Rng = {|MLOPS102:new Random()|};

                public static void Epoch(HousingRow[] rows)
                {
                    Rng.Shuffle(rows);
                    {|MLOPS102:Random.Shared|}.Shuffle(rows);
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task FisherYatesSwap_IsReported()
    {
        var source = Usings + """
            public static class Shuffler
            {
                public static void Shuffle<T>(IList<T> list)
                {
                    var random = {|MLOPS102:new Random()|};
                    for (var i = list.Count - 1; i > 0; i--)
                    {
                        var j = random.Next(i + 1);
                        (list[i], list[j]) = (list[j], list[i]);
                    }
                }

                public static void ShuffleArray(float[][] features)
                {
                    var random = {|MLOPS102:new Random()|};
                    for (int i = 0; i < features.Length; i++)
                    {
                        int k = random.Next(i, features.Length);
                        var tmp = features[i];
                        features[i] = features[k];
                        features[k] = tmp;
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task WhereWithNextDoubleBelowFraction_IsReported()
    {
        var source = Usings + """
            public static class Sampler
            {
                public static List<HousingRow> Sample(IEnumerable<HousingRow> rows, double fraction)
                {
                    var rnd = {|MLOPS102:new Random()|};
                    return rows.Where(r => rnd.NextDouble() < fraction).ToList();
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task MessageNamesSourceAndUse()
    {
        var source = Usings + """
            public static class Sampler
            {
                public static HousingRow[] Pick(HousingRow[] rows) => Random.Shared.GetItems(rows, 10);
            }
            """;
        await Verify.VerifyAsync(source, Verify.Diagnostic("MLOPS102").WithSpan(15, 59, 15, 72).WithArguments("Random.Shared", "sample"));
    }

    // ---------- negatives ----------

    [Fact]
    public async Task SeededRandom_IsNotReported()
    {
        var source = Usings + """
            public static class Splitter
            {
                private static readonly Random Rng = new Random(42);

                public static List<HousingRow> Shuffle(List<HousingRow> rows, int seed)
                {
                    var rnd = new Random(seed);
                    Rng.Shuffle(rows.ToArray());
                    return rows.OrderBy(_ => rnd.Next()).ToList();
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task RetryJitter_IsNotReported()
    {
        var source = Usings + """
            public static class ModelDownloader
            {
                public static async Task<byte[]> DownloadWithRetryAsync(Func<Task<byte[]>> download)
                {
                    var jitter = new Random();
                    for (var attempt = 1; ; attempt++)
                    {
                        try { return await download(); }
                        catch when (attempt < 5)
                        {
                            await Task.Delay(TimeSpan.FromMilliseconds(100 * Math.Pow(2, attempt) + jitter.Next(0, 100)));
                        }
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task RandomIdAndRandomPick_AreNotReported()
    {
        var source = Usings + """
            public static class Ids
            {
                private static readonly string[] Greetings = { "Hi", "Hello", "Hey" };

                public static string RunId() => $"run-{Random.Shared.Next(100000):D6}";

                public static string Greeting() => Greetings[new Random().Next(Greetings.Length)];

                public static byte[] Nonce()
                {
                    var bytes = new byte[16];
                    Random.Shared.NextBytes(bytes);
                    return bytes;
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task GameGridWritesAtRandomIndex_IsNotReported()
    {
        var source = Usings + """
            public static class Minesweeper
            {
                public static void PlaceMines(int[] grid, int mines)
                {
                    var rnd = new Random();
                    for (var m = 0; m < mines; m++)
                    {
                        var cell = rnd.Next(grid.Length);
                        if (grid[cell] == 0)
                        {
                            grid[cell] = -1;
                        }
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task RandomFromParameterOrReassignedWithSeed_IsNotReported()
    {
        var source = Usings + """
            public sealed class Augmenter
            {
                private Random _rng = new Random();

                public void Reseed(int seed) => _rng = new Random(seed);

                public List<HousingRow> Shuffle(List<HousingRow> rows, Random rng)
                    => rows.OrderBy(_ => rng.Next()).ThenBy(_ => _rng.Next()).ToList();
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task OrderByDeterministicKeyAndWhereWithoutRandom_AreNotReported()
    {
        var source = Usings + """
            public static class Report
            {
                public static IEnumerable<HousingRow> Top(IEnumerable<HousingRow> rows)
                {
                    var rnd = new Random();
                    Console.WriteLine(rnd.Next());
                    return rows.Where(r => r.Price > 100_000).OrderBy(r => r.Size);
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task MLNetShuffleRowsInsteadOfRandom_IsNotReported()
    {
        var source = Usings + """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var ml = new MLContext(seed: 1);
                    var data = ml.Data.LoadFromTextFile<HousingRow>(args[0], hasHeader: true, separatorChar: ',');
                    var shuffled = ml.Data.ShuffleRows(data);
                    var delay = new Random().Next(10);
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task NoMLLibraryReference_IsSilent()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System;
                using System.Linq;

                public static class Deck
                {
                    public static int[] Shuffle(int[] cards)
                    {
                        var rnd = new Random();
                        rnd.Shuffle(cards);
                        return cards.OrderBy(_ => rnd.Next()).ToArray();
                    }
                }
                """,
        };
        test.TestState.AdditionalReferences.Clear();
        test.TestState.AdditionalReferences.AddRange(MLOps.Analyzers.Tests.Verifiers.TestReferences.Platform);
        await test.RunAsync();
    }

    // ---------- robustness ----------

    [Fact]
    public async Task HalfTypedCode_DoesNotCrash()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                public static class Broken
                {
                    public static void M(List<HousingRow> rows)
                    {
                        var rnd = {|MLOPS102:new Random(|};
                        rows.OrderBy(_ => rnd.Next(;
                        var j = rnd.Next(
                        (rows[0], rows[j]) = (rows[j], );
                        unknown.Shuffle(rows);
                        Random.Shared.Shuffle(;
                        rows.Where(r => rnd.NextDouble() < ).ToList();
                    }
                }
                """,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };

        // The broken constructor call still binds to Random() and the broken OrderBy still shuffles: reported, no crash.
        await test.RunAsync();
    }

    // ---------- suppression and configuration ----------

    [Fact]
    public async Task SuppressMessageAttribute_Suppresses()
    {
        var source = Usings + """
            public static class Splitter
            {
                [System.Diagnostics.CodeAnalysis.SuppressMessage("Reproducibility", "MLOPS102", Justification = "Demo")]
                public static List<HousingRow> Shuffle(List<HousingRow> rows)
                {
                    var rnd = new Random();
                    return rows.OrderBy(_ => rnd.Next()).ToList();
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task EditorConfigSeverityNone_SilencesTheRule()
    {
        var source = Usings + """
            public static class Splitter
            {
                public static List<HousingRow> Shuffle(List<HousingRow> rows)
                {
                    var rnd = new Random();
                    return rows.OrderBy(_ => rnd.Next()).ToList();
                }
            }
            """;
        await Verify.VerifyAsync(source, "dotnet_diagnostic.MLOPS102.severity = none");
    }

    // ---------- code fix ----------

    [Fact]
    public async Task CodeFix_AddsSeed_AndLeavesRandomSharedAlone()
    {
        var source = Usings + """
            public static class Splitter
            {
                public static void Shuffle(HousingRow[] rows)
                {
                    var rnd = {|MLOPS102:new Random()|};
                    rnd.Shuffle(rows);
                    {|MLOPS102:Random.Shared|}.Shuffle(rows);
                }
            }
            """;
        var fixedSource = Usings + """
            public static class Splitter
            {
                public static void Shuffle(HousingRow[] rows)
                {
                    var rnd = new Random(0);
                    rnd.Shuffle(rows);
                    Random.Shared.Shuffle(rows);
                }
            }
            """;
        var test = new VerifyFix.Test { TestCode = source, FixedCode = fixedSource };

        // Random.Shared cannot be seeded: it keeps its diagnostic after the fix.
        test.FixedState.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("MLOPS102").WithSpan(19, 9, 19, 22).WithArguments("Random.Shared", "shuffle"));
        await test.RunAsync();
    }
}
