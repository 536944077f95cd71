using System.Globalization;
using System.Text.Json;

namespace MlNotebooks.Features.Online;

/// <summary>
/// Online values in the Feast feature server's shape: <c>metadata.feature_names</c> (join keys first) and one result
/// per name with <c>values</c>, <c>statuses</c> (PRESENT, NOT_FOUND, NULL_VALUE) and <c>event_timestamps</c> per entity row.
/// </summary>
/// <param name="FeatureNames">The join keys, then the features (<c>view__feature</c> with full feature names).</param>
/// <param name="Results">One column per name, one entry per entity row.</param>
public sealed record OnlineResponse(IReadOnlyList<string> FeatureNames, IReadOnlyList<OnlineFeatureValues> Results)
{
    /// <summary>The value of a named column for entity row <paramref name="row"/>.</summary>
    public object? Value(string name, int row)
    {
        var i = FeatureNames.ToList().IndexOf(name);
        if (i < 0) throw MlnbException.NotFound($"'{name}' is not in the response; names: {string.Join(", ", FeatureNames)}");
        return Results[i].Values[row];
    }

    /// <summary>Writes the Feast JSON body.</summary>
    public void WriteJson(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteStartObject("metadata");
        w.WriteStartArray("feature_names");
        foreach (var n in FeatureNames) w.WriteStringValue(n);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartArray("results");
        foreach (var r in Results)
        {
            w.WriteStartObject();
            w.WriteStartArray("values");
            foreach (var v in r.Values) WriteValue(w, v);
            w.WriteEndArray();
            w.WriteStartArray("statuses");
            foreach (var s in r.Statuses) w.WriteStringValue(s);
            w.WriteEndArray();
            w.WriteStartArray("event_timestamps");
            foreach (var t in r.EventTimestamps) w.WriteStringValue(t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFZ", CultureInfo.InvariantCulture));
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter w, object? v)
    {
        switch (v)
        {
            case null: w.WriteNullValue(); break;
            case long l: w.WriteNumberValue(l); break;
            case int i: w.WriteNumberValue(i); break;
            case double d when double.IsFinite(d): w.WriteNumberValue(d); break;
            case double: w.WriteNullValue(); break;
            case bool b: w.WriteBooleanValue(b); break;
            case string s: w.WriteStringValue(s); break;
            case DateTimeOffset t: w.WriteStringValue(t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFZ", CultureInfo.InvariantCulture)); break;
            default: w.WriteStringValue(Convert.ToString(v, CultureInfo.InvariantCulture)); break;
        }
    }

    /// <summary>The Feast JSON body as UTF-8 bytes.</summary>
    public byte[] ToUtf8()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer)) WriteJson(w);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The Feast JSON body as text.</summary>
    public string ToJson(bool indented = false)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = indented })) WriteJson(w);
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }
}

/// <summary>One column of an online response.</summary>
/// <param name="Values">The values per entity row (null where missing).</param>
/// <param name="Statuses">PRESENT, NOT_FOUND or NULL_VALUE per entity row.</param>
/// <param name="EventTimestamps">The event time of each value (the epoch where missing, as Feast answers).</param>
public sealed record OnlineFeatureValues(IReadOnlyList<object?> Values, IReadOnlyList<string> Statuses, IReadOnlyList<DateTimeOffset> EventTimestamps);
