using Microsoft.ML;

namespace HousePriceTraining;

public static class Program
{
    private static readonly string DataPath = Path.Combine("..", "data", "houses.csv");
    private const string ModelPath = "/var/ml/models/house-price.zip";

    public static void Main(string[] args)
    {
        var mlContext = new MLContext();

        IDataView data = mlContext.Data.LoadFromTextFile<HouseData>(DataPath, hasHeader: true, separatorChar: ',');
        var split = mlContext.Data.TrainTestSplit(data, testFraction: 0.2);

        var pipeline = mlContext.Transforms.Concatenate("Features",
                nameof(HouseData.Size), nameof(HouseData.Bedrooms), nameof(HouseData.Age),
                nameof(HouseData.DistanceToCenter), nameof(HouseData.HasGarage))
            .Append(mlContext.Transforms.NormalizeMinMax("Features"))
            .Append(mlContext.Regression.Trainers.Sdca(
                labelColumnName: nameof(HouseData.Price),
                l2Regularization: 0.01f,
                maximumNumberOfIterations: 200));

        Console.WriteLine("Training the model...");
        var model = pipeline.Fit(split.TrainSet);

        var predictions = model.Transform(split.TrainSet);
        var metrics = mlContext.Regression.Evaluate(predictions, labelColumnName: nameof(HouseData.Price));
        Console.WriteLine($"R^2: {metrics.RSquared:0.###}  RMSE: {metrics.RootMeanSquaredError:#,0}");

        PrintSamplePredictions(mlContext, model, mlContext.Data.CreateEnumerable<HouseData>(split.TestSet, reuseRowObject: false).ToList());

        if (args.Contains("--save"))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(ModelPath)!);
            mlContext.Model.Save(model, data.Schema, ModelPath);
        }

        if (args.Contains("--torch"))
        {
            // Needs the native libtorch (package TorchSharp-cpu); the build alone needs only TorchSharp.
            TorchRegressor.Train(mlContext.Data.CreateEnumerable<HouseData>(data, reuseRowObject: false).ToList());
            var train = mlContext.Data.CreateEnumerable<HouseData>(split.TrainSet, reuseRowObject: false).ToList();
            var test = mlContext.Data.CreateEnumerable<HouseData>(split.TestSet, reuseRowObject: false).ToList();
            var torchModel = TorchMiniBatchTrainer.Train(TorchData.Features(train), TorchData.Target(train), epochs: 200);
            var testLoss = TorchMiniBatchTrainer.Evaluate(torchModel, TorchData.Features(test), TorchData.Target(test));
            Console.WriteLine($"TorchSharp mini-batch test loss: {testLoss:0.####}");
        }

        if (args.Contains("--serve"))
        {
            PriceApi.Build(args, mlContext, ModelPath).Run();
        }
    }

    public static ITransformer TrainOnAllData(MLContext mlContext, IDataView data)
    {
        var pipeline = mlContext.Transforms.Concatenate("Features", nameof(HouseData.Size), nameof(HouseData.Age))
            .Append(mlContext.Regression.Trainers.FastTree(labelColumnName: nameof(HouseData.Price), numberOfLeaves: 20, learningRate: 0.2));
        var model = pipeline.Fit(data);
        mlContext.Model.Save(model, data.Schema, "house-price-full.zip");
        return model;
    }

    private static void PrintSamplePredictions(MLContext mlContext, ITransformer model, List<HouseData> houses)
    {
        var random = new Random();
        var sample = houses.OrderBy(_ => random.Next()).Take(5);
        var engine = mlContext.Model.CreatePredictionEngine<HouseData, HousePricePrediction>(model);
        foreach (var house in sample)
        {
            var predicted = engine.Predict(house).Price;
            Console.WriteLine($"{house.Size,6:0} m2, {house.Bedrooms} bedrooms: actual {house.Price,10:#,0}  predicted {predicted,10:#,0}");
        }
    }

    public static async Task RefreshDataAsync()
    {
        using var http = new HttpClient();
        var csv = await http.GetStringAsync("https://data.example.org/real-estate/houses.csv");
        await File.WriteAllTextAsync(DataPath, csv);
    }
}
