using System.Data.Common;
using MlNotebooks.Tracking;

namespace MlNotebooks.Storage.Sql;

internal sealed partial class SqlTrackingStore
{
    private const string ExperimentColumns = "experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time";

    public Task<Experiment> CreateExperimentAsync(string name, string? artifactLocation, IReadOnlyDictionary<string, string>? tags, CancellationToken cancellationToken = default)
    {
        TrackingLimits.ValidateName("experiment", name);
        return WithWriteAsync(async (c, tx) =>
        {
            var existing = await c.QueryAsync(tx, "SELECT lifecycle_stage FROM experiments WHERE name = @n", r => r.GetString(0), cancellationToken, ("@n", name)).ConfigureAwait(false);
            if (existing.Count > 0)
                throw new MlnbException(ErrorCode.ResourceAlreadyExists, existing[0] == "deleted"
                    ? $"experiment '{name}' exists in the deleted state; restore it with `mlnb experiments restore {name}` or choose another name"
                    : $"experiment '{name}' already exists; use it, or choose another name");
            var now = Ms(DateTimeOffset.UtcNow);
            var id = Convert.ToInt64(await c.ScalarAsync(tx,
                "INSERT INTO experiments (name, artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES (@n, '', 'active', @t, @t) RETURNING experiment_id",
                cancellationToken, ("@n", name), ("@t", now)).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            var location = artifactLocation ?? ArtifactScheme + id;
            await c.ExecAsync(tx, "UPDATE experiments SET artifact_location = @l WHERE experiment_id = @id", cancellationToken, ("@l", location), ("@id", id)).ConfigureAwait(false);
            foreach (var (k, v) in tags ?? new Dictionary<string, string>())
            {
                TrackingLimits.Validate(new RunTag(k, v));
                await c.ExecAsync(tx, "INSERT INTO experiment_tags (experiment_id, key, value) VALUES (@id, @k, @v)", cancellationToken, ("@id", id), ("@k", k), ("@v", v)).ConfigureAwait(false);
            }
            return (await ReadExperimentsAsync(c, tx, "WHERE experiment_id = @id", [("@id", id)], cancellationToken).ConfigureAwait(false))[0];
        }, cancellationToken);
    }

    public Task<Experiment?> GetExperimentAsync(string experimentId, CancellationToken cancellationToken = default)
    {
        if (!long.TryParse(experimentId, out var id)) return Task.FromResult<Experiment?>(null);
        return WithConnectionAsync(async c =>
            (await ReadExperimentsAsync(c, null, "WHERE experiment_id = @id", [("@id", id)], cancellationToken).ConfigureAwait(false)).FirstOrDefault(), cancellationToken);
    }

    public Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default) =>
        WithConnectionAsync(async c =>
            (await ReadExperimentsAsync(c, null, "WHERE name = @n", [("@n", name)], cancellationToken).ConfigureAwait(false)).FirstOrDefault(), cancellationToken);

    public Task<Page<Experiment>> SearchExperimentsAsync(ViewType viewType, int maxResults, string? pageToken, CancellationToken cancellationToken = default)
    {
        ValidateMaxResults(maxResults);
        var offset = ParsePageToken(pageToken);
        return WithConnectionAsync(async c =>
        {
            var where = StageFilter(viewType, "lifecycle_stage") is { } f ? "WHERE " + f : "";
            var items = await ReadExperimentsAsync(c, null, $"{where} ORDER BY experiment_id LIMIT {maxResults + 1} OFFSET {offset}", [], cancellationToken).ConfigureAwait(false);
            var next = items.Count > maxResults ? MakePageToken(offset + maxResults) : null;
            return new Page<Experiment>(items.Take(maxResults).ToList(), next);
        }, cancellationToken);
    }

