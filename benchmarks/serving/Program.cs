// Serving benchmark (not a test): the breast-cancer model behind the OIP v2 endpoint, a trivial JSON endpoint of the
// same server, and in-process ONNX Runtime calls, measured in one run; then a hot swap under load.
// Usage: dotnet run -c Release -- [--duration SECONDS] [--connections N] [--warmup SECONDS] [--recording [--rounds N]] | --export DIR
// --recording: req/s with request recording (mlnb serve --record-rate 1.0 and 0.1) against the same server without it.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MlNotebooks;
using MlNotebooks.Registry;
using MlNotebooks.Serving.Hosting;
using MlNotebooks.Serving.Runtime;
using MlNotebooks.Serving.Tests.Support;

var duration = Arg("--duration", 10);
var connections = Arg("--connections", 50);
var warmup = Arg("--warmup", 4);
var csv = Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv");
var export = Array.IndexOf(args, "--export") is var e and >= 0 ? args[e + 1] : null;
if (export is not null)
{
    // For the README walk-through: a trained model folder ready for `mlnb artifacts log`.
    var auc = BreastCancerOnnx.Train(csv, Path.Combine(export, "model.onnx"));
    await File.WriteAllTextAsync(Path.Combine(export, "signature.json"), PackageJson.ToJson(new ModelSignature(
        [new TensorSpec("Features", "FP32", [-1, 30], BreastCancerOnnx.FeatureNames)],
        [new TensorSpec("PredictedLabel.output", "BOOL", [-1, 1]), new TensorSpec("Probability.output", "FP32", [-1, 1])])).ToJsonString());
    Console.WriteLine(auc.ToString("0.0000", CultureInfo.InvariantCulture));
    return 0;
}
if (Process.Start(new ProcessStartInfo("wrk", "--version") { RedirectStandardOutput = true, RedirectStandardError = true }) is not { } probe)
    throw new InvalidOperationException("wrk is not installed; run scripts/ensure-deps.sh (Debian package wrk)");
await probe.WaitForExitAsync();

