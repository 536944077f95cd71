using MlNotebooks.Storage;

namespace MlNotebooks.Tracking;

/// <summary>
/// A tracking store whose artifact content lives elsewhere (a tracking server): it fetches the content of artifact
/// entries into the local content store on demand. <see cref="TrackingClient.EnsureContentAsync"/> calls it before reading.
/// </summary>
public interface IContentSource
{
    /// <summary>Fetches the content of those <paramref name="entries"/> of a run that <paramref name="into"/> lacks, checking each hash.</summary>
    Task FetchAsync(string runId, IReadOnlyList<ArtifactEntry> entries, ContentStore into, CancellationToken cancellationToken = default);
}
