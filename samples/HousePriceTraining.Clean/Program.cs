using Microsoft.Extensions.Configuration;
using Microsoft.ML;

namespace HousePriceTraining.Clean;

public static class Program
{
    public static int Main(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: false)
            .AddEnvironmentVariables(prefix: "HOUSES_")
            .AddCommandLine(args)
            .Build();
        var options = configuration.GetSection("Training").Get<TrainingOptions>()
            ?? throw new InvalidOperationException("The configuration has no 'Training' section.");

        var trainer = new HousePriceTrainer(options);
        var data = trainer.Load(options.DataPath);

        Console.WriteLine("Training the model...");
        var (model, metrics) = trainer.TrainAndEvaluate(data);
        Console.WriteLine($"Held-out R^2: {metrics.RSquared:0.###}  RMSE: {metrics.RootMeanSquaredError:#,0}");

        PrintSamplePredictions(trainer.Context, model, trainer.Context.Data.CreateEnumerable<HouseData>(data, reuseRowObject: false).ToList(), options.Seed);

        if (args.Contains("--save"))
        {
            var saved = trainer.SaveIfGoodEnough(model, metrics, data.Schema, options.ModelPath);
            Console.WriteLine(saved ? $"Model saved to {options.ModelPath}" : "Model quality below the bar: not saved.");
        }

        if (args.Contains("--torch"))
        {
            // Needs the native libtorch (package TorchSharp-cpu); the build alone needs only TorchSharp.
            var houses = trainer.Context.Data.CreateEnumerable<HouseData>(data, reuseRowObject: false).ToList();
            TorchRegressor.Train(houses, options);
            var split = trainer.Context.Data.TrainTestSplit(data, testFraction: options.TestFraction, seed: options.Seed);
            var train = trainer.Context.Data.CreateEnumerable<HouseData>(split.TrainSet, reuseRowObject: false).ToList();
            var test = trainer.Context.Data.CreateEnumerable<HouseData>(split.TestSet, reuseRowObject: false).ToList();
            var torchModel = TorchMiniBatchTrainer.Train(TorchData.Features(train), TorchData.Target(train), options);
            var testLoss = TorchMiniBatchTrainer.Evaluate(torchModel, TorchData.Features(test), TorchData.Target(test));
            Console.WriteLine($"TorchSharp mini-batch test loss: {testLoss:0.####}");
        }

        if (args.Contains("--serve"))
        {
            PriceApi.Build(args, trainer.Context, options.ModelPath).Run();
        }

        return 0;
    }

    private static void PrintSamplePredictions(MLContext mlContext, ITransformer model, List<HouseData> houses, int seed)
    {
        var random = new Random(seed);
        var sample = houses.OrderBy(_ => random.Next()).Take(5);
        var engine = mlContext.Model.CreatePredictionEngine<HouseData, HousePricePrediction>(model);
        foreach (var house in sample)
        {
            var predicted = engine.Predict(house).Price;
            Console.WriteLine($"{house.Size,6:0} m2, {house.Bedrooms} bedrooms: actual {house.Price,10:#,0}  predicted {predicted,10:#,0}");
        }
    }
}
