namespace MlNotebooks.Tracking;

/// <summary>
/// A run in progress: buffered logging for training loops, artifacts, inputs, and an end. Disposing it flushes
/// and ends the run as FINISHED unless it was ended already.
/// </summary>
public sealed class ActiveRun : IAsyncDisposable
{
    private readonly TrackingClient _client;
    private readonly ITimer _heartbeat;
    private readonly TimeProvider _time;
    private readonly TimeSpan _cpuAtStart = Usage.ProcessUsage.CpuTime();
    private int _ended;

    internal ActiveRun(TrackingClient client, Run run, BufferedLoggerOptions? options, TimeProvider time)
    {
        _client = client;
        _time = time;
        Run = run;
        Logger = new BufferedRunLogger(client.Store, run.RunId, options, time);
        _heartbeat = time.CreateTimer(_ => _ = BeatAsync(), null, RunLiveness.HeartbeatInterval, RunLiveness.HeartbeatInterval);
    }

    /// <summary>Refreshes the run's heartbeat tag, so readers on other hosts know its process still runs.</summary>
    private async Task BeatAsync()
    {
        if (IsEnded) return;
        try
        {
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            await _client.Store.LogBatchAsync(RunId, [], [], [new RunTag(SystemTags.Heartbeat, now)]).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // A missed heartbeat is harmless (the next one comes in 30 s); the logger reports store failures itself.
        }
    }

    /// <summary>The run as it was created.</summary>
    public Run Run { get; }

    /// <summary>The run id.</summary>
    public string RunId => Run.RunId;

    /// <summary>The buffered logger that writes this run's metrics.</summary>
    public BufferedRunLogger Logger { get; }

    /// <summary>True once the run has ended.</summary>
    public bool IsEnded => Volatile.Read(ref _ended) != 0;

    /// <summary>Queues a metric point.</summary>
    public void LogMetric(string key, double value, long step = 0) => Logger.LogMetric(key, value, step);

    /// <summary>Queues a param.</summary>
    public void LogParam(string key, object? value) => Logger.LogParam(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "");

    /// <summary>Queues several params.</summary>
    public void LogParams(IEnumerable<KeyValuePair<string, object?>> values)
    {
        foreach (var (k, v) in values) LogParam(k, v);
    }

    /// <summary>Queues a tag.</summary>
    public void SetTag(string key, string value) => Logger.SetTag(key, value);

    /// <summary>Writes queued items now.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default) => Logger.FlushAsync(cancellationToken);

    /// <summary>Logs a file or folder as artifacts.</summary>
    public Task<IReadOnlyList<ArtifactEntry>> LogArtifactAsync(string localPath, string? artifactPath = null, CancellationToken cancellationToken = default) =>
        _client.LogArtifactAsync(RunId, localPath, artifactPath, cancellationToken);

    /// <summary>Logs bytes as an artifact file at <paramref name="artifactPath"/> (e.g. a checkpoint or a model).</summary>
    public Task<ArtifactEntry> LogArtifactBytesAsync(string artifactPath, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default) =>
        _client.LogArtifactBytesAsync(RunId, artifactPath, bytes, cancellationToken);

    /// <summary>Records a dataset the run read.</summary>
    public Task LogInputAsync(DatasetInput input, CancellationToken cancellationToken = default) =>
        _client.LogInputsAsync(RunId, [input], cancellationToken);

    /// <summary>Flushes and ends the run with a status.</summary>
    public async Task<RunInfo> EndAsync(RunStatus status = RunStatus.Finished, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
            throw MlnbException.State($"run {RunId} has already ended");
        await _heartbeat.DisposeAsync().ConfigureAwait(false);
        try
        {
            Usage.ProcessUsage.Tag(Logger, _cpuAtStart);
            await Logger.DisposeAsync().ConfigureAwait(false);
        }
        catch
        {
            await _client.EndRunAsync(RunId, RunStatus.Failed, cancellationToken).ConfigureAwait(false);
            throw;
        }
        return await _client.EndRunAsync(RunId, status, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!IsEnded) await EndAsync().ConfigureAwait(false);
    }
}
