using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MlNotebooks.Registry;
using MlNotebooks.Serving.Hosting;
using MlNotebooks.Serving.Protocol;

namespace MlNotebooks.Serving.Api;

/// <summary>The Open Inference Protocol v2 REST routes: health, server and model metadata, readiness, inference.</summary>
internal static class InferenceApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var v2 = app.MapGroup("/v2");
        v2.MapGet("", () => JsonBody.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("name", "mlnb");
            w.WriteString("version", typeof(InferenceApi).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
            w.WriteStartArray("extensions");
            w.WriteEndArray();
            w.WriteEndObject();
        }));
        v2.MapGet("/health/live", () => JsonBody.Write(w => { w.WriteStartObject(); w.WriteBoolean("live", true); w.WriteEndObject(); }));
        v2.MapGet("/health/ready", () => JsonBody.Write(w => { w.WriteStartObject(); w.WriteBoolean("ready", true); w.WriteEndObject(); }));
        v2.MapGet("/models/{model}", (string model, ServerState s) => Metadata(s.Find(model), null));
        v2.MapGet("/models/{model}/versions/{version}", (string model, string version, ServerState s) => Metadata(s.Find(model), ParseVersion(version)));
        v2.MapGet("/models/{model}/ready", (string model, ServerState s) => Ready(s.Find(model), null));
        v2.MapGet("/models/{model}/versions/{version}/ready", (string model, string version, ServerState s) => Ready(s.Find(model), ParseVersion(version)));
        v2.MapPost("/models/{model}/infer", (string model, HttpRequest request, ServerState s) => InferAsync(s.Find(model), null, request));
        v2.MapPost("/models/{model}/versions/{version}/infer", (string model, string version, HttpRequest request, ServerState s) => InferAsync(s.Find(model), ParseVersion(version), request));
    }

    private static int ParseVersion(string version) =>
        int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v
        : throw MlnbException.NotFound($"model version '{version}' does not exist; versions are whole numbers from 1");

    private static LoadedVersion Pick(ServedModel m, int? version) => version is null ? m.Primary
        : m.Loaded.FirstOrDefault(l => l.Version.Version == version)
          ?? throw MlnbException.NotFound($"model '{m.Name}' version {version} is not loaded on this server; loaded: {string.Join(", ", m.Loaded.Select(l => l.Version.Version))}");

    private static IResult Metadata(ServedModel m, int? version)
    {
        var loaded = Pick(m, version);
        return JsonBody.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("name", m.Name);
            w.WriteStartArray("versions");
            foreach (var l in m.Loaded) w.WriteStringValue(l.Version.Version.ToString(CultureInfo.InvariantCulture));
            w.WriteEndArray();
            w.WriteString("platform", "onnxruntime_onnx");
            Tensors(w, "inputs", loaded.Signature.Inputs);
            Tensors(w, "outputs", loaded.Signature.Outputs);
            w.WriteStartObject("parameters");
            w.WriteString("version", loaded.Version.Version.ToString(CultureInfo.InvariantCulture));
            w.WriteString("source", loaded.Version.Source);
            w.WriteString("execution_provider", loaded.Model.ExecutionProvider);
            if (m.Candidate is { } c)
            {
                w.WriteString("candidate_version", c.Version.Version.ToString(CultureInfo.InvariantCulture));
                w.WriteString("candidate_mode", m.Mode == CandidateMode.Canary ? "canary" : "shadow");
            }
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private static void Tensors(System.Text.Json.Utf8JsonWriter w, string key, IReadOnlyList<TensorSpec> specs)
    {
        w.WriteStartArray(key);
        foreach (var t in specs)
        {
            w.WriteStartObject();
            w.WriteString("name", t.Name);
            w.WriteString("datatype", t.Datatype);
            w.WriteStartArray("shape");
            foreach (var d in t.Shape) w.WriteNumberValue(d);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static IResult Ready(ServedModel m, int? version)
    {
        Pick(m, version);
        return JsonBody.Write(w => { w.WriteStartObject(); w.WriteString("name", m.Name); w.WriteBoolean("ready", true); w.WriteEndObject(); });
    }

    private static async Task<IResult> InferAsync(ServedModel m, int? version, HttpRequest request)
    {
        using var doc = await JsonBody.ReadAsync(request, allowMissingType: true).ConfigureAwait(false);
        var parsed = V2Json.Parse(doc.RootElement);
        var inputs = parsed.Inputs;
        var target = Pick(m, version);
        if (target.Lookup is { } lookup)
            inputs = Features.FeatureJoin.Enrich(Features.FeatureJoin.FromTensors(inputs), lookup, target.Features!, m.Name, target.Signature).ToTensors(target.Signature);
        var outcome = await m.InferAsync(inputs, parsed.Outputs, version, "v2").ConfigureAwait(false);
        request.HttpContext.Response.Headers["x-mlnb-variant"] = outcome.Variant;
        return JsonBody.Write(w => V2Json.WriteResponse(w, m.Name, outcome.Version.Version.ToString(CultureInfo.InvariantCulture), parsed.Id, outcome.Outputs));
    }
}
