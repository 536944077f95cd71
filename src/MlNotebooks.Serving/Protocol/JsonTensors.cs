using System.Text.Json;
using MlNotebooks.Serving.Runtime;

namespace MlNotebooks.Serving.Protocol;

/// <summary>JSON values ↔ tensor arrays, with errors that name the tensor and the position.</summary>
internal static class JsonTensors
{
    /// <summary>Flattens a (possibly nested) JSON array row-major into a typed array.</summary>
    public static Array Flatten(JsonElement data, string datatype, string name)
    {
        if (!Tensor.IsSupported(datatype))
            throw MlnbException.Invalid($"input '{name}' has datatype {datatype}, which this server does not carry; use FP32, FP64, INT64, INT32, BOOL or BYTES");
        // Typed fills for the common numeric types, straight from the JSON (no boxing, no list of elements); the general
        // path reports a bad value by position.
        if (datatype == "FP32")
        {
            var a = new float[Leaves(data)];
            var i = 0;
            Fill(data, a, ref i, name);
            return a;
        }
        if (datatype == "FP64")
        {
            var a = new double[Leaves(data)];
            var i = 0;
            Fill(data, a, ref i, name);
            return a;
        }
        var items = new List<JsonElement>();
        Collect(data, items, name);
        var array = Tensor.NewArray(datatype, items.Count);
        for (var k = 0; k < items.Count; k++) array.SetValue(Convert(items[k], datatype, name, k), k);
        return array;
    }

    private static int Leaves(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Array) return 1;
        var n = 0;
        foreach (var x in e.EnumerateArray()) n += x.ValueKind == JsonValueKind.Array ? Leaves(x) : 1;
        return n;
    }

    private static void Fill(JsonElement e, float[] into, ref int i, string name)
    {
        if (e.ValueKind == JsonValueKind.Array)
            foreach (var x in e.EnumerateArray()) Fill(x, into, ref i, name);
        else
        {
            into[i] = e.ValueKind switch { JsonValueKind.Number => (float)e.GetDouble(), JsonValueKind.Null => float.NaN, _ => (float)Convert(e, "FP32", name, i) };
            i++;
        }
    }

    private static void Fill(JsonElement e, double[] into, ref int i, string name)
    {
        if (e.ValueKind == JsonValueKind.Array)
            foreach (var x in e.EnumerateArray()) Fill(x, into, ref i, name);
        else
        {
            into[i] = e.ValueKind switch { JsonValueKind.Number => e.GetDouble(), JsonValueKind.Null => double.NaN, _ => (double)Convert(e, "FP64", name, i) };
            i++;
        }
    }

    private static void Collect(JsonElement e, List<JsonElement> into, string name)
    {
        if (e.ValueKind == JsonValueKind.Array)
            foreach (var x in e.EnumerateArray()) Collect(x, into, name);
        else into.Add(e);
    }

    /// <summary>The shape of a nested JSON array (ragged arrays are an error).</summary>
    public static long[] ShapeOf(JsonElement e, string name)
    {
        var shape = new List<long>();
        var cur = e;
        while (cur.ValueKind == JsonValueKind.Array)
        {
            shape.Add(cur.GetArrayLength());
            if (cur.GetArrayLength() == 0) break;
            cur = cur[0];
        }
        var expected = shape.Aggregate(1L, (a, b) => a * b);
        var count = 0L;
        Count(e, ref count);
        if (count != expected) throw MlnbException.Invalid($"input '{name}' is a ragged array; every row needs the same number of values");
        return [.. shape];
    }

    private static void Count(JsonElement e, ref long count)
    {
        if (e.ValueKind == JsonValueKind.Array) foreach (var x in e.EnumerateArray()) Count(x, ref count);
        else count++;
    }

    public static object Convert(JsonElement e, string datatype, string name, int index)
    {
        try
        {
            return datatype switch
            {
                "FP32" => e.ValueKind == JsonValueKind.Number ? (float)e.GetDouble() : throw Bad(),
                "FP64" => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : throw Bad(),
                "INT64" => e.ValueKind == JsonValueKind.Number ? e.GetInt64() : throw Bad(),
                "INT32" => e.ValueKind == JsonValueKind.Number ? e.GetInt32() : throw Bad(),
                "BOOL" => e.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => throw Bad() },
                _ => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Bad(),
            };
        }
        catch (FormatException)
        {
            throw Bad();
        }

        MlnbException Bad() => MlnbException.Invalid($"input '{name}' value #{index} ({Shorten(e.GetRawText())}) is not a {datatype} value");
    }

    private static string Shorten(string s) => s.Length > 40 ? s[..40] + "…" : s;

    /// <summary>Writes a flat array as JSON values.</summary>
    public static void WriteFlat(Utf8JsonWriter w, Array data)
    {
        switch (data)
        {
            case float[] a: foreach (var v in a) { if (float.IsFinite(v)) w.WriteNumberValue(v); else w.WriteNullValue(); } break;
            case double[] a: foreach (var v in a) { if (double.IsFinite(v)) w.WriteNumberValue(v); else w.WriteNullValue(); } break;
            case long[] a: foreach (var v in a) w.WriteNumberValue(v); break;
            case int[] a: foreach (var v in a) w.WriteNumberValue(v); break;
            case bool[] a: foreach (var v in a) w.WriteBooleanValue(v); break;
            case string[] a: foreach (var v in a) w.WriteStringValue(v); break;
        }
    }

    /// <summary>Writes a tensor as nested JSON arrays following its shape (a scalar as a value).</summary>
    public static void WriteNested(Utf8JsonWriter w, Tensor t)
    {
        var index = 0;
        Write(0);

        void Write(int dim)
        {
            if (dim == t.Shape.Length) { WriteOne(w, t.Data, index++); return; }
            w.WriteStartArray();
            for (var i = 0; i < t.Shape[dim]; i++) Write(dim + 1);
            w.WriteEndArray();
        }
    }

    private static void WriteOne(Utf8JsonWriter w, Array data, int i)
    {
        switch (data)
        {
            case float[] a: if (float.IsFinite(a[i])) w.WriteNumberValue(a[i]); else w.WriteNullValue(); break;
            case double[] a: if (double.IsFinite(a[i])) w.WriteNumberValue(a[i]); else w.WriteNullValue(); break;
            case long[] a: w.WriteNumberValue(a[i]); break;
            case int[] a: w.WriteNumberValue(a[i]); break;
            case bool[] a: w.WriteBooleanValue(a[i]); break;
            case string[] a: w.WriteStringValue(a[i]); break;
        }
    }
}
