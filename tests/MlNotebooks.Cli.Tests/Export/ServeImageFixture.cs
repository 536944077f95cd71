using System.Net;
using System.Net.Sockets;
using MlNotebooks.Cli.Tests.Support;
using MlNotebooks.Notebooks.Export;
using MlNotebooks.Registry;
using MlNotebooks.Serving.Runtime;
using MlNotebooks.Serving.Tests.Support;

namespace MlNotebooks.Cli.Tests.Export;

/// <summary>
/// Once per class: the local bases (scripts/containers/setup.sh: Debian minbase + the host's .NET shared runtime; built
/// once, then cached by the hash of their inputs), a temp workspace with the ONNX model <c>cancer</c> at @production,
/// an export of notebooks/examples/train-tracked.ipynb serving it, src/MlNotebooks.Serve published into its
/// serve-app/, and the exported Dockerfile.serve built with podman from the local bases. Everything it made except
/// the cached bases is removed afterwards. Where podman cannot build or run here, it fails with podman's reason.
/// </summary>
public sealed class ServeImageFixture : IAsyncLifetime
{
    /// <summary>A name unique to this run: images, containers and ports never collide with another run's.</summary>
    public string Id { get; } = "mlnb-test-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>The workspace, mounted at the same path in the containers (its artifact paths stay valid).</summary>
    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "mlnb-image-" + Guid.NewGuid().ToString("N")[..12]);

    public string Export => Path.Combine(Dir, "export");

    public string Image => $"localhost/{Id}-serve:test";

    public string RuntimeBase { get; private set; } = "";

    public string DebianBase { get; private set; } = "";

    public string TrackingUri => "sqlite:///" + Path.Combine(Dir, "ws", ".mlnb", "mlnb.db");

    public float[] Row { get; private set; } = [];

    /// <summary>What the same model answers in this process, through the same server code: the container must agree.</summary>
    public string HostAnswer { get; private set; } = "";

    public string BuildLog { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Dir);
        var setup = await Podman.ExecAsync("bash", Podman.RepoRoot, Path.Combine(Podman.RepoRoot, "scripts", "containers", "setup.sh"));
        if (setup.ExitCode != 0) throw new InvalidOperationException("scripts/containers/setup.sh failed, so images cannot be built here: " + setup.Stderr.Trim());
        var bases = setup.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        (DebianBase, RuntimeBase) = (bases[0], bases[1]);

        await using (var ws = await Workspace.InitAsync(Path.Combine(Dir, "ws")))
        {
            var csv = Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv");
            Row = BreastCancerOnnx.Load(csv).X[0];
            var onnx = Path.Combine(Dir, "model", "model.onnx");
            BreastCancerOnnx.Train(csv, onnx, iterations: 10);
            var run = await ws.Tracking.CreateRunAsync("image-tests");
            await ws.Tracking.LogArtifactAsync(run.RunId, onnx, "model");
            await ws.Tracking.EndRunAsync(run.RunId);
            var version = await ws.Registry.RegisterAsync(run.RunId, "model", "cancer", new OnnxSignatureReader());
            await ws.Registry.PromoteAsync("cancer", version.Version, "production");
        }
        HostAnswer = await HostAnswerAsync();

        NotebookExporter.Export(new ExportRequest(Path.Combine(Podman.RepoRoot, "notebooks", "examples", "train-tracked.ipynb"), Export, Model: "cancer"));
        (await Podman.ExecAsync("dotnet", Podman.RepoRoot, "publish", "src/MlNotebooks.Serve/MlNotebooks.Serve.csproj", "-c", "Release",
            "-o", Path.Combine(Export, "serve-app"), "-p:UseAppHost=false", "--nologo", "-v", "q")).Ok("dotnet publish src/MlNotebooks.Serve");
        BuildLog = (await BuildAsync(Image, Export)).Ok("podman build -f Dockerfile.serve").Out;
        // The container user (10001) writes the SQLite store (its journal) and reads the content store.
        (await Podman.ExecAsync("chown", Dir, "-R", "10001:10001", Path.Combine(Dir, "ws"))).Ok("chown the workspace");
    }

    /// <summary><c>podman build</c> of the exported Dockerfile.serve with the local bases as its build arguments.</summary>
    public Task<Podman.Result> BuildAsync(string tag, string context) => Podman.RunAsync(
        "build", "--format", "docker", "--layers=false", "--force-rm", "-f", Path.Combine(context, "Dockerfile.serve"),
        "--build-arg", "SDK_IMAGE=" + RuntimeBase, "--build-arg", "ASPNET_IMAGE=" + RuntimeBase,
        "--label", "mlnb.test=" + Id, "-t", tag, context);

    public string InferBody() =>
        "{\"inputs\":[{\"name\":\"Features\",\"shape\":[1,30],\"datatype\":\"FP32\",\"data\":[" +
        string.Join(",", Row.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "]}]}";

    private async Task<string> HostAnswerAsync()
    {
        // Explicit folders: a workspace found by walking up (e.g. the clone's own .mlnb/ after `./mlnb quickstart`) is not this one.
        await using var ws = await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = TrackingUri, StartDirectory = Path.Combine(Dir, "ws"), ContentRoot = Path.Combine(Dir, "ws", ".mlnb", "cache") });
        await using var server = await MlNotebooks.Serving.Hosting.ModelServer.StartAsync(ws, new() { Models = ["models:/cancer@production"], Port = 0, Log = _ => { } });
        using var http = new HttpClient();
        using var answer = await http.PostAsync(new Uri(server.BaseAddress, "v2/models/cancer/infer"), new StringContent(InferBody(), System.Text.Encoding.UTF8, "application/json"));
        answer.EnsureSuccessStatusCode();
        return await answer.Content.ReadAsStringAsync();
    }

    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public async Task DisposeAsync()
    {
        // Containers first (by the label podman kube play and podman run leave on them: the name carries the id), then the images.
        var containers = await Podman.RunAsync("ps", "-a", "--filter", "name=" + Id, "--format", "{{.ID}}");
        foreach (var c in containers.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)) await Podman.RunAsync("rm", "-f", "-t", "0", c);
        var pods = await Podman.RunAsync("pod", "ps", "--filter", "name=" + Id, "--format", "{{.ID}}");
        foreach (var p in pods.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)) await Podman.RunAsync("pod", "rm", "-f", p);
        var images = await Podman.RunAsync("images", "-q", "--filter", "label=mlnb.test=" + Id);
        foreach (var i in images.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct()) await Podman.RunAsync("rmi", "-f", i);
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
