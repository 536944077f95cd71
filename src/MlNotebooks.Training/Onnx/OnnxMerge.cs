using MlNotebooks.Training.Data;

namespace MlNotebooks.Training.Onnx;

/// <summary>
/// Puts the featurization of a <see cref="FeatureSchema"/> (see <see cref="FeaturizerGraph"/>) in front of a model
/// exported by another converter (ML.NET's) whose graph takes the features as one float input: the result takes the
/// raw columns. The other model's nodes, initializers, outputs and opsets are copied as they are; its feature input
/// becomes the front's output.
/// </summary>
internal static class OnnxMerge
{
    /// <summary>The merged ModelProto; <paramref name="featureInput"/> is the model's input the front replaces.</summary>
    public static byte[] Prepend(byte[] model, FeatureSchema schema, string featureInput)
    {
        var top = ProtoReader.Fields(model);
        var graph = ProtoReader.Fields(top.SingleOrDefault(f => f.Field == 7)?.Bytes ?? throw MlnbException.State("the exported model has no graph"));
        CheckOpsets(top);
        var front = new OnnxGraph("mlnb_");
        var (x, inputs) = FeaturizerGraph.Emit(front, schema);
        front.Node("Identity", [x], featureInput);
        var g = new ProtoWriter();
        foreach (var n in front.NodeBytes) g.Bytes(1, n);
        foreach (var f in graph.Where(f => f.Field == 1)) g.Bytes(1, f.Bytes!);
        foreach (var t in front.InitializerBytes) g.Bytes(5, t);
        foreach (var (name, dtype, shape) in inputs) g.Message(11, OnnxGraph.ValueInfo(name, shape, dtype == "string" ? OnnxGraph.StringType : OnnxGraph.Float));
        var replaced = false;
        foreach (var f in graph.Where(f => f.Field != 1))
        {
            if (f.Field == 11 && InputName(f.Bytes!) == featureInput) { replaced = true; continue; }
            Copy(g, f);
        }
        foreach (var v in front.ValueInfoBytes) g.Bytes(13, v);
        if (!replaced) throw MlnbException.State($"the exported model has no input '{featureInput}' to put the featurization in front of");
        var m = new ProtoWriter();
        var hasMl = top.Any(f => f.Field == 8 && Domain(f.Bytes!) == OnnxGraph.MlDomain);
        foreach (var f in top)
        {
            if (f.Field == 7) m.Message(7, g);
            else Copy(m, f);
        }
        if (!hasMl) m.Message(8, new ProtoWriter().String(1, OnnxGraph.MlDomain).Int(2, OnnxGraph.MlOpset));
        return m.ToArray();
    }

    /// <summary>The front uses IsNaN and Where (opset 9) and Reshape with a shape input (opset 5).</summary>
    private static void CheckOpsets(List<ProtoReader.FieldValue> top)
    {
        foreach (var f in top.Where(f => f.Field == 8))
        {
            var fields = ProtoReader.Fields(f.Bytes!);
            var domain = Domain(f.Bytes!);
            var version = fields.FirstOrDefault(x => x.Field == 2)?.Value ?? 0;
            if (domain.Length == 0 && version < 9)
                throw MlnbException.State($"the exported model uses ONNX opset {version}; the featurization in front of it needs opset 9 or later");
        }
    }

    private static string Domain(byte[] opset) =>
        ProtoReader.Fields(opset).FirstOrDefault(x => x.Field == 1)?.Bytes is { } b ? System.Text.Encoding.UTF8.GetString(b) : "";

    private static string InputName(byte[] valueInfo) =>
        ProtoReader.Fields(valueInfo).FirstOrDefault(x => x.Field == 1)?.Bytes is { } b ? System.Text.Encoding.UTF8.GetString(b) : "";

    private static void Copy(ProtoWriter w, ProtoReader.FieldValue f)
    {
        switch (f.WireType)
        {
            case 0: w.Int(f.Field, f.Value); break;
            case 2: w.Bytes(f.Field, f.Bytes!); break;
            case 5: w.Fixed32(f.Field, (uint)f.Value); break;
            case 1: w.Fixed64(f.Field, (ulong)f.Value); break;
            default: throw MlnbException.State($"protobuf wire type {f.WireType} is not supported");
        }
    }
}

/// <summary>A minimal protocol-buffers reader: the top-level fields of one message.</summary>
internal static class ProtoReader
{
    /// <summary>One field: varint and fixed values in <see cref="Value"/>, length-delimited ones in <see cref="Bytes"/>.</summary>
    public sealed record FieldValue(int Field, int WireType, long Value, byte[]? Bytes);

    public static List<FieldValue> Fields(ReadOnlySpan<byte> data)
    {
        var result = new List<FieldValue>();
        var at = 0;
        while (at < data.Length)
        {
            var tag = Varint(data, ref at);
            int field = (int)(tag >> 3), wire = (int)(tag & 7);
            switch (wire)
            {
                case 0: result.Add(new FieldValue(field, 0, (long)Varint(data, ref at), null)); break;
                case 1: result.Add(new FieldValue(field, 1, BitConverter.ToInt64(data.Slice(at, 8)), null)); at += 8; break;
                case 5: result.Add(new FieldValue(field, 5, BitConverter.ToUInt32(data.Slice(at, 4)), null)); at += 4; break;
                case 2:
                    var len = checked((int)Varint(data, ref at));
                    result.Add(new FieldValue(field, 2, 0, data.Slice(at, len).ToArray()));
                    at += len;
                    break;
                default: throw new MlnbException(ErrorCode.DataCorrupted, $"the ONNX model has protobuf wire type {wire}, which is not valid here");
            }
        }
        return result;
    }

    private static ulong Varint(ReadOnlySpan<byte> data, ref int at)
    {
        ulong v = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[at++];
            v |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return v;
        }
    }
}
