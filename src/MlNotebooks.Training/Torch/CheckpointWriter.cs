using MlNotebooks.Tracking;

namespace MlNotebooks.Training.Torch;

/// <summary>
/// Writes checkpoints off the training thread. The trainer hands over a snapshot (the model's and optimizer's state
/// serialized into memory, so training may change the tensors right after); hashing, the content file (written to a
/// temporary file and renamed into place) and the store transaction naming it <c>epoch-NNNN.ckpt</c> and
/// <c>last.ckpt</c> run in the background. At most one write is in flight: handing over the next snapshot first waits
/// for the previous write and rethrows its failure. <see cref="DisposeAsync"/> waits for the last one, so a fit that
/// returns (or fails) has every checkpoint it announced on disk.
/// </summary>
internal sealed class CheckpointWriter(TrackingClient client, string runId) : IAsyncDisposable
{
    private Task? _inFlight;

    /// <summary>Starts writing <paramref name="snapshot"/> as epoch <paramref name="epoch"/>'s checkpoint; returns its artifact path.</summary>
    public async Task<string> WriteAsync(byte[] snapshot, int epoch, CancellationToken cancellationToken)
    {
        await DrainAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var path = $"checkpoints/epoch-{epoch:D4}.ckpt";
        // A write once started is finished even when the fit is cancelled: it is short, and a run's last checkpoint should be whole.
        _inFlight = Task.Run(() => WriteNowAsync(snapshot, path), CancellationToken.None);
        return path;
    }

    /// <summary>Waits for the write in flight, if any; rethrows its failure.</summary>
    public async Task DrainAsync()
    {
        if (_inFlight is not { } task) return;
        _inFlight = null;
        await task.ConfigureAwait(false);
    }

    private async Task WriteNowAsync(byte[] snapshot, string path)
    {
        using var stream = new MemoryStream(snapshot, writable: false);
        var content = await client.Content.AddStreamAsync(stream, CancellationToken.None).ConfigureAwait(false);
        // One content write and one store transaction for both names (same bytes, stored once).
        await client.Store.LogArtifactsAsync(runId, [new ArtifactEntry(path, content.Md5, content.Size), new ArtifactEntry(TorchTrainer.LastCheckpointPath, content.Md5, content.Size)],
            CancellationToken.None).ConfigureAwait(false);
        FaultPoint.Hit("train.checkpoint");
    }

    /// <summary>
    /// Waits for the last write without rethrowing: this runs when the fit is leaving early with its own exception,
    /// which is the one to report. A fit that completes calls <see cref="DrainAsync"/> first, which does rethrow.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await DrainAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The fit's own failure is reported instead.
        }
    }
}
