namespace MlNotebooks.Data;

/// <summary>How a tracked output compares with the workspace and the cache.</summary>
public enum DataState
{
    /// <summary>The workspace holds exactly the recorded version and the cache has it.</summary>
    Unchanged,
    /// <summary>The workspace differs from the recorded version (run <c>mlnb data add</c> to record it).</summary>
    Modified,
    /// <summary>The output is missing from the workspace (run <c>mlnb data checkout</c>).</summary>
    Deleted,
    /// <summary>The recorded version is not (fully) in the cache (run <c>mlnb data pull</c>).</summary>
    NotInCache,
}

/// <summary>The status of one tracked output.</summary>
/// <param name="Data">The tracked output.</param>
/// <param name="State">Its state.</param>
public sealed record DataStatusEntry(TrackedData Data, DataState State);
