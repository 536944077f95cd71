using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using MlNotebooks.Tracking;

namespace MlNotebooks.Server.Mlflow;

/// <summary>Answers in MLflow's JSON: a message body, or the error body <c>{"error_code", "message"}</c> with MLflow's HTTP status.</summary>
public static class MlflowResults
{
    // Relaxed escaping writes ' and ` as themselves, as MLflow's server does; the answer is application/json, never HTML.
    private static readonly JsonSerializerOptions Compact = new(MlflowJson.Options) { WriteIndented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>An empty message, <c>{}</c> (what MLflow answers to updates and deletes).</summary>
    public static IResult Empty { get; } = new JsonResult(new JsonObject(), 200);

    /// <summary>A JSON message with status 200.</summary>
    public static IResult Json(JsonNode body) => new JsonResult(body, 200);

    /// <summary>MLflow's error body for an <see cref="MlnbException"/>, with its HTTP status.</summary>
    public static IResult Error(MlnbException e) => Error(e.Code.ToHttpStatus(), e.Code.ToMlflowName(), e.Message);

    /// <summary>MLflow's error body with an explicit status and code (e.g. 400 MALFORMED_REQUEST, 404 ENDPOINT_NOT_FOUND).</summary>
    public static IResult Error(int status, string errorCode, string message) =>
        new JsonResult(new JsonObject { ["error_code"] = errorCode, ["message"] = message }, status);

    /// <summary>Writes a node as compact JSON (NaN and infinities as MLflow spells them).</summary>
    public static async Task WriteAsync(HttpResponse response, JsonNode body, int status)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        await using (var w = new Utf8JsonWriter(response.BodyWriter.AsStream(), new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            body.WriteTo(w, Compact);
        await response.BodyWriter.FlushAsync(response.HttpContext.RequestAborted).ConfigureAwait(false);
    }

    private sealed class JsonResult(JsonNode body, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext.Response, body, status);
    }
}
