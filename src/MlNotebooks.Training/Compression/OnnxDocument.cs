using System.Runtime.InteropServices;

namespace MlNotebooks.Training.Compression;

/// <summary>
/// An ONNX ModelProto opened for editing: the main graph's nodes and initializers are parsed, everything else (inputs,
/// outputs, value infos, metadata, functions, subgraphs, unknown fields) is kept byte for byte. Field numbers follow
/// onnx.proto.
/// </summary>
internal sealed class OnnxDocument
{
    private const int ModelGraph = 7, ModelOpset = 8, ModelMetadata = 14;
    private const int GraphNode = 1, GraphInitializer = 5, GraphInput = 11, GraphOutput = 12;
    private readonly ProtoMessage _model;
    private readonly ProtoMessage _graph;

    private OnnxDocument(ProtoMessage model, ProtoMessage graph, List<OnnxNode> nodes, List<OnnxTensor> initializers)
    {
        _model = model;
        _graph = graph;
        Nodes = nodes;
        Initializers = initializers;
    }

    /// <summary>The main graph's nodes in order.</summary>
    public List<OnnxNode> Nodes { get; }

    /// <summary>The main graph's initializers.</summary>
    public List<OnnxTensor> Initializers { get; }

    /// <summary>Graph input names.</summary>
    public IReadOnlyList<string> Inputs => [.. _graph.Messages(GraphInput, "a graph input").Select(v => v.String(1) ?? "")];

    /// <summary>Graph output names.</summary>
    public IReadOnlyList<string> Outputs => [.. _graph.Messages(GraphOutput, "a graph output").Select(v => v.String(1) ?? "")];

    /// <summary>The opset version of the default (ai.onnx) domain, or 0 when none is imported.</summary>
    public long DefaultOpset => _model.Messages(ModelOpset, "an opset import")
        .Where(o => (o.String(1) ?? "") is "" or "ai.onnx").Select(o => o.Int(2) ?? 0).DefaultIfEmpty(0).Max();

    /// <summary>Reads a model; fails naming <paramref name="what"/> when it is not ONNX.</summary>
    public static OnnxDocument Parse(byte[] bytes, string what)
    {
        var model = ProtoMessage.Parse(bytes, what);
        var graphField = model.All(ModelGraph).LastOrDefault();
        if (graphField.Number != ModelGraph || model.Int(1) is null)
            throw MlnbException.Invalid($"{what} is not an ONNX model (no ir_version or graph); export the model to ONNX again");
        var graph = ProtoMessage.Parse(graphField.Payload, what);
        var nodes = graph.All(GraphNode).Select(f => new OnnxNode(ProtoMessage.Parse(f.Payload, what))).ToList();
        var inits = graph.All(GraphInitializer).Select(f => new OnnxTensor(ProtoMessage.Parse(f.Payload, what))).ToList();
        return new OnnxDocument(model, graph, nodes, inits);
    }

    /// <summary>The initializer called <paramref name="name"/>, or null.</summary>
    public OnnxTensor? Initializer(string name) => Initializers.FirstOrDefault(t => t.Name == name);

    /// <summary>Every value name in the main graph (to make fresh ones).</summary>
    public HashSet<string> Names()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in Nodes) { names.UnionWith(n.Inputs); names.UnionWith(n.Outputs); names.Add(n.Name); }
        foreach (var t in Initializers) names.Add(t.Name);
        names.UnionWith(Inputs);
        names.UnionWith(Outputs);
        return names;
    }

    /// <summary>True when a node carries a subgraph (If, Loop, Scan), which may read outer values by name.</summary>
    public bool HasSubgraphs => Nodes.Any(n => n.HasSubgraph);

    /// <summary>Adds float graph outputs (no shape), e.g. to read intermediate values for calibration.</summary>
    public void AddFloatOutputs(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            var tensorType = new ProtoMessage().Add(1, OnnxTensor.FloatType);
            _graph.Add(GraphOutput, new ProtoMessage().Add(1, name).Add(2, new ProtoMessage().Add(1, tensorType)));
        }
    }

    /// <summary>Sets a <c>metadata_props</c> entry of the model.</summary>
    public void SetMetadata(string key, string value)
    {
        _model.Fields.RemoveAll(f => f.Number == ModelMetadata && f.WireType == 2 && ProtoMessage.Parse(f.Payload, "metadata").String(1) == key);
        _model.Add(ModelMetadata, new ProtoMessage().Add(1, key).Add(2, value));
    }

    /// <summary>
    /// Drops initializers no node or graph output reads any more (and their graph-input entries, for models that list
    /// initializers as inputs). Nothing is dropped when a subgraph might read an outer value by name.
    /// </summary>
    public void RemoveUnusedInitializers()
    {
        if (HasSubgraphs) return;
        var used = new HashSet<string>(Nodes.SelectMany(n => n.Inputs), StringComparer.Ordinal);
        used.UnionWith(Outputs);
        var dropped = Initializers.Where(t => !used.Contains(t.Name)).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        if (dropped.Count == 0) return;
        Initializers.RemoveAll(t => dropped.Contains(t.Name));
        _graph.Fields.RemoveAll(f => f.Number == GraphInput && f.WireType == 2 && dropped.Contains(ProtoMessage.Parse(f.Payload, "a graph input").String(1) ?? ""));
    }

    /// <summary>The serialized model with the edited nodes and initializers, in the fields' original places.</summary>
    public byte[] ToArray()
    {
        var graph = new ProtoMessage();
        bool nodesDone = false, initializersDone = false;
        foreach (var f in _graph.Fields)
        {
            if (f.Number == GraphNode && f.WireType == 2)
            {
                if (!nodesDone) foreach (var n in Nodes) graph.Add(GraphNode, n.Message);
                nodesDone = true;
            }
            else if (f.Number == GraphInitializer && f.WireType == 2)
            {
                if (!initializersDone) foreach (var t in Initializers) graph.Add(GraphInitializer, t.Message);
                initializersDone = true;
            }
            else graph.Add(f);
        }
        if (!nodesDone) foreach (var n in Nodes) graph.Add(GraphNode, n.Message);
        if (!initializersDone) foreach (var t in Initializers) graph.Add(GraphInitializer, t.Message);
        var model = new ProtoMessage();
        foreach (var f in _model.Fields)
            model.Add(f.Number == ModelGraph ? ProtoField.Of(ModelGraph, graph) : f);
        return model.ToArray();
    }
}

