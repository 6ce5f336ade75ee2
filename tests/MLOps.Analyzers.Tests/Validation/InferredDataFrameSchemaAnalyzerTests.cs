using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MLOps.Analyzers.Validation.InferredDataFrameSchemaAnalyzer>;

namespace MLOps.Analyzers.Tests.Validation;

public sealed class InferredDataFrameSchemaAnalyzerTests
{
    private const string Usings = """
        using System;
        using Microsoft.Data.Analysis;
        using Microsoft.ML;

        """;

    // ---------- positives ----------

    [Fact]
    public async Task UntypedLoadThatTrainsAModel_IsReported()
    {
        // The shape of the ML.NET DataFrame samples: LoadCsv, then the DataFrame (an IDataView) is fitted directly.
        var source = Usings + """
            public static class Program
            {
                public static void Main()
                {
                    var mlContext = new MLContext(seed: 1);
                    var housing = {|#0:DataFrame.LoadCsv("housing.csv")|};
                    var pipeline = mlContext.Transforms.Concatenate("Features", "Rooms", "Age")
                        .Append(mlContext.Regression.Trainers.Sdca(labelColumnName: "Price"));
                    var model = {|#1:pipeline.Fit(housing)|};
                    Console.WriteLine(model);
                }
            }
            """;
        await Verify.VerifyAsync(source, Verify.Diagnostic("MLOPS404").WithLocation(0).WithLocation(1).WithArguments("LoadCsv", "trains a model (Fit)"));
    }

    [Fact]
    public async Task DerivedDataFrameThatIsSplitForTraining_IsReported()
    {
        var source = Usings + """
            public static class Program
            {
                public static void Main()
                {
                    var mlContext = new MLContext(seed: 1);
                    var raw = {|#0:DataFrame.LoadCsvFromString("Rooms,Age,Price\n3,10,200\n4,5,310", separator: ',')|};
                    var clean = raw.DropNulls();
                    var split = {|#1:mlContext.Data.TrainTestSplit(clean, testFraction: 0.2)|};
                    Console.WriteLine(split.TrainSet.Schema.Count);
                }
            }
            """;
        await Verify.VerifyAsync(source, Verify.Diagnostic("MLOPS404").WithLocation(0).WithLocation(1).WithArguments("LoadCsvFromString", "trains a model (TrainTestSplit)"));
    }

    [Fact]
    public async Task UntypedLoadThatIsSavedAgain_IsReported()
    {
        var source = Usings + """
            public static class Prepare
            {
                public static void Run(string input, string output)
                {
                    var df = {|#0:DataFrame.LoadCsv(input, dataTypes: null)|};
                    {|#1:DataFrame.SaveCsv(df[df["Price"].ElementwiseGreaterThan(0)], output)|};
                }
            }
            """;
        await Verify.VerifyAsync(source, Verify.Diagnostic("MLOPS404").WithLocation(0).WithLocation(1).WithArguments("LoadCsv", "is saved with SaveCsv()"));
    }

    [Fact]
    public async Task LoadPassedStraightInAndAggregatedFrame_AreReported()
    {
        var source = Usings + """
            public static class Program
            {
                public static void Train(IEstimator<ITransformer> pipeline, string path)
                {
                    {|#1:pipeline.Fit({|#0:DataFrame.LoadCsv(path)|})|};
                }

                public static void SaveDailyTotals(string input, string output)
                {
                    var sales = {|#2:DataFrame.LoadCsv(input)|};
                    var daily = sales.GroupBy("Day").Sum("Amount");
                    {|#3:DataFrame.SaveCsv(daily, output)|};
                }
            }
            """;
        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic("MLOPS404").WithLocation(0).WithLocation(1),
            Verify.Diagnostic("MLOPS404").WithLocation(2).WithLocation(3));
    }

    // ---------- negatives ----------

    [Fact]
    public async Task ExplicitSchemaOrNoTrainingOrSaving_IsNotReported()
    {
        var source = Usings + """
            public static class Program
            {
                private static readonly string[] Columns = { "Rooms", "Age", "Price" };
                private static readonly Type[] Types = { typeof(int), typeof(int), typeof(float) };

                public static void Typed(MLContext mlContext, IEstimator<ITransformer> pipeline)
                {
                    var housing = DataFrame.LoadCsv("housing.csv", columnNames: Columns, dataTypes: Types);
                    pipeline.Fit(housing);
                }

                public static void CustomGuess(MLContext mlContext, IEstimator<ITransformer> pipeline, System.IO.Stream csv)
                {
                    var housing = DataFrame.LoadCsv(csv, guessTypeFunction: values => typeof(string));
                    pipeline.Fit(housing);
                }

                public static void ExplorationOnly()
                {
                    // Exploring a file: nothing is trained or written.
                    var df = DataFrame.LoadCsv("housing.csv");
                    Console.WriteLine(df.Description());
                }

                public static DataFrame Loader(string path) => DataFrame.LoadCsv(path);

                public static void LoaderDataIsNotFollowedAcrossMethods(IEstimator<ITransformer> pipeline)
                    => pipeline.Fit(Loader("housing.csv"));

                public static void ReassignedFromATypedLoad(IEstimator<ITransformer> pipeline, bool quick)
                {
                    var df = DataFrame.LoadCsv("housing.csv");
                    if (!quick)
                    {
                        df = DataFrame.LoadCsv("housing.csv", dataTypes: Types);
                    }

                    pipeline.Fit(df);
                }

                public static void OwnFitIsNotMlNet(DataFrame unused)
                {
                    var df = DataFrame.LoadCsv("housing.csv");
                    new MyModel().Fit(df);
                }
            }

            public sealed class MyModel
            {
                public void Fit(DataFrame data) => Console.WriteLine(data.Rows.Count);
            }
            """;
        await Verify.VerifyAsync(source);
    }
}