    public Task RenameExperimentAsync(string experimentId, string newName, CancellationToken cancellationToken = default)
    {
        TrackingLimits.ValidateName("experiment", newName);
        return WithWriteAsync(async (c, tx) =>
        {
            var id = await RequireExperimentAsync(c, tx, experimentId, cancellationToken).ConfigureAwait(false);
            var taken = await c.ScalarAsync(tx, "SELECT experiment_id FROM experiments WHERE name = @n AND experiment_id <> @id", cancellationToken, ("@n", newName), ("@id", id)).ConfigureAwait(false);
            if (taken is not null)
                throw new MlnbException(ErrorCode.ResourceAlreadyExists, $"experiment '{newName}' already exists; choose another name");
            await c.ExecAsync(tx, "UPDATE experiments SET name = @n, last_update_time = @t WHERE experiment_id = @id", cancellationToken, ("@n", newName), ("@t", Ms(DateTimeOffset.UtcNow)), ("@id", id)).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public Task SetExperimentTagAsync(string experimentId, string key, string value, CancellationToken cancellationToken = default)
    {
        TrackingLimits.Validate(new RunTag(key, value));
        return WithWriteAsync(async (c, tx) =>
        {
            var id = await RequireExperimentAsync(c, tx, experimentId, cancellationToken).ConfigureAwait(false);
            await c.ExecAsync(tx, "INSERT INTO experiment_tags (experiment_id, key, value) VALUES (@id, @k, @v) ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value",
                cancellationToken, ("@id", id), ("@k", key), ("@v", value)).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public Task SetExperimentLifecycleAsync(string experimentId, LifecycleStage stage, CancellationToken cancellationToken = default) =>
        WithWriteAsync(async (c, tx) =>
        {
            var id = await RequireExperimentAsync(c, tx, experimentId, cancellationToken).ConfigureAwait(false);
            if (id == 0 && stage == LifecycleStage.Deleted)
                throw MlnbException.State("the Default experiment (id 0) cannot be deleted; delete its runs instead");
            await c.ExecAsync(tx, "UPDATE experiments SET lifecycle_stage = @s, last_update_time = @t WHERE experiment_id = @id", cancellationToken, ("@s", Stage(stage)), ("@t", Ms(DateTimeOffset.UtcNow)), ("@id", id)).ConfigureAwait(false);
            await c.ExecAsync(tx, "UPDATE runs SET lifecycle_stage = @s WHERE experiment_id = @id", cancellationToken, ("@s", Stage(stage)), ("@id", id)).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private static async Task<long> RequireExperimentAsync(DbConnection c, DbTransaction? tx, string experimentId, CancellationToken cancellationToken)
    {
        if (long.TryParse(experimentId, out var id) && await c.ScalarAsync(tx, "SELECT 1 FROM experiments WHERE experiment_id = @id", cancellationToken, ("@id", id)).ConfigureAwait(false) is not null)
            return id;
        throw MlnbException.NotFound($"experiment id '{experimentId}' does not exist; list experiments with `mlnb experiments list`");
    }

    private static async Task<List<Experiment>> ReadExperimentsAsync(DbConnection c, DbTransaction? tx, string tail, (string, object?)[] parameters, CancellationToken cancellationToken)
    {
        var rows = await c.QueryAsync(tx, $"SELECT {ExperimentColumns} FROM experiments {tail}", r => (
            Id: r.GetInt64Flexible(0), Name: r.GetString(1), Location: r.GetString(2), Stage: r.GetString(3), Created: r.GetInt64Flexible(4), Updated: r.GetInt64Flexible(5)),
            cancellationToken, parameters).ConfigureAwait(false);
        if (rows.Count == 0) return [];
        var tags = new Dictionary<long, Dictionary<string, string>>();
        var ids = string.Join(",", rows.Select(r => r.Id));
        foreach (var (id, k, v) in await c.QueryAsync(tx, $"SELECT experiment_id, key, value FROM experiment_tags WHERE experiment_id IN ({ids})", r => (r.GetInt64Flexible(0), r.GetString(1), r.GetString(2)), cancellationToken).ConfigureAwait(false))
        {
            if (!tags.TryGetValue(id, out var d)) tags[id] = d = new Dictionary<string, string>(StringComparer.Ordinal);
            d[k] = v;
        }
        return rows.Select(r => new Experiment(r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Name, r.Location, ParseStage(r.Stage), FromMs(r.Created), FromMs(r.Updated),
            tags.TryGetValue(r.Id, out var t) ? t : new Dictionary<string, string>())).ToList();
    }
}
