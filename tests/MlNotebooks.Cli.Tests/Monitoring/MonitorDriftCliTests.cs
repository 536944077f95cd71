using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MlNotebooks.Cli.Tests.Support;
using MlNotebooks.Tests.Support;

namespace MlNotebooks.Cli.Tests.Monitoring;

/// <summary>`mlnb monitor drift` as a user runs it: text, JSON and HTML reports, overrides, and bad input.</summary>
public sealed class MonitorDriftCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    public MonitorDriftCliTests()
    {
        var rng = new Random(3);
        Write("ref.csv", 400, rng, shift: 0);
        Write("cur.csv", 300, rng, shift: 1.0);
        File.WriteAllText(_dir.File("nocolor.csv"), "x,y\n1,2\n3,4\n");
    }

    public void Dispose() => _dir.Dispose();

    private void Write(string name, int n, Random rng, double shift)
    {
        var sb = new StringBuilder("x,y,color\n");
        for (var i = 0; i < n; i++)
            sb.Append(CultureInfo.InvariantCulture, $"{rng.NextDouble() * 10 + shift * 5},{rng.NextDouble()},{(i % 3 == 0 ? "red" : "blue")}\n");
        File.WriteAllText(_dir.File(name), sb.ToString());
    }

    [Fact]
    public async Task Drift_PrintsPerColumnVerdictsAndWritesASelfContainedHtmlReport()
    {
        var html = _dir.File("report.html");
        var r = await MlnbProcess.RunAsync(_dir.Path, "monitor", "drift", "ref.csv", "cur.csv", "--html", html);
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"x\s+numeric\s+ks\s+\S+\s+\S+\s+0\.05\s+DRIFTED", r.Stdout);
        Assert.Matches(@"y\s+numeric\s+ks\s+\S+\s+\S+\s+0\.05\s+no", r.Stdout);
        Assert.Contains("dataset drift: no (1 of 3 columns drifted", r.Stdout);
        var page = File.ReadAllText(html);
        Assert.Contains("Plotly.newPlot", page);
        Assert.Contains("plotly.js (basic - minified) v2.28.0", page); // inlined, not fetched
        Assert.DoesNotContain("<script src", page);
        Assert.Equal(3, page.Split("class=\"plot\"").Length - 1);
    }

    [Fact]
    public async Task Drift_Json_HonoursOverridesAndTheDriftShare()
    {
        var r = await MlnbProcess.RunAsync(_dir.Path, "monitor", "drift", "ref.csv", "cur.csv", "--json", "--stattest", "x=psi", "--threshold", "color=0.9", "--drift-share", "0.3");
        Assert.Equal(0, r.ExitCode);
        var o = JsonNode.Parse(r.Stdout)!;
        var cols = o["columns"]!.AsArray();
        Assert.Equal("psi", (string)cols[0]!["stattest"]!);
        Assert.NotNull(cols[0]!["distance"]);
        Assert.Null(cols[0]!["p_value"]);
        Assert.Equal("z", (string)cols[2]!["stattest"]!); // two colours: the Z-test
        Assert.Equal(0.9, (double)cols[2]!["threshold"]!);
        Assert.True((bool)o["dataset_drift"]!);
    }

    [Theory]
    [InlineData(3, "error: file 'missing.csv' does not exist; give the path of a CSV or Parquet file", "ref.csv", "missing.csv")]
    [InlineData(2, "error: column 'color' is in the reference but missing from the current data; add it to the current data or leave it out with --columns", "ref.csv", "nocolor.csv")]
    [InlineData(2, "error: --threshold 'x=big' is not a number or COLUMN=NUMBER, e.g. --threshold 0.1 or --threshold age=0.2", "ref.csv", "cur.csv", "--threshold", "x=big")]
    [InlineData(2, "error: unknown stattest 'kolmogorov'; use one of ks, chisquare, z, wasserstein, jensenshannon, psi", "ref.csv", "cur.csv", "--stattest", "kolmogorov")]
    public async Task Drift_BadInput_IsOneLineAndNonZero(int exitCode, string message, params string[] args)
    {
        var html = _dir.File("never.html");
        var r = await MlnbProcess.RunAsync(_dir.Path, ["monitor", "drift", .. args, "--html", html]);
        Assert.Equal(exitCode, r.ExitCode);
        Assert.Equal(message, r.Stderr.Trim());
        Assert.False(File.Exists(html));
    }
}
