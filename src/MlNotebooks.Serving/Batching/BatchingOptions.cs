namespace MlNotebooks.Serving.Batching;

/// <summary>How requests are stacked into batches.</summary>
public sealed record BatchingOptions
{
    /// <summary>Most rows in one model call (1 turns batching off).</summary>
    public int MaxBatchSize { get; init; } = 32;

    /// <summary>How long the first request of a batch waits for others; zero takes only what is already queued.</summary>
    public TimeSpan MaxQueueDelay { get; init; } = TimeSpan.Zero;

    /// <summary>When nothing is queued and a call slot is free, run a request on its own thread instead of handing it to a worker (lower latency when the server is not saturated).</summary>
    public bool RunInlineWhenIdle { get; init; } = true;

    /// <summary>Model calls running at once.</summary>
    public int Workers { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Fails with the fix when a value is out of range.</summary>
    public void Validate()
    {
        if (MaxBatchSize < 1) throw MlnbException.Invalid($"max batch size {MaxBatchSize} must be 1 or more");
        if (MaxQueueDelay < TimeSpan.Zero || MaxQueueDelay > TimeSpan.FromSeconds(1)) throw MlnbException.Invalid($"max queue delay {MaxQueueDelay.TotalMilliseconds} ms must be between 0 and 1000 ms");
        if (Workers < 1) throw MlnbException.Invalid($"workers {Workers} must be 1 or more");
    }
}
