// Tracking benchmark: 1M metric points through LogBatch and the buffered logger, side by side with raw prepared
// SQLite inserts of the same rows into the same table, in the same run. Prints rows/s and the ratios.
// Usage: dotnet run -c Release --project benchmarks/tracking [-- POINTS]
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using MlNotebooks;
using MlNotebooks.Tracking;

var points = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
const int batch = 5000;
var dir = Path.Combine(Path.GetTempPath(), "mlnb-bench-tracking-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(dir);
try
{
    var t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    var rows = Enumerable.Range(0, points).Select(i => new Metric(i % 2 == 0 ? "loss" : "accuracy", 1.0 / (i + 1), t0 + i, i / 2)).ToArray();

    // Anchor: raw SQLite, same table definition and index, prepared statement, one transaction per batch.
    var rawDb = Path.Combine(dir, "raw.db");
    double rawSeconds;
    await using (var c = new SqliteConnection($"Data Source={rawDb}"))
    {
        await c.OpenAsync();
        await using (var setup = c.CreateCommand())
        {
            setup.CommandText = """
                PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
                CREATE TABLE metrics (run_uuid TEXT NOT NULL, key TEXT NOT NULL, value REAL NOT NULL, timestamp BIGINT NOT NULL, step BIGINT NOT NULL, is_nan INTEGER NOT NULL);
                CREATE INDEX metrics_history ON metrics (run_uuid, key, step);
                """;
            await setup.ExecuteNonQueryAsync();
        }
        var runId = Guid.NewGuid().ToString("N");
        var sw = Stopwatch.StartNew();
        for (var start = 0; start < rows.Length; start += batch)
        {
            await using var tx = c.BeginTransaction();
            await using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT INTO metrics (run_uuid, key, value, timestamp, step, is_nan) VALUES (@r, @k, @v, @t, @s, 0)";
            cmd.Parameters.AddWithValue("@r", runId);
            var k = cmd.Parameters.Add("@k", SqliteType.Text);
            var v = cmd.Parameters.Add("@v", SqliteType.Real);
            var t = cmd.Parameters.Add("@t", SqliteType.Integer);
            var s = cmd.Parameters.Add("@s", SqliteType.Integer);
            cmd.Prepare();
            for (var i = start; i < Math.Min(start + batch, rows.Length); i++)
            {
                k.Value = rows[i].Key; v.Value = rows[i].Value; t.Value = rows[i].Timestamp; s.Value = rows[i].Step;
                await cmd.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
        }
        rawSeconds = sw.Elapsed.TotalSeconds;
    }

    await using var ws = await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = "sqlite:///" + Path.Combine(dir, "mlnb.db"), ContentRoot = Path.Combine(dir, "cache"), Environment = _ => null });

    // Ours 1: LogBatch, the store primitive, same batch size.
    var run1 = await ws.Tracking.CreateRunAsync("bench", "logbatch");
    var sw1 = Stopwatch.StartNew();
    for (var start = 0; start < rows.Length; start += batch)
        await ws.Tracking.LogBatchAsync(run1.RunId, rows[start..Math.Min(start + batch, rows.Length)]);
    var batchSeconds = sw1.Elapsed.TotalSeconds;

    // Ours 2: the buffered logger a training loop uses: LogMetric per point, flushed on dispose.
    var run2 = await ws.Tracking.CreateRunAsync("bench", "buffered");
    var sw2 = Stopwatch.StartNew();
    double enqueueSeconds;
    await using (var logger = new BufferedRunLogger(ws.TrackingStore, run2.RunId, new BufferedLoggerOptions { MaxBatchSize = batch }))
    {
        foreach (var m in rows) logger.LogMetric(m.Key, m.Value, m.Step, m.Timestamp);
        enqueueSeconds = sw2.Elapsed.TotalSeconds;
    }
    var bufferedSeconds = sw2.Elapsed.TotalSeconds;

    // Contrast: one LogMetric call (one transaction) per point, on a sample.
    var sample = Math.Min(2000, points);
    var run3 = await ws.Tracking.CreateRunAsync("bench", "per-call");
    var sw3 = Stopwatch.StartNew();
    for (var i = 0; i < sample; i++) await ws.Tracking.LogMetricAsync(run3.RunId, "loss", rows[i].Value, i);
    var perCallSeconds = sw3.Elapsed.TotalSeconds;

    var stored1 = (await ws.Tracking.GetMetricHistoryAsync(run1.RunId, "loss")).Count + (await ws.Tracking.GetMetricHistoryAsync(run1.RunId, "accuracy")).Count;
    var stored2 = (await ws.Tracking.GetMetricHistoryAsync(run2.RunId, "loss")).Count + (await ws.Tracking.GetMetricHistoryAsync(run2.RunId, "accuracy")).Count;
    if (stored1 != points || stored2 != points) throw new InvalidOperationException($"lost rows: LogBatch stored {stored1}, buffered stored {stored2}, expected {points}");

    double Rate(double seconds, int n) => n / seconds;
    Console.WriteLine($"tracking benchmark: {points:N0} metric points, batches of {batch}, SQLite WAL, {Environment.ProcessorCount} cores");
    Console.WriteLine($"{"path",-34} {"seconds",8} {"rows/s",12} {"vs raw",7}");
    Console.WriteLine($"{"raw SQLite prepared inserts",-34} {rawSeconds,8:F2} {Rate(rawSeconds, points),12:N0} {1.0,7:F2}");
    Console.WriteLine($"{"mlnb LogBatch",-34} {batchSeconds,8:F2} {Rate(batchSeconds, points),12:N0} {rawSeconds / batchSeconds,7:F2}");
    Console.WriteLine($"{"mlnb buffered logger (to flushed)",-34} {bufferedSeconds,8:F2} {Rate(bufferedSeconds, points),12:N0} {rawSeconds / bufferedSeconds,7:F2}");
    Console.WriteLine($"{"  of which LogMetric calls return",-34} {enqueueSeconds,8:F2} {Rate(enqueueSeconds, points),12:N0}");
    Console.WriteLine($"{"mlnb LogMetric per call (sample)",-34} {perCallSeconds,8:F2} {Rate(perCallSeconds, sample),12:N0} {Rate(perCallSeconds, sample) / Rate(rawSeconds, points),7:F4}");
    Console.WriteLine($"ratio LogBatch/raw = {rawSeconds / batchSeconds:F2}x, buffered/raw = {rawSeconds / bufferedSeconds:F2}x (target >= 0.7x); all {points:N0} rows verified stored");
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(dir, recursive: true);
}
