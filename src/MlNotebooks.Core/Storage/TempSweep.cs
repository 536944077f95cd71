namespace MlNotebooks.Storage;

/// <summary>What a sweep of stale temporary files reclaimed.</summary>
/// <param name="Files">Files removed.</param>
/// <param name="Bytes">Their total size.</param>
public sealed record TempSweep(int Files, long Bytes)
{
    /// <summary>Nothing reclaimed.</summary>
    public static TempSweep None { get; } = new(0, 0);

    /// <summary>The sum of two sweeps.</summary>
    public TempSweep Add(TempSweep other) => new(Files + other.Files, Bytes + other.Bytes);
}
