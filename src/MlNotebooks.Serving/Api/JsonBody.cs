using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MlNotebooks.Serving.Api;

/// <summary>Reads JSON bodies after checking the content type, and writes answers straight to the response with a <see cref="Utf8JsonWriter"/>.</summary>
internal static class JsonBody
{
    /// <summary>Media type of the request, lower case, without parameters; null when absent.</summary>
    public static string? MediaType(HttpRequest request) =>
        string.IsNullOrEmpty(request.ContentType) ? null : request.ContentType.Split(';')[0].Trim().ToLowerInvariant();

    public static async Task<JsonDocument> ReadAsync(HttpRequest request, bool allowMissingType)
    {
        var type = MediaType(request);
        if (type is null ? !allowMissingType : type != "application/json")
            throw new BadHttpRequestException($"content type '{request.ContentType}' is not supported; send application/json", StatusCodes.Status415UnsupportedMediaType);
        return await JsonDocument.ParseAsync(request.Body, default, request.HttpContext.RequestAborted).ConfigureAwait(false);
    }

    public static IResult Write(Action<Utf8JsonWriter> write) => new Result(write);

    private sealed class Result(Action<Utf8JsonWriter> write) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.ContentType = "application/json";
            using (var w = new Utf8JsonWriter(httpContext.Response.BodyWriter)) write(w);
            await httpContext.Response.BodyWriter.FlushAsync(httpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}
