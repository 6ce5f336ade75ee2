using Microsoft.AspNetCore.Builder;
using Microsoft.ML;

namespace HousePriceTraining;

/// <summary>
/// The model behind a small HTTP API, written the way many serving samples are: one prediction engine (not
/// thread-safe) shared by every request, and a second endpoint that loads the model again for each request.
/// </summary>
public static class PriceApi
{
    public static WebApplication Build(string[] args, MLContext mlContext, string modelPath)
    {
        var app = WebApplication.CreateBuilder(args).Build();

        var model = mlContext.Model.Load(modelPath, out _);
        var engine = mlContext.Model.CreatePredictionEngine<HouseData, HousePricePrediction>(model);
        app.MapPost("/price", (HouseData house) => engine.Predict(house).Price);

        app.MapPost("/price/fresh", (HouseData house) =>
        {
            var reloaded = mlContext.Model.Load(modelPath, out _);
            return mlContext.Model.CreatePredictionEngine<HouseData, HousePricePrediction>(reloaded).Predict(house).Price;
        });

        return app;
    }
}
