namespace MlNotebooks.Tracking;

/// <summary>How a <see cref="BufferedRunLogger"/> batches.</summary>
public sealed record BufferedLoggerOptions
{
    /// <summary>Most metric points in one LogBatch call.</summary>
    public int MaxBatchSize { get; init; } = 5000;

    /// <summary>How many times a batch is retried when the store is briefly unavailable.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>Longest time <c>Dispose</c> and process exit wait for the last points to be written.</summary>
    public TimeSpan FlushTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
