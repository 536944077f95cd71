// Server benchmark: the same metric points logged with MLflow's log-batch (1000 points a request) through the
// tracking server on 127.0.0.1 (HttpTrackingStore → TrackingServer → SQLite store), side by side in the same run with
// the same batches written straight to the SQLite store, and with raw prepared SQLite inserts into the same table.
// Prints points/s and the ratios (goal: HTTP at least 0.5x the store).
// Usage: dotnet run -c Release --project benchmarks/server [-- POINTS]
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using MlNotebooks;
using MlNotebooks.Server;
using MlNotebooks.Storage;
using MlNotebooks.Tracking;
using MlNotebooks.Tracking.Http;

var points = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200_000;
const int batch = 1000; // MLflow's MAX_METRICS_PER_BATCH
var dir = Path.Combine(Path.GetTempPath(), "mlnb-bench-server-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(dir);
try
{
    var t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    var rows = Enumerable.Range(0, points).Select(i => new Metric(i % 2 == 0 ? "loss" : "accuracy", 1.0 / (i + 1), t0 + i, i / 2)).ToArray();
    var batches = rows.Chunk(batch).ToArray();

    // Warm up each path on a small run first (JIT, connection pool), then time the full runs, anchor first.
    var raw = await RawSqliteAsync(Path.Combine(dir, "raw.db"), batches);

    await using var direct = await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = "sqlite:///" + Path.Combine(dir, "direct.db"), ContentRoot = Path.Combine(dir, "c1"), Environment = _ => null });
    var store = await TimeAsync(direct.TrackingStore, batches);

    await using var served = await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = "sqlite:///" + Path.Combine(dir, "served.db"), ContentRoot = Path.Combine(dir, "c2"), Environment = _ => null });
    await using var server = await TrackingServer.StartAsync(served, new ServerOptions { Port = 0 });
    await using var http = new HttpTrackingStore(server.BaseAddress, new ContentStore(Path.Combine(dir, "c3")));
    var overHttp = await TimeAsync(http, batches);

    // Four clients at once, each its own run, through the same server.
    var clients = 4;
    var sw = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
    {
        await using var c = new HttpTrackingStore(server.BaseAddress, new ContentStore(Path.Combine(dir, "c4")));
        var exp = await c.GetExperimentAsync("0") ?? throw new InvalidOperationException("no Default experiment");
        var run = await c.CreateRunAsync(exp.ExperimentId, "bench-parallel", "bench", DateTimeOffset.UtcNow, []);
        foreach (var b in batches.Take(batches.Length / clients)) await c.LogBatchAsync(run.RunId, b, [], []);
    }));
    var parallel = batches.Take(batches.Length / clients).Sum(b => b.Length) * clients / sw.Elapsed.TotalSeconds;

    Console.WriteLine($"server benchmark: {points:N0} metric points in batches of {batch} (MLflow's log-batch limit), one SQLite store each");
    Console.WriteLine($"  raw SQLite inserts (anchor)     {raw,12:N0} points/s");
    Console.WriteLine($"  store, straight (SqlTrackingStore) {store,9:N0} points/s   {store / raw:0.00}x raw");
    Console.WriteLine($"  log-batch over HTTP (1 client)  {overHttp,12:N0} points/s   {overHttp / store:0.00}x the store (goal >= 0.5x), {overHttp / raw:0.00}x raw");
    Console.WriteLine($"  log-batch over HTTP ({clients} clients) {parallel,11:N0} points/s   {parallel / store:0.00}x the store");
}
finally
{
    SqliteConnection.ClearAllPools();
    try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
}

static async Task<double> TimeAsync(ITrackingStore s, Metric[][] batches)
{
    var exp = await s.GetExperimentAsync("0") ?? throw new InvalidOperationException("no Default experiment");
    var warm = await s.CreateRunAsync(exp.ExperimentId, "warm-up", "bench", DateTimeOffset.UtcNow, []);
    foreach (var b in batches.Take(5)) await s.LogBatchAsync(warm.RunId, b, [], []);
    var run = await s.CreateRunAsync(exp.ExperimentId, "bench", "bench", DateTimeOffset.UtcNow, []);
    var sw = Stopwatch.StartNew();
    foreach (var b in batches) await s.LogBatchAsync(run.RunId, b, [], []);
    var seconds = sw.Elapsed.TotalSeconds;
    var stored = (await s.GetMetricHistoryAsync(run.RunId, "loss")).Count + (await s.GetMetricHistoryAsync(run.RunId, "accuracy")).Count;
    if (stored != batches.Sum(b => b.Length)) throw new InvalidOperationException($"{stored} points stored, {batches.Sum(b => b.Length)} logged");
    return stored / seconds;
}

// Same table and indexes as the store (migration tracking-002), prepared statement, one transaction per batch.
static async Task<double> RawSqliteAsync(string path, Metric[][] batches)
{
    await using var c = new SqliteConnection($"Data Source={path}");
    await c.OpenAsync();
    await using (var setup = c.CreateCommand())
    {
        setup.CommandText = """
            PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
            CREATE TABLE metrics (run_uuid TEXT NOT NULL, key TEXT NOT NULL, value REAL NOT NULL, timestamp BIGINT NOT NULL, step BIGINT NOT NULL, is_nan INTEGER NOT NULL);
            CREATE UNIQUE INDEX metrics_point ON metrics (run_uuid, key, step, timestamp, value, is_nan);
            """;
        await setup.ExecuteNonQueryAsync();
    }
    var runId = Guid.NewGuid().ToString("N");
    var sw = Stopwatch.StartNew();
    var n = 0;
    foreach (var b in batches)
    {
        await using var tx = c.BeginTransaction();
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT INTO metrics (run_uuid, key, value, timestamp, step, is_nan) VALUES (@r, @k, @v, @t, @s, 0) ON CONFLICT DO NOTHING";
        cmd.Parameters.AddWithValue("@r", runId);
        var k = cmd.Parameters.Add("@k", SqliteType.Text);
        var v = cmd.Parameters.Add("@v", SqliteType.Real);
        var t = cmd.Parameters.Add("@t", SqliteType.Integer);
        var s = cmd.Parameters.Add("@s", SqliteType.Integer);
        cmd.Prepare();
        foreach (var m in b)
        {
            k.Value = m.Key; v.Value = m.Value; t.Value = m.Timestamp; s.Value = m.Step;
            await cmd.ExecuteNonQueryAsync();
            n++;
        }
        await tx.CommitAsync();
    }
    return n / sw.Elapsed.TotalSeconds;
}
