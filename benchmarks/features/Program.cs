using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using DuckDB.NET.Data;
using MlNotebooks.Features;
using MlNotebooks.Features.Server;

// Feature store benchmark: one run, side by side with the anchors, ratios printed.
var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
const int keys = 100_000;
const int ttlSeconds = 3 * 86400;
var dir = Path.Combine(Path.GetTempPath(), "mlnb-features-bench-" + Environment.ProcessId);
Directory.CreateDirectory(dir);
string P(string f) => Path.Combine(dir, f);
Console.WriteLine($"Point-in-time join: {rows:N0} entity rows x {rows:N0} feature rows, {keys:N0} keys, ttl {ttlSeconds / 86400} d, best of {rounds}; {Environment.ProcessorCount} cores");

using (var c = new DuckDBConnection("DataSource=:memory:"))
{
    c.Open();
    Exec(c, $"SELECT setseed(0.42)");
    Exec(c, $"""
        COPY (SELECT (random() * {keys})::BIGINT AS driver_id, TIMESTAMP '2024-01-01' + to_seconds((random() * 30 * 86400)::BIGINT) AS event_timestamp,
                     round(random() * 100, 3) AS value FROM range({rows})) TO '{P("features.parquet")}' (FORMAT parquet)
        """);
    Exec(c, $"""
        COPY (SELECT (random() * {keys * 1.05})::BIGINT AS driver_id, TIMESTAMP '2024-01-01' + to_seconds((random() * 31 * 86400)::BIGINT) AS event_timestamp
              FROM range({rows})) TO '{P("entities.parquet")}' (FORMAT parquet)
        """);
    Exec(c, $"COPY (SELECT * FROM '{P("features.parquet")}') TO '{P("features.csv")}' (FORMAT csv, HEADER true)");
    Exec(c, $"COPY (SELECT * FROM '{P("entities.parquet")}') TO '{P("entities.csv")}' (FORMAT csv, HEADER true)");
}

var repo = new FeatureRepo("bench", [new Entity("driver", ["driver_id"])], [new FileSource("s", P("features.parquet"))],
    [new FeatureView("v", ["driver"], [new Field("value", FeatureType.Float64)], TimeSpan.FromSeconds(ttlSeconds), "s")]);
using var store = new FeatureStore(repo, dir, new FeatureStoreOptions { StateDirectory = P("state") });

// The hand-written query a DuckDB user would write for the same answer: ASOF LEFT JOIN + the ttl, in entity order
// (it leaves ties on event time to chance; ours breaks them by created timestamp, then file order, as Feast does).
var handSql = $"""
    COPY (SELECT e.driver_id, e.event_timestamp, CASE WHEN f.event_timestamp >= e.event_timestamp - INTERVAL {ttlSeconds} SECOND THEN f.value END AS value
          FROM read_parquet('{P("entities.parquet")}', file_row_number = true) e
          ASOF LEFT JOIN read_parquet('{P("features.parquet")}') f ON e.driver_id = f.driver_id AND e.event_timestamp >= f.event_timestamp
          ORDER BY e.file_row_number) TO '{P("hand.parquet")}' (FORMAT parquet)
    """;
// Rounds alternate (ours, hand, ours, hand, ...) so a busy machine slows both alike; the best of each is kept.
TimeSpan ours = TimeSpan.MaxValue, hand = TimeSpan.MaxValue;
for (var round = 0; round < rounds; round++)
{
    ours = Min(ours, Best(1, () =>
    {
        using var job = store.GetHistoricalFeatures(P("entities.parquet"), ["v:value"]);
        job.ToParquet(P("ours.parquet"));
    }));
    hand = Min(hand, Best(1, () =>
    {
        using var c = new DuckDBConnection("DataSource=:memory:");
        c.Open();
        Exec(c, handSql);
    }));
}
long oursMatched, handMatched;
using (var c = new DuckDBConnection("DataSource=:memory:"))
{
    c.Open();
    oursMatched = Scalar(c, $"SELECT count(value) FROM '{P("ours.parquet")}'");
    handMatched = Scalar(c, $"SELECT count(value) FROM '{P("hand.parquet")}'");
}

var py = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "merge_asof_bench.py"), P("entities.csv"), P("features.csv"), ttlSeconds.ToString(CultureInfo.InvariantCulture), rounds.ToString(CultureInfo.InvariantCulture) })
    py.ArgumentList.Add(a);
