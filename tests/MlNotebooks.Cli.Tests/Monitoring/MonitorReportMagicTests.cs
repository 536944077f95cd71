using System.Globalization;
using System.Text;
using MlNotebooks.Cli.Tests.Deploy;
using MlNotebooks.Cli.Tests.Support;
using MlNotebooks.Serving.Hosting;
using MlNotebooks.Serving.Tests.Support;

namespace MlNotebooks.Cli.Tests.Monitoring;

/// <summary>`#!monitor report models:/cancer@production` in a real kernel, over what a real server recorded.</summary>
[Collection(SharedSessionCollection.Name)]
public sealed class MonitorReportMagicTests(DeployFixture k) : IClassFixture<DeployFixture>
{
    [Fact]
    public async Task MonitorReport_ShowsTheDriftOfTheRecordedWindows_AndNamesAMissingReference()
    {
        var x = BreastCancerOnnx.Load(Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv")).X;
        var reference = new StringBuilder(string.Join(',', Enumerable.Range(0, 30).Select(i => $"Features[{i}]"))).Append('\n');
        foreach (var r in x.Where((_, i) => i % 2 == 0)) reference.Append(string.Join(',', r.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))).Append('\n');
        File.WriteAllText(Path.Combine(k.Dir, "ref.csv"), reference.ToString());
        await using (var server = await ModelServer.StartAsync(k.Workspace, new ModelServerOptions
        {
            Models = ["models:/cancer@production"], Port = 0, Log = _ => { },
            Recording = new RecordingOptions { Directory = Path.Combine(k.Dir, ".mlnb", "recordings"), Rate = 1.0 },
        }))
        {
            using var http = new HttpClient();
            foreach (var r in x.Where((_, i) => i % 2 == 1).Take(60))
            {
                var data = string.Join(',', r.Select((v, j) => (j < 20 ? v * 2 : v).ToString("R", CultureInfo.InvariantCulture)));
                using var body = new StringContent("{\"inputs\":[{\"name\":\"Features\",\"shape\":[1,30],\"datatype\":\"FP32\",\"data\":[" + data + "]}]}", Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(new Uri(server.BaseAddress, "v2/models/cancer/infer"), body);
                Assert.True(response.IsSuccessStatusCode);
            }
        }

        var shown = await k.SubmitAsync("#!monitor report models:/cancer@production --reference ref.csv --window 1h");
        shown.Succeeded();
        var text = shown.Displayed("text/plain");
        Assert.Contains("cancer version 1: 1 recorded window(s), 60 rows in the last 1h, against ref.csv", text);
        Assert.Contains("dataset drift: YES", text);
        Assert.Contains("<pre>", shown.Displayed("text/html"));

        var missing = await k.SubmitAsync("#!monitor report models:/cancer@production");
        Assert.Contains("has no training data to compare with", missing.Failure()); // the fixture's run recorded no dataset input
        Assert.Contains("give one with --reference FILE", missing.Failure());
    }
}
