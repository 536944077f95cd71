using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using MlNotebooks.Cli.Tests.Support;
using MlNotebooks.Serving.Hosting;

namespace MlNotebooks.Cli.Tests.Monitoring;

/// <summary>
/// `mlnb monitor watch` as a child process over a real workspace (<see cref="WatchFixture"/>): data from the training
/// population does not retrain; data that really drifted retrains with ML.NET's sdca as a tracked run whose lineage
/// names the drift report, registers a version and asks for the alias through its gates (refused; then, the gates
/// changed, the same version is asked for again rather than retrained, and passes); the
/// new version's own training data is its reference. Bad input, and SIGTERM between checks.
/// </summary>
public sealed class MonitorWatchCliTests(WatchFixture f) : IClassFixture<WatchFixture>
{
    private static readonly string[] Retrain = ["--retrain", "sdca", "--once"];

    [Fact]
    public async Task Watch_RetrainsOnlyWhenTheDataDrifted_RecordsTheReportInLineage_AndPromotesThroughTheGates()
    {
        var steady = await f.Mlnb(["monitor", "watch", "models:/cancer@production", "--data", "later.csv", .. Retrain]);
        Assert.True(steady.ExitCode == 0, steady.Stderr);
        Assert.Contains("cancer@production is version 1; later.csv (284 rows) against the training data of version 1 (train.csv", steady.Stdout);
        Assert.Contains("no dataset drift (", steady.Stdout);
        Assert.DoesNotContain("retraining", steady.Stdout);

        // A gate that no retraining passes by itself: the version is registered, the alias stays.
        await f.Ok("models", "gates", "cancer", "--set", "approvals >= 1");
        var refused = await f.Mlnb(["monitor", "watch", "models:/cancer@production", "--data", "drifted.csv", .. Retrain]);
        Assert.True(refused.ExitCode == 1, refused.Stderr + refused.Stdout);
        Assert.Contains("dataset drift (", refused.Stdout);
        Assert.Contains("registered cancer version 2", refused.Stdout);
        Assert.Contains("version 2 stays off @production: promotion of model 'cancer' version 2 to 'production' refused by 1 gate(s)", refused.Stdout);

        // The gates change: the same drift on the same data asks for version 2 again instead of training a third.
        await f.Ok("models", "gates", "cancer", "--set", "metrics.val_accuracy >= 0.8");
        var promoted = await f.Mlnb(["monitor", "watch", "models:/cancer@production", "--data", "drifted.csv", .. Retrain]);
        Assert.True(promoted.ExitCode == 0, promoted.Stderr + promoted.Stdout);
        Assert.Contains("version 2 was already retrained on drifted.csv for this drift; asking for @production again", promoted.Stdout);
        Assert.DoesNotContain("retraining run", promoted.Stdout);
        Assert.Contains("promoted version 2 to @production (was 1); gates: metrics.val_accuracy = ", promoted.Stdout);

        await using (var ws = await Workspace.OpenAsync(new WorkspaceOptions { StartDirectory = f.Path }))
        {
            var retrained = await ws.Registry.ResolveAsync("models:/cancer@production");
            Assert.Equal(2, retrained.Version);
            Assert.Equal(2, (await ws.Registry.ListVersionsAsync("cancer")).Count);
            var md5 = retrained.Tags["mlnb.drift.report"];
            Assert.Equal("models:/cancer/1", retrained.Tags["mlnb.drift.model"]);
            var report = JsonNode.Parse(await File.ReadAllTextAsync(ws.Content.GetPath(md5)))!;
            Assert.True(report["dataset_drift"]!.GetValue<bool>());
            Assert.Equal("models:/cancer/1", report["model"]!.GetValue<string>());
            Assert.True(report["drifted_columns"]!.GetValue<int>() >= 16, report.ToJsonString());

            var run = await ws.Tracking.GetRunAsync(retrained.RunId!);
            Assert.Equal(md5, run.Tags.Single(t => t.Key == "mlnb.drift.report").Value);
            var cause = Assert.Single(run.Inputs, i => i.Context == "drift_report");
            Assert.Equal(md5, cause.Digest);
            var training = Assert.Single(run.Inputs, i => i.Context == "training");
            Assert.Equal("drifted.csv", training.Name);
            var artifacts = await ws.Tracking.ListArtifactsAsync(run.RunId);
            Assert.Equal(md5, artifacts.Single(a => a.Path == "drift/report.json").Md5);
            Assert.Contains(artifacts, a => a.Path == "drift/report.html");

            // The retrained version's reference is the data it was trained on.
            Assert.Equal(training.Digest, ws.Registry.GetReference(retrained)!.DataMd5);
            Assert.Equal(1, (await ws.Registry.ResolveAsync("models:/steady@production")).Version);
        }

        var lineage = await f.Ok("lineage", "models:/cancer@production");
        Assert.Contains("drift_report.json  md5 " + refused.Stdout.Split("content store as ")[1][..32], lineage.Stdout);

        var after = await f.Mlnb(["monitor", "watch", "models:/cancer@production", "--data", "drifted.csv", .. Retrain]);
        Assert.True(after.ExitCode == 0, after.Stderr);
        Assert.Contains("cancer@production is version 2; drifted.csv (284 rows) against the training data of version 2 (drifted.csv", after.Stdout);
        Assert.Contains("no dataset drift (0 of 31 columns drifted", after.Stdout);
    }

