using System.Text;

namespace MlNotebooks.Training.Compression;

/// <summary>
/// One protocol-buffers field as read: its number, wire type and payload (a varint's value, or the raw bytes of a
/// length-delimited, 32-bit or 64-bit field). Written back unchanged, so fields nobody edits pass through.
/// </summary>
/// <param name="Number">Field number.</param>
/// <param name="WireType">0 varint, 1 fixed64, 2 length-delimited, 5 fixed32.</param>
/// <param name="Varint">The value of a varint field.</param>
/// <param name="Payload">The bytes of any other field.</param>
internal readonly record struct ProtoField(int Number, int WireType, ulong Varint, ReadOnlyMemory<byte> Payload)
{
    public string Text => Encoding.UTF8.GetString(Payload.Span);

    public static ProtoField Of(int number, ulong value) => new(number, 0, value, default);

    public static ProtoField Of(int number, ReadOnlyMemory<byte> bytes) => new(number, 2, 0, bytes);

    public static ProtoField Of(int number, string text) => Of(number, Encoding.UTF8.GetBytes(text));

    public static ProtoField Of(int number, ProtoMessage message) => Of(number, message.ToArray());

    public static ProtoField Fixed32(int number, float value)
    {
        var b = new byte[4];
        BitConverter.TryWriteBytes(b, value);
        return new(number, 5, 0, b);
    }
}

/// <summary>
/// A protocol-buffers message kept as its fields in order: a reader and writer for the parts of ONNX's ModelProto
/// the compressor edits, without generated code. Unknown fields are kept byte for byte.
/// </summary>
internal sealed class ProtoMessage
{
    public ProtoMessage(IEnumerable<ProtoField>? fields = null) => Fields = [.. fields ?? []];

    public List<ProtoField> Fields { get; }

    /// <summary>Parses a message; fails with <paramref name="what"/> named when the bytes are not protocol buffers.</summary>
    public static ProtoMessage Parse(ReadOnlyMemory<byte> bytes, string what)
    {
        var fields = new List<ProtoField>();
        var span = bytes.Span;
        var at = 0;
        try
        {
            while (at < span.Length)
            {
                var tag = ReadVarint(span, ref at);
                var number = (int)(tag >> 3);
                var wire = (int)(tag & 7);
                if (number <= 0) throw new FormatException("field number 0");
                switch (wire)
                {
                    case 0: fields.Add(new ProtoField(number, 0, ReadVarint(span, ref at), default)); break;
                    case 1: fields.Add(new ProtoField(number, 1, 0, Take(bytes, ref at, 8))); break;
                    case 5: fields.Add(new ProtoField(number, 5, 0, Take(bytes, ref at, 4))); break;
                    case 2:
                        var len = ReadVarint(span, ref at);
                        if (len > (ulong)(span.Length - at)) throw new FormatException("length past the end");
                        fields.Add(new ProtoField(number, 2, 0, Take(bytes, ref at, (int)len)));
                        break;
                    default: throw new FormatException($"wire type {wire}");
                }
            }
        }
        catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            throw MlnbException.Invalid($"{what} is not a valid ONNX (protocol buffers) file: {e.Message} at byte {at}; export the model to ONNX again");
        }
        return new ProtoMessage(fields);
    }

    private static ReadOnlyMemory<byte> Take(ReadOnlyMemory<byte> bytes, ref int at, int length)
    {
        if (at + length > bytes.Length) throw new FormatException("field past the end");
        var m = bytes.Slice(at, length);
        at += length;
        return m;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> span, ref int at)
    {
        ulong v = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (at >= span.Length) throw new FormatException("varint past the end");
            var b = span[at++];
            v |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return v;
        }
        throw new FormatException("varint too long");
    }

    public IEnumerable<ProtoField> All(int number) => Fields.Where(f => f.Number == number);

    public string? String(int number)
    {
        for (var i = Fields.Count - 1; i >= 0; i--)
            if (Fields[i].Number == number && Fields[i].WireType == 2) return Fields[i].Text;
        return null;
    }

    public IEnumerable<string> Strings(int number) => All(number).Where(f => f.WireType == 2).Select(f => f.Text);

    public long? Int(int number)
    {
        for (var i = Fields.Count - 1; i >= 0; i--)
            if (Fields[i].Number == number && Fields[i].WireType == 0) return (long)Fields[i].Varint;
        return null;
    }

    /// <summary>Repeated int64 values, packed or not.</summary>
    public IEnumerable<long> Ints(int number)
    {
        foreach (var f in All(number))
        {
            if (f.WireType == 0) { yield return (long)f.Varint; continue; }
            if (f.WireType != 2) continue;
            var at = 0;
            var bytes = f.Payload.ToArray();
            while (at < bytes.Length) yield return (long)ReadVarint(bytes, ref at);
        }
    }

    public IEnumerable<ProtoMessage> Messages(int number, string what) => All(number).Where(f => f.WireType == 2).Select(f => Parse(f.Payload, what));

    public ProtoMessage Add(ProtoField field)
    {
        Fields.Add(field);
        return this;
    }

    public ProtoMessage Add(int number, string text) => Add(ProtoField.Of(number, text));

    public ProtoMessage Add(int number, long value) => Add(ProtoField.Of(number, (ulong)value));

    public ProtoMessage Add(int number, ProtoMessage message) => Add(ProtoField.Of(number, message));

    public ProtoMessage Add(int number, ReadOnlyMemory<byte> bytes) => Add(ProtoField.Of(number, bytes));

    public byte[] ToArray()
    {
        using var ms = new MemoryStream();
        foreach (var f in Fields)
        {
            WriteVarint(ms, (ulong)((f.Number << 3) | f.WireType));
            if (f.WireType == 0) WriteVarint(ms, f.Varint);
            else
            {
                if (f.WireType == 2) WriteVarint(ms, (ulong)f.Payload.Length);
                ms.Write(f.Payload.Span);
            }
        }
        return ms.ToArray();
    }

    private static void WriteVarint(Stream s, ulong v)
    {
        while (v >= 0x80)
        {
            s.WriteByte((byte)(v | 0x80));
            v >>= 7;
        }
        s.WriteByte((byte)v);
    }
}
