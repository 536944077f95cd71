using System.Text;
using System.Text.Json;
using MlNotebooks.Serving.Protocol;
using MlNotebooks.Serving.Runtime;

namespace MlNotebooks.Serving.Observability;

/// <summary>Appends one JSON line per mirrored request: both versions' predictions (or the shadow's error) and whether they agree.</summary>
internal sealed class ShadowRecorder(string? path)
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    public static bool Agree(IReadOnlyList<Tensor> a, IReadOnlyList<Tensor> b)
    {
        if (a.Count != b.Count) return false;
        for (var i = 0; i < a.Count; i++)
        {
            if (a[i].Data.Length != b[i].Data.Length) return false;
            for (var k = 0; k < a[i].Data.Length; k++)
            {
                var x = a[i].Data.GetValue(k);
                var y = b[i].Data.GetValue(k);
                if (x is float fx && y is float fy ? Math.Abs(fx - fy) > 1e-4f : !Equals(x, y)) return false;
            }
        }
        return true;
    }

    public async Task RecordAsync(string model, int primaryVersion, int shadowVersion, IReadOnlyList<Tensor> primary, IReadOnlyList<Tensor>? shadow, string? error, double shadowMs, bool agree)
    {
        if (path is null) return;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("time", DateTimeOffset.UtcNow);
            w.WriteString("model", model);
            w.WriteNumber("primary_version", primaryVersion);
            w.WriteNumber("shadow_version", shadowVersion);
            w.WritePropertyName("primary");
            V2Json.WriteOutputs(w, primary);
            w.WritePropertyName("shadow");
            if (shadow is null) w.WriteNullValue(); else V2Json.WriteOutputs(w, shadow);
            if (error is not null) w.WriteString("shadow_error", error);
            w.WriteNumber("shadow_ms", Math.Round(shadowMs, 3));
            w.WriteBoolean("agree", agree);
            w.WriteEndObject();
        }
        var line = Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
        await _lock.WaitAsync().ConfigureAwait(false);
        try { await File.AppendAllTextAsync(path, line).ConfigureAwait(false); }
        finally { _lock.Release(); }
    }
}
