using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using MlNotebooks.Cli.Tests.Support;
using MlNotebooks.Serving.Runtime;
using MlNotebooks.Serving.Tests.Support;

namespace MlNotebooks.Cli.Tests.Registry;

/// <summary>A project with `mlnb train mlp` on breast_cancer.csv registered as models:/bc/1, and an ML.NET model as models:/linear/1.</summary>
public sealed class CompressCliFixture : IAsyncLifetime
{
    public TrainProject Project { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Project = await TrainProject.CreateAsync();
        var train = await MlnbProcess.RunAsync(Project.Path, "train", "mlp", "--data", "breast_cancer.csv", "--epochs", "20", "-q");
        Assert.True(train.ExitCode == 0, train.Stderr);
        var register = await MlnbProcess.RunAsync(Project.Path, "models", "register", "--run", train.Out.Split('\n')[^1].Trim(), "--artifact", "model", "--name", "bc");
        Assert.True(register.ExitCode == 0, register.Stderr);
        // An ML.NET logistic regression: LinearClassifier and friends, no MatMul or Gemm.
        Directory.CreateDirectory(Project.File("linear"));
        var onnx = Project.File("linear/model.onnx");
        BreastCancerOnnx.Train(Project.File("breast_cancer.csv"), onnx, iterations: 5);
        await using var ws = await Project.OpenAsync();
        var runId = (await ws.Tracking.CreateRunAsync("linear")).RunId;
        await ws.Tracking.LogArtifactAsync(runId, onnx, "model");
        await ws.Registry.RegisterAsync(runId, "model", "linear", new OnnxSignatureReader());
    }

