using System.Diagnostics;
using System.Threading.Channels;
using MlNotebooks.Serving.Observability;
using MlNotebooks.Serving.Runtime;

namespace MlNotebooks.Serving.Batching;

/// <summary>
/// Queues requests for one loaded model and runs them in batches: a worker takes the first queued request, adds
/// whatever else is queued (waiting at most the max queue delay) up to the max batch size, stacks the inputs along
/// the first dimension, runs the model once and hands each request its rows of every output.
/// </summary>
internal sealed class DynamicBatcher : IAsyncDisposable
{
    private readonly OnnxModel _model;
    private readonly BatchingOptions _options;
    private readonly ServingMetrics _metrics;
    private readonly string[] _outputNames;
    private readonly Channel<WorkItem> _queue = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    private readonly Task[] _workers;
    private int _busy;

    public DynamicBatcher(OnnxModel model, BatchingOptions options, ServingMetrics metrics)
    {
        _model = model;
        _options = model.Batchable ? options : options with { MaxBatchSize = 1 };
        _metrics = metrics;
        _outputNames = [.. model.Signature.Outputs.Select(o => o.Name)];
        _workers = [.. Enumerable.Range(0, _options.Workers).Select(_ => Task.Run(WorkAsync))];
    }

    private sealed record WorkItem(Tensor[] Inputs, long Rows, long Enqueued, TaskCompletionSource<Tensor[]> Done);

    /// <summary>Runs inputs (in signature order); returns every signature output for these rows.</summary>
    public Task<Tensor[]> RunAsync(Tensor[] inputs)
    {
        // Fast path: nothing queued and a model call slot free — run on the caller's thread, no hand-off.
        if (_options.RunInlineWhenIdle && _queue.Reader.Count == 0)
        {
            if (Interlocked.Increment(ref _busy) <= _options.Workers)
            {
                try
                {
                    _metrics.QueueTime(_model.Version, 0);
                    _metrics.BatchSize(_model.Version, inputs.Length == 0 ? 1 : inputs[0].Rows);
                    return Task.FromResult(_model.Run(inputs, _outputNames));
                }
                catch (Exception e)
                {
                    return Task.FromException<Tensor[]>(e);
                }
                finally { Interlocked.Decrement(ref _busy); }
            }
            Interlocked.Decrement(ref _busy);
        }
        var item = new WorkItem(inputs, inputs.Length == 0 ? 1 : inputs[0].Rows, Stopwatch.GetTimestamp(), new TaskCompletionSource<Tensor[]>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(item)) throw new MlnbException(ErrorCode.StoreUnavailable, $"model '{_model.Version.Name}' version {_model.Version.Version} is unloading; retry");
        return item.Done.Task;
    }

    private async Task WorkAsync()
    {
        var reader = _queue.Reader;
        WorkItem? carry = null;
        var batch = new List<WorkItem>(_options.MaxBatchSize);
        while (carry is not null || await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            long rows;
            if (carry is not null) { batch.Add(carry); rows = carry.Rows; carry = null; }
            else if (reader.TryRead(out var first)) { batch.Add(first); rows = first.Rows; }
            else continue;
            var deadline = Stopwatch.GetTimestamp() + (long)(_options.MaxQueueDelay.TotalSeconds * Stopwatch.Frequency);
            while (rows < _options.MaxBatchSize)
            {
                if (reader.TryRead(out var next))
                {
                    if (rows + next.Rows > _options.MaxBatchSize) { carry = next; break; }
                    batch.Add(next);
                    rows += next.Rows;
                    continue;
                }
                var remaining = deadline - Stopwatch.GetTimestamp();
                if (remaining <= 0) break;
                var wait = reader.WaitToReadAsync().AsTask();
                if (await Task.WhenAny(wait, Task.Delay(TimeSpan.FromSeconds((double)remaining / Stopwatch.Frequency))).ConfigureAwait(false) != wait) break;
                if (!await wait.ConfigureAwait(false)) break;
            }
            Run(batch, rows);
        }
    }

    private void Run(List<WorkItem> batch, long rows)
    {
        Interlocked.Increment(ref _busy);
        try { RunBatch(batch, rows); }
        finally { Interlocked.Decrement(ref _busy); }
    }

    private void RunBatch(List<WorkItem> batch, long rows)
    {
        var now = Stopwatch.GetTimestamp();
        var version = _model.Version;
        foreach (var item in batch) _metrics.QueueTime(version, Stopwatch.GetElapsedTime(item.Enqueued, now).TotalSeconds);
        _metrics.BatchSize(version, rows);
        try
        {
            var inputs = batch.Count == 1 ? batch[0].Inputs
                : [.. Enumerable.Range(0, batch[0].Inputs.Length).Select(i => Tensor.Concat([.. batch.Select(b => b.Inputs[i])]))];
            var outputs = _model.Run(inputs, _outputNames);
            if (batch.Count == 1) { batch[0].Done.TrySetResult(outputs); return; }
            long start = 0;
            foreach (var item in batch)
            {
                item.Done.TrySetResult([.. outputs.Select(o => o.Shape.Length > 0 && o.Rows == rows ? o.Slice(start, item.Rows) : o)]);
                start += item.Rows;
            }
        }
        catch (Exception e)
        {
            foreach (var item in batch) item.Done.TrySetException(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_workers).ConfigureAwait(false);
    }
}
