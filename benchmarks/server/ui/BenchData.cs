using System.Globalization;
using MlNotebooks.Tracking;

namespace MlNotebooks.Benchmarks.ServerUi;

/// <summary>The benchmark's data, written straight to the store (the fill is not what is measured).</summary>
internal static class BenchData
{
    public static async Task<(string Experiment, IReadOnlyList<string> ChartRuns)> FillAsync(Workspace ws, BenchOptions opts)
    {
        var store = ws.TrackingStore;
        var big = await store.CreateExperimentAsync("sweep-10k", null, null);
        var t0 = DateTimeOffset.UtcNow.AddDays(-1);
        for (var i = 0; i < opts.Runs; i++)
        {
            var run = await store.CreateRunAsync(big.ExperimentId, $"trial-{i:D5}", "bench", t0.AddSeconds(i), [new RunTag("sweep", "grid-" + (i % 20).ToString(CultureInfo.InvariantCulture))]);
            var ms = t0.AddSeconds(i).ToUnixTimeMilliseconds();
            await store.LogBatchAsync(run.RunId,
                [new Metric("accuracy", 0.8 + (i % 997) / 5000.0, ms, 10), new Metric("loss", 0.5 - (i % 991) / 4000.0, ms, 10), new Metric("f1", 0.7 + (i % 983) / 4000.0, ms, 10)],
                [new Param("lr", (0.0001 * (1 + i % 50)).ToString(CultureInfo.InvariantCulture)), new Param("batch_size", (16 << (i % 4)).ToString(CultureInfo.InvariantCulture)), new Param("optimizer", i % 3 == 0 ? "sgd" : "adam")],
                []);
        }
        var curves = await store.CreateExperimentAsync("long-curves", null, null);
        var ids = new List<string>();
        for (var r = 0; r < opts.ChartRuns; r++)
        {
            var run = await store.CreateRunAsync(curves.ExperimentId, $"long-{r}", "bench", t0, []);
            var start = t0.ToUnixTimeMilliseconds();
            var batch = new List<Metric>(1000);
            for (var s = 0; s < opts.Points; s++)
            {
                var v = 0.05 + 2.0 / (1 + s / (2000.0 + 500 * r)) + 0.05 * Math.Sin(s / 37.0 + r) + 0.02 * ((s * 7919 + r * 104729) % 1000) / 1000.0;
                batch.Add(new Metric("loss", v, start + s * 50L, s));
                if (batch.Count == 1000)
                {
                    await store.LogBatchAsync(run.RunId, batch, [], []);
                    batch.Clear();
                }
            }
            if (batch.Count > 0) await store.LogBatchAsync(run.RunId, batch, [], []);
            ids.Add(run.RunId);
        }
        return (big.ExperimentId, ids);
    }
}
