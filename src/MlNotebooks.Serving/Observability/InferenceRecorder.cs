using System.Globalization;
using System.Threading.Channels;
using MlNotebooks.Monitoring;
using MlNotebooks.Monitoring.Drift;
using MlNotebooks.Registry;
using MlNotebooks.Serving.Hosting;
using MlNotebooks.Serving.Runtime;

namespace MlNotebooks.Serving.Observability;

/// <summary>
/// Records a share of infer requests off the request path: <see cref="Offer"/> samples and tries to write to a bounded
/// channel (a full channel drops and counts, never waits); one consumer appends the rows to the open window of the model
/// version; a closed window is written as one Parquet file; the drift gauges compare the open window with the reference.
/// </summary>
internal sealed class InferenceRecorder : IAsyncDisposable
{
    private readonly RecordingOptions _options;
    private readonly ServingMetrics _metrics;
    private readonly Action<string> _log;
    private readonly TimeProvider _time;
    private readonly Channel<Item> _channel;
    private readonly Dictionary<(string Model, int Version), RecordedWindow> _open = [];
    private readonly object _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _consumer;
    private readonly Task _ticker;
    private readonly ColumnTable? _reference;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _counter;
    private bool _paused;

    private readonly record struct Item(ModelVersion Version, ModelSignature? Signature, DateTimeOffset Time, IReadOnlyList<Tensor> Inputs, IReadOnlyList<Tensor> Outputs);

