using System.Globalization;
using System.Text;
using MlNotebooks.Data;
using MlNotebooks.Monitoring;
using MlNotebooks.Monitoring.Drift;

namespace MlNotebooks.Features.Tests.Monitoring;

/// <summary>
/// Profiles per feature view version (once per version) and feature drift between two versions or two event-time
/// windows, checked against the monitoring capability's drift detector run on the same values here.
/// </summary>
public sealed class FeatureDriftTests : IDisposable
{
    private readonly Scratch _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly DateTime Day = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>400 rows over two days; from day 2 on, conv_rate is shifted by <paramref name="shift"/> (trips and city never move).</summary>
    private static (string Csv, double[] Conv, double[] Trips) Stats(int seed, double shift, bool shiftOnlyDayTwo = false)
    {
        var rnd = new Random(seed);
        var sb = new StringBuilder("driver_id,event_timestamp,conv_rate,trips,city\n");
        var conv = new double[400];
        var trips = new double[400];
        string[] cities = ["Paris", "Lyon", "Nice"];
        for (var i = 0; i < 400; i++)
        {
            var t = Day.AddMinutes(i * 7.2);
            var shifted = !shiftOnlyDayTwo || t >= Day.AddDays(1);
            conv[i] = Math.Round(rnd.NextDouble() + (shifted ? shift : 0), 4);
            trips[i] = rnd.Next(0, 50);
            sb.Append(CultureInfo.InvariantCulture, $"{i % 20},{t:yyyy-MM-dd HH:mm:ss},{conv[i]},{trips[i]},{cities[rnd.Next(3)]}\n");
        }
        return (sb.ToString(), conv, trips);
    }

    private FeatureStore Store(string statsPath) => new(
        new FeatureRepo("drivers", [new Entity("driver", ["driver_id"])], [new FileSource("stats_source", statsPath)],
            [new FeatureView("driver_stats", ["driver"], [new Field("conv_rate", FeatureType.Float64), new Field("trips", FeatureType.Int64), new Field("city", FeatureType.String)], TimeSpan.Zero, "stats_source")],
            []),
        _dir.Dir, new FeatureStoreOptions { StateDirectory = Path.Combine(_dir.Dir, "state") });

