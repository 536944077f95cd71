using System.Text;

namespace MlNotebooks.Training.Onnx;

/// <summary>
/// A minimal protocol-buffers encoder (varints, length-delimited fields): enough to write ONNX's ModelProto without
/// generated code. Fields are written in the order they are added.
/// </summary>
internal sealed class ProtoWriter
{
    private readonly MemoryStream _buffer = new();

    public ProtoWriter Int(int field, long value)
    {
        Tag(field, 0);
        Varint((ulong)value);
        return this;
    }

    public ProtoWriter Float(int field, float value)
    {
        Tag(field, 5);
        Span<byte> b = stackalloc byte[4];
        BitConverter.TryWriteBytes(b, value);
        _buffer.Write(b);
        return this;
    }

    public ProtoWriter Fixed32(int field, uint value)
    {
        Tag(field, 5);
        Span<byte> b = stackalloc byte[4];
        BitConverter.TryWriteBytes(b, value);
        _buffer.Write(b);
        return this;
    }

    public ProtoWriter Fixed64(int field, ulong value)
    {
        Tag(field, 1);
        Span<byte> b = stackalloc byte[8];
        BitConverter.TryWriteBytes(b, value);
        _buffer.Write(b);
        return this;
    }

    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, 2);
        Varint((ulong)value.Length);
        _buffer.Write(value);
        return this;
    }

    public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

    public byte[] ToArray() => _buffer.ToArray();

    private void Tag(int field, int wireType) => Varint((ulong)((field << 3) | wireType));

    private void Varint(ulong v)
    {
        while (v >= 0x80)
        {
            _buffer.WriteByte((byte)(v | 0x80));
            v >>= 7;
        }
        _buffer.WriteByte((byte)v);
    }
}
