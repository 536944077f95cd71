using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MlNotebooks.Cli.Tests.Support;
using Xunit.Abstractions;

namespace MlNotebooks.Cli.Tests.Export;

/// <summary>
/// The exported Dockerfile.serve built with podman from the local bases, run with <c>podman run</c> and answering an
/// Open Inference Protocol v2 request as the host's server does; the exported Deployment run with
/// <c>podman kube play</c> until its readiness probe's route answers, then <c>podman kube down</c>.
/// </summary>
public sealed class ServeImageTests(ServeImageFixture f, ITestOutputHelper output) : IClassFixture<ServeImageFixture>
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task ServeImage_IsSmall_RunsAsNonRoot_AndCarriesNoLibtorchOrSdk()
    {
        var size = long.Parse((await Podman.RunAsync("image", "inspect", "--format", "{{.Size}}", f.Image)).Ok("inspect").Out, CultureInfo.InvariantCulture);
        var baseSize = long.Parse((await Podman.RunAsync("image", "inspect", "--format", "{{.Size}}", f.RuntimeBase)).Ok("inspect").Out, CultureInfo.InvariantCulture);
        output.WriteLine($"serve image {size / 1e6:F1} MB = runtime base {baseSize / 1e6:F1} MB + {(size - baseSize) / 1e6:F1} MB");
        Assert.Equal("10001:10001", (await Podman.RunAsync("image", "inspect", "--format", "{{.Config.User}}", f.Image)).Ok("inspect").Out);
        Assert.Contains("/v2/health/ready", (await Podman.RunAsync("image", "inspect", "--format", "{{json .Config.Healthcheck}}", f.Image)).Ok("inspect").Out);

        // What is in it: the server and ONNX Runtime; no libtorch, no TorchSharp, no Roslyn, no SDK.
        var files = (await Podman.RunAsync("run", "--rm", "--name", f.Id + "-ls", "--entrypoint", "bash", f.Image, "-c",
            "find / -xdev \\( -name 'libtorch*' -o -name 'TorchSharp*' -o -name 'Microsoft.CodeAnalysis*' -o -name 'libonnxruntime.so' -o -name 'mlnb-serve.dll' \\) -print; ls /usr/share/dotnet; id -u")).Ok("podman run ls");
        var lines = files.Out.Split('\n');
        Assert.Contains("/app/mlnb-serve.dll", lines);
        Assert.Contains("/app/libonnxruntime.so", lines);
        Assert.DoesNotContain(lines, l => l.Contains("torch", StringComparison.OrdinalIgnoreCase) || l.Contains("CodeAnalysis", StringComparison.Ordinal));
        Assert.DoesNotContain("sdk", lines);
        Assert.Equal("10001", lines[^1]);
        // The published app is all the image adds to the runtime base, give or take the user's home.
        var app = long.Parse((await Podman.ExecAsync("du", f.Export, "-sb", "serve-app")).Ok("du").Out.Split('\t')[0], CultureInfo.InvariantCulture);
        Assert.True(size - baseSize < app + 5_000_000, $"the image adds {(size - baseSize) / 1e6:F1} MB to its base; the app is {app / 1e6:F1} MB");
    }

    [Fact]
    public async Task ServeContainer_AnswersOipV2Infer_AsTheHostServerDoes_AndItsHealthcheckPasses()
    {
        var port = ServeImageFixture.FreePort();
        var name = f.Id + "-run";
        (await Podman.RunAsync("run", "-d", "--name", name, "-p", $"127.0.0.1:{port}:8080", "-v", $"{f.Dir}:{f.Dir}",
            "-e", "MLNB_TRACKING_URI=" + f.TrackingUri, f.Image)).Ok("podman run -d");
        try
        {
            await WaitReadyAsync(port, name);
            using var answer = await Http.PostAsync($"http://127.0.0.1:{port}/v2/models/cancer/infer", new StringContent(f.InferBody(), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            var json = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
            Assert.Equal("cancer", (string?)json["model_name"]);
            Assert.Equal("1", (string?)json["model_version"]);
            Assert.Equal(JsonNode.Parse(f.HostAnswer)!["outputs"]!.ToJsonString(), json["outputs"]!.ToJsonString());
            // The image's HEALTHCHECK (bash /dev/tcp to /v2/health/ready), run by podman on demand.
            var health = await Podman.RunAsync("healthcheck", "run", name);
            Assert.True(health.ExitCode == 0, "healthcheck: " + health.Stderr + health.Stdout);
            // A wrong request is the server's 400, not a crash.
            using var bad = await Http.PostAsync($"http://127.0.0.1:{port}/v2/models/cancer/infer", new StringContent("{\"inputs\":[]}", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }
        finally
        {
            output.WriteLine((await Podman.RunAsync("logs", name)).Out);
            await Podman.RunAsync("rm", "-f", "-t", "2", name);
        }
    }

    [Fact]
    public async Task ExportedDeployment_PlaysWithPodmanKube_AndItsReadinessProbePasses()
    {
        var port = ServeImageFixture.FreePort();
        var yaml = File.ReadAllText(Path.Combine(f.Export, "k8s", "serve-deployment.yaml"));
        Assert.Contains("path: /v2/health/ready", yaml);
        Assert.Contains("runAsNonRoot: true", yaml);
        // A test-only copy: one replica, this run's image and name, the tracking URI as a value instead of the
        // cluster's secret, the port on 127.0.0.1, the workspace as a hostPath. The probes and security are as exported.
        var play = Replace(yaml,
            ("name: train-tracked-serve\n", $"name: {f.Id}\n"),
            ("replicas: 2", "replicas: 1"),
            ("image: localhost/train-tracked-serve:latest", "image: " + f.Image),
            ("              valueFrom:\n                secretKeyRef:\n                  name: mlnb-tracking\n                  key: uri\n", $"              value: \"{f.TrackingUri}\"\n"),
            ("              containerPort: 8080\n", $"              containerPort: 8080\n              hostPort: {port}\n              hostIP: 127.0.0.1\n"));
        play += $"          volumeMounts:\n            - name: workspace\n              mountPath: {f.Dir}\n      volumes:\n        - name: workspace\n          hostPath:\n            path: {f.Dir}\n            type: Directory\n";
        var file = Path.Combine(f.Dir, "play.yaml");
        File.WriteAllText(file, play);
        (await Podman.RunAsync("kube", "play", file)).Ok("podman kube play");
        try
        {
            var container = (await Podman.RunAsync("ps", "--filter", "name=" + f.Id + "-pod", "--filter", "ancestor=" + f.Image, "--format", "{{.Names}}")).Ok("ps").Out;
            Assert.False(string.IsNullOrEmpty(container), "podman kube play started no container of the image");
            await WaitReadyAsync(port, container);
            Assert.Equal("10001", (await Podman.RunAsync("exec", container, "id", "-u")).Ok("exec id").Out);
            using var answer = await Http.PostAsync($"http://127.0.0.1:{port}/v2/models/cancer/infer", new StringContent(f.InferBody(), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal(JsonNode.Parse(f.HostAnswer)!["outputs"]!.ToJsonString(), JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["outputs"]!.ToJsonString());
        }
        finally
        {
            var down = await Podman.RunAsync("kube", "down", file);
            output.WriteLine(down.Out + down.Stderr);
        }
        Assert.Equal("", (await Podman.RunAsync("pod", "ps", "--filter", "name=" + f.Id, "--format", "{{.Name}}")).Out);
    }

    [Theory]
    [InlineData("models:/cancer@production --port nope", "--port 'nope' is not a port number (0-65535)")]
    [InlineData("--model cancer", "unknown argument '--model'; usage: mlnb-serve models:/NAME@ALIAS")]
    [InlineData("models:/nope@production", "nope")]
    public async Task ServeContainer_WithBadArguments_ExitsNonZeroWithOneLine(string args, string expected)
    {
        var r = await Podman.RunAsync(["run", "--rm", "--name", f.Id + "-bad", "-v", $"{f.Dir}:{f.Dir}", "-e", "MLNB_TRACKING_URI=" + f.TrackingUri, f.Image, .. args.Split(' ')]);
        Assert.NotEqual(0, r.ExitCode);
        // podman's own log lines (time="…" level=…: no systemd for healthcheck timers here) are not the server's.
        var error = Assert.Single(r.Stderr.Trim().Split('\n'), l => !l.StartsWith("time=\"", StringComparison.Ordinal));
        Assert.StartsWith("mlnb-serve: ", error);
        Assert.Contains(expected, error);
    }

    [Fact]
    public async Task DockerfileServe_WithoutThePublishedServer_FailsNamingWhatToDo()
    {
        var context = Path.Combine(f.Dir, "empty-context");
        Directory.CreateDirectory(Path.Combine(context, "serve-app"));
        File.Copy(Path.Combine(f.Export, "Dockerfile.serve"), Path.Combine(context, "Dockerfile.serve"));
        var r = await f.BuildAsync($"localhost/{f.Id}-empty:test", context);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("serve-app/ has no mlnb-serve.dll: publish src/MlNotebooks.Serve into it first", r.Stderr + r.Stdout);
    }

    /// <summary>Polls the readiness probe's route until 200 (the container's own start is bounded by podman's, not asserted).</summary>
    private static async Task WaitReadyAsync(int port, string container)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            try
            {
                using var ready = await Http.GetAsync($"http://127.0.0.1:{port}/v2/health/ready");
                if (ready.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            var state = (await Podman.RunAsync("inspect", "--format", "{{.State.Status}}", container)).Out;
            if (state is "exited" or "stopped" || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"{container} never became ready ({state}): {(await Podman.RunAsync("logs", container)).Stderr}");
            await Task.Delay(500);
        }
    }

    private static string Replace(string text, params (string From, string To)[] edits)
    {
        foreach (var (from, to) in edits)
        {
            Assert.Contains(from, text);
            text = text.Replace(from, to, StringComparison.Ordinal);
        }
        return text;
    }
}
