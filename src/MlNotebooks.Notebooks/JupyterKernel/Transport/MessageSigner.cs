using System.Security.Cryptography;
using System.Text;

namespace MlNotebooks.Notebooks.JupyterKernel.Transport;

/// <summary>
/// HMAC-SHA256 over the header, parent header, metadata and content frames, as jupyter_client's Session signs. An empty
/// key disables signing (the spec's choice). Received signatures are compared in fixed time and never accepted twice.
/// </summary>
internal sealed class MessageSigner(string key)
{
    private const int ReplayMemory = 65536;
    private readonly byte[] _key = Encoding.UTF8.GetBytes(key);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public bool Enabled => _key.Length > 0;

    /// <summary>The hex signature of the four frames (empty when signing is off).</summary>
    public string Sign(IReadOnlyList<byte[]> frames)
    {
        if (!Enabled) return "";
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        foreach (var f in frames) hmac.AppendData(f);
        return Convert.ToHexStringLower(hmac.GetHashAndReset());
    }

    /// <summary>Whether <paramref name="signature"/> is right for the frames and was not seen before; null when it is, else why not.</summary>
    public string? Verify(string signature, IReadOnlyList<byte[]> frames)
    {
        if (!Enabled) return null;
        if (signature.Length == 0) return "unsigned message";
        var expected = Encoding.ASCII.GetBytes(Sign(frames));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature))) return "invalid signature";
        lock (_seen)
        {
            if (!_seen.Add(signature)) return "replayed signature";
            _order.Enqueue(signature);
            if (_order.Count > ReplayMemory) _seen.Remove(_order.Dequeue());
        }
        return null;
    }
}
