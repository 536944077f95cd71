using System.Collections.Concurrent;
using System.Threading.Channels;

namespace MlNotebooks.Tracking;

/// <summary>
/// Logs to a run without waiting on the store: calls queue in memory and a background task writes them through
/// <see cref="ITrackingStore.LogBatchAsync"/> in large batches. Nothing is lost: <see cref="FlushAsync"/>,
/// <see cref="DisposeAsync"/> and process exit write what is queued; brief store outages are retried; a failure
/// the store reports is raised on the next call.
/// </summary>
public sealed class BufferedRunLogger : IAsyncDisposable, IDisposable
{
    private enum Kind : byte { Metric, Param, Tag, Flush }

    private readonly record struct Item(Kind Kind, Metric? Metric = null, Param? Param = null, RunTag? Tag = null, TaskCompletionSource? Done = null);

    private readonly ITrackingStore _store;
    private readonly BufferedLoggerOptions _options;
    private readonly TimeProvider _time;
    private readonly Channel<Item> _channel = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
    private readonly ConcurrentDictionary<string, string> _params = new(StringComparer.Ordinal);
    private readonly Task _pump;
    private volatile Exception? _error;
    private long _pending;
    private int _disposed;

    /// <summary>Starts a logger for one run.</summary>
    public BufferedRunLogger(ITrackingStore store, string runId, BufferedLoggerOptions? options = null, TimeProvider? timeProvider = null)
    {
        TrackingLimits.ValidateRunId(runId);
        _store = store;
        RunId = runId;
        _options = options ?? new BufferedLoggerOptions();
        _time = timeProvider ?? TimeProvider.System;
        _pump = Task.Run(PumpAsync);
        ExitFlush.Register(this);
    }

    /// <summary>The run this logger writes to.</summary>
    public string RunId { get; }

    /// <summary>Items queued and not yet written.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    /// <summary>Queues a metric point (timestamp now unless given).</summary>
    public void LogMetric(string key, double value, long step = 0, long? timestamp = null)
    {
        var m = new Metric(key, value, timestamp ?? _time.GetUtcNow().ToUnixTimeMilliseconds(), step);
        TrackingLimits.Validate(m);
        Enqueue(new Item(Kind.Metric, Metric: m));
    }

    /// <summary>Queues a param; re-logging a different value through this logger fails at once.</summary>
    public void LogParam(string key, string value)
    {
        var p = new Param(key, value);
        TrackingLimits.Validate(p);
        var existing = _params.GetOrAdd(key, value);
        if (existing != value)
            throw MlnbException.Invalid($"param '{key}' of run {RunId} is already '{TrackingLimits.Shorten(existing)}' and cannot change to '{TrackingLimits.Shorten(value)}' (params are write-once)");
        Enqueue(new Item(Kind.Param, Param: p));
    }

    /// <summary>Queues a tag.</summary>
    public void SetTag(string key, string value)
    {
        var t = new RunTag(key, value);
        TrackingLimits.Validate(t);
        Enqueue(new Item(Kind.Tag, Tag: t));
    }

    /// <summary>Waits until everything queued before this call is written; raises a store failure if one happened.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfFailed();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_channel.Writer.TryWrite(new Item(Kind.Flush, Done: done))) { await _pump.ConfigureAwait(false); ThrowIfFailed(); return; }
        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        ThrowIfFailed();
    }

    /// <summary>Flush used at process exit: never throws, bounded by the flush timeout.</summary>
    internal Task FlushForExitAsync() => FlushAsync().ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(_options.FlushTimeout);

    private void Enqueue(Item item)
    {
        ThrowIfFailed();
        if (Volatile.Read(ref _disposed) != 0) throw new ObjectDisposedException(nameof(BufferedRunLogger), $"the logger of run {RunId} is closed; log through a new one");
        Interlocked.Increment(ref _pending);
        _channel.Writer.TryWrite(item);
    }

    private void ThrowIfFailed()
    {
        if (_error is { } e)
            throw e as MlnbException ?? new MlnbException(ErrorCode.InternalError, $"logging to run {RunId} failed: {e.Message}", e);
    }

    private async Task PumpAsync()
    {
        var reader = _channel.Reader;
        var metrics = new List<Metric>();
        var prms = new List<Param>();
        var tags = new List<RunTag>();
        var waiters = new List<TaskCompletionSource>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            metrics.Clear(); prms.Clear(); tags.Clear(); waiters.Clear();
            while (metrics.Count < _options.MaxBatchSize && reader.TryRead(out var item))
            {
                switch (item.Kind)
                {
                    case Kind.Metric: metrics.Add(item.Metric!); break;
                    case Kind.Param: prms.Add(item.Param!); break;
                    case Kind.Tag: tags.Add(item.Tag!); break;
                    default: waiters.Add(item.Done!); break;
                }
                if (item.Kind == Kind.Flush) break;
            }
            var count = metrics.Count + prms.Count + tags.Count;
            if (count > 0 && _error is null) await WriteAsync(metrics, prms, tags).ConfigureAwait(false);
            Interlocked.Add(ref _pending, -count);
            foreach (var w in waiters) w.TrySetResult();
        }
    }

    private async Task WriteAsync(List<Metric> metrics, List<Param> prms, List<RunTag> tags)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await _store.LogBatchAsync(RunId, metrics, prms, tags).ConfigureAwait(false);
                FaultPoint.Hit("tracking.batch");
                return;
            }
            catch (MlnbException e) when (e.Code == ErrorCode.StoreUnavailable && attempt < _options.MaxRetries)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * (1 << attempt))).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _error = e;
                return;
            }
        }
    }

    /// <summary>Writes what is queued, stops the background task and raises a store failure if one happened.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        ExitFlush.Unregister(this);
        _channel.Writer.TryComplete();
        await _pump.WaitAsync(_options.FlushTimeout).ConfigureAwait(false);
        ThrowIfFailed();
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
