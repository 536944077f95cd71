namespace MlNotebooks.Training;

/// <summary>Regression metrics on predictions and targets: rmse, mae and r2 (1 − SSE/SST).</summary>
public static class RegressionMetrics
{
    /// <summary>The metric names, in the order they are shown.</summary>
    public static readonly IReadOnlyList<string> Names = ["rmse", "mae", "r2"];

    /// <summary><c>rmse</c>, <c>mae</c> and <c>r2</c> of <paramref name="predicted"/> against <paramref name="actual"/>.</summary>
    public static IReadOnlyDictionary<string, double> Compute(IReadOnlyList<float> predicted, IReadOnlyList<float> actual)
    {
        if (predicted.Count != actual.Count) throw MlnbException.State($"{predicted.Count} predictions for {actual.Count} targets");
        var n = actual.Count;
        var mean = actual.Average(v => (double)v);
        double sse = 0, sae = 0, sst = 0;
        for (var i = 0; i < n; i++)
        {
            var e = (double)predicted[i] - actual[i];
            sse += e * e;
            sae += Math.Abs(e);
            sst += (actual[i] - mean) * (actual[i] - mean);
        }
        return new Dictionary<string, double> { ["rmse"] = Math.Sqrt(sse / n), ["mae"] = sae / n, ["r2"] = sst > 0 ? 1 - sse / sst : double.NaN };
    }
}
