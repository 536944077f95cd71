using System.Text;
using System.Text.Json;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNotebooks.Training.Torch;

/// <summary>
/// A checkpoint file: magic <c>MLNBCKPT</c>, a JSON header (epoch, step, best validation loss, the model's
/// architecture fingerprint: every state tensor's name and shape), the module's state (TorchSharp format) and the
/// optimizer's state. Loading into a model whose fingerprint differs fails and names the first difference.
/// </summary>
internal static class Checkpoint
{
    private static readonly byte[] Magic = "MLNBCKPT"u8.ToArray();

    internal sealed record Header(int Version, int Epoch, long Step, double BestValidationLoss, int BestEpoch, int BadEpochs, string Optimizer, string[] Fingerprint);

    public static string[] Fingerprint(nn.Module model) =>
        model.state_dict().Select(kv => $"{kv.Key}:[{string.Join(',', kv.Value.shape)}]").ToArray();

    public static byte[] Save(nn.Module model, OptimizerHelper optimizer, Header header)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            var json = JsonSerializer.SerializeToUtf8Bytes(header);
            w.Write(json.Length);
            w.Write(json);
            // TorchSharp closes the streams it writes to, so each part is written apart and copied in (ToArray works on a closed MemoryStream).
            var modelBytes = new MemoryStream();
            model.save(modelBytes);
            var m = modelBytes.ToArray();
            w.Write((long)m.Length);
            w.Write(m);
            var optimizerBytes = new MemoryStream();
            optimizer.save_state_dict(new BinaryWriter(optimizerBytes));
            var o = optimizerBytes.ToArray();
            w.Write((long)o.Length);
            w.Write(o);
        }
        return ms.ToArray();
    }

    public static Header ReadHeader(byte[] bytes, string source)
    {
        using var r = new BinaryReader(new MemoryStream(bytes));
        return ReadHeader(r, source);
    }

    private static Header ReadHeader(BinaryReader r, string source)
    {
        if (r.BaseStream.Length < Magic.Length + 4 || !r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            throw new MlnbException(ErrorCode.DataCorrupted, $"{source} is not an MlNotebooks checkpoint (no MLNBCKPT header)");
        var len = r.ReadInt32();
        return JsonSerializer.Deserialize<Header>(r.ReadBytes(len)) ?? throw new MlnbException(ErrorCode.DataCorrupted, $"{source} has an empty header");
    }

    /// <summary>Loads weights and optimizer state into <paramref name="model"/> after checking it is the same architecture.</summary>
    public static Header Load(byte[] bytes, nn.Module model, OptimizerHelper optimizer, string source)
    {
        using var r = new BinaryReader(new MemoryStream(bytes));
        var header = ReadHeader(r, source);
        var mine = Fingerprint(model);
        if (!mine.SequenceEqual(header.Fingerprint))
        {
            var diff = mine.Zip(header.Fingerprint).FirstOrDefault(p => p.First != p.Second);
            var detail = diff == default
                ? $"the checkpoint has {header.Fingerprint.Length} tensors, the model {mine.Length}"
                : $"the checkpoint has {diff.Second}, the model {diff.First}";
            throw MlnbException.Invalid($"{source} is from another model ({detail}); resume with the same model definition, or start a new run without --resume");
        }
        var modelLen = r.ReadInt64();
        model.load(new MemoryStream(r.ReadBytes((int)modelLen)));
        var optimizerLen = r.ReadInt64();
        optimizer.load_state_dict(new BinaryReader(new MemoryStream(r.ReadBytes((int)optimizerLen))));
        return header;
    }
}
