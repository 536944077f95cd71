using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MlNotebooks.Server.Mlflow;

/// <summary>
/// The fields of one request, bound as MLflow binds them: GET reads the query string, every other method (DELETE
/// too) a JSON object body. A missing or mistyped field fails with INVALID_PARAMETER_VALUE naming it. Bound once per
/// request and shared (<see cref="GetAsync"/>), so the auth middleware and the handler read the same fields.
/// </summary>
public sealed partial class MlflowRequest
{
    private static readonly object ItemKey = new();
    private readonly JsonElement _body;
    private readonly IQueryCollection _query;
    private readonly bool _fromQuery;

    private MlflowRequest(IQueryCollection query, JsonElement body, bool fromQuery, string? path)
    {
        _query = query;
        _body = body;
        _fromQuery = fromQuery;
        Path = path;
    }

    /// <summary>The <c>{**path}</c> route value of the artifact proxy, or null.</summary>
    public string? Path { get; }

    /// <summary>The bound request of <paramref name="http"/>, binding it on first use.</summary>
    /// <param name="http">The request.</param>
    /// <param name="rawBody">True when the handler streams the body itself: only the query string is bound.</param>
    public static async Task<MlflowRequest> GetAsync(HttpContext http, bool rawBody = false)
    {
        if (http.Items.TryGetValue(ItemKey, out var cached) && cached is MlflowRequest r) return r;
        var fromQuery = rawBody || HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method);
        var body = fromQuery ? default : await ReadBodyAsync(http.Request).ConfigureAwait(false);
        // Routing leaves %2F encoded in a catch-all value; decode it so '..%2F..' is seen (and refused) as '../..'.
        var path = http.Request.RouteValues.TryGetValue("path", out var p) && p is string s ? Uri.UnescapeDataString(s) : null;
        r = new MlflowRequest(http.Request.Query, body, fromQuery, path);
        http.Items[ItemKey] = r;
        return r;
    }

    private static async Task<JsonElement> ReadBodyAsync(HttpRequest request)
    {
        // MLflow parses the body as JSON whatever the content type says (Flask's get_json(force=True)).
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
        if (buffer.Length == 0 || buffer.ToArray().All(b => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
            return JsonDocument.Parse("{}").RootElement.Clone();
        using var doc = JsonDocument.Parse(buffer.ToArray());
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
            throw MlnbException.Invalid($"the request body is a JSON {doc.RootElement.ValueKind.ToString().ToLowerInvariant()}; send a JSON object such as {{\"experiment_id\": \"1\"}}");
        return doc.RootElement.Clone();
    }

    /// <summary>
    /// The id or name of the resource a route's <see cref="Access"/> names: the field's value (<c>run_uuid</c> standing in
    /// for a missing <c>run_id</c>), or for the artifact proxy the <c>{**path}</c> route value, else the <c>path</c> query argument.
    /// Null when the access names no resource or the request lacks it.
    /// </summary>
    public string? ResourceId(Access access)
    {
        if (access.Field is null) return null;
        if (access.Scope == AccessScope.ArtifactPath) return Path ?? String(access.Field);
        var value = String(access.Field);
        if (string.IsNullOrEmpty(value) && access.Field == "run_id") value = String("run_uuid");
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>True when the field was sent (and is not JSON null).</summary>
    public bool Has(string field) => _fromQuery ? _query.ContainsKey(field) : _body.TryGetProperty(field, out var v) && v.ValueKind != JsonValueKind.Null;

    /// <summary>A string field, or null when absent.</summary>
    public string? String(string field)
    {
        if (_fromQuery) return _query.TryGetValue(field, out var q) ? q.ToString() : null;
        if (!_body.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind == JsonValueKind.String ? v.GetString() : throw WrongType(field, "a string", v);
    }

    /// <summary>An enum field as text: its name (a JSON string) or its number (protobuf's JSON reading accepts both), or null.</summary>
    public string? EnumText(string field)
    {
        if (_fromQuery || !_body.TryGetProperty(field, out var v) || v.ValueKind != JsonValueKind.Number) return String(field);
        return v.TryGetInt32(out var n) ? n.ToString(CultureInfo.InvariantCulture) : throw WrongType(field, "an enum name or number", v);
    }

    /// <summary>A required, non-empty string field.</summary>
    public string RequiredString(string field) =>
        String(field) is { Length: > 0 } s ? s : throw Missing(field);

    /// <summary>An integer field (a JSON number or a string of digits, as protobuf's JSON reading accepts), or null.</summary>
    public long? Long(string field)
    {
        string? text;
        if (_fromQuery) text = _query.TryGetValue(field, out var q) ? q.ToString() : null;
        else if (!_body.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null) text = null;
        else if (v.ValueKind == JsonValueKind.Number) return v.TryGetInt64(out var n) ? n : throw WrongType(field, "an integer", v);
        else text = v.ValueKind == JsonValueKind.String ? v.GetString() : throw WrongType(field, "an integer", v);
        if (text is null) return null;
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed
            : throw MlnbException.Invalid($"invalid value '{Shorten(text)}' for parameter '{field}': it must be an integer");
    }

    /// <summary>An integer field in <c>int</c> range, or null.</summary>
    public int? Int(string field) => Long(field) is not { } n ? null
        : n is >= int.MinValue and <= int.MaxValue ? (int)n : throw MlnbException.Invalid($"invalid value {n} for parameter '{field}': it is out of range");

    /// <summary>A boolean field (true/false), or null.</summary>
    public bool? Bool(string field)
    {
        if (_fromQuery)
            return !_query.TryGetValue(field, out var q) ? null
                : bool.TryParse(q.ToString(), out var b) ? b : throw MlnbException.Invalid($"invalid value '{Shorten(q.ToString())}' for parameter '{field}': it must be true or false");
        if (!_body.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => throw WrongType(field, "true or false", v) };
    }

    /// <summary>A double field: a JSON number or "NaN"/"Infinity"/"-Infinity" (protobuf's JSON spelling), or null.</summary>
    public double? Double(string field)
    {
        string? text;
        if (_fromQuery) text = _query.TryGetValue(field, out var q) ? q.ToString() : null;
        else if (!_body.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null) text = null;
        else if (v.ValueKind == JsonValueKind.Number) return v.GetDouble();
        else text = v.ValueKind == JsonValueKind.String ? v.GetString() : throw WrongType(field, "a number", v);
        return text is null ? null : ParseDouble(field, text);
    }

    /// <summary>A repeated string field: repeated query arguments, or a JSON array of strings; empty when absent.</summary>
    public IReadOnlyList<string> Strings(string field)
    {
        if (_fromQuery) return _query.TryGetValue(field, out var q) ? [.. q.Where(s => s is not null).Select(s => s!)] : [];
        if (!_body.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null) return [];
        if (v.ValueKind != JsonValueKind.Array) throw WrongType(field, "a list of strings", v);
        return [.. v.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw WrongType(field + "[]", "a string", e))];
    }

    /// <summary>A repeated message field (JSON array of objects), empty when absent; GET cannot carry one.</summary>
    public IReadOnlyList<MlflowObject> Objects(string field)
    {
        if (_fromQuery) return _query.ContainsKey(field) ? throw MlnbException.Invalid($"parameter '{field}' is a list of objects; send it in a JSON body with POST") : [];
        if (!_body.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null) return [];
        if (v.ValueKind != JsonValueKind.Array) throw WrongType(field, "a list of objects", v);
        return [.. v.EnumerateArray().Select((e, i) => e.ValueKind == JsonValueKind.Object ? new MlflowObject(e, $"{field}[{i}]") : throw WrongType($"{field}[{i}]", "an object", e))];
    }

    internal static double ParseDouble(string field, string text) => text switch
    {
        "NaN" => double.NaN,
        "Infinity" or "inf" => double.PositiveInfinity,
        "-Infinity" or "-inf" => double.NegativeInfinity,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
            : throw MlnbException.Invalid($"invalid value '{Shorten(text)}' for parameter '{field}': it must be a number"),
    };

    internal static MlnbException Missing(string field) =>
        MlnbException.Invalid($"missing value for required parameter '{field}'; see the MLflow REST API docs for the request's fields");

    internal static MlnbException WrongType(string field, string expected, JsonElement actual) =>
        MlnbException.Invalid($"invalid value {Shorten(actual.GetRawText())} for parameter '{field}': it must be {expected}");

    internal static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";
}
