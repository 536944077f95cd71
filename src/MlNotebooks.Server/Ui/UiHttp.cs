using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace MlNotebooks.Server.Ui;

/// <summary>
/// Reading the query fields of the UI's GET endpoints: a bad field fails with INVALID_PARAMETER_VALUE naming it
/// (the server answers it as MLflow's error body).
/// </summary>
internal static class UiHttp
{
    /// <summary>A query field, or null when absent or blank.</summary>
    public static string? Query(HttpContext context, string name) =>
        context.Request.Query[name].ToString() is { Length: > 0 } s && !string.IsNullOrWhiteSpace(s) ? s : null;

    /// <summary>A required query field; fails naming it.</summary>
    public static string Required(HttpContext context, string name) =>
        Query(context, name) ?? throw MlnbException.Invalid($"missing query field '{name}'; add ?{name}=...");

    /// <summary>A query field given several times or comma-separated, in order, without blanks.</summary>
    public static IReadOnlyList<string> List(HttpContext context, string name) =>
        [.. context.Request.Query[name].SelectMany(v => (v ?? "").Split(',')).Select(v => v.Trim()).Where(v => v.Length > 0)];

    /// <summary>An integer query field within [min, max], or the default when absent; fails naming the field.</summary>
    public static int Int(HttpContext context, string name, int defaultValue, int min, int max)
    {
        var s = Query(context, name);
        if (s is null) return defaultValue;
        if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
            throw MlnbException.Invalid($"query field '{name}' must be a whole number from {min} to {max}, not '{s}'");
        return v;
    }

    /// <summary>A number as JSON, with NaN and infinities as null (JSON has no literal for them).</summary>
    public static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;
}
