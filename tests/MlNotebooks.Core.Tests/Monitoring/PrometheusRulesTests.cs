using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MlNotebooks.Monitoring;
using MlNotebooks.Monitoring.Drift;

namespace MlNotebooks.Tests.Monitoring;

/// <summary>monitoring/alerts.yml with Debian's promtool (check and unit tests), the drift gauges' exposition, the dashboard.</summary>
public sealed class PrometheusRulesTests
{
    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "MlNotebooks.sln"))) return d.FullName;
        throw new InvalidOperationException("MlNotebooks.sln not found above " + AppContext.BaseDirectory);
    }

    private static (int Code, string Output) Promtool(string stdin, params string[] args)
    {
        var psi = new ProcessStartInfo("promtool", args) { WorkingDirectory = Path.Combine(Root, "monitoring"), RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        using var p = Process.Start(psi)!;
        p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, output.Result + error.Result);
    }

    [Fact]
    public void AlertRules_PassPromtoolCheckAndTheirUnitTests()
    {
        var check = Promtool("", "check", "rules", "alerts.yml");
        Assert.True(check.Code == 0, check.Output);
        Assert.Contains("SUCCESS: 6 rules found", check.Output);
        var test = Promtool("", "test", "rules", "alerts_test.yml");
        Assert.True(test.Code == 0, test.Output);
        Assert.Contains("SUCCESS", test.Output);
    }

    [Fact]
    public void AlertRules_CoverDriftErrorsLatencyTrafficAndCanary()
    {
        var rules = File.ReadAllText(Path.Combine(Root, "monitoring", "alerts.yml"));
        foreach (var alert in new[] { "MlnbHighErrorRate", "MlnbHighLatencyP99", "MlnbNoTraffic", "MlnbCanaryWorseThanStable", "MlnbDatasetDrift", "MlnbFeatureDrift" })
        {
            Assert.Contains("alert: " + alert, rules);
            Assert.Contains("alertname: " + alert, File.ReadAllText(Path.Combine(Root, "monitoring", "alerts_test.yml")));
        }
    }

    [Fact]
    public void DriftGauges_AreValidExpositionText()
    {
        var rng = new Random(1);
        var reference = new ColumnTable([TableColumn.Numeric("age", [.. Enumerable.Range(0, 200).Select(_ => rng.NextDouble())]), TableColumn.Categorical("plan", [.. Enumerable.Range(0, 200).Select(i => i % 3 == 0 ? "pro" : "free")])]);
        var current = new ColumnTable([TableColumn.Numeric("age", [.. Enumerable.Range(0, 150).Select(_ => rng.NextDouble() + 0.5)]), TableColumn.Categorical("plan", [.. Enumerable.Range(0, 150).Select(i => i % 3 == 0 ? "pro" : "free")])]);
        var text = DriftPrometheus.Format(DriftDetector.Detect(reference, current), "churn", "3");
        Assert.Contains("mlnb_drift_detected{model=\"churn\",version=\"3\",feature=\"age\",stattest=\"ks\"} 1", text);
        Assert.Contains("mlnb_drift_detected{model=\"churn\",version=\"3\",feature=\"plan\",stattest=\"z\"} 0", text);
        var check = Promtool(text, "check", "metrics");
        Assert.True(check.Code == 0, check.Output);
    }

    [Fact]
    public void Dashboard_IsGrafanaJsonOverSeriesThatExist()
    {
        var dash = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "monitoring", "grafana", "mlnb.json")))!;
        var exposed = new HashSet<string>(["mlnb_drift_score", "mlnb_drift_detected", "mlnb_dataset_drift"]);
        foreach (Match m in Regex.Matches(File.ReadAllText(Path.Combine(Root, "src", "MlNotebooks.Serving", "Observability", "ServingMetrics.cs")), "\"(mlnb_[a-z_]+)\""))
            exposed.Add(m.Groups[1].Value);
        var panels = dash["panels"]!.AsArray();
        Assert.True(panels.Count >= 6);
        var titles = panels.Select(p => (string)p!["title"]!).ToList();
        Assert.Contains(titles, t => t.Contains("Latency"));
        Assert.Contains(titles, t => t.Contains("Canary"));
        Assert.Contains(titles, t => t.Contains("Drift"));
        foreach (var target in panels.SelectMany(p => p!["targets"]!.AsArray()))
            foreach (Match m in Regex.Matches((string)target!["expr"]!, @"\bmlnb_[a-z_]+"))
            {
                var name = Regex.Replace(m.Value, "_(bucket|sum|count)$", "");
                Assert.True(exposed.Contains(name), $"dashboard queries {m.Value}, which nothing exposes");
            }
    }
}