    public Task DisposeAsync()
    {
        Project.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>`mlnb models compress` as a user runs it: the printed comparison, the new version served over OIP v2, and bad input.</summary>
public sealed class ModelsCompressCliTests(CompressCliFixture f) : IClassFixture<CompressCliFixture>
{
    private Task<MlnbProcess.Result> Mlnb(params string[] args) => MlnbProcess.RunAsync(f.Project.Path, args);

    [Fact]
    public async Task DynamicQuantization_PrintsTheComparison_AndTheNewVersionAnswersV2InferOnALocalServer()
    {
        var r = await Mlnb("models", "compress", "models:/bc/1", "--quantize", "dynamic");

        Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = r.Out.Split('\n');
        Assert.Matches(@"^models:/bc/(\d+) <- quantize dynamic of models:/bc/1 \(2 MatMul/Gemm nodes\)$", lines[0]);
        var version = lines[0]["models:/bc/".Length..lines[0].IndexOf(' ', StringComparison.Ordinal)];
        Assert.Matches(@"^accuracy  0\.\d{4} -> 0\.\d{4} \(delta [-+]?0\.\d{4}, same prediction on \d+\.\d% of rows\) on 114 validation rows of breast_cancer\.csv \(seed 42\)$", lines[1]);
        var size = System.Text.RegularExpressions.Regex.Match(lines[2], @"^size      ([\d,]+) -> ([\d,]+) bytes \(ratio (0\.\d{3})\)$");
        Assert.True(size.Success, lines[2]);
        Assert.True(long.Parse(size.Groups[2].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture) < long.Parse(size.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
        Assert.StartsWith("latency   ", lines[3]);

        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = f.Project.Path, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { MlnbProcess.DllPath, "serve", $"models:/bc/{version}", "--host", "127.0.0.1", "--port", "0" }) psi.ArgumentList.Add(a);
        psi.Environment["MLNB_TRACKING_URI"] = null;
        psi.Environment["NO_COLOR"] = "1";
        using var server = new Process { StartInfo = psi };
        var address = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        // Both pipes are drained for the server's whole life: a full pipe would block its writes (and so its answers).
        server.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line) { address.TrySetResult(""); return; }
            log.Enqueue(line);
            if (line.StartsWith("serving ", StringComparison.Ordinal)) address.TrySetResult(line[(line.IndexOf(" at ", StringComparison.Ordinal) + 4)..]);
        };
        server.ErrorDataReceived += (_, e) => { if (e.Data is { } line) log.Enqueue(line); };
        server.Start();
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            var url = await address.Task.WaitAsync(TimeSpan.FromSeconds(120));
            Assert.True(url.Length > 0, "the server printed no address: " + string.Join("\n", log));
            Assert.StartsWith("http://127.0.0.1:", url);
            var rows = File.ReadAllLines(f.Project.File("breast_cancer.csv")).Skip(1).Take(4).Select(l => l.Split(',')).ToList();
            var body = new JsonObject
            {
                ["inputs"] = new JsonArray(new JsonObject
                {
                    ["name"] = "input", ["datatype"] = "FP32", ["shape"] = new JsonArray(4, 30),
                    ["data"] = new JsonArray([.. rows.SelectMany(r => r[..30]).Select(v => (JsonNode)double.Parse(v, CultureInfo.InvariantCulture))]),
                }),
            };
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            using var response = await http.PostAsync(url + "/infer", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.True(response.IsSuccessStatusCode, json.ToJsonString());
            Assert.Equal(version, (string)json["model_version"]!);
            var output = json["outputs"]![0]!;
            Assert.Equal([4, 2], output["shape"]!.AsArray().Select(d => (int)d!));
            var p = output["data"]!.AsArray().Select(v => (double)v!).ToArray();
            for (var i = 0; i < 4; i++)
            {
                Assert.Equal(1.0, p[2 * i] + p[2 * i + 1], 4);
                Assert.Equal(int.Parse(rows[i][30], CultureInfo.InvariantCulture), p[2 * i + 1] > p[2 * i] ? 1 : 0);
            }
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task StaticQuantizationAndPruning_AreSeparateSteps_EachANewVersion()
    {
        var s = await Mlnb("models", "compress", "models:/bc/1", "--quantize", "static", "--calibration", "breast_cancer.csv");
        var p = await Mlnb("models", "compress", "models:/bc/1", "--prune", "0.5");

        Assert.True(s.ExitCode == 0, s.Stderr);
        Assert.Matches(@"^models:/bc/\d+ <- quantize static of models:/bc/1 \(2 MatMul/Gemm nodes\)", s.Out);
        Assert.True(p.ExitCode == 0, p.Stderr);
        Assert.Matches(@"^models:/bc/\d+ <- prune 0\.5 of models:/bc/1 \(2 MatMul/Gemm nodes, 50\.0% of their weights zero\)", p.Out);
    }

    [Theory]
    [InlineData("models:/bc/99|--quantize|dynamic", 3, "error: model 'bc' has no version 99; list its versions with `mlnb models show bc`")]
    [InlineData("models:/bc/1|--quantize|static", 2, "error: --quantize static needs --calibration DATA (rows with the model's feature columns) to measure activation ranges; or use --quantize dynamic")]
    [InlineData("models:/bc/1|--quantize|static|--calibration|wrong.csv", 2, "error: calibration data 'wrong.csv' has 3 columns, models:/bc/1 takes 30 features per row; give rows with the model's 30 feature columns (and optionally the label last)")]
    [InlineData("models:/bc/1|--quantize|int4", 2, "error: --quantize must be dynamic or static, not 'int4'; see `mlnb --help`")]
    [InlineData("models:/linear/1|--quantize|dynamic", 2, "error: models:/linear/1 has no MatMul or Gemm node with a float weight to compress")]
    [InlineData("bc|--quantize|dynamic", 2, "error: model URI 'bc' is not valid")]
    public async Task BadInput_FailsWithOneLine_AndRegistersNothing(string args, int exitCode, string error)
    {
        await File.WriteAllLinesAsync(f.Project.File("wrong.csv"), ["a,b,c", "1,2,0"]);
        await using var before = await f.Project.OpenAsync();
        var versions = (await before.Registry.ListVersionsAsync("bc")).Count;

        var r = await Mlnb(["models", "compress", .. args.Split('|')]);

        Assert.Equal(exitCode, r.ExitCode);
        Assert.StartsWith(error, r.Stderr.Trim());
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.Equal(versions, (await before.Registry.ListVersionsAsync("bc")).Count);
    }
}
