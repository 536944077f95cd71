using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using MlNotebooks.Storage;

namespace MlNotebooks.Tracking.Http;

public sealed partial class HttpTrackingStore
{
    /// <summary>Uploads the content the server lacks (once per hash), then registers the entries on the run.</summary>
    public async Task LogArtifactsAsync(string runId, IReadOnlyList<ArtifactEntry> entries, CancellationToken cancellationToken = default)
    {
        foreach (var chunk in entries.Chunk(MaxEntities))
        {
            var missing = await _rest.PostAsync(Mlnb + "content/missing", new JsonObject { ["md5"] = new JsonArray([.. chunk.Select(e => (JsonNode)e.Md5).Distinct()]) }, idempotent: true, cancellationToken).ConfigureAwait(false);
            foreach (var md5 in (missing["missing"]?.AsArray() ?? []).Select(m => m!.GetValue<string>()))
            {
                if (!_content.Contains(md5))
                    throw MlnbException.NotFound($"content {md5} is not in the local content store at '{_content.Root}', so it cannot be uploaded; log the file again");
                await _rest.SendAsync(() =>
                {
                    var body = new StreamContent(_content.OpenRead(md5));
                    body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                    return new HttpRequestMessage(HttpMethod.Put, Mlnb + "content/" + md5) { Content = body };
                }, idempotent: true, cancellationToken).ConfigureAwait(false);
            }
            await _rest.PostAsync(Mlnb + "artifacts/log", new JsonObject
            {
                ["run_id"] = runId,
                ["artifacts"] = new JsonArray([.. chunk.Select(e => (JsonNode)new JsonObject { ["path"] = e.Path, ["md5"] = e.Md5, ["file_size"] = e.Size })]),
            }, idempotent: true, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ArtifactEntry>> ListArtifactsAsync(string runId, string? prefix, CancellationToken cancellationToken = default)
    {
        var answer = await _rest.GetAsync(Mlnb + "artifacts/entries", [("run_id", runId), ("path", string.IsNullOrEmpty(prefix) ? null : prefix.Trim('/'))], cancellationToken).ConfigureAwait(false);
        return [.. (answer["artifacts"]?.AsArray() ?? []).Select(a => new ArtifactEntry(MlflowJsonReader.Str(a!, "path"), MlflowJsonReader.Str(a!, "md5"), MlflowJsonReader.Long(a!["file_size"])))];
    }

    /// <inheritdoc />
    public async Task DeleteArtifactsAsync(string runId, string path, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw MlnbException.NotFound($"run '{runId}' does not exist; find runs with `mlnb runs search`");
        await _rest.SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, ProxyPath(run.Info, path.Trim('/'))), idempotent: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Downloads (through the artifact proxy) the content of entries the local content store lacks, checking each hash.</summary>
    public async Task FetchAsync(string runId, IReadOnlyList<ArtifactEntry> entries, ContentStore into, CancellationToken cancellationToken = default)
    {
        var missing = entries.Where(e => !into.Contains(e.Md5)).DistinctBy(e => e.Md5).ToList();
        if (missing.Count == 0) return;
        var run = await GetRunAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw MlnbException.NotFound($"run '{runId}' does not exist; find runs with `mlnb runs search`");
        foreach (var e in missing)
        {
            using var response = await _rest.SendRawAsync(() => new HttpRequestMessage(HttpMethod.Get, ProxyPath(run.Info, e.Path)), idempotent: true, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) throw _rest.ToException(response, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var added = await into.AddStreamAsync(body, cancellationToken).ConfigureAwait(false);
            if (added.Md5 != e.Md5)
                throw new MlnbException(ErrorCode.DataCorrupted, $"artifact '{e.Path}' of run {runId} arrived with hash {added.Md5}, not {e.Md5}; download it again");
        }
    }

    private static string ProxyPath(RunInfo run, string path) =>
        $"api/2.0/mlflow-artifacts/artifacts/{Uri.EscapeDataString(run.ExperimentId)}/{run.RunId}/artifacts/{string.Join('/', path.Split('/').Select(Uri.EscapeDataString))}";
}