    [Theory]
    [InlineData("models:/nope@production|--data|later.csv", 3, "registered model 'nope' does not exist")]
    [InlineData("models:/steady@staging|--data|later.csv", 3, "model 'steady' has no alias 'staging' (it has production); set it with `mlnb models promote steady --version N --to staging`")]
    [InlineData("models:/steady/1|--data|later.csv", 2, "watch a model by its alias, e.g. models:/steady@production")]
    [InlineData("models:/steady@production|--data|nowhere.csv", 3, "--data 'nowhere.csv' does not exist; give the path of the newer data")]
    [InlineData("models:/steady@production", 2, "give the newer data with --data PATH")]
    [InlineData("models:/steady@production|--data|later.csv|--every|5 minutes", 2, "--every '5 minutes' is not a duration; give e.g. 30s, 5m, 1h or 1d")]
    [InlineData("models:/steady@production|--data|later.csv|--every|0s", 2, "--every '0s' is not a duration")]
    [InlineData("models:/bare@production|--data|later.csv", 3, "model 'bare' version 1 has no training data to compare with (its run ")]
    public async Task Watch_BadInput_IsOneLineAndNonZero_AndChangesNothing(string args, int exit, string message)
    {
        var r = await f.Mlnb(["monitor", "watch", .. args.Split('|'), .. Retrain]);
        Assert.Equal(exit, r.ExitCode);
        Assert.StartsWith("error: ", r.Stderr);
        Assert.Contains(message, r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.DoesNotContain("retraining", r.Stdout);
    }

    [Fact]
    public async Task Watch_WithoutAReference_NamesTheFix_AndReferenceGivesOne()
    {
        var none = await f.Mlnb(["monitor", "watch", "models:/bare@production", "--data", "later.csv", .. Retrain]);
        Assert.Contains("recorded no dataset input); give one with --reference FILE", none.Stderr);
        var given = await f.Mlnb(["monitor", "watch", "models:/bare@production", "--data", "later.csv", "--reference", "train.csv", .. Retrain]);
        Assert.True(given.ExitCode == 0, given.Stderr);
        Assert.Contains("later.csv (284 rows) against train.csv (285 rows)", given.Stdout);
        Assert.Contains("no dataset drift", given.Stdout);
    }

    [Fact]
    public async Task Watch_StopsCleanlyOnSigterm_BetweenChecks()
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = f.Path, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { MlnbProcess.DllPath, "monitor", "watch", "models:/steady@production", "--retrain", "sdca", "--data", "later.csv", "--every", "1h" }) psi.ArgumentList.Add(a);
        psi.Environment["MLNB_TRACKING_URI"] = null;
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var seen = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (await p.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            seen.Add(line);
            if (line.EndsWith("next check in 1h", StringComparison.Ordinal)) break;
        }
        Assert.Contains(seen, l => l.Contains("no dataset drift", StringComparison.Ordinal));
        using (var kill = Process.Start("kill", ["-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync(timeout.Token);
        var rest = await p.StandardOutput.ReadToEndAsync(timeout.Token);
        await p.WaitForExitAsync(timeout.Token);
        Assert.True(p.ExitCode == 0, await stderr);
        Assert.EndsWith("stopped", rest.Trim());
    }

    [Fact]
    public async Task RecordedWindows_OfAModelWhoseTensorNamesNoColumns_AreComparedByPositionWithItsTrainingData()
    {
        // sdca's ONNX input is one tensor 'Features' without column names: the server records Features[0..29].
        var drifted = File.ReadAllLines(Path.Combine(f.Path, "drifted.csv")).Skip(1).Take(80).ToList();
        await using (var ws = await Workspace.OpenAsync(new WorkspaceOptions { StartDirectory = f.Path }))
        await using (var server = await ModelServer.StartAsync(ws, new ModelServerOptions
        {
            Models = ["models:/served@production"], Port = 0, Log = _ => { },
            Recording = new RecordingOptions { Directory = Path.Combine(f.Path, ".mlnb", "recordings"), Rate = 1.0 },
        }))
        {
            using var http = new HttpClient();
            foreach (var line in drifted)
            {
                var data = string.Join(',', line.Split(',').Take(30));
                using var body = new StringContent("{\"inputs\":[{\"name\":\"Features\",\"shape\":[1,30],\"datatype\":\"FP32\",\"data\":[" + data + "]}]}", Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(new Uri(server.BaseAddress, "v2/models/served/infer"), body);
                Assert.True(response.IsSuccessStatusCode);
            }
        }

        var report = await f.Ok("monitor", "report", "models:/served@production", "--window", "1h");
        Assert.Contains("served version 1: 1 recorded window(s), 80 rows in the last 1h, against the training data of version 1 (train.csv", report.Stdout);
        Assert.Contains("Features[0]", report.Stdout);
        Assert.Contains("dataset drift: YES", report.Stdout);
        Assert.DoesNotContain("label", report.Stdout); // the label is training-only: not compared

        var watched = await f.Mlnb(["monitor", "watch", "models:/served@production", "--recorded", "--data", "drifted.csv", .. Retrain]);
        Assert.True(watched.ExitCode == 0, watched.Stderr + watched.Stdout);
        Assert.Contains("served@production is version 1; 1 recorded window(s) (80 rows) against the training data of version 1", watched.Stdout);
        Assert.Contains("of 30 columns drifted", watched.Stdout);
        Assert.Contains("promoted version 2 to @production (was 1)", watched.Stdout);
    }
}
