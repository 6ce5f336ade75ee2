using Microsoft.AspNetCore.Builder;
using Microsoft.ML;

namespace HousePriceTraining.Clean;

/// <summary>
/// The model behind a small HTTP API with the serving debt paid off: the model is loaded once at start-up, and each
/// thread that serves requests gets its own prediction engine (a PredictionEngine is not thread-safe; in a larger
/// service, PredictionEnginePool from Microsoft.Extensions.ML does the same).
/// </summary>
public static class PriceApi
{
    public static WebApplication Build(string[] args, MLContext mlContext, string modelPath)
    {
        var app = WebApplication.CreateBuilder(args).Build();

        var model = mlContext.Model.Load(modelPath, out _);
        var engines = new ThreadLocal<PredictionEngine<HouseData, HousePricePrediction>>(
            () => mlContext.Model.CreatePredictionEngine<HouseData, HousePricePrediction>(model));
        app.MapPost("/price", (HouseData house) => engines.Value!.Predict(house).Price);

        return app;
    }
}
