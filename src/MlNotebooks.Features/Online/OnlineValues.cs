using System.Data.Common;
using System.Globalization;
using System.Text.Json;

namespace MlNotebooks.Features.Online;

/// <summary>Converts feature values between DuckDB results, stored JSON and C# objects.</summary>
internal static class OnlineValues
{
    public static void Write(Utf8JsonWriter w, DbDataReader r, int column)
    {
        if (r.IsDBNull(column)) { w.WriteNullValue(); return; }
        switch (r.GetValue(column))
        {
            case long l: w.WriteNumberValue(l); break;
            case int i: w.WriteNumberValue(i); break;
            case short s: w.WriteNumberValue(s); break;
            case double d when double.IsFinite(d): w.WriteNumberValue(d); break;
            case double: w.WriteNullValue(); break;
            case float f when float.IsFinite(f): w.WriteNumberValue(f); break;
            case float: w.WriteNullValue(); break;
            case decimal m: w.WriteNumberValue(m); break;
            case bool b: w.WriteBooleanValue(b); break;
            case DateTime t: w.WriteStringValue(DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFZ", CultureInfo.InvariantCulture)); break;
            case DateTimeOffset o: w.WriteStringValue(o.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFZ", CultureInfo.InvariantCulture)); break;
            case var v: w.WriteStringValue(Convert.ToString(v, CultureInfo.InvariantCulture)); break;
        }
    }

    public static object? ToObject(JsonElement e, FeatureType type) => e.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => type switch
        {
            FeatureType.Int32 or FeatureType.Int64 => e.GetInt64(),
            FeatureType.Float32 or FeatureType.Float64 => e.GetDouble(),
            FeatureType.Bool => e.GetBoolean(),
            FeatureType.UnixTimestamp => DateTimeOffset.Parse(e.GetString()!, CultureInfo.InvariantCulture),
            _ => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText(),
        },
    };
}
