using System.Data.Common;
using MlNotebooks.Tracking;

namespace MlNotebooks.Storage.Sql;

internal sealed partial class SqlTrackingStore
{
    private const string RunColumns = "r.run_uuid, r.experiment_id, r.name, r.user_id, r.status, r.start_time, r.end_time, r.artifact_uri, r.lifecycle_stage";

    public Task<Run> CreateRunAsync(string experimentId, string runName, string userId, DateTimeOffset startTime, IReadOnlyList<RunTag> tags, CancellationToken cancellationToken = default)
    {
        TrackingLimits.ValidateName("run", runName);
        foreach (var t in tags) TrackingLimits.Validate(t);
        return WithWriteAsync(async (c, tx) =>
        {
            var id = await RequireExperimentAsync(c, tx, experimentId, cancellationToken).ConfigureAwait(false);
            var stage = (string?)await c.ScalarAsync(tx, "SELECT lifecycle_stage FROM experiments WHERE experiment_id = @id", cancellationToken, ("@id", id)).ConfigureAwait(false);
            if (stage == "deleted")
                throw MlnbException.State($"experiment {id} is deleted; restore it with `mlnb experiments restore {id}` before starting runs in it");
            if (tags.FirstOrDefault(t => t.Key == SystemTags.ParentRunId) is { } parent)
            {
                if (await c.ScalarAsync(tx, "SELECT 1 FROM runs WHERE run_uuid = @p", cancellationToken, ("@p", parent.Value)).ConfigureAwait(false) is null)
                    throw MlnbException.NotFound($"parent run '{parent.Value}' does not exist; pass the id of an existing run");
            }
            var runId = Guid.NewGuid().ToString("N");
            var location = (string)(await c.ScalarAsync(tx, "SELECT artifact_location FROM experiments WHERE experiment_id = @id", cancellationToken, ("@id", id)).ConfigureAwait(false))!;
            await c.ExecAsync(tx,
                "INSERT INTO runs (run_uuid, name, experiment_id, user_id, status, start_time, end_time, lifecycle_stage, artifact_uri) VALUES (@r, @n, @e, @u, 'RUNNING', @s, NULL, 'active', @a)",
                cancellationToken, ("@r", runId), ("@n", runName), ("@e", id), ("@u", userId), ("@s", Ms(startTime)), ("@a", $"{location.TrimEnd('/')}/{runId}/artifacts")).ConfigureAwait(false);
            var allTags = tags.Where(t => t.Key != SystemTags.RunName).Append(new RunTag(SystemTags.RunName, runName));
            foreach (var t in allTags)
                await c.ExecAsync(tx, "INSERT INTO tags (run_uuid, key, value) VALUES (@r, @k, @v)", cancellationToken, ("@r", runId), ("@k", t.Key), ("@v", t.Value)).ConfigureAwait(false);
            return (await LoadRunsAsync(c, tx, [runId], cancellationToken).ConfigureAwait(false))[0];
        }, cancellationToken);
    }

    public Task<Run?> GetRunAsync(string runId, CancellationToken cancellationToken = default) =>
        WithConnectionAsync(async c => (await LoadRunsAsync(c, null, [runId], cancellationToken).ConfigureAwait(false)).FirstOrDefault(), cancellationToken);

    public Task<RunInfo> UpdateRunAsync(string runId, RunStatus status, DateTimeOffset? endTime, string? runName, CancellationToken cancellationToken = default)
    {
        if (runName is not null) TrackingLimits.ValidateName("run", runName);
        return WithWriteAsync(async (c, tx) =>
        {
            var current = await RequireRunAsync(c, tx, runId, cancellationToken).ConfigureAwait(false);
            if (current.Status.IsTerminal() && status != current.Status)
                throw MlnbException.State($"run {runId} already ended as {current.Status.ToName()}; it cannot become {status.ToName()}");
            long? end = status.IsTerminal() ? Ms(endTime ?? DateTimeOffset.UtcNow) : null;
            await c.ExecAsync(tx, "UPDATE runs SET status = @s, end_time = COALESCE(end_time, @e), name = COALESCE(@n, name) WHERE run_uuid = @r",
                cancellationToken, ("@s", status.ToName()), ("@e", end), ("@n", runName), ("@r", runId)).ConfigureAwait(false);
            if (runName is not null) await UpsertTagAsync(c, tx, runId, new RunTag(SystemTags.RunName, runName), cancellationToken).ConfigureAwait(false);
            return (await LoadRunsAsync(c, tx, [runId], cancellationToken).ConfigureAwait(false))[0].Info;
        }, cancellationToken);
    }

