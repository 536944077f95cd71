using System.Globalization;

namespace MlNotebooks.Features.Tests.Online;

/// <summary>After materialization, online values equal the point-in-time values at the window's end (SQLite and Redis).</summary>
public sealed class MaterializeTests(RedisFixture redis) : IClassFixture<RedisFixture>, IDisposable
{
    private readonly Scratch _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly DateTimeOffset End = new(2024, 1, 1, 12, 30, 0, TimeSpan.Zero);
    private static readonly string[] All = ["driver_stats:conv_rate", "driver_stats:trips", "driver_profile:rating", "driver_profile:city"];

    private FeatureStore Store(OnlineStoreConfig? online) => new(
        Repos.Drivers(_dir.Parquet("stats.parquet", Repos.Stats), _dir.Csv("profile.csv", Repos.Profile), online: online),
        _dir.Dir, new FeatureStoreOptions { StateDirectory = Path.Combine(_dir.Dir, "state-" + Guid.NewGuid().ToString("N")[..6]) });

    [Theory]
    [InlineData("sqlite")]
    [InlineData("redis")]
    public void OnlineValues_EqualTheLatestPointInTimeValues(string type)
    {
        using var store = Store(type == "redis" ? new OnlineStoreConfig("redis", ConnectionString: redis.Address) : null);
        store.Apply();
        var written = store.MaterializeIncremental(End);
        Assert.Equal(1, written["driver_stats"]);   // ttl 2h: the window is [10:30, 12:30]; driver 2 last moved at 09:00
        Assert.Equal(2, written["driver_profile"]);

        var keys = new long[] { 1, 2, 3 };
        var entities = _dir.Csv("entities.csv", "driver_id,event_timestamp\n" + string.Join('\n', keys.Select(k => $"{k},{End.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}")));
        using var job = store.GetHistoricalFeatures(entities, All);
        var pit = job.ToDataFrame();
        var online = store.GetOnlineFeatures(All, new Dictionary<string, IReadOnlyList<object?>> { ["driver_id"] = keys.Cast<object?>().ToList() });
        Assert.Equal(["driver_id", "conv_rate", "trips", "rating", "city"], online.FeatureNames);
        foreach (var name in new[] { "conv_rate", "trips", "rating", "city" })
            for (var r = 0; r < keys.Length; r++)
                Assert.Equal(pit[name][r], online.Value(name, r));
        Assert.Equal(["PRESENT", "NOT_FOUND", "NOT_FOUND"], online.Results[1].Statuses);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 12, 0, 0, TimeSpan.Zero), online.Results[1].EventTimestamps[0]);
    }

    [Fact]
    public void MaterializeIncremental_StartsWhereTheLastWindowEnded()
    {
        using var store = Store(null);
        store.Materialize(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 1, 1, 10, 0, 0, TimeSpan.Zero));
        var before = store.GetOnlineFeatures(["driver_stats:conv_rate"], new Dictionary<string, IReadOnlyList<object?>> { ["driver_id"] = [1L, 2L] });
        Assert.Equal([0.10, 0.60], before.Results[1].Values);
        var second = store.MaterializeIncremental(End);
        Assert.Equal(1, second["driver_stats"]);
        var state = FeatureRegistryFile.Load(store.StateDirectory);
        Assert.Equal(End, state.FeatureViews["driver_stats"].MostRecentEndTime);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 10, 0, 0, TimeSpan.Zero), state.FeatureViews["driver_stats"].MaterializationIntervals[1][0]);
        var after = store.GetOnlineFeatures(["driver_stats:conv_rate"], new Dictionary<string, IReadOnlyList<object?>> { ["driver_id"] = [1L, 2L] });
        Assert.Equal([0.30, 0.60], after.Results[1].Values);
    }

    [Fact]
    public void OnlineLookup_BadInputs_NameTheFieldAndTheFix()
    {
        using var store = Store(null);
        var missing = Assert.Throws<MlnbException>(() => store.GetOnlineFeatures(["driver_stats:trips"], new Dictionary<string, IReadOnlyList<object?>> { ["driver"] = [1L] }));
        Assert.Equal("entities: join key 'driver_id' of feature view 'driver_stats' is missing; add \"driver_id\": [...]", missing.Message);
        var end = Assert.Throws<MlnbException>(() => store.Materialize(End, End.AddDays(-1)));
        Assert.Contains("is before START", end.Message);
    }
}
