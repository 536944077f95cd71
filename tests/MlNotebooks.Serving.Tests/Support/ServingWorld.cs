using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MlNotebooks.Registry;
using MlNotebooks.Serving.Hosting;
using MlNotebooks.Serving.Runtime;
using MlNotebooks.Tests.Support;

namespace MlNotebooks.Serving.Tests.Support;

/// <summary>A fresh embedded workspace, helpers to register the trained models, and real servers on 127.0.0.1.</summary>
public sealed class ServingWorld : IAsyncDisposable
{
    private readonly TempDir _dir = new();
    private readonly List<ModelServer> _servers = [];

    private ServingWorld(Workspace ws, TrainedModels models)
    {
        Ws = ws;
        Models = models;
    }

    public Workspace Ws { get; }

    public TrainedModels Models { get; }

    public RegistryClient Registry => Ws.Registry;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public List<string> Log { get; } = [];

    public string TempFile(string name) => _dir.File(name);

    public static async Task<ServingWorld> CreateAsync(TrainedModels models)
    {
        var dir = new TempDir();
        var ws = await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = "sqlite:///" + dir.File("mlnb.db"), ContentRoot = dir.File("cache"), StartDirectory = dir.Path, Environment = _ => null });
        return new ServingWorld(ws, models);
    }

    /// <summary>Logs the model (and its signature unless told not to) to a new run with an AUC metric, and registers it.</summary>
    public async Task<ModelVersion> RegisterAsync(string onnxPath, string name = "cancer", bool withSignature = true, double auc = 0.99, int features = 30)
    {
        var run = await Ws.Tracking.CreateRunAsync("serving-tests");
        await Ws.Tracking.LogMetricAsync(run.RunId, "auc", auc);
        await Ws.Tracking.LogArtifactAsync(run.RunId, onnxPath, "model");
        if (withSignature)
            await Ws.Tracking.LogArtifactBytesAsync(run.RunId, "model/signature.json", Encoding.UTF8.GetBytes(TrainedModels.SignatureJson(features)));
        await Ws.Tracking.EndRunAsync(run.RunId);
        return await Registry.RegisterAsync(run.RunId, "model", name, new OnnxSignatureReader());
    }

    public async Task<ModelServer> ServeAsync(string uri, Func<ModelServerOptions, ModelServerOptions>? configure = null)
    {
        var options = new ModelServerOptions { Models = [uri], Port = 0, AliasPollInterval = TimeSpan.FromMilliseconds(100), Log = line => { lock (Log) Log.Add(line); } };
        var server = await ModelServer.StartAsync(Ws, configure?.Invoke(options) ?? options);
        _servers.Add(server);
        return server;
    }

    /// <summary>Rows of the breast-cancer data set.</summary>
    public float[][] Rows(int count, int skip = 0) => [.. BreastCancerOnnx.Load(Models.Csv).X.Skip(skip).Take(count)];

    public static JsonObject V2Body(float[][] rows, string? id = null, int features = 30)
    {
        var body = new JsonObject
        {
            ["inputs"] = new JsonArray(new JsonObject
            {
                ["name"] = "Features",
                ["shape"] = new JsonArray(rows.Length, features),
                ["datatype"] = "FP32",
                ["data"] = new JsonArray([.. rows.SelectMany(r => r[..features]).Select(v => (JsonNode)JsonValue.Create(v))]),
            }),
        };
        if (id is not null) body["id"] = id;
        return body;
    }

    public async Task<(int Status, JsonNode? Body, string? Variant)> PostAsync(Uri url, string body, string contentType = "application/json")
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await Http.PostAsync(url, content);
        var text = await response.Content.ReadAsStringAsync();
        var variant = response.Headers.TryGetValues("x-mlnb-variant", out var v) ? v.First() : null;
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), variant);
    }

    public async Task<(int Status, JsonNode? Body)> GetAsync(Uri url)
    {
        using var response = await Http.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Trim().Length == 0 ? null : JsonNode.Parse(text));
    }

    public async Task<string> MetricsAsync(ModelServer server) => await Http.GetStringAsync(new Uri(server.BaseAddress, "metrics"));

    /// <summary>Polls until the condition holds (event-driven waits, not timing assertions); fails after 30 s.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        for (var i = 0; i < 600; i++)
        {
            if (await condition()) return;
            await Task.Delay(50);
        }
        Assert.Fail("timed out waiting until " + what);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var s in _servers) await s.DisposeAsync();
        Http.Dispose();
        await Ws.DisposeAsync();
        _dir.Dispose();
    }
}
