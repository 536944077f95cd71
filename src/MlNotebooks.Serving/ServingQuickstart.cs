using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlNotebooks.Registry;
using MlNotebooks.Serving.Hosting;
using MlNotebooks.Serving.Runtime;

namespace MlNotebooks.Serving;

/// <summary>What <see cref="ServingQuickstart.RegisterPromoteServeQueryAsync"/> did.</summary>
/// <param name="Version">The registered version, now <c>@production</c>.</param>
/// <param name="ServerUrl">Where the server listened.</param>
/// <param name="InferUrl">The v2 inference URL queried.</param>
/// <param name="RequestJson">The Open Inference Protocol request sent.</param>
/// <param name="ResponseJson">The server's answer.</param>
public sealed record ServingQuickstartResult(ModelVersion Version, Uri ServerUrl, Uri InferUrl, string RequestJson, string ResponseJson);

/// <summary>The registry and serving half of <c>mlnb quickstart</c>, as one call.</summary>
public static class ServingQuickstart
{
    /// <summary>
    /// Registers the ONNX model logged at <paramref name="artifactPath"/> of run <paramref name="runId"/> as a new version
    /// of <paramref name="modelName"/> (signature from <c>signature.json</c> beside it, else read from the ONNX file),
    /// promotes it to <c>production</c> through the model's gates, serves <c>models:/NAME@production</c> on 127.0.0.1
    /// (a free port), sends one Open Inference Protocol v2 request with <paramref name="rows"/> (for a single FP32
    /// input; zeros of batch 1 when null), and stops the server. Returns what was sent and answered.
    /// </summary>
    public static async Task<ServingQuickstartResult> RegisterPromoteServeQueryAsync(Workspace workspace, string runId, string artifactPath, string modelName,
        IReadOnlyList<float[]>? rows = null, CancellationToken cancellationToken = default)
    {
        var version = await workspace.Registry.RegisterAsync(runId, artifactPath, modelName, new OnnxSignatureReader(), "registered by mlnb quickstart", null, cancellationToken).ConfigureAwait(false);
        await workspace.Registry.PromoteAsync(modelName, version.Version, "production", "mlnb quickstart", cancellationToken).ConfigureAwait(false);
        await using var server = await ModelServer.StartAsync(workspace, new ModelServerOptions { Models = [$"models:/{modelName}@production"], Port = 0, Log = _ => { } }, cancellationToken).ConfigureAwait(false);
        var request = Request(version.Package.Signature, rows);
        var url = new Uri(server.BaseAddress, $"v2/models/{modelName}/infer");
        using var http = new HttpClient();
        using var content = new StringContent(request, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(url, content, cancellationToken).ConfigureAwait(false);
        var answer = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new MlnbException(ErrorCode.InternalError, $"the model server answered {(int)response.StatusCode}: {answer}");
        return new ServingQuickstartResult(version, server.BaseAddress, url, request, answer);
    }

    private static string Request(ModelSignature signature, IReadOnlyList<float[]>? rows)
    {
        var inputs = new JsonArray();
        foreach (var spec in signature.Inputs)
        {
            long[] shape;
            JsonArray data;
            if (rows is not null && signature.Inputs.Count == 1 && spec.Datatype == "FP32")
            {
                shape = spec.Shape.Count == 1 ? [rows.Count] : [rows.Count, rows.Count == 0 ? 0 : rows[0].Length];
                data = new JsonArray([.. rows.SelectMany(r => r).Select(v => (JsonNode)JsonValue.Create(v))]);
            }
            else
            {
                shape = [.. spec.Shape.Select(d => d < 0 ? 1L : d)];
                var zeros = Tensor.NewArray(spec.Datatype, (int)shape.Aggregate(1L, (a, b) => a * b));
                data = JsonSerializer.SerializeToNode(zeros)!.AsArray();
                if (spec.Datatype == "BYTES") data = new JsonArray([.. Enumerable.Repeat((JsonNode)"", zeros.Length)]);
            }
            inputs.Add(new JsonObject { ["name"] = spec.Name, ["shape"] = new JsonArray([.. shape.Select(d => (JsonNode)d)]), ["datatype"] = spec.Datatype, ["data"] = data });
        }
        return new JsonObject { ["inputs"] = inputs }.ToJsonString();
    }
}
