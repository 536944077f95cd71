using System.Globalization;
using System.Text;
using MlNotebooks.Cli.Tests.Support;
using MlNotebooks.Serving.Hosting;
using MlNotebooks.Storage;
using MlNotebooks.Tracking;
using MlNotebooks.Serving.Runtime;
using MlNotebooks.Serving.Tests.Support;
using MlNotebooks.Tests.Support;

namespace MlNotebooks.Cli.Tests.Monitoring;

/// <summary>
/// `mlnb monitor report` over what a real server recorded: a model served with recording on (in process, 127.0.0.1),
/// requests with drifted features, then the CLI as a child process reads the windows and reports the drift.
/// </summary>
public sealed class MonitorReportCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Header => string.Join(',', Enumerable.Range(0, 30).Select(k => $"Features[{k}]"));

    [Fact]
    public async Task Report_ReadsTheRecordedWindowsOfTheVersion_AndFindsTheDrift_AndSaysWhatIsMissing()
    {
        var csv = Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv");
        var x = BreastCancerOnnx.Load(csv).X;
        await using (var ws = await Workspace.InitAsync(_dir.Path))
        {
            var onnx = _dir.File("model/model.onnx");
            BreastCancerOnnx.Train(csv, onnx, features: 30, iterations: 10);
            var reference = new StringBuilder(Header).Append('\n');
            foreach (var r in x.Where((_, i) => i % 2 == 0)) reference.Append(string.Join(',', r.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))).Append('\n');
            File.WriteAllText(_dir.File("ref.csv"), reference.ToString());

            // The training run records ref.csv as its training input: registration keeps it as the version's reference.
            var run = await ws.Tracking.CreateRunAsync("monitor-report-tests");
            await ws.Tracking.LogArtifactAsync(run.RunId, onnx, "model");
            await ws.Tracking.LogInputsAsync(run.RunId, [new DatasetInput("ref.csv", await ContentStore.HashFileAsync(_dir.File("ref.csv")), "local", _dir.File("ref.csv"), "training")]);
            await ws.Tracking.EndRunAsync(run.RunId);
            var version = await ws.Registry.RegisterAsync(run.RunId, "model", "cancer", new OnnxSignatureReader());
            await ws.Registry.PromoteAsync("cancer", version.Version, "production");
            var bare = await ws.Tracking.CreateRunAsync("monitor-report-tests");
            await ws.Tracking.LogArtifactAsync(bare.RunId, onnx, "model");
            await ws.Tracking.EndRunAsync(bare.RunId);
            await ws.Registry.RegisterAsync(bare.RunId, "model", "bare", new OnnxSignatureReader());
            await ws.Registry.PromoteAsync("bare", 1, "production");

            await using var server = await ModelServer.StartAsync(ws, new ModelServerOptions
            {
                Models = ["models:/cancer@production"], Port = 0, Log = _ => { },
                Recording = new RecordingOptions { Directory = Path.Combine(_dir.Path, ".mlnb", "recordings"), Rate = 1.0 },
            });
            using var http = new HttpClient();
            foreach (var r in x.Where((_, i) => i % 2 == 1).Take(80))
            {
                var data = string.Join(',', r.Select((v, k) => (k < 20 ? v * 2 : v).ToString("R", CultureInfo.InvariantCulture)));
                using var body = new StringContent("{\"inputs\":[{\"name\":\"Features\",\"shape\":[1,30],\"datatype\":\"FP32\",\"data\":[" + data + "]}]}", Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(new Uri(server.BaseAddress, "v2/models/cancer/infer"), body);
                Assert.True(response.IsSuccessStatusCode);
            }
        }

        var report = await MlnbProcess.RunAsync(_dir.Path, "monitor", "report", "models:/cancer@production", "--reference", "ref.csv", "--window", "1h");
        Assert.True(report.ExitCode == 0, report.Stderr);
        Assert.Contains("cancer version 1: 1 recorded window(s), 80 rows in the last 1h, against ref.csv", report.Stdout);
        Assert.Contains("dataset drift: YES", report.Stdout);

        File.Delete(_dir.File("ref.csv")); // the version's reference is kept in the content store
        var fromVersion = await MlnbProcess.RunAsync(_dir.Path, "monitor", "report", "models:/cancer@production");
        Assert.True(fromVersion.ExitCode == 0, fromVersion.Stderr);
        Assert.Contains("cancer version 1: 1 recorded window(s), 80 rows in the last 1h, against the training data of version 1 (ref.csv, md5 ", fromVersion.Stdout);
        Assert.Contains("dataset drift: YES", fromVersion.Stdout);
        Assert.Equal(report.Stdout.Split('\n')[1..], fromVersion.Stdout.Split('\n')[1..]); // the same figures as with the file

        var noReference = await MlnbProcess.RunAsync(_dir.Path, "monitor", "report", "models:/bare@production");
        Assert.Equal(3, noReference.ExitCode);
        Assert.Contains("model 'bare' version 1 has no training data to compare with (its run ", noReference.Stderr);
        Assert.Contains("recorded no dataset input); give one with --reference FILE", noReference.Stderr);

        var nothing = await MlnbProcess.RunAsync(_dir.Path, "monitor", "report", "models:/cancer@production", "--record-dir", "elsewhere");
        Assert.NotEqual(0, nothing.ExitCode);
        Assert.Contains("no window of 'cancer' version 1 was recorded in the last 1h", nothing.Stderr);

        var badWindow = await MlnbProcess.RunAsync(_dir.Path, "monitor", "report", "models:/cancer@production", "--reference", "ref.csv", "--window", "an hour");
        Assert.Equal(2, badWindow.ExitCode);
        Assert.Contains("--window 'an hour' is not a duration", badWindow.Stderr);
    }
}
