using Microsoft.Data.Analysis;

namespace MlNotebooks.Features.Tests.Offline;

public sealed class PointInTimeTests : IDisposable
{
    private const string Entities = """
        driver_id,event_timestamp,label
        1,2024-01-01 11:00:00,a
        1,2024-01-01 09:59:59,b
        2,2024-01-01 11:00:00,c
        2,2024-01-01 11:00:01,d
        3,2024-01-01 12:00:00,e
        1,2024-01-01 13:30:00,f
        2,2024-01-01 10:00:00,g
        """;

    private readonly Scratch _dir = new();

    public void Dispose() => _dir.Dispose();

    private FeatureStore Store(bool parquet) => new(
        Repos.Drivers(parquet ? _dir.Parquet("stats.parquet", Repos.Stats) : _dir.Csv("stats.csv", Repos.Stats),
            parquet ? _dir.Parquet("profile.parquet", Repos.Profile) : _dir.Csv("profile.csv", Repos.Profile)),
        _dir.Dir, new FeatureStoreOptions { StateDirectory = Path.Combine(_dir.Dir, "state") });

    private static readonly string[] All = ["driver_stats:conv_rate", "driver_stats:trips", "driver_profile:rating", "driver_profile:city"];

    private static void AssertHandMadeCases(DataFrame df)
    {
        Assert.Equal(["a", "b", "c", "d", "e", "f", "g"], df["label"].Cast<string>());
        // a: two rows at 11:00 (equal to the entity time, so included): the later created one wins though it comes first in the file.
        Assert.Equal([0.20, null, 0.60, null, null, 0.30, 0.60], df["conv_rate"].Cast<double?>());
        Assert.Equal([20L, null, 60L, null, null, 30L, 60L], df["trips"].Cast<long?>());
        // c: 09:00 is exactly ttl (2h) before 11:00 → kept; d: one second later → outside the ttl → null. e: unknown driver → nulls, row kept.
        // profile has ttl 0: a value from 2020 still counts; g at 10:00 does not see the 10:30 row (future).
        Assert.Equal([4.5, 4.5, 4.1, 4.1, null, 4.5, 3.9], df["rating"].Cast<double?>());
        Assert.Equal(["Paris", "Paris", "Nice", "Nice", null, "Paris", "Lyon"], df["city"].Cast<string?>());
    }

    [Fact]
    public void HandMadeCases_FollowFeastSemantics_OnCsvFiles()
    {
        using var store = Store(parquet: false);
        using var job = store.GetHistoricalFeatures(_dir.Csv("entities.csv", Entities), All);
        AssertHandMadeCases(job.ToDataFrame());
    }

    [Fact]
    public void HandMadeCases_FollowFeastSemantics_OnParquetFiles_WithAnInMemoryEntityFrame()
    {
        using var store = Store(parquet: true);
        var rows = Entities.Split('\n', StringSplitOptions.TrimEntries)[1..].Select(l => l.Split(',')).ToList();
        var frame = new DataFrame(
            new Int64DataFrameColumn("driver_id", rows.Select(r => long.Parse(r[0]))),
            new DateTimeDataFrameColumn("event_timestamp", rows.Select(r => (DateTime?)DateTime.SpecifyKind(DateTime.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc))),
            new StringDataFrameColumn("label", rows.Select(r => r[2])));
        using var job = store.GetHistoricalFeatures(frame, All);
        AssertHandMadeCases(job.ToDataFrame());
    }

    [Fact]
    public void FullFeatureNames_PrefixTheView_AndAServiceSelectsItsFeatures()
    {
        using var store = Store(parquet: true);
        using var job = store.GetHistoricalFeatures(_dir.Csv("entities.csv", Entities), ["model_v1"], fullFeatureNames: true);
        Assert.Equal(["driver_stats__conv_rate", "driver_profile__rating", "driver_profile__city"], job.FeatureColumns);
        var df = job.ToDataFrame();
        Assert.Equal(0.20, (double?)df["driver_stats__conv_rate"][0]);
        Assert.Equal("Lyon", (string?)df["driver_profile__city"][6]);
    }

