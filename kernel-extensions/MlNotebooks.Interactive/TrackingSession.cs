using MlNotebooks.Interactive.Lineage;
using MlNotebooks.Tracking;

namespace MlNotebooks.Interactive;

/// <summary>
/// The kernel's tracking state: the workspace (opened on first use, from <c>MLNB_TRACKING_URI</c> or the <c>.mlnb/</c>
/// folder found from the current directory) and the stack of active runs (nested runs push).
/// </summary>
internal sealed class TrackingSession
{
    private readonly Stack<ActiveRun> _runs = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Workspace? _workspace;

    public static TrackingSession Shared { get; } = new();

    public NotebookLineage Lineage { get; } = new();

    /// <summary>Overrides where the workspace is opened (tests, the headless runner); null = the usual search.</summary>
    public string? TrackingUri { get; set; }

    /// <summary>Where the project folder (with <c>.mlnb/</c>) is searched from; null = the current directory.</summary>
    public string? StartDirectory { get; set; }

    public ActiveRun? Current => _runs.Count > 0 ? _runs.Peek() : null;

    public ActiveRun RequireCurrent() => Current
        ?? throw MlnbException.State("no run is active; start one with `#!track start --experiment NAME` or `Track.Start(\"NAME\")`");

    public async Task<Workspace> WorkspaceAsync(CancellationToken ct = default)
    {
        if (_workspace is not null) return _workspace;
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return _workspace ??= await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = TrackingUri, StartDirectory = StartDirectory }, ct).ConfigureAwait(false);
        }
        finally { _gate.Release(); }
    }

    public async Task<ActiveRun> StartAsync(string? experiment, string? name, bool nested, CancellationToken ct = default)
    {
        var ws = await WorkspaceAsync(ct).ConfigureAwait(false);
        if (Current is not null && !nested)
            throw MlnbException.State($"run {Current.RunId} is still active; end it with `#!track end`, or start a child run with `--nested`");
        var tags = await Lineage.TagsAsync(ct).ConfigureAwait(false);
        var run = await ws.Tracking.StartRunAsync(experiment, name, nested ? Current?.RunId : null, tags, cancellationToken: ct).ConfigureAwait(false);
        _runs.Push(run);
        return run;
    }

    public async Task<RunInfo> EndAsync(RunStatus status, CancellationToken ct = default)
    {
        var run = RequireCurrent();
        _runs.Pop();
        return await run.EndAsync(status, ct).ConfigureAwait(false);
    }

    /// <summary>Ends every active run (innermost first) with <paramref name="status"/>; what a host does at the end.</summary>
    public async Task EndAllAsync(RunStatus status, CancellationToken ct = default)
    {
        while (_runs.Count > 0) await EndAsync(status, ct).ConfigureAwait(false);
    }

    /// <summary>Forgets the workspace and runs (tests and hosts that change the tracking URI).</summary>
    public async Task ResetAsync()
    {
        await EndAllAsync(RunStatus.Killed).ConfigureAwait(false);
        if (_workspace is not null) await _workspace.DisposeAsync().ConfigureAwait(false);
        _workspace = null;
    }
}