    public Task SetRunLifecycleAsync(string runId, LifecycleStage stage, CancellationToken cancellationToken = default) =>
        WithWriteAsync(async (c, tx) =>
        {
            await RequireRunAsync(c, tx, runId, cancellationToken, allowDeleted: true).ConfigureAwait(false);
            await c.ExecAsync(tx, "UPDATE runs SET lifecycle_stage = @s WHERE run_uuid = @r", cancellationToken, ("@s", Stage(stage)), ("@r", runId)).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private static async Task<RunInfo> RequireRunAsync(DbConnection c, DbTransaction? tx, string runId, CancellationToken cancellationToken, bool allowDeleted = false)
    {
        TrackingLimits.ValidateRunId(runId);
        var infos = await c.QueryAsync(tx, $"SELECT {RunColumns} FROM runs r WHERE r.run_uuid = @r", ReadRunInfo, cancellationToken, ("@r", runId)).ConfigureAwait(false);
        if (infos.Count == 0)
            throw MlnbException.NotFound($"run '{runId}' does not exist; find runs with `mlnb runs search`");
        if (!allowDeleted && infos[0].LifecycleStage == LifecycleStage.Deleted)
            throw MlnbException.State($"run {runId} is deleted; restore it with `mlnb runs restore {runId}` first");
        return infos[0];
    }

    private static RunInfo ReadRunInfo(DbDataReader r) => new(
        r.GetString(0), r.GetInt64Flexible(1).ToString(System.Globalization.CultureInfo.InvariantCulture), r.GetString(2), r.GetString(3),
        RunStatusNames.Parse(r.GetString(4)), FromMs(r.GetInt64Flexible(5)), r.GetNullableInt64(6) is { } e ? FromMs(e) : null, r.GetString(7), ParseStage(r.GetString(8)));

    /// <summary>Loads runs with their data, in the order of <paramref name="runIds"/> (missing ids are skipped).</summary>
    private static async Task<List<Run>> LoadRunsAsync(DbConnection c, DbTransaction? tx, IReadOnlyList<string> runIds, CancellationToken cancellationToken)
    {
        var result = new List<Run>(runIds.Count);
        foreach (var chunk in runIds.Chunk(500))
        {
            var names = chunk.Select((_, i) => $"@i{i}").ToArray();
            var inList = string.Join(",", names);
            var ps = chunk.Select((id, i) => (names[i], (object?)id)).ToArray();
            var infos = (await c.QueryAsync(tx, $"SELECT {RunColumns} FROM runs r WHERE r.run_uuid IN ({inList})", ReadRunInfo, cancellationToken, ps).ConfigureAwait(false))
                .ToDictionary(i => i.RunId);
            var metrics = Group(await c.QueryAsync(tx, $"SELECT run_uuid, key, value, timestamp, step, is_nan FROM latest_metrics WHERE run_uuid IN ({inList}) ORDER BY key",
                r => (r.GetString(0), new Metric(r.GetString(1), ReadValue(r, 2, 5), r.GetInt64Flexible(3), r.GetInt64Flexible(4))), cancellationToken, ps).ConfigureAwait(false));
            var prms = Group(await c.QueryAsync(tx, $"SELECT run_uuid, key, value FROM params WHERE run_uuid IN ({inList}) ORDER BY key",
                r => (r.GetString(0), new Param(r.GetString(1), r.GetString(2))), cancellationToken, ps).ConfigureAwait(false));
            var tags = Group(await c.QueryAsync(tx, $"SELECT run_uuid, key, value FROM tags WHERE run_uuid IN ({inList}) ORDER BY key",
                r => (r.GetString(0), new RunTag(r.GetString(1), r.GetString(2))), cancellationToken, ps).ConfigureAwait(false));
            var inputs = Group(await c.QueryAsync(tx, $"SELECT run_uuid, name, digest, source_type, source, context FROM inputs WHERE run_uuid IN ({inList}) ORDER BY name, digest",
                r => (r.GetString(0), new DatasetInput(r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5))), cancellationToken, ps).ConfigureAwait(false));
            foreach (var id in chunk)
            {
                if (!infos.TryGetValue(id, out var info)) continue;
                result.Add(new Run(info, metrics.GetValueOrDefault(id) ?? [], prms.GetValueOrDefault(id) ?? [], tags.GetValueOrDefault(id) ?? [], inputs.GetValueOrDefault(id) ?? []));
            }
        }
        return result;
    }

    private static Dictionary<string, List<T>> Group<T>(List<(string RunId, T Item)> rows)
    {
        var d = new Dictionary<string, List<T>>(StringComparer.Ordinal);
        foreach (var (id, item) in rows)
        {
            if (!d.TryGetValue(id, out var list)) d[id] = list = [];
            list.Add(item);
        }
        return d;
    }

    private static double ReadValue(DbDataReader r, int valueOrdinal, int isNanOrdinal) =>
        r.GetInt64Flexible(isNanOrdinal) != 0 ? double.NaN : r.GetDouble(valueOrdinal);
}
