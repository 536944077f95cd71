using System.Text;
using System.Text.Json.Nodes;
using MlNotebooks.Notebooks.JupyterKernel.Protocol;

namespace MlNotebooks.Notebooks.JupyterKernel.Transport;

/// <summary>
/// Frames ↔ <see cref="JupyterMessage"/>: <c>[identities…, "&lt;IDS|MSG&gt;", signature, header, parent_header, metadata,
/// content, buffers…]</c>. The signature is checked on the frames as received and made over the exact bytes sent.
/// </summary>
internal sealed class WireCodec(MessageSigner signer)
{
    private static readonly byte[] Delimiter = "<IDS|MSG>"u8.ToArray();

    /// <summary>The message, or null with <paramref name="problem"/> saying why it was dropped.</summary>
    public JupyterMessage? Decode(IReadOnlyList<byte[]> frames, out string? problem)
    {
        var split = -1;
        for (var i = 0; i < frames.Count; i++)
            if (frames[i].AsSpan().SequenceEqual(Delimiter)) { split = i; break; }
        if (split < 0 || frames.Count < split + 6) { problem = "malformed message: no <IDS|MSG> delimiter followed by signature and four frames"; return null; }
        var parts = frames.Skip(split + 2).Take(4).ToList();
        problem = signer.Verify(Encoding.ASCII.GetString(frames[split + 1]), parts);
        if (problem is not null) return null;
        try
        {
            var json = parts.Select(p => JsonNode.Parse(p.Length == 0 ? "{}"u8 : p) as JsonObject ?? []).ToList();
            return new JupyterMessage(frames.Take(split).ToList(), json[0], json[1], json[2], json[3], frames.Skip(split + 6).ToList());
        }
        catch (System.Text.Json.JsonException e)
        {
            problem = "malformed JSON in a message frame: " + e.Message;
            return null;
        }
    }

    /// <summary>The frames to send; <paramref name="topic"/> replaces the identities on iopub.</summary>
    public List<byte[]> Encode(JupyterMessage message, byte[]? topic = null)
    {
        var parts = new[] { message.Header, message.ParentHeader, message.Metadata, message.Content }
            .Select(o => Encoding.UTF8.GetBytes(o.ToJsonString())).ToList();
        var frames = new List<byte[]>();
        if (topic is not null) frames.Add(topic);
        else frames.AddRange(message.Identities);
        frames.Add(Delimiter);
        frames.Add(Encoding.ASCII.GetBytes(signer.Sign(parts)));
        frames.AddRange(parts);
        frames.AddRange(message.Buffers);
        return frames;
    }
}
