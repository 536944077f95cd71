using System.Text.Json;

namespace MlNotebooks.Server.Mlflow;

/// <summary>One object of a repeated message field (a metric, a tag, a dataset input), read with the same rules as the request.</summary>
/// <param name="Element">The JSON object.</param>
/// <param name="Where">Its place in the request (e.g. <c>metrics[3]</c>), named in errors.</param>
public sealed record MlflowObject(JsonElement Element, string Where)
{
    /// <summary>A string member, or null when absent.</summary>
    public string? String(string field) =>
        !Element.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString() : throw MlflowRequest.WrongType(Name(field), "a string", v);

    /// <summary>A required string member (may be empty when <paramref name="allowEmpty"/>).</summary>
    public string RequiredString(string field, bool allowEmpty = false) =>
        String(field) is { } s && (allowEmpty || s.Length > 0) ? s : throw MlflowRequest.Missing(Name(field));

    /// <summary>An integer member (number or digit string), or null.</summary>
    public long? Long(string field)
    {
        if (!Element.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n)) return n;
        if (v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var p)) return p;
        throw MlflowRequest.WrongType(Name(field), "an integer", v);
    }

    /// <summary>A double member (number or NaN/Infinity string), or null.</summary>
    public double? Double(string field)
    {
        if (!Element.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.Number) return v.GetDouble();
        if (v.ValueKind == JsonValueKind.String) return MlflowRequest.ParseDouble(Name(field), v.GetString()!);
        throw MlflowRequest.WrongType(Name(field), "a number", v);
    }

    /// <summary>A nested object member, or null.</summary>
    public MlflowObject? Object(string field) =>
        !Element.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.Object ? new MlflowObject(v, Name(field)) : throw MlflowRequest.WrongType(Name(field), "an object", v);

    /// <summary>A nested list of objects, empty when absent.</summary>
    public IReadOnlyList<MlflowObject> Objects(string field)
    {
        if (!Element.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null) return [];
        if (v.ValueKind != JsonValueKind.Array) throw MlflowRequest.WrongType(Name(field), "a list of objects", v);
        return [.. v.EnumerateArray().Select((e, i) => e.ValueKind == JsonValueKind.Object ? new MlflowObject(e, $"{Name(field)}[{i}]") : throw MlflowRequest.WrongType($"{Name(field)}[{i}]", "an object", e))];
    }

    private string Name(string field) => $"{Where}.{field}";
}
