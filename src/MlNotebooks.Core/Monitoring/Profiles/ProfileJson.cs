using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlNotebooks.Monitoring.Profiles;

/// <summary>
/// A <see cref="TableProfile"/> as JSON, with every sketch's state (moments, KLL levels, HyperLogLog registers in
/// base64, frequent counts in key order), so a stored profile merges like a fresh one. The same data always gives the
/// same bytes (the sketches are seeded), so a content-addressed store keeps one copy per data version.
/// </summary>
public static class ProfileJson
{
    /// <summary>The format written (<c>format</c> key).</summary>
    public const string Format = "mlnb-profile/1";

    /// <summary>Serializes a profile (compact, deterministic).</summary>
    public static string ToJson(TableProfile profile)
    {
        var columns = new JsonArray();
        foreach (var c in profile.Columns)
        {
            var m = c.Moments;
            columns.Add(new JsonObject
            {
                ["name"] = c.Name,
                ["kind"] = c.Kind,
                ["rows"] = c.Rows,
                ["nulls"] = c.Nulls,
                ["moments"] = new JsonObject
                {
                    ["count"] = m.Count, ["nulls"] = m.Nulls, ["min"] = Finite(m.Min), ["max"] = Finite(m.Max), ["mean"] = m.Mean, ["m2"] = m.M2,
                },
                ["kll"] = new JsonObject
                {
                    ["count"] = c.Quantiles.Count,
                    ["levels"] = new JsonArray([.. c.Quantiles.Levels.Select(l => (JsonNode)new JsonArray([.. l.Select(v => (JsonNode)JsonValue.Create(v))]))]),
                },
                ["hll"] = Convert.ToBase64String(c.Distinct.Registers),
                ["frequent"] = new JsonObject
                {
                    ["count"] = c.Frequent.Count,
                    ["max_error"] = c.Frequent.MaxError,
                    ["counts"] = new JsonObject([.. c.Frequent.Counts.Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key, kv.Value))]),
                },
            });
        }
        return new JsonObject { ["format"] = Format, ["rows"] = profile.Rows, ["columns"] = columns }.ToJsonString();
    }

    /// <summary>Reads a profile written by <see cref="ToJson"/>; <paramref name="source"/> names it in errors.</summary>
    public static TableProfile Parse(string json, string source)
    {
        try
        {
            var o = JsonNode.Parse(json)!.AsObject();
            if (o["format"]?.GetValue<string>() != Format)
                throw new MlnbException(ErrorCode.DataCorrupted, $"{source} is not a {Format} profile; profile the data again");
            var columns = o["columns"]!.AsArray().Select(n =>
            {
                var c = n!.AsObject();
                var m = c["moments"]!.AsObject();
                var moments = new Moments(m["count"]!.GetValue<long>(), m["nulls"]!.GetValue<long>(), m["min"]?.GetValue<double>() ?? double.PositiveInfinity,
                    m["max"]?.GetValue<double>() ?? double.NegativeInfinity, m["mean"]!.GetValue<double>(), m["m2"]!.GetValue<double>());
                var k = c["kll"]!.AsObject();
                var kll = KllSketch.Restore(k["count"]!.GetValue<long>(), k["levels"]!.AsArray().Select(l => l!.AsArray().Select(v => v!.GetValue<double>())));
                var f = c["frequent"]!.AsObject();
                var frequent = FrequentItems.Restore(f["count"]!.GetValue<long>(), f["max_error"]!.GetValue<long>(),
                    f["counts"]!.AsObject().Select(kv => new KeyValuePair<string, long>(kv.Key, kv.Value!.GetValue<long>())));
                return new ColumnProfile(c["name"]!.GetValue<string>(), c["kind"]!.GetValue<string>(), c["rows"]!.GetValue<long>(), moments, kll,
                    HyperLogLog.Restore(Convert.FromBase64String(c["hll"]!.GetValue<string>())), frequent, c["nulls"]!.GetValue<long>());
            }).ToList();
            return new TableProfile(o["rows"]!.GetValue<long>(), columns);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            throw new MlnbException(ErrorCode.DataCorrupted, $"{source} is not a readable profile ({e.Message.ReplaceLineEndings(" ")}); profile the data again");
        }
    }

    /// <summary>One line per column: kind, count, nulls, and mean/std/quantiles or distinct and top values.</summary>
    public static string Summary(TableProfile profile)
    {
        var lines = new List<string>();
        foreach (var c in profile.Columns)
        {
            var text = c.Kind == "numeric"
                ? $"mean {G(c.Moments.Mean)} std {G(Math.Sqrt(c.Moments.Variance))} min {G(c.Moments.Min)} p50 {G(c.Quantiles.Quantile(0.5))} max {G(c.Moments.Max)}"
                : $"top {string.Join(", ", c.Frequent.Top.Take(3).Select(kv => $"{kv.Key} ({kv.Value})"))}";
            lines.Add($"{c.Name} ({c.Kind}): {c.Rows - c.Nulls - c.Moments.Nulls} values, {c.Nulls + c.Moments.Nulls} missing, ~{c.Distinct.Estimate():0} distinct; {text}");
        }
        return string.Join('\n', lines);
    }

    private static JsonNode? Finite(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;

    private static string G(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