    [Fact]
    public void ProfilesOncePerVersion_AndDriftBetweenVersionsEqualsTheDetectorOnTheirRows()
    {
        var (v1, conv1, trips1) = Stats(1, 0);
        var file = _dir.Csv("stats.csv", v1);
        using var store = Store(file);

        var (first, created) = store.ProfileView("driver_stats");
        Assert.True(created);
        Assert.Equal(400, first.Rows);
        var conv = first.Features.Single(f => f.Name == "conv_rate");
        Assert.Equal(conv1.Average(), conv.Mean!.Value, 9);
        Assert.Equal(conv1.Min(), conv.Min);
        Assert.Equal(conv1.Max(), conv.Max);
        Assert.Equal(3, first.Features.Single(f => f.Name == "city").Top!.Count);
        Assert.Equal(400, first.Features.Single(f => f.Name == "city").Top!.Values.Sum());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(File.ReadAllBytes(file))), first.DataVersion);

        var (again, createdAgain) = store.ProfileView("driver_stats");
        Assert.False(createdAgain);
        Assert.Equal(first.ProfiledAt, again.ProfiledAt);

        var (v2, conv2, trips2) = Stats(2, 0.5);
        File.WriteAllText(file, v2.Replace("\r", "").Trim() + "\n");
        var (second, created2) = store.ProfileView("driver_stats");
        Assert.True(created2);
        Assert.NotEqual(first.DataVersion, second.DataVersion);
        Assert.Equal([first.DataVersion, second.DataVersion], store.Profiles("driver_stats").Select(p => p.DataVersion));

        var report = store.FeatureDrift("driver_stats", first.DataVersion[..8], "latest");
        var expected = DriftDetector.Detect(
            new ColumnTable([TableColumn.Numeric("conv_rate", conv1), TableColumn.Numeric("trips", trips1), Labels(v1, "city")]),
            new ColumnTable([TableColumn.Numeric("conv_rate", conv2), TableColumn.Numeric("trips", trips2), Labels(v2, "city")]));
        Assert.Equal(expected.Columns, report.Columns);
        Assert.Equal(expected, report with { Columns = expected.Columns });
        Assert.True(report.Columns.Single(c => c.Column == "conv_rate").Drifted);
        Assert.False(report.Columns.Single(c => c.Column == "trips").Drifted);
        Assert.False(report.Columns.Single(c => c.Column == "city").Drifted);
    }

    [Fact]
    public void DriftBetweenEventTimeWindows_SeesTheShiftOfDayTwo()
    {
        var (csv, conv, _) = Stats(3, 0.6, shiftOnlyDayTwo: true);
        using var store = Store(_dir.Csv("stats.csv", csv));
        var report = store.FeatureDrift("driver_stats", "2024-01-01..2024-01-02", "2024-01-02..2024-01-03", new DriftOptions { Columns = ["conv_rate"] });
        var firstDay = conv.Take(200).ToArray(); // 200 rows of 7.2 minutes = 24 h
        Assert.Equal(200, report.ReferenceRows);
        Assert.Equal(200, report.CurrentRows);
        var expected = DriftDetector.Detect(new ColumnTable([TableColumn.Numeric("conv_rate", firstDay)]), new ColumnTable([TableColumn.Numeric("conv_rate", conv[200..])]));
        Assert.Equal(expected.Columns[0], report.Columns[0]);
        Assert.True(report.Columns[0].Drifted);
        Assert.False(store.FeatureDrift("driver_stats", "2024-01-01..2024-01-01T12:00", "2024-01-01T12:00..2024-01-02", new DriftOptions { Columns = ["conv_rate"] }).Columns[0].Drifted);
    }

    [Fact]
    public async Task ProfileOfADvcTrackedSource_IsKeyedByItsDataVersion()
    {
        var root = Path.Combine(_dir.Dir, "ws");
        await using var ws = await Workspace.InitAsync(root);
        var file = Path.Combine(root, "stats.csv");
        File.WriteAllText(file, Stats(4, 0).Csv);
        var tracked = await ws.Data.AddAsync([file]);
        using var store = new FeatureStore(
            new FeatureRepo("drivers", [new Entity("driver", ["driver_id"])], [new FileSource("stats_source", "stats.csv")],
                [new FeatureView("driver_stats", ["driver"], [new Field("conv_rate", FeatureType.Float64)], TimeSpan.Zero, "stats_source")], []),
            root, new FeatureStoreOptions { Workspace = ws });
        var (profile, _) = store.ProfileView("driver_stats");
        Assert.Equal(store.ResolveSource(store.Repo.View("driver_stats")).DataVersion, profile.DataVersion);
        Assert.Equal(ws.Content.GetPath(profile.DataVersion), profile.Data); // the content store's blob, not a copy
        Assert.Single(tracked);
    }

    [Fact]
    public void BadInputs_NameTheViewVersionOrWindow()
    {
        using var store = Store(_dir.Csv("stats.csv", Stats(5, 0).Csv));
        Assert.Contains("feature view 'nope' is not defined", Assert.Throws<MlnbException>(() => store.ProfileView("nope")).Message);
        Assert.Contains("has no profiles; run `mlnb features profile driver_stats`", Assert.Throws<MlnbException>(() => store.FeatureDrift("driver_stats", "abc", "latest")).Message);
        store.ProfileView("driver_stats");
        Assert.Contains("--from 'ffff' matches no profiled versions", Assert.Throws<MlnbException>(() => store.FeatureDrift("driver_stats", "ffff", "latest")).Message);
        Assert.Contains("'yesterday' is not a time", Assert.Throws<MlnbException>(() => store.FeatureDrift("driver_stats", "yesterday..2024-01-02", "latest")).Message);
        Assert.Contains("the end is not after the start", Assert.Throws<MlnbException>(() => store.FeatureDrift("driver_stats", "latest", "2024-01-02..2024-01-01")).Message);
        Assert.Contains("--to '2030-01-01..': no rows of 'driver_stats'", Assert.Throws<MlnbException>(() => store.FeatureDrift("driver_stats", "latest", "2030-01-01..")).Message);

        using var wrong = new FeatureStore(
            new FeatureRepo("drivers", [new Entity("driver", ["driver_id"])], [new FileSource("stats_source", "stats.csv")],
                [new FeatureView("driver_stats", ["driver"], [new Field("speed", FeatureType.Float64)], TimeSpan.Zero, "stats_source")], []),
            _dir.Dir, new FeatureStoreOptions { StateDirectory = Path.Combine(_dir.Dir, "state2") });
        Assert.Contains("feature 'speed' is not a column of stats.csv", Assert.Throws<MlnbException>(() => wrong.ProfileView("driver_stats")).Message);
    }

    private static TableColumn Labels(string csv, string column)
    {
        var lines = csv.Replace("\r", "").Trim().Split('\n');
        var i = Array.IndexOf(lines[0].Split(','), column);
        return TableColumn.Categorical(column, [.. lines.Skip(1).Select(l => l.Split(',')[i])]);
    }
}