/// <summary>A NodeProto: inputs, outputs, name, op type, domain and attributes; unparsed fields kept.</summary>
internal sealed class OnnxNode
{
    private const int In = 1, Out = 2, NameField = 3, Op = 4, Attribute = 5, DomainField = 7;

    public OnnxNode(ProtoMessage message)
    {
        Message = message;
        Inputs = [.. message.Strings(In)];
        Outputs = [.. message.Strings(Out)];
        Name = message.String(NameField) ?? "";
        OpType = message.String(Op) ?? "";
        Domain = message.String(DomainField) ?? "";
    }

    public ProtoMessage Message { get; }

    public IReadOnlyList<string> Inputs { get; }

    public IReadOnlyList<string> Outputs { get; }

    public string Name { get; }

    public string OpType { get; }

    public string Domain { get; }

    /// <summary>True for an op of the default domain.</summary>
    public bool IsDefaultDomain => Domain is "" or "ai.onnx";

    private IEnumerable<ProtoMessage> Attributes => Message.Messages(Attribute, $"an attribute of node '{Name}'");

    public bool HasSubgraph => Attributes.Any(a => a.Int(20) is 5 or 10);

    /// <summary>An int attribute's value, or <paramref name="fallback"/>.</summary>
    public long IntAttribute(string name, long fallback) => Attributes.FirstOrDefault(a => a.String(1) == name)?.Int(3) ?? fallback;

    /// <summary>A float attribute's value, or <paramref name="fallback"/>.</summary>
    public float FloatAttribute(string name, float fallback)
    {
        var a = Attributes.FirstOrDefault(x => x.String(1) == name);
        var f = a?.All(2).FirstOrDefault(x => x.WireType == 5);
        return f is { Number: 2 } v ? BitConverter.ToSingle(v.Payload.Span) : fallback;
    }

    /// <summary>A new node of the default domain.</summary>
    public static OnnxNode Create(string op, string name, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, params (string Name, long Value)[] intAttributes)
    {
        var m = new ProtoMessage();
        foreach (var i in inputs) m.Add(In, i);
        foreach (var o in outputs) m.Add(Out, o);
        m.Add(NameField, name).Add(Op, op);
        foreach (var (n, v) in intAttributes) m.Add(Attribute, new ProtoMessage().Add(1, n).Add(3, v).Add(20, 2));
        return new OnnxNode(m);
    }
}

/// <summary>A TensorProto: name, dims, element type; float contents read from raw_data or float_data.</summary>
internal sealed class OnnxTensor
{
    public const int FloatType = 1, UInt8Type = 2, Int8Type = 3;

    public OnnxTensor(ProtoMessage message)
    {
        Message = message;
        Name = message.String(8) ?? "";
        Dims = [.. message.Ints(1)];
        DataType = (int)(message.Int(2) ?? 0);
    }

    public ProtoMessage Message { get; }

    public string Name { get; }

    public long[] Dims { get; }

    public int DataType { get; }

    /// <summary>True when the values live in another file (external data), which the compressor does not read.</summary>
    public bool IsExternal => Message.Int(14) == 1;

    /// <summary>The float values, or null when the tensor is not float or not stored inline.</summary>
    public float[]? Floats()
    {
        if (DataType != FloatType || IsExternal) return null;
        var count = Dims.Aggregate(1L, (a, b) => a * b);
        var raw = Message.All(9).Where(f => f.WireType == 2).Select(f => f.Payload).LastOrDefault();
        if (!raw.IsEmpty || count == 0)
            return raw.Length == count * 4 ? MemoryMarshal.Cast<byte, float>(raw.Span).ToArray() : null;
        var values = new List<float>();
        foreach (var f in Message.All(4))
        {
            if (f.WireType == 5) values.Add(BitConverter.ToSingle(f.Payload.Span));
            else if (f.WireType == 2) values.AddRange(MemoryMarshal.Cast<byte, float>(f.Payload.Span).ToArray());
        }
        return values.Count == count ? [.. values] : null;
    }

    /// <summary>A new tensor with raw contents.</summary>
    public static OnnxTensor Create<T>(string name, int dataType, T[] values, params long[] dims) where T : unmanaged
    {
        var m = new ProtoMessage();
        foreach (var d in dims) m.Add(1, d);
        m.Add(2, dataType).Add(8, name).Add(9, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        return new OnnxTensor(m);
    }
}
