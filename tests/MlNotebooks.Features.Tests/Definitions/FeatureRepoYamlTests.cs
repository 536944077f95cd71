namespace MlNotebooks.Features.Tests.Definitions;

public sealed class FeatureRepoYamlTests
{
    private const string Yaml = """
        project: drivers
        entities:
          - name: driver
            join_keys: [driver_id]
        sources:
          - name: stats_source
            path: data/stats.parquet
            timestamp_field: event_timestamp
            created_timestamp_column: created
        feature_views:
          - name: driver_stats
            entities: [driver]
            ttl: 2h
            source: stats_source
            schema:
              - {name: conv_rate, dtype: Float64}
              - {name: trips, dtype: Int64}
        feature_services:
          - name: model_v1
            features: [driver_stats]
        online_store:
          type: redis
          connection_string: 127.0.0.1:6379
        """;

    [Fact]
    public void Parse_ReadsFeastsNames()
    {
        var repo = FeatureRepoYaml.Parse(Yaml);
        Assert.Equal("drivers", repo.Project);
        Assert.Equal(["driver_id"], repo.Entities[0].JoinKeys);
        Assert.Equal(new FileSource("stats_source", "data/stats.parquet", "event_timestamp", "created"), repo.Sources[0]);
        var view = repo.FeatureViews[0];
        Assert.Equal(TimeSpan.FromHours(2), view.Ttl);
        Assert.Equal([new Field("conv_rate", FeatureType.Float64), new Field("trips", FeatureType.Int64)], view.Schema);
        Assert.Equal(["driver_stats"], repo.ResolveReferences(["model_v1"]).Select(s => s.View.Name));
        Assert.Equal(new OnlineStoreConfig("redis", null, "127.0.0.1:6379"), repo.OnlineStore);
    }

    [Theory]
    [InlineData("ttl: 2h", "ttl: 2 hours", "feature view 'driver_stats': ttl: '2 hours' is not a duration")]
    [InlineData("dtype: Int64", "dtype: Integer", "feature view 'driver_stats', feature 'trips': dtype 'Integer' is not known; use one of Int32, Int64")]
    [InlineData("source: stats_source\n", "source: stats\n", "feature view 'driver_stats': source 'stats' is not defined")]
    [InlineData("entities: [driver]", "entities: [drivr]", "feature view 'driver_stats': entity 'drivr' is not defined")]
    [InlineData("    ttl: 2h", "    tll: 2h", "feature view 'driver_stats': 'tll' is not a known field")]
    [InlineData("features: [driver_stats]", "features: [driver_stats:speed]", "feature 'speed' is not in feature view 'driver_stats'")]
    [InlineData("type: redis", "type: memcached", "online_store: type 'memcached' is not supported; use sqlite or redis")]
    public void BadDefinitions_AreOneLineErrorsNamingTheField(string from, string to, string message)
    {
        var e = Assert.Throws<MlnbException>(() => FeatureRepoYaml.Parse(Yaml.Replace(from, to)));
        Assert.Contains(message, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Durations_ReadSecondsAndUnits()
    {
        Assert.Equal(TimeSpan.Zero, Durations.Parse("0", "ttl"));
        Assert.Equal(TimeSpan.FromSeconds(86400), Durations.Parse("86400", "ttl"));
        Assert.Equal(TimeSpan.FromDays(14), Durations.Parse("2w", "ttl"));
        Assert.Equal("2d", Durations.Format(TimeSpan.FromDays(2)));
    }
}
