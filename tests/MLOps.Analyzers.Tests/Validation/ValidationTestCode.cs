namespace MLOps.Analyzers.Tests.Validation;

/// <summary>Shared usings and data classes for the validation tests, in the shape of dotnet/machinelearning-samples.</summary>
internal static class ValidationTestCode
{
    public const string Prelude = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using Microsoft.ML;
        using Microsoft.ML.Data;
        using Microsoft.ML.Trainers;

        public sealed class SentimentIssue
        {
            [LoadColumn(0)] public bool Label { get; set; }
            [LoadColumn(2)] public string Text { get; set; }
        }

        public sealed class SentimentPrediction
        {
            [ColumnName("PredictedLabel")] public bool Prediction { get; set; }
            public float Probability { get; set; }
            public float Score { get; set; }
        }

        public sealed class TaxiTrip
        {
            [LoadColumn(0)] public string VendorId;
            [LoadColumn(2)] public float PassengerCount;
            [LoadColumn(4)] public float TripDistance;
            [LoadColumn(6)] public float FareAmount;
        }

        public sealed class TaxiTripFarePrediction
        {
            [ColumnName("Score")] public float FareAmount;
        }

        public sealed class IrisData
        {
            [LoadColumn(0)] public float SepalLength;
            [LoadColumn(1)] public float SepalWidth;
            [LoadColumn(2)] public float PetalLength;
            [LoadColumn(3)] public float PetalWidth;
            [LoadColumn(4)] public string Label;
        }

        """;
}
