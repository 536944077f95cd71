namespace MlNotebooks.Features.Tests;

/// <summary>Definitions used across the tests: drivers with hourly stats (ttl 2h) and a profile (ttl 0 = unlimited).</summary>
internal static class Repos
{
    public static FeatureRepo Drivers(string statsPath, string profilePath, string? created = "created", OnlineStoreConfig? online = null) => new(
        "drivers",
        [new Entity("driver", ["driver_id"])],
        [new FileSource("stats_source", statsPath, "event_timestamp", created), new FileSource("profile_source", profilePath, "event_timestamp")],
        [
            new FeatureView("driver_stats", ["driver"], [new Field("conv_rate", FeatureType.Float64), new Field("trips", FeatureType.Int64)], TimeSpan.FromHours(2), "stats_source"),
            new FeatureView("driver_profile", ["driver"], [new Field("rating", FeatureType.Float64), new Field("city", FeatureType.String)], TimeSpan.Zero, "profile_source"),
        ],
        [new FeatureService("model_v1", ["driver_stats:conv_rate", "driver_profile"])],
        online);

    public const string Stats = """
        driver_id,event_timestamp,created,conv_rate,trips
        1,2024-01-01 10:00:00,2024-01-01 10:00:00,0.10,10
        1,2024-01-01 11:00:00,2024-01-01 11:05:00,0.20,20
        1,2024-01-01 11:00:00,2024-01-01 11:01:00,0.99,99
        1,2024-01-01 12:00:00,2024-01-01 12:00:00,0.30,30
        2,2024-01-01 08:00:00,2024-01-01 08:00:00,0.50,50
        2,2024-01-01 09:00:00,2024-01-01 09:00:00,0.60,60
        """;

    public const string Profile = """
        driver_id,event_timestamp,rating,city
        1,2020-01-01 00:00:00,4.5,Paris
        2,2023-06-01 00:00:00,3.9,Lyon
        2,2024-01-01 10:30:00,4.1,Nice
        """;
}
