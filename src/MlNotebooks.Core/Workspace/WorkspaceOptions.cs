namespace MlNotebooks;

/// <summary>How to find a workspace. Unset values come from the environment, then from a <c>.mlnb/</c> folder found upward.</summary>
public sealed record WorkspaceOptions
{
    /// <summary><c>sqlite:///…</c> or <c>postgresql://…</c>; overrides <c>MLNB_TRACKING_URI</c> and the local folder.</summary>
    public string? TrackingUri { get; init; }

    /// <summary>Where to start looking for <c>.mlnb/</c> (defaults to the current directory).</summary>
    public string? StartDirectory { get; init; }

    /// <summary>Root of the content store; overrides <c>MLNB_CONTENT_ROOT</c>.</summary>
    public string? ContentRoot { get; init; }

    /// <summary>Environment lookup (tests replace it).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;
}
