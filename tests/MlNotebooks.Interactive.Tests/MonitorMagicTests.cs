using System.Globalization;
using System.Text;
using MlNotebooks.Interactive.Tests.Support;

namespace MlNotebooks.Interactive.Tests;

/// <summary><c>#!monitor drift</c> in a real kernel: the inline HTML report and its text twin, and bad input.</summary>
[Collection(KernelCollection.Name)]
public sealed class MonitorMagicTests
{
    private readonly KernelFixture k;
    private readonly string _ref;
    private readonly string _cur;

    public MonitorMagicTests(KernelFixture fixture)
    {
        k = fixture;
        _ref = Path.Combine(k.Dir, "monitor-ref.csv");
        _cur = Path.Combine(k.Dir, "monitor-cur.csv");
        var rng = new Random(5);
        File.WriteAllText(_ref, Csv(rng, 300, 0));
        File.WriteAllText(_cur, Csv(rng, 250, 4));
    }

    private static string Csv(Random rng, int n, double shift)
    {
        var sb = new StringBuilder("age,income,plan\n");
        for (var i = 0; i < n; i++)
            sb.Append(CultureInfo.InvariantCulture, $"{20 + rng.Next(40) + shift},{rng.NextDouble() * 1000},{(i % 4 == 0 ? "pro" : i % 4 == 1 ? "team" : "free")}\n");
        return sb.ToString();
    }

    [Fact]
    public void Loading_ShowsTheMonitorHelp() => Assert.Contains("#!monitor drift", k.LoadEvents.Displayed("text/markdown"));

    [Fact]
    public async Task Drift_ShowsTheReportInlineWithATextTwin()
    {
        var events = await k.SubmitAsync($"#!monitor drift \"{_ref}\" \"{_cur}\" --stattest plan=psi --threshold income=0.01");
        events.Succeeded();
        var text = events.Displayed("text/plain");
        Assert.Matches(@"age\s+numeric\s+ks\s+\S+\s+\S+\s+0\.05\s+DRIFTED", text);
        Assert.Matches(@"income\s+numeric\s+ks\s+\S+\s+\S+\s+0\.01\s+no", text);
        Assert.Matches(@"plan\s+categorical\s+psi\s+", text);
        Assert.Contains("dataset drift: no (1 of 3 columns drifted", text);
        var html = events.Displayed("text/html");
        Assert.Contains("Plotly.newPlot", html);
        Assert.Contains("<td>age</td><td>numeric</td><td>K-S p_value</td>", html);
        Assert.True(html.Length < 600_000, $"{html.Length} characters"); // plotly.js at most once (gzipped), not per report
    }

    [Fact]
    public async Task Drift_BadInput_FailsTheCellWithOneLine()
    {
        Assert.Equal("#!monitor drift needs two files, REFERENCE and CURRENT; write e.g. `#!monitor drift train.csv today.csv`",
            (await k.SubmitAsync($"#!monitor drift \"{_ref}\"")).Failure());
        var missing = Path.Combine(k.Dir, "nope.csv");
        Assert.Equal($"file '{missing}' does not exist; give the path of a CSV or Parquet file", (await k.SubmitAsync($"#!monitor drift \"{_ref}\" \"{missing}\"")).Failure());
        Assert.StartsWith("unknown stattest 'kss'", (await k.SubmitAsync($"#!monitor drift \"{_ref}\" \"{_cur}\" --stattest kss")).Failure());
        Assert.StartsWith("#!monitor needs a subcommand", (await k.SubmitAsync("#!monitor")).Failure());
    }
}