var dir = Directory.CreateTempSubdirectory("mlnb-bench-serving-").FullName;
try
{
    Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformationText()}; wrk -t2 -c{connections} -d{duration}s on 127.0.0.1");
    await using var ws = await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = "sqlite:///" + Path.Combine(dir, "mlnb.db"), ContentRoot = Path.Combine(dir, "cache"), StartDirectory = dir, Environment = _ => null });
    var v1 = await RegisterAsync(ws, Path.Combine(dir, "a", "model.onnx"), 30);
    var v2 = await RegisterAsync(ws, Path.Combine(dir, "b", "model.onnx"), 3);
    await ws.Registry.PromoteAsync("breast-cancer", v1.Version, "production");
    var row = BreastCancerOnnx.Load(csv).X[0];
    var body = "{\"inputs\":[{\"name\":\"Features\",\"shape\":[1,30],\"datatype\":\"FP32\",\"data\":[" + string.Join(",", row.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]}]}";

    var log = new List<string>();
    await using var server = await ModelServer.StartAsync(ws, new ModelServerOptions
    {
        Models = ["models:/breast-cancer@production"], Port = 0, AliasPollInterval = TimeSpan.FromMilliseconds(200), Log = l => { lock (log) log.Add(l); },
    });
    var infer = new Uri(server.BaseAddress, "v2/models/breast-cancer/infer");
    var trivial = new Uri(server.BaseAddress, "v2/health/live");
    var lua = Path.Combine(dir, "post.lua");
    await File.WriteAllTextAsync(lua, "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = [[" + body + "]]\n");

    if (args.Contains("--recording")) return await RecordingCostAsync(ws, infer, lua, dir, duration, warmup, connections);

    // Warm-up of both paths: tiered JIT (with PGO) was still compiling for seconds after a 2 s warm-up (perf: 20% of the
    // server's CPU in libclrjit 3-7 s after start, under 1% after 15 s), which is start-up cost, not serving cost.
    for (var w = 0; w < 2; w++)
    {
        await Wrk(trivial, null, warmup, connections);
        await Wrk(infer, lua, warmup, connections);
    }
    var t = await Wrk(trivial, null, duration, connections);
    var i = await Wrk(infer, lua, duration, connections);
    var ort = InProcess(ws.Registry, v1, row, duration);

    Console.WriteLine();
    Console.WriteLine("| what | req/s | p50 ms | p99 ms | non-2xx + socket errors | server CPU µs/request |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|");
    Console.WriteLine(Line("trivial JSON endpoint (GET /v2/health/live)", t));
    Console.WriteLine(Line("OIP v2 infer, breast-cancer (POST, 1 row)", i));
    Console.WriteLine($"| in-process ONNX Runtime Run, 1 thread | {ort.PerSecond:N0} | {ort.P50:0.000} | {ort.P99:0.000} | 0 | {1e6 / ort.PerSecond:0.0} |");
    Console.WriteLine();
    var ratio = i.PerSecond / t.PerSecond;
    Console.WriteLine($"infer / trivial req/s = {ratio:0.00} (target >= 0.6: {(ratio >= 0.6 ? "met" : "NOT met")})");
    Console.WriteLine($"infer p99 at {connections} connections = {i.P99:0.00} ms (target < 5 ms: {(i.P99 < 5 ? "met" : "NOT met")})");
    Console.WriteLine($"HTTP infer / in-process ORT calls/s = {i.PerSecond / ort.PerSecond:0.00}");
    Console.WriteLine($"server CPU per request: infer / trivial = {i.CpuUs / t.CpuUs:0.00} (the req/s ratio's steadier twin: 1 / this is the ratio a server with the cores to itself would reach)");

    // Hot swap under load: the alias flips between two versions every second while wrk runs.
    using var stop = new CancellationTokenSource();
    var swaps = 0;
    var flipper = Task.Run(async () =>
    {
        var next = v2.Version;
        while (!stop.IsCancellationRequested)
        {
            try { await Task.Delay(1000, stop.Token); } catch (OperationCanceledException) { break; }
            await ws.Registry.PromoteAsync("breast-cancer", next, "production", "benchmark hot swap");
            swaps++;
            next = next == v1.Version ? v2.Version : v1.Version;
        }
    });
    var swap = await Wrk(infer, lua, duration, connections);
    await stop.CancelAsync();
    await flipper;
    await Task.Delay(500);
    int swapped;
    lock (log) swapped = log.Count(l => l.Contains("now serving version", StringComparison.Ordinal));
    Console.WriteLine();
    Console.WriteLine($"hot swap under load: {swaps} alias moves, {swapped} swaps done by the server, {swap.Requests:N0} requests, {swap.Failed} failed (target 0), p99 {swap.P99:0.00} ms");
    return swap.Failed == 0 ? 0 : 1;
}
finally
{
    try { Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
}

// Recording on (every request, the worst case) against off: two servers of the same model in this process, measured in
// alternating rounds so that the shared machine's load falls on both alike; prints each round, the medians and ratios.
static async Task<int> RecordingCostAsync(Workspace ws, Uri off, string lua, string dir, int duration, int warmup, int connections)
{
    var log = new List<string>();
    ModelServerOptions Recording(double rate, string name) => new()
    {
        Models = ["models:/breast-cancer@production"], Port = 0, Log = l => { lock (log) log.Add(l); },
        Recording = new RecordingOptions { Directory = Path.Combine(dir, name), Rate = rate, Window = TimeSpan.FromMinutes(1) },
    };
    await using var all = await ModelServer.StartAsync(ws, Recording(1.0, "all"));
    await using var tenth = await ModelServer.StartAsync(ws, Recording(0.1, "tenth"));
    Uri[] urls = [off, new Uri(all.BaseAddress, "v2/models/breast-cancer/infer"), new Uri(tenth.BaseAddress, "v2/models/breast-cancer/infer")];
    for (var w = 0; w < 2; w++) foreach (var u in urls) await Wrk(u, lua, warmup, connections);
    var results = urls.Select(_ => new List<Result>()).ToArray();
    Console.WriteLine();
    Console.WriteLine("| round | recording off req/s | rate 1.0 req/s | rate 0.1 req/s | off CPU µs/req | rate 1.0 | rate 0.1 |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
    var rounds = Math.Max(3, Array.IndexOf(Environment.GetCommandLineArgs(), "--rounds") is var ri and >= 0 ? int.Parse(Environment.GetCommandLineArgs()[ri + 1], CultureInfo.InvariantCulture) : 3);
    Console.WriteLine($"machine load average at the start (1, 5, 15 min): {LoadAverage()}; {Environment.ProcessorCount} cores; {rounds} rounds of {duration} s per server, alternating");
    for (var r = 1; r <= rounds; r++)
    {
        for (var k = 0; k < urls.Length; k++) results[k].Add(await Wrk(urls[k], lua, duration, connections));
        var (a, b, c) = (results[0][^1], results[1][^1], results[2][^1]);
        Console.WriteLine($"| {r} | {a.PerSecond:N0} | {b.PerSecond:N0} | {c.PerSecond:N0} | {a.CpuUs:0.0} | {b.CpuUs:0.0} | {c.CpuUs:0.0} |");
    }
    static double Median(IEnumerable<double> xs)
    {
        var sorted = xs.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
    Console.WriteLine();
    Console.WriteLine($"machine load average at the end (1, 5, 15 min): {LoadAverage()}");
    Console.WriteLine();
    foreach (var (k, name) in new[] { (1, "rate 1.0"), (2, "rate 0.1") })
    {
        var ratio = Median(results[k].Select(x => x.PerSecond)) / Median(results[0].Select(x => x.PerSecond));
        var cpu = Median(results[k].Select(x => x.CpuUs)) / Median(results[0].Select(x => x.CpuUs));
        Console.WriteLine($"recording {name}: median req/s on / off = {ratio:0.000} ({(1 - ratio) * 100:0.0}% fewer; target under 5%: {(ratio > 0.95 ? "met" : "NOT met")}); median server CPU per request on / off = {cpu:0.000}");
    }
    foreach (var (server, name) in new[] { (all, "rate 1.0"), (tenth, "rate 0.1") })
    {
        var metrics = await new HttpClient().GetStringAsync(new Uri(server.BaseAddress, "metrics"));
        string Count(string metric) => Regex.Matches(metrics, "^" + Regex.Escape(metric) + @"\{[^}]*\} (\S+)$", RegexOptions.Multiline).Sum(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToString("N0", CultureInfo.InvariantCulture);
        Console.WriteLine($"{name}: rows recorded {Count("mlnb_recording_rows_total")}, dropped {Count("mlnb_recording_dropped_total")}");
    }
    var failed = results.Sum(l => l.Sum(x => x.Failed));
    Console.WriteLine($"failed requests {failed}");
    return failed == 0 ? 0 : 1;
}

int Arg(string name, int fallback) => Array.IndexOf(args, name) is var k and >= 0 && k + 1 < args.Length ? int.Parse(args[k + 1], CultureInfo.InvariantCulture) : fallback;

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

static async Task<ModelVersion> RegisterAsync(Workspace ws, string onnx, int iterations)
{
    var auc = BreastCancerOnnx.Train(Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv"), onnx, iterations: iterations);
    var run = await ws.Tracking.CreateRunAsync("serving-benchmark");
    await ws.Tracking.LogMetricAsync(run.RunId, "auc", auc);
    await ws.Tracking.LogArtifactAsync(run.RunId, onnx, "model");
    await ws.Tracking.LogArtifactBytesAsync(run.RunId, "model/signature.json", Encoding.UTF8.GetBytes(PackageJson.ToJson(new ModelSignature(
        [new TensorSpec("Features", "FP32", [-1, 30], BreastCancerOnnx.FeatureNames)],
        [new TensorSpec("PredictedLabel.output", "BOOL", [-1, 1]), new TensorSpec("Probability.output", "FP32", [-1, 1])])).ToJsonString()));
    await ws.Tracking.EndRunAsync(run.RunId);
    return await ws.Registry.RegisterAsync(run.RunId, "model", "breast-cancer");
}

static async Task<Result> Wrk(Uri url, string? script, int seconds, int connections)
{
    var args = $"-t2 -c{connections} -d{seconds}s --latency " + (script is null ? "" : $"-s {script} ") + url;
    var psi = new ProcessStartInfo("wrk", args) { RedirectStandardOutput = true, RedirectStandardError = true };
    // The server runs in this process: its CPU time per request is steadier than req/s on a shared machine.
    var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
    using var p = Process.Start(psi)!;
    var output = await p.StandardOutput.ReadToEndAsync();
    await p.WaitForExitAsync();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
    double Ms(string pct)
    {
        var m = Regex.Match(output, $@"^\s+{pct}%\s+([0-9.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        if (!m.Success) return double.NaN;
        var v = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch { "us" => v / 1000, "s" => v * 1000, _ => v };
    }
    var rps = double.Parse(Regex.Match(output, @"Requests/sec:\s+([0-9.]+)").Groups[1].Value, CultureInfo.InvariantCulture);
    var requests = long.Parse(Regex.Match(output, @"(\d+) requests in").Groups[1].Value, CultureInfo.InvariantCulture);
    var non2xx = Regex.Match(output, @"Non-2xx or 3xx responses: (\d+)") is { Success: true } n ? long.Parse(n.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    var socket = Regex.Match(output, @"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)") is { Success: true } s
        ? Enumerable.Range(1, 4).Sum(k => long.Parse(s.Groups[k].Value, CultureInfo.InvariantCulture)) : 0;
    return new Result(rps, Ms("50"), Ms("99"), requests, non2xx + socket, cpu.TotalMicroseconds / Math.Max(1, requests));
}

static Result InProcess(RegistryClient registry, ModelVersion version, float[] row, int seconds)
{
    using var model = OnnxModel.LoadAsync(registry, version).GetAwaiter().GetResult();
    var input = new[] { new Tensor("Features", "FP32", [1, 30], row) };
    string[] outputs = ["PredictedLabel.output", "Probability.output"];
    for (var k = 0; k < 2000; k++) model.Run(input, outputs);
    var samples = new List<double>(1 << 20);
    var total = Stopwatch.StartNew();
    while (total.Elapsed.TotalSeconds < seconds)
    {
        var t0 = Stopwatch.GetTimestamp();
        model.Run(input, outputs);
        samples.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
    }
    samples.Sort();
    return new Result(samples.Count / total.Elapsed.TotalSeconds, samples[samples.Count / 2], samples[(int)(samples.Count * 0.99)], samples.Count, 0);
}

static string Line(string what, Result r) => $"| {what} | {r.PerSecond:N0} | {r.P50:0.000} | {r.P99:0.000} | {r.Failed} | {r.CpuUs:0.0} |";

internal sealed record Result(double PerSecond, double P50, double P99, long Requests, long Failed, double CpuUs = double.NaN);
