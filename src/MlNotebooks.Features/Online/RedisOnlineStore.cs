using StackExchange.Redis;

namespace MlNotebooks.Features.Online;

/// <summary>The team online store: one Redis hash per entity (<c>PROJECT:VIEW:KEY</c> → <c>ts</c>, <c>v</c>).</summary>
public sealed class RedisOnlineStore : IOnlineStore
{
    // Writes only when the stored row is not newer: the same rule as the SQLite store, atomic on the server.
    private const string WriteIfNewer = """
        local t = redis.call('HGET', KEYS[1], 'ts')
        if (not t) or tonumber(t) <= tonumber(ARGV[1]) then redis.call('HSET', KEYS[1], 'ts', ARGV[1], 'v', ARGV[2]) end
        return 0
        """;

    private static readonly RedisValue[] Fields = ["ts", "v"];
    private readonly ConnectionMultiplexer _redis;
    private readonly IDatabase _db;

    /// <summary>Connects; a server that does not answer is a one-line <see cref="MlnbException"/> with the fix.</summary>
    public RedisOnlineStore(string connectionString)
    {
        Describe = "redis:" + connectionString;
        try
        {
            var options = ConfigurationOptions.Parse(connectionString);
            options.ConnectTimeout = 3000;
            options.ConnectRetry = 1;
            options.AbortOnConnectFail = true;
            _redis = ConnectionMultiplexer.Connect(options);
        }
        catch (Exception e) when (e is RedisException or ArgumentException)
        {
            throw Unavailable(connectionString);
        }
        _db = _redis.GetDatabase();
    }

    /// <inheritdoc/>
    public string Describe { get; }

    /// <inheritdoc/>
    public void Write(string project, string view, IReadOnlyList<OnlineRow> rows)
    {
        Guard(() =>
        {
            const int chunk = 5000;
            for (var start = 0; start < rows.Count; start += chunk)
            {
                var batch = _db.CreateBatch();
                var tasks = rows.Skip(start).Take(chunk)
                    .Select(r => batch.ScriptEvaluateAsync(WriteIfNewer, [Key(project, view, r.EntityKey)], [r.EventMicros, r.ValuesJson])).ToArray();
                batch.Execute();
                Task.WaitAll(tasks);
            }
            return 0;
        });
    }

    /// <inheritdoc/>
    public IReadOnlyList<OnlineRow?> Read(string project, string view, IReadOnlyList<string> entityKeys) => Guard(() =>
    {
        var result = new OnlineRow?[entityKeys.Count];
        if (entityKeys.Count == 1)
        {
            result[0] = Row(entityKeys[0], _db.HashGet(Key(project, view, entityKeys[0]), Fields));
            return result;
        }
        var batch = _db.CreateBatch();
        var tasks = entityKeys.Select(k => batch.HashGetAsync(Key(project, view, k), Fields)).ToArray();
        batch.Execute();
        for (var i = 0; i < tasks.Length; i++) result[i] = Row(entityKeys[i], tasks[i].GetAwaiter().GetResult());
        return result;
    });

    /// <inheritdoc/>
    public void Dispose() => _redis.Dispose();

    private static OnlineRow? Row(string key, RedisValue[] v) => v[0].IsNull ? null : new OnlineRow(key, (long)v[0], v[1]!);

    private static RedisKey Key(string project, string view, string entityKey) => $"{project}:{view}:{entityKey}";

    private T Guard<T>(Func<T> action)
    {
        try { return action(); }
        catch (Exception e) when (e is RedisException or AggregateException { InnerException: RedisException })
        {
            throw Unavailable(_redis.Configuration);
        }
    }

    private static MlnbException Unavailable(string where) =>
        new(ErrorCode.StoreUnavailable, $"the Redis online store at {where} does not answer; start it (scripts/services/40-redis.sh) or fix online_store.connection_string in features.yaml");
}