    [Fact]
    public void ToParquet_WritesTheSameRows_AndRecordsTheInputsForLineage()
    {
        using var store = Store(parquet: true);
        using var job = store.GetHistoricalFeatures(_dir.Csv("entities.csv", Entities), All);
        var output = Path.Combine(_dir.Dir, "out", "train.parquet");
        Assert.Equal(7, job.ToParquet(output));
        using var again = store.GetHistoricalFeatures(output, ["driver_stats:conv_rate"], fullFeatureNames: true);
        var df = again.ToDataFrame();
        Assert.Equal(df["conv_rate"].Cast<double?>(), df["driver_stats__conv_rate"].Cast<double?>());
        Assert.Equal(["driver_stats", "driver_profile"], job.Inputs.Select(i => i.View.Name));
        Assert.Null(job.Inputs[0].Source.DataVersion);
    }

    [Fact]
    public void EntityFrameWithoutTimestamp_IsAOneLineErrorNamingTheColumn()
    {
        using var store = Store(parquet: false);
        var e = Assert.Throws<MlnbException>(() => store.GetHistoricalFeatures(_dir.Csv("e.csv", "driver_id,label\n1,a"), All));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.Contains("no timestamp column; add an 'event_timestamp' column", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void UnknownViewOrFeature_NameTheReferenceAndWhatExists()
    {
        using var store = Store(parquet: false);
        var entities = _dir.Csv("entities.csv", Entities);
        var v = Assert.Throws<MlnbException>(() => store.GetHistoricalFeatures(entities, ["driver_statz:conv_rate"]));
        Assert.Equal("feature view 'driver_statz' is not defined; defined: driver_stats, driver_profile", v.Message);
        var f = Assert.Throws<MlnbException>(() => store.GetHistoricalFeatures(entities, ["driver_stats:speed"]));
        Assert.Equal("feature 'speed' is not in feature view 'driver_stats'; its features: conv_rate, trips", f.Message);
        Assert.Equal(ErrorCode.ResourceDoesNotExist, f.Code);
    }

    [Fact]
    public void WrongTypes_NameTheColumn_KeyAndDeclaredDtype()
    {
        using var store = Store(parquet: false);
        var key = Assert.Throws<MlnbException>(() => store.GetHistoricalFeatures(_dir.Csv("e.csv", "driver_id,event_timestamp\nx1,2024-01-01 10:00:00"), All));
        Assert.Contains("join key 'driver_id' is VARCHAR but source 'stats_source' has BIGINT", key.Message);
        var repo = Repos.Drivers(_dir.Csv("stats.csv", Repos.Stats), _dir.Csv("profile.csv", Repos.Profile));
        var wrong = repo with { FeatureViews = [repo.FeatureViews[0], repo.FeatureViews[1] with { Schema = [new Field("city", FeatureType.Float64)] }] };
        using var bad = new FeatureStore(wrong, _dir.Dir, new FeatureStoreOptions { StateDirectory = Path.Combine(_dir.Dir, "state") });
        var dtype = Assert.Throws<MlnbException>(() => bad.GetHistoricalFeatures(_dir.Csv("entities.csv", Entities), ["driver_profile:city"]));
        Assert.Contains("feature 'city' is declared Float64 but source 'profile_source'", dtype.Message);
        Assert.Throws<MlnbException>(() => bad.Apply());
    }

    [Fact]
    public void SameFeatureNameFromTwoViews_AsksForFullFeatureNames()
    {
        var stats = _dir.Csv("stats.csv", Repos.Stats);
        var repo = Repos.Drivers(stats, _dir.Csv("profile.csv", Repos.Profile));
        repo = repo with { FeatureViews = [.. repo.FeatureViews, repo.FeatureViews[0] with { Name = "driver_stats_copy" }] };
        using var store = new FeatureStore(repo, _dir.Dir, new FeatureStoreOptions { StateDirectory = Path.Combine(_dir.Dir, "state") });
        var e = Assert.Throws<MlnbException>(() => store.GetHistoricalFeatures(_dir.Csv("entities.csv", Entities), ["driver_stats:trips", "driver_stats_copy:trips"]));
        Assert.Contains("'trips' appears twice", e.Message);
        using var ok = store.GetHistoricalFeatures(_dir.Csv("entities.csv", Entities), ["driver_stats:trips", "driver_stats_copy:trips"], fullFeatureNames: true);
        var df = ok.ToDataFrame();
        Assert.Equal(df["driver_stats__trips"].Cast<long?>(), df["driver_stats_copy__trips"].Cast<long?>());
    }
}
