using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MlNotebooks.Notebooks.JupyterKernel.Protocol;

/// <summary>
/// One Jupyter message as on the wire: the routing identities, then header, parent header, metadata and content (kept as
/// JSON so a parent header goes back exactly as it came), and any binary buffers.
/// </summary>
internal sealed record JupyterMessage(
    IReadOnlyList<byte[]> Identities, JsonObject Header, JsonObject ParentHeader, JsonObject Metadata, JsonObject Content, IReadOnlyList<byte[]> Buffers)
{
    /// <summary>The protocol version this kernel speaks.</summary>
    public const string ProtocolVersion = "5.3";

    /// <summary>How content records are written and read: snake_case names, as the spec spells them.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string MsgType => (string?)Header["msg_type"] ?? "";

    public string MsgId => (string?)Header["msg_id"] ?? "";

    /// <summary>The content as a typed record; a missing field takes the record's default.</summary>
    public T Read<T>() => Content.Deserialize<T>(Json) ?? throw MlnbException.Invalid($"{MsgType}: empty content");

    /// <summary>A new message from this kernel, <paramref name="parent"/>'s child (same identities for a reply).</summary>
    public static JupyterMessage Create(string msgType, object content, JupyterMessage? parent, string session, IReadOnlyList<byte[]>? identities = null) =>
        new(identities ?? parent?.Identities ?? [], NewHeader(msgType, session), parent?.Header.DeepClone().AsObject() ?? [], [],
            content as JsonObject ?? JsonSerializer.SerializeToNode(content, content.GetType(), Json)!.AsObject(), []);

    public static JsonObject NewHeader(string msgType, string session) => new()
    {
        ["msg_id"] = Guid.NewGuid().ToString("N"),
        ["session"] = session,
        ["username"] = "kernel",
        ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["msg_type"] = msgType,
        ["version"] = ProtocolVersion,
    };
}
