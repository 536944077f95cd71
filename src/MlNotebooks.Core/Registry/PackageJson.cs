using System.Text.Json;
using System.Text.Json.Nodes;
using MlNotebooks.Tracking;

namespace MlNotebooks.Registry;

/// <summary>Reads and writes signatures and packages as JSON (the signature file's format and the store's column).</summary>
public static class PackageJson
{
    /// <summary>A signature as <c>{"inputs":[{"name","datatype","shape"[,"columns"]}],"outputs":[...]}</c>.</summary>
    public static JsonObject ToJson(ModelSignature signature) => new()
    {
        ["inputs"] = new JsonArray([.. signature.Inputs.Select(t => (JsonNode)ToJson(t))]),
        ["outputs"] = new JsonArray([.. signature.Outputs.Select(t => (JsonNode)ToJson(t))]),
    };

    /// <summary>A tensor as <c>{"name","datatype","shape"}</c>, the Open Inference Protocol's metadata shape.</summary>
    public static JsonObject ToJson(TensorSpec t)
    {
        var o = new JsonObject { ["name"] = t.Name, ["datatype"] = t.Datatype, ["shape"] = new JsonArray([.. t.Shape.Select(d => (JsonNode)JsonValue.Create(d))]) };
        if (t.Columns is { Count: > 0 }) o["columns"] = new JsonArray([.. t.Columns.Select(c => (JsonNode)JsonValue.Create(c))]);
        return o;
    }

    /// <summary>Parses a signature; fails naming the file and the field when it is not one.</summary>
    public static ModelSignature ParseSignature(string json, string source)
    {
        try
        {
            var node = JsonNode.Parse(json) as JsonObject ?? throw new JsonException("not an object");
            return new ModelSignature(Tensors(node, "inputs", source), Tensors(node, "outputs", source));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw MlnbException.Invalid($"{source} is not a model signature ({e.Message}); write {{\"inputs\":[{{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[-1,30]}}],\"outputs\":[...]}}");
        }
    }

    private static List<TensorSpec> Tensors(JsonObject node, string key, string source)
    {
        if (node[key] is not JsonArray items) throw MlnbException.Invalid($"{source} has no \"{key}\" array; list the model's {key} with name, datatype and shape");
        var list = new List<TensorSpec>();
        foreach (var item in items)
        {
            var o = item as JsonObject ?? throw new JsonException($"an entry of \"{key}\" is not an object");
            var name = o["name"]?.GetValue<string>() ?? throw new JsonException($"an entry of \"{key}\" has no name");
            // OIP's "datatype" (FP32), or MLflow tensor-spec's numpy "dtype" (float32) as the trainer writes it.
            var datatype = o["datatype"]?.GetValue<string>().ToUpperInvariant()
                ?? (o["dtype"]?.GetValue<string>() is { } dtype ? Datatypes.FromNumpy(dtype) ?? throw new JsonException($"{key} '{name}' has dtype '{dtype}', which has no tensor datatype")
                    : throw new JsonException($"{key} '{name}' has no datatype"));
            if (!Datatypes.IsKnown(datatype)) throw new JsonException($"{key} '{name}' has datatype '{datatype}'; use one of {string.Join(", ", Datatypes.All)}");
            var shape = (o["shape"] as JsonArray ?? throw new JsonException($"{key} '{name}' has no shape")).Select(d => d!.GetValue<long>()).ToList();
            var columns = (o["columns"] as JsonArray)?.Select(c => c!.GetValue<string>()).ToList();
            list.Add(new TensorSpec(name, datatype, shape, columns));
        }
        return list;
    }

    internal static string Serialize(ModelPackage p)
    {
        var o = new JsonObject
        {
            ["files"] = new JsonArray([.. p.Files.Select(f => (JsonNode)new JsonObject { ["path"] = f.Path, ["md5"] = f.Md5, ["size"] = f.Size })]),
            ["signature"] = ToJson(p.Signature),
            ["datasets"] = new JsonArray([.. p.Datasets.Select(d => (JsonNode)new JsonObject
            {
                ["name"] = d.Name, ["digest"] = d.Digest, ["source_type"] = d.SourceType, ["source"] = d.Source, ["context"] = d.Context,
            })]),
        };
        return o.ToJsonString();
    }

    /// <summary>Reads a package written by the store (files with hashes, signature, datasets); fails naming the field when it is not one.</summary>
    public static ModelPackage Parse(string json, string source)
    {
        try
        {
            return Deserialize(json);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            throw MlnbException.Invalid($"{source} is not a model package ({e.Message.Split('.')[0]}); send {{\"files\": [...], \"signature\": {{...}}, \"datasets\": [...]}}");
        }
    }

    /// <summary>Writes a package as the store keeps it.</summary>
    public static string Write(ModelPackage package) => Serialize(package);

    internal static ModelPackage Deserialize(string json)
    {
        var o = JsonNode.Parse(json)!.AsObject();
        var files = o["files"]!.AsArray().Select(f => new PackageFile(f!["path"]!.GetValue<string>(), f["md5"]!.GetValue<string>(), f["size"]!.GetValue<long>())).ToList();
        var datasets = o["datasets"]!.AsArray().Select(d => new DatasetInput(d!["name"]!.GetValue<string>(), d["digest"]!.GetValue<string>(),
            d["source_type"]!.GetValue<string>(), d["source"]!.GetValue<string>(), d["context"]!.GetValue<string>())).ToList();
        return new ModelPackage(files, ParseSignature(o["signature"]!.ToJsonString(), "the stored package"), datasets);
    }
}
