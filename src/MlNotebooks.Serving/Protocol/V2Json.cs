using System.Text.Json;
using MlNotebooks.Serving.Runtime;

namespace MlNotebooks.Serving.Protocol;

/// <summary>An Open Inference Protocol v2 inference request, parsed.</summary>
internal sealed record V2Request(string? Id, IReadOnlyList<Tensor> Inputs, IReadOnlyList<string>? Outputs);

/// <summary>
/// The Open Inference Protocol v2 REST JSON: <c>{"id","parameters","inputs":[{"name","shape","datatype","parameters","data"}],"outputs":[{"name"}]}</c>
/// in, <c>{"model_name","model_version","id","outputs":[{"name","shape","datatype","data"}]}</c> out, data flattened row-major.
/// </summary>
internal static class V2Json
{
    public static V2Request Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw MlnbException.Invalid("the request body must be a JSON object with an \"inputs\" array");
        string? id = null;
        if (root.TryGetProperty("id", out var idEl))
            id = idEl.ValueKind == JsonValueKind.String ? idEl.GetString() : throw MlnbException.Invalid("\"id\" must be a string");
        if (!root.TryGetProperty("inputs", out var inputsEl) || inputsEl.ValueKind != JsonValueKind.Array)
            throw MlnbException.Invalid("the request has no \"inputs\" array; send {\"inputs\":[{\"name\":…,\"shape\":[…],\"datatype\":\"FP32\",\"data\":[…]}]}");
        var inputs = new List<Tensor>();
        var k = 0;
        foreach (var input in inputsEl.EnumerateArray())
        {
            if (input.ValueKind != JsonValueKind.Object) throw MlnbException.Invalid($"inputs[{k}] must be an object with name, shape, datatype and data");
            var name = Str(input, "name", $"inputs[{k}]");
            var datatype = Str(input, "datatype", $"input '{name}'");
            if (!input.TryGetProperty("shape", out var shapeEl) || shapeEl.ValueKind != JsonValueKind.Array)
                throw MlnbException.Invalid($"input '{name}' has no \"shape\" array");
            var shape = new long[shapeEl.GetArrayLength()];
            var d = 0;
            foreach (var s in shapeEl.EnumerateArray())
                shape[d++] = s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var n) && n >= 0 ? n : throw MlnbException.Invalid($"input '{name}' shape must hold non-negative integers");
            if (!input.TryGetProperty("data", out var dataEl) || dataEl.ValueKind != JsonValueKind.Array)
                throw MlnbException.Invalid($"input '{name}' has no \"data\" array");
            if (input.TryGetProperty("parameters", out var p) && p.ValueKind != JsonValueKind.Object)
                throw MlnbException.Invalid($"input '{name}' \"parameters\" must be an object");
            inputs.Add(new Tensor(name, datatype, shape, JsonTensors.Flatten(dataEl, datatype, name)));
            k++;
        }
        List<string>? outputs = null;
        if (root.TryGetProperty("outputs", out var outputsEl))
        {
            if (outputsEl.ValueKind != JsonValueKind.Array) throw MlnbException.Invalid("\"outputs\" must be an array of {\"name\": …}");
            outputs = [.. outputsEl.EnumerateArray().Select((o, i) => o.ValueKind == JsonValueKind.Object ? Str(o, "name", $"outputs[{i}]") : throw MlnbException.Invalid($"outputs[{i}] must be an object with a name"))];
        }
        if (root.TryGetProperty("parameters", out var rp) && rp.ValueKind != JsonValueKind.Object)
            throw MlnbException.Invalid("\"parameters\" must be an object");
        return new V2Request(id, inputs, outputs);
    }

    private static string Str(JsonElement o, string key, string where) =>
        o.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw MlnbException.Invalid($"{where} has no \"{key}\" string");

    public static void WriteResponse(Utf8JsonWriter w, string model, string version, string? id, IReadOnlyList<Tensor> outputs)
    {
        w.WriteStartObject();
        w.WriteString("model_name", model);
        w.WriteString("model_version", version);
        if (id is not null) w.WriteString("id", id);
        w.WritePropertyName("outputs");
        WriteOutputs(w, outputs);
        w.WriteEndObject();
    }

    public static void WriteOutputs(Utf8JsonWriter w, IReadOnlyList<Tensor> outputs)
    {
        w.WriteStartArray();
        foreach (var t in outputs)
        {
            w.WriteStartObject();
            w.WriteString("name", t.Name);
            w.WriteStartArray("shape");
            foreach (var d in t.Shape) w.WriteNumberValue(d);
            w.WriteEndArray();
            w.WriteString("datatype", t.Datatype);
            w.WriteStartArray("data");
            JsonTensors.WriteFlat(w, t.Data);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
