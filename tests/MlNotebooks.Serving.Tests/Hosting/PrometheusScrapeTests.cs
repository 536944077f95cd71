using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using MlNotebooks.Serving.Hosting;
using MlNotebooks.Serving.Tests.Support;

namespace MlNotebooks.Serving.Tests.Hosting;

/// <summary>
/// Debian's Prometheus scrapes a live server whose recorded requests drifted, with monitoring/alerts.yml loaded: the
/// drift rules' expressions hold, so their alerts go pending (their <c>for:</c> is 15 min and 1 h) with the model's labels.
/// </summary>
[Collection(ServingCollection.Name)]
public sealed class PrometheusScrapeTests(TrainedModels models)
{
    private static string Root()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "MlNotebooks.sln"))) return d.FullName;
        throw new InvalidOperationException("MlNotebooks.sln not found above " + AppContext.BaseDirectory);
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Prometheus_ScrapesTheServersDriftGauges_AndTheDriftAlertsOfAlertsYmlGoPending()
    {
        await using var w = await ServingWorld.CreateAsync(models);
        await w.RegisterAsync(models.Good);
        var rows = w.Rows(200);
        var reference = w.TempFile("reference.csv");
        File.WriteAllText(reference, string.Join(',', BreastCancerOnnx.FeatureNames) + "\n"
            + string.Concat(rows.Where((_, i) => i % 2 == 0).Select(r => string.Join(',', r.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "\n")));
        var server = await w.ServeAsync("models:/cancer/1", o => o with
        {
            Recording = new RecordingOptions { Directory = w.TempFile("recordings"), DriftReference = reference, DriftInterval = TimeSpan.FromMilliseconds(200), DriftMinRows = 10 },
        });
        foreach (var r in rows.Where((_, i) => i % 2 == 1))
            await w.PostAsync(new Uri(server.BaseAddress, "v2/models/cancer/infer"), ServingWorld.V2Body([r.Select(v => v * 3 + 1).ToArray()]).ToJsonString());
        await ServingWorld.UntilAsync(async () => (await w.MetricsAsync(server)).Contains("mlnb_dataset_drift{model=\"cancer\",version=\"1\"} 1"), "the server reports dataset drift");

        var port = FreePort();
        var config = w.TempFile("prometheus.yml");
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files:
              - {Path.Combine(Root(), "monitoring", "alerts.yml")}
            scrape_configs:
              - job_name: mlnb
                static_configs:
                  - targets: ["{server.BaseAddress.Authority}"]
            """);
        var psi = new ProcessStartInfo("prometheus", $"--config.file={config} --storage.tsdb.path={w.TempFile("tsdb")} --web.listen-address=127.0.0.1:{port}")
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var prometheus = Process.Start(psi)!;
        var log = new System.Text.StringBuilder();
        prometheus.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        prometheus.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        prometheus.BeginErrorReadLine();
        prometheus.BeginOutputReadLine();
        try
        {
            JsonArray? alerts = null;
            await ServingWorld.UntilAsync(async () =>
            {
                Assert.False(prometheus.HasExited, "prometheus exited: " + log);
                try
                {
                    var body = JsonNode.Parse(await w.Http.GetStringAsync($"http://127.0.0.1:{port}/api/v1/alerts"))!;
                    alerts = body["data"]!["alerts"]!.AsArray();
                    // The group's rules are evaluated one after the other: wait for both drift rules.
                    return alerts.Any(a => (string?)a!["labels"]!["alertname"] == "MlnbDatasetDrift") && alerts.Any(a => (string?)a!["labels"]!["alertname"] == "MlnbFeatureDrift");
                }
                catch (HttpRequestException) { return false; }
            }, "Prometheus evaluates the drift rules over the scraped gauges");
            var dataset = alerts!.First(a => (string?)a!["labels"]!["alertname"] == "MlnbDatasetDrift")!;
            Assert.Equal("pending", (string?)dataset["state"]);
            Assert.Equal("cancer", (string?)dataset["labels"]!["model"]);
            Assert.Equal("1", (string?)dataset["labels"]!["version"]);
            Assert.Contains(alerts!, a => (string?)a!["labels"]!["alertname"] == "MlnbFeatureDrift" && (string?)a["labels"]!["feature"] == BreastCancerOnnx.FeatureNames[0]);
            Assert.DoesNotContain(alerts!, a => (string?)a!["labels"]!["alertname"] == "MlnbHighErrorRate");
        }
        finally
        {
            prometheus.Kill();
            await prometheus.WaitForExitAsync();
        }
    }
}