    private InferenceRecorder(RecordingOptions options, ServingMetrics metrics, Action<string> log, TimeProvider time, ColumnTable? reference)
    {
        _options = options;
        _metrics = metrics;
        _log = log;
        _time = time;
        _reference = reference;
        _channel = Channel.CreateBounded<Item>(new BoundedChannelOptions(options.Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _consumer = Task.Run(ConsumeAsync);
        _ticker = Task.Run(TickAsync);
    }

    /// <summary>Validates the options, reads the drift reference and starts the consumer.</summary>
    public static async Task<InferenceRecorder> StartAsync(RecordingOptions options, ServingMetrics metrics, Action<string> log, TimeProvider time, CancellationToken ct)
    {
        options.Validate();
        System.IO.Directory.CreateDirectory(options.Directory);
        var reference = options.DriftReference is { } r ? await RecordedFiles.ReadAsync(r, ct).ConfigureAwait(false) : null;
        if (reference is { RowCount: 0 }) throw MlnbException.Invalid($"drift reference '{options.DriftReference}' has no rows; give the data the model was trained on");
        return new InferenceRecorder(options, metrics, log, time, reference);
    }

    /// <summary>The folder windows are written under.</summary>
    public string Directory => _options.Directory;

    /// <summary>On the request path: takes every 1/rate-th request and hands it to the channel, or drops and counts it.</summary>
    public void Offer(ModelVersion version, ModelSignature? signature, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> outputs)
    {
        var rate = _options.Rate;
        if (rate < 1)
        {
            var n = Interlocked.Increment(ref _counter);
            if (Math.Floor(n * rate) == Math.Floor((n - 1) * rate)) return;
        }
        if (!_channel.Writer.TryWrite(new Item(version, signature, _time.GetUtcNow(), inputs, outputs))) _metrics.RecordingDropped(version, "channel_full");
    }

    /// <summary>Stops taking items off the channel (tests fill it to see drops); <see cref="Resume"/> starts again.</summary>
    internal void Pause()
    {
        if (_paused) return;
        _gate.Wait();
        _paused = true;
    }

    /// <summary>Starts taking items off the channel again.</summary>
    internal void Resume()
    {
        if (!_paused) return;
        _paused = false;
        _gate.Release();
    }

    private async Task ConsumeAsync()
    {
        var reader = _channel.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            await _gate.WaitAsync().ConfigureAwait(false);
            _gate.Release();
            while (reader.TryRead(out var item))
            {
                try { Append(item); }
                catch (Exception e) { _log($"recording a request of '{item.Version.Name}' failed: {e.Message}"); }
            }
        }
    }

    private void Append(Item item)
    {
        var start = WindowStart(item.Time);
        RecordedWindow? closed = null;
        lock (_lock)
        {
            var key = (item.Version.Name, item.Version.Version);
            if (_open.TryGetValue(key, out var window) && window.Start != start)
            {
                closed = window;
                _open.Remove(key);
                window = null;
            }
            if (window is null) _open[key] = window = new RecordedWindow(item.Version, start, item.Signature, item.Inputs, item.Outputs);
            var reason = window.Add(item.Inputs, item.Outputs, _options.MaxRowsPerWindow);
            if (reason is null) _metrics.Recorded(item.Version, item.Inputs.Count == 0 ? 0 : item.Inputs[0].Rows);
            else _metrics.RecordingDropped(item.Version, reason);
        }
        if (closed is not null) Write(closed);
    }

    private DateTimeOffset WindowStart(DateTimeOffset t)
    {
        var ticks = _options.Window.Ticks;
        return new DateTimeOffset(t.UtcTicks / ticks * ticks, TimeSpan.Zero);
    }

    private async Task TickAsync()
    {
        var period = TimeSpan.FromTicks(Math.Min(_options.Window.Ticks, Math.Min(_options.DriftInterval.Ticks, TimeSpan.FromSeconds(1).Ticks)));
        var nextDrift = _time.GetUtcNow() + _options.DriftInterval;
        while (!_stop.IsCancellationRequested)
        {
            try { await Task.Delay(period, _time, _stop.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            try
            {
                var now = _time.GetUtcNow();
                foreach (var w in TakeWindows(w => w.Start + _options.Window <= now)) Write(w);
                if (_reference is not null && now >= nextDrift)
                {
                    nextDrift = now + _options.DriftInterval;
                    UpdateDrift();
                }
            }
            catch (Exception e) { _log($"recording: {e.Message}"); }
        }
    }

    private List<RecordedWindow> TakeWindows(Func<RecordedWindow, bool> which)
    {
        lock (_lock)
        {
            var done = _open.Where(kv => which(kv.Value)).ToList();
            foreach (var kv in done) _open.Remove(kv.Key);
            return [.. done.Select(kv => kv.Value)];
        }
    }

    /// <summary>Compares every open window of at least DriftMinRows rows with the reference and sets the drift gauges.</summary>
    internal void UpdateDrift()
    {
        if (_reference is null) return;
        List<(ModelVersion Version, ColumnTable Table)> current;
        lock (_lock) current = [.. _open.Values.Where(w => w.Rows >= _options.DriftMinRows).Select(w => (w.Version, w.ToTable()))];
        foreach (var (version, table) in current)
        {
            try { _metrics.Drift(version, DriftDetector.Detect(_reference, table)); }
            catch (MlnbException e)
            {
                _metrics.DriftFailed(version);
                _log($"drift of '{version.Name}' version {version.Version}: {e.Message}");
            }
        }
    }

    private void Write(RecordedWindow window)
    {
        try
        {
            var path = window.WriteParquet(_options.Directory);
            _metrics.WindowWritten(window.Version);
            _log($"recorded {window.Rows} rows of '{window.Version.Name}' version {window.Version.Version} to {path}");
        }
        catch (Exception e) { _log($"writing a recorded window of '{window.Version.Name}' failed: {e.Message}"); }
    }

    /// <summary>Writes every open window now (they are written again, to a new file, if more rows come in the same window).</summary>
    internal async Task FlushAsync()
    {
        // Let the consumer take what is queued first.
        while (_channel.Reader.Count > 0 && !_paused) await Task.Delay(5).ConfigureAwait(false);
        foreach (var w in TakeWindows(_ => true)) Write(w);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Resume();
        _channel.Writer.TryComplete();
        await _consumer.ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        await _ticker.ConfigureAwait(false);
        foreach (var w in TakeWindows(_ => true)) Write(w);
        _stop.Dispose();
    }

    internal static string Stamp(DateTimeOffset start) => start.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
}
