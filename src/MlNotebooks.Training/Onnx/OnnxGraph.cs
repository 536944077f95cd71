using System.Runtime.InteropServices;

namespace MlNotebooks.Training.Onnx;

/// <summary>
/// Builds an ONNX graph node by node and serializes the ModelProto. Field numbers follow onnx.proto (IR version 7,
/// opset 13; the ai.onnx.ml domain at version 1 for OneHotEncoder, declared only when a node uses it).
/// </summary>
internal sealed class OnnxGraph(string namePrefix = "")
{
    public const int Opset = 13;
    private const int IrVersion = 7;
    internal const int Float = 1;
    private const int Int64 = 7;
    internal const int StringType = 8;

    /// <summary>The ONNX-ML domain (OneHotEncoder).</summary>
    public const string MlDomain = "ai.onnx.ml";

    public const int MlOpset = 1;
    private bool _usesMl;

    private readonly List<ProtoWriter> _nodes = [];
    private readonly List<ProtoWriter> _initializers = [];
    private readonly List<ProtoWriter> _valueInfos = [];
    private int _counter;

    /// <summary>The serialized nodes, in order (for <see cref="OnnxMerge"/>).</summary>
    public IReadOnlyList<byte[]> NodeBytes => [.. _nodes.Select(n => n.ToArray())];

    /// <summary>The serialized initializers (for <see cref="OnnxMerge"/>).</summary>
    public IReadOnlyList<byte[]> InitializerBytes => [.. _initializers.Select(t => t.ToArray())];

    /// <summary>The serialized value_info entries (for <see cref="OnnxMerge"/>).</summary>
    public IReadOnlyList<byte[]> ValueInfoBytes => [.. _valueInfos.Select(v => v.ToArray())];

    /// <summary>
    /// Declares a float value's type and shape in the graph's value_info: for outputs of operators whose type the ONNX
    /// checker cannot infer (Debian's onnx 1.12 infers none for OneHotEncoder, and its strict check then fails).
    /// </summary>
    public void DeclareFloat(string name, params long[] shape) => _valueInfos.Add(ValueInfo(name, shape));

    /// <summary>A fresh value name with a readable prefix.</summary>
    public string Name(string what) => $"{namePrefix}{what}_{_counter++}";

    /// <summary>A float constant (an initializer) of the given shape.</summary>
    public string Constant(string prefix, float[] values, params long[] dims)
    {
        var name = Name(prefix);
        var t = new ProtoWriter();
        foreach (var d in dims) t.Int(1, d);
        t.Int(2, Float).String(8, name).Bytes(9, MemoryMarshal.AsBytes(values.AsSpan()));
        _initializers.Add(t);
        return name;
    }

    /// <summary>An int64 constant (an initializer), e.g. a Reshape target.</summary>
    public string Int64Constant(string prefix, long[] values)
    {
        var name = Name(prefix);
        var t = new ProtoWriter().Int(1, values.Length).Int(2, Int64).String(8, name).Bytes(9, MemoryMarshal.AsBytes(values.AsSpan()));
        _initializers.Add(t);
        return name;
    }

    /// <summary>Adds a node; returns its (single) output name.</summary>
    public string Node(string op, string[] inputs, string? output = null, params (string Name, object Value)[] attributes) =>
        DomainNode("", op, inputs, output, attributes);

    /// <summary>Adds a node of a domain (<c>""</c> or <see cref="MlDomain"/>); returns its (single) output name.</summary>
    public string DomainNode(string domain, string op, string[] inputs, string? output = null, params (string Name, object Value)[] attributes)
    {
        output ??= Name(op.ToLowerInvariant());
        var n = new ProtoWriter();
        foreach (var i in inputs) n.String(1, i);
        n.String(2, output).String(3, Name("node_" + op)).String(4, op);
        foreach (var (name, value) in attributes) n.Message(5, Attribute(name, value));
        if (domain.Length > 0) n.String(7, domain);
        _usesMl |= domain == MlDomain;
        _nodes.Add(n);
        return output;
    }

    private static ProtoWriter Attribute(string name, object value)
    {
        var a = new ProtoWriter().String(1, name);
        switch (value)
        {
            case float f: a.Float(2, f).Int(20, 1); break;
            case double d: a.Float(2, (float)d).Int(20, 1); break;
            case long l: a.Int(3, l).Int(20, 2); break;
            case int i: a.Int(3, i).Int(20, 2); break;
            case long[] ls:
                foreach (var l in ls) a.Int(8, l);
                a.Int(20, 7);
                break;
            case string str: a.String(4, str).Int(20, 3); break;
            case string[] ss:
                foreach (var str in ss) a.String(9, str);
                a.Int(20, 8);
                break;
            default: throw new ArgumentException($"attribute type {value.GetType().Name} is not supported", nameof(value));
        }
        return a;
    }

    internal static ProtoWriter ValueInfo(string name, IReadOnlyList<long> shape, int elementType = Float)
    {
        var dims = new ProtoWriter();
        foreach (var d in shape)
            dims.Message(1, d < 0 ? new ProtoWriter().String(2, "batch") : new ProtoWriter().Int(1, d));
        var tensor = new ProtoWriter().Int(1, elementType).Message(2, dims);
        return new ProtoWriter().String(1, name).Message(2, new ProtoWriter().Message(1, tensor));
    }

    /// <summary>The serialized ModelProto with one float input and one float output.</summary>
    public byte[] ToModel(string graphName, string input, IReadOnlyList<long> inputShape, string output, IReadOnlyList<long> outputShape, string producerVersion) =>
        ToModel(graphName, [(input, "float32", inputShape)], output, outputShape, producerVersion);

    /// <summary>The serialized ModelProto with the given inputs (dtype <c>float32</c> or <c>string</c>) and one float output.</summary>
    public byte[] ToModel(string graphName, IReadOnlyList<(string Name, string Dtype, IReadOnlyList<long> Shape)> inputs, string output, IReadOnlyList<long> outputShape, string producerVersion)
    {
        var g = new ProtoWriter();
        foreach (var n in _nodes) g.Message(1, n);
        g.String(2, graphName);
        foreach (var t in _initializers) g.Message(5, t);
        foreach (var (name, dtype, shape) in inputs) g.Message(11, ValueInfo(name, shape, dtype == "string" ? StringType : Float));
        g.Message(12, ValueInfo(output, outputShape));
        foreach (var v in _valueInfos) g.Message(13, v);
        var model = new ProtoWriter()
            .Int(1, IrVersion)
            .String(2, "MlNotebooks")
            .String(3, producerVersion)
            .Message(7, g)
            .Message(8, new ProtoWriter().String(1, "").Int(2, Opset));
        if (_usesMl) model.Message(8, new ProtoWriter().String(1, MlDomain).Int(2, MlOpset));
        return model.ToArray();
    }
}
