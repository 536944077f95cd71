namespace MlNotebooks.Features.Online;

/// <summary>
/// Holds the latest row of each entity per feature view (Feast's online store). A write keeps the stored row when it
/// is newer than the written one (by event time), so replaying an older window never goes back in time.
/// </summary>
public interface IOnlineStore : IDisposable
{
    /// <summary>A short description for messages, e.g. <c>sqlite:/path/online.db</c>.</summary>
    string Describe { get; }

    /// <summary>Writes rows of one view.</summary>
    void Write(string project, string view, IReadOnlyList<OnlineRow> rows);

    /// <summary>Reads rows of one view by entity key; null where the key has no row.</summary>
    IReadOnlyList<OnlineRow?> Read(string project, string view, IReadOnlyList<string> entityKeys);
}

/// <summary>One entity's latest values of a view.</summary>
/// <param name="EntityKey">The encoded join key values (<see cref="EntityKeys.Encode"/>).</param>
/// <param name="EventMicros">The event time, microseconds since the Unix epoch (UTC).</param>
/// <param name="ValuesJson">The feature values as a JSON array, in the view's schema order.</param>
public sealed record OnlineRow(string EntityKey, long EventMicros, string ValuesJson);