using var proc = Process.Start(py)!;
var pyErr = proc.StandardError.ReadToEndAsync();
var pyOut = proc.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
proc.WaitForExit();
if (proc.ExitCode != 0) throw new InvalidOperationException("merge_asof_bench.py failed: " + pyErr.Result);
var pandas = TimeSpan.FromSeconds(double.Parse(pyOut[0], CultureInfo.InvariantCulture));
var pandasMatched = long.Parse(pyOut[1], CultureInfo.InvariantCulture);

Console.WriteLine($"  ours (features.yaml semantics, Parquet -> Parquet)      {ours.TotalSeconds,7:F3} s   {oursMatched:N0} values");
Console.WriteLine($"  hand-written DuckDB ASOF query (same files, same output) {hand.TotalSeconds,7:F3} s   {handMatched:N0} values   ours/hand = {ours / hand:F2}x (goal <= 1.2)");
Console.WriteLine($"  pandas.merge_asof (in memory, load not timed)           {pandas.TotalSeconds,7:F3} s   {pandasMatched:N0} values   pandas/ours = {pandas / ours:F2}x (goal >= 5)");
if (oursMatched != pandasMatched) Console.WriteLine($"  WARNING: ours and pandas differ in matched values ({oursMatched} vs {pandasMatched}): ties on event time are broken differently");

// Online: materialize every key, then single-entity lookups (the serving path).
var mat = Stopwatch.StartNew();
var written = store.Materialize(DateTimeOffset.UnixEpoch, new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero));
Console.WriteLine($"Materialize: {written["v"]:N0} entities into SQLite in {mat.Elapsed.TotalSeconds:F2} s");
var rng = new Random(1);
const int lookups = 20_000;
var inProc = new double[lookups];
for (var i = 0; i < 2000; i++) store.GetOnlineFeatures(["v:value"], new Dictionary<string, IReadOnlyList<object?>> { ["driver_id"] = [(long)rng.Next(keys)] });
for (var i = 0; i < lookups; i++)
{
    var sw = Stopwatch.StartNew();
    store.GetOnlineFeatures(["v:value"], new Dictionary<string, IReadOnlyList<object?>> { ["driver_id"] = [(long)rng.Next(keys)] });
    inProc[i] = sw.Elapsed.TotalMilliseconds;
}
await using (var server = await FeatureServer.StartAsync(store, "127.0.0.1", 0))
using (var http = new HttpClient { BaseAddress = server.Address })
{
    const int requests = 5_000;
    var overHttp = new double[requests];
    for (var i = 0; i < 500; i++) await Post(http, rng.Next(keys));
    for (var i = 0; i < requests; i++)
    {
        var sw = Stopwatch.StartNew();
        await Post(http, rng.Next(keys));
        overHttp[i] = sw.Elapsed.TotalMilliseconds;
    }
    Console.WriteLine($"Online lookup, 1 entity x 1 feature, SQLite:  in-process p50 {Pct(inProc, 50):F3} ms  p99 {Pct(inProc, 99):F3} ms (goal p99 < 1 ms)   " +
        $"over HTTP (keep-alive, sequential) p50 {Pct(overHttp, 50):F3} ms  p99 {Pct(overHttp, 99):F3} ms");
}
Directory.Delete(dir, recursive: true);

static async Task Post(HttpClient http, int key)
{
    using var r = await http.PostAsJsonAsync("get-online-features", new { features = new[] { "v:value" }, entities = new Dictionary<string, int[]> { ["driver_id"] = [key] } });
    r.EnsureSuccessStatusCode();
    await r.Content.ReadAsByteArrayAsync();
}

static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

static double Pct(double[] xs, double p)
{
    var s = xs.Order().ToArray();
    return s[Math.Min(s.Length - 1, (int)(p / 100 * s.Length))];
}

static TimeSpan Best(int rounds, Action run)
{
    var best = TimeSpan.MaxValue;
    for (var i = 0; i < rounds; i++)
    {
        var sw = Stopwatch.StartNew();
        run();
        if (sw.Elapsed < best) best = sw.Elapsed;
    }
    return best;
}

static void Exec(DuckDBConnection c, string sql)
{
    using var cmd = c.CreateCommand();
    cmd.CommandText = sql;
    cmd.ExecuteNonQuery();
}

static long Scalar(DuckDBConnection c, string sql)
{
    using var cmd = c.CreateCommand();
    cmd.CommandText = sql;
    return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
}
