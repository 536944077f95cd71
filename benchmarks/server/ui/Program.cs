// Server UI benchmark (issue 11): fills a workspace with 10,000 runs in one experiment and 10 runs x 100,000 points,
// starts the real server, and measures in headless Chromium (Debian's) the first rendered runs table and the
// 10 x 100,000-point chart drawn. Anchors in the same run: the same data loaded whole through MLflow's REST API
// (runs/search, metrics/get-history) and drawn whole, as a UI without paging or downsampling does. MLflow's own UI
// (the anchor of mlflow#9779) cannot run here: there is no PyPI.
// Usage: benchmarks/server/ui/run.sh [--runs 10000] [--chart-runs 10] [--points 100000] [--repeat 3] [--screenshots DIR]
using System.Diagnostics;
using System.Globalization;
using MlNotebooks;
using MlNotebooks.Benchmarks.ServerUi;
using MlNotebooks.Server;
using MlNotebooks.Server.Tests.Ui;
using MlNotebooks.Tracking;
using PuppeteerSharp;

var opts = BenchOptions.Parse(args);
var dir = Path.Combine(Path.GetTempPath(), "mlnb-bench-ui-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(dir);
try
{
    await using var ws = await Workspace.InitAsync(dir);
    var fill = Stopwatch.StartNew();
    await UiSeed.FillAsync(ws);
    var (bigExperiment, chartRuns) = await BenchData.FillAsync(ws, opts);
    Console.WriteLine($"filled {opts.Runs:N0} runs + {opts.ChartRuns} x {opts.Points:N0} points in {fill.Elapsed.TotalSeconds:F1} s ({ws.TrackingUri})");

    await using var server = await TrackingServer.StartAsync(ws, new ServerOptions { Host = "127.0.0.1", Port = 0, Environment = _ => null });
    await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
    {
        ExecutablePath = Environment.GetEnvironmentVariable("MLNB_CHROMIUM") ?? "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    var ui = new UiTimer(browser, server.BaseAddress, opts.Repeat);
    var loadBefore = LoadAverage();
    var runIds = string.Join(',', chartRuns);

    var table = await ui.MeasureAsync($"#/experiments/{bigExperiment}", "#runs tbody tr[data-run]");
    var tableAll = await ui.MeasureScriptAsync(Anchors.AllRunsTable, bigExperiment);
    var chart = await ui.MeasureAsync($"#/chart?runs={runIds}&key=loss", "#chart [data-drawn]");
    var drawn = await ui.LastPage!.EvaluateExpressionAsync<int>("Number(document.querySelector('#chart [data-points]').dataset.points)");
    // Where the chart's time goes, from the page's own clock (0 = navigation start): curves in, then drawn.
    var phases = await ui.LastPage!.EvaluateExpressionAsync<double[]>("(() => { const d = document.querySelector('#chart [data-drawn]').dataset; return [Number(d.fetched), Number(d.drawn)]; })()");
    var chartAll = await ui.MeasureScriptAsync(Anchors.AllPointsChart, chartRuns, opts.AnchorTimeoutSeconds);

    Console.WriteLine();
    Console.WriteLine($"Chromium {await browser.GetVersionAsync()}, {Environment.ProcessorCount} cores, load average {LoadAverage()} (measured {loadBefore} at the start); median of {opts.Repeat} (first, cold browser cache, in brackets)");
    Console.WriteLine($"runs table, {opts.Runs:N0} runs, first page of 100 rendered:   {table.Median,8:F0} ms  [{table.First:F0} ms]   goal < 1000 ms");
    Console.WriteLine($"  anchor: all {opts.Runs:N0} runs via runs/search, one table:      {tableAll.Describe()}   ratio {tableAll.Ratio(table)}");
    Console.WriteLine($"chart, {opts.ChartRuns} runs x {opts.Points:N0} points drawn:            {chart.Median,8:F0} ms  [{chart.First:F0} ms]   goal < 2000 ms  ({drawn:N0} points drawn, min/max per pixel)");
    Console.WriteLine($"  last chart, page clock: curves fetched at {phases[0]:F0} ms, drawn at {phases[1]:F0} ms");
    Console.WriteLine($"  anchor: every point via metrics/get-history, drawn whole:  {chartAll.Describe()}   ratio {chartAll.Ratio(chart)}");
    Console.WriteLine("MLflow's UI (mlflow#9779: freezes on such experiments) cannot run here (no PyPI); the anchors above load the same data the way a UI without paging or downsampling must.");

    if (opts.Screenshots is { } shots)
    {
        var seeded = (await ws.Tracking.GetExperimentAsync(UiSeed.Experiment)).ExperimentId;
        var first = (await ws.Tracking.SearchRunsAsync([UiSeed.Experiment], orderBy: ["attributes.start_time ASC"], maxResults: 3)).Items.Select(r => r.RunId).ToList();
        await ui.ScreenshotAsync($"#/experiments/{seeded}", "#runs tbody tr[data-run]", Path.Combine(shots, "ui-runs.png"));
        await ui.ScreenshotAsync($"#/runs/{first[0]}", ".chartbox[data-drawn]", Path.Combine(shots, "ui-run.png"), fullPage: true);
        await ui.ScreenshotAsync($"#/compare?runs={string.Join(',', first)}", ".chartbox[data-drawn]", Path.Combine(shots, "ui-compare.png"), fullPage: true);
        await ui.ScreenshotAsync($"#/chart?runs={runIds}&key=loss&smooth=0.9", "#chart [data-drawn]", Path.Combine(shots, "ui-chart.png"));
        await ui.ScreenshotAsync($"#/models/{UiSeed.Model}", "#audit tbody tr", Path.Combine(shots, "ui-model.png"), fullPage: true);
        Console.WriteLine($"screenshots in {shots}");
    }
}
finally
{
    try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
}

// Other work on a shared machine shows up here; figures taken under a high load are not comparable across runs.
static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
