using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MlNotebooks.Features.Tests.Offline;

/// <summary>Generated data (ties on event time, missing keys, rows outside the ttl) checked against an in-memory oracle and pandas.merge_asof.</summary>
public sealed class RandomizedPointInTimeTests : IDisposable
{
    private static readonly DateTime Day = new(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly Scratch _dir = new();

    public void Dispose() => _dir.Dispose();

    private sealed record Row(long Key, int Ts, int Created, double Value, int FileRow);

    [Theory]
    [InlineData(7, 3600, true)]
    [InlineData(11, 0, true)]
    [InlineData(13, 5400, false)]
    [InlineData(17, 0, false)]
    public void PointInTimeJoin_EqualsTheOracle_AndPandasMergeAsof(int seed, int ttlSeconds, bool created)
    {
        var rng = new Random(seed);
        // Event times on a coarse grid (every 10 minutes) so many rows tie; created times break (most of) the ties.
        var rows = Enumerable.Range(0, 3000).Select(i => new Row(rng.Next(40), rng.Next(144) * 600, rng.Next(5), Math.Round(rng.NextDouble() * 100, 3), i)).ToList();
        var entities = Enumerable.Range(0, 2000).Select(_ => (Key: (long)rng.Next(45), Ts: rng.Next(86400))).ToList();
        string T(int s) => Day.AddSeconds(s).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var features = _dir.Csv("features.csv", "driver_id,event_timestamp,created,value\n" + string.Join('\n', rows.Select(r => $"{r.Key},{T(r.Ts)},{T(r.Created)},{r.Value.ToString(CultureInfo.InvariantCulture)}")));
        var entityFile = _dir.Csv("entities.csv", "driver_id,event_timestamp\n" + string.Join('\n', entities.Select(e => $"{e.Key},{T(e.Ts)}")));

        var repo = new FeatureRepo("r", [new Entity("driver", ["driver_id"])], [new FileSource("s", features, "event_timestamp", created ? "created" : null)],
            [new FeatureView("v", ["driver"], [new Field("value", FeatureType.Float64)], TimeSpan.FromSeconds(ttlSeconds), "s")]);
        using var store = new FeatureStore(repo, _dir.Dir, new FeatureStoreOptions { StateDirectory = Path.Combine(_dir.Dir, "state") });
        using var job = store.GetHistoricalFeatures(entityFile, ["v:value"]);
        var ours = job.ToDataFrame()["value"].Cast<double?>().ToList();

        var oracle = entities.Select(e => rows
            .Where(r => r.Key == e.Key && r.Ts <= e.Ts && (ttlSeconds == 0 || r.Ts >= e.Ts - ttlSeconds))
            .OrderBy(r => r.Ts).ThenBy(r => created ? r.Created : 0).ThenBy(r => r.FileRow).LastOrDefault()?.Value).ToList();
        Assert.Equal(oracle, ours);
        Assert.Contains(ours, v => v is null);
        Assert.True(ours.Count(v => v is not null) > 500);

        var pandas = MergeAsof(entityFile, features, ttlSeconds, created);
        Assert.Equal(pandas, ours);
    }

    private static List<double?> MergeAsof(string entities, string features, int ttl, bool created)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Offline", "Scripts", "merge_asof.py");
        // Debian's python3 (python3-pandas, scripts/deps/apt-features.txt), not a pyenv shim earlier on PATH.
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { script, entities, features, ttl.ToString(CultureInfo.InvariantCulture), created ? "created" : "file-order" }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, "merge_asof.py failed: " + stderr.Result);
        return output.Split('\n', StringSplitOptions.None).SkipLast(1)
            .Select(l => l.Length == 0 ? (double?)null : double.Parse(l, CultureInfo.InvariantCulture)).ToList();
    }
}
