using System.Globalization;
using System.Text.Json;

namespace MlNotebooks.Features.Online;

/// <summary>Encodes join key values into one string key: integers and strings as written, joined by U+001F.</summary>
public static class EntityKeys
{
    /// <summary>The key of one entity from its join key values (in the view's join key order).</summary>
    public static string Encode(IReadOnlyList<object?> values) =>
        values.Count == 1 ? One(values[0]) : string.Join('\u001f', values.Select(One));

    private static string One(object? v) => v switch
    {
        null => "",
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString()!,
        JsonElement { ValueKind: JsonValueKind.Number } e => e.TryGetInt64(out var l) ? l.ToString(CultureInfo.InvariantCulture) : e.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        JsonElement e => e.GetRawText(),
        double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => ((long)d).ToString(CultureInfo.InvariantCulture),
        float f when f == Math.Floor(f) && Math.Abs(f) < 1e7 => ((long)f).ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}
