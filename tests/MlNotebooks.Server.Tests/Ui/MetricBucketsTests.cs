using MlNotebooks.Tests.Support;
using MlNotebooks.Tracking;

namespace MlNotebooks.Server.Tests.Ui;

/// <summary>
/// The store's per-bucket extremes (<see cref="IMetricBucketReader"/>, what the chart endpoint reads) on SQLite and
/// PostgreSQL, checked against the same buckets computed here from the whole history.
/// </summary>
public sealed class MetricBucketsTests
{
    [Theory]
    [InlineData("sqlite", false)]
    [InlineData("sqlite", true)]
    [InlineData("postgresql", false)]
    [InlineData("postgresql", true)]
    public async Task EveryBucket_KeepsItsLowestAndHighestPoint_AndTheEnds(string backend, bool byTimestamp)
    {
        using var dir = new TempDir();
        var uri = backend == "sqlite" ? StoreFactory.SqliteUri(dir) : await StoreFactory.NewPostgresUriAsync();
        try
        {
            await using var ws = await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = uri, ContentRoot = dir.File("cache"), Environment = _ => null });
            var store = ws.TrackingStore;
            var e = await store.CreateExperimentAsync("buckets", null, null);
            var run = await store.CreateRunAsync(e.ExperimentId, "r", "u", DateTimeOffset.UtcNow, []);
            // Timestamps run backwards against steps in places, so the two axes bucket differently.
            var points = Enumerable.Range(0, 5000).Select(i => new Metric("loss",
                i == 1234 ? double.NaN : i == 4321 ? double.PositiveInfinity : Math.Sin(i / 40.0) + (i % 17) * 0.01 + (i == 2500 ? 9 : 0),
                1_000_000 + (i % 100) * 50 + i / 100 * 10_000, i)).ToList();
            foreach (var chunk in points.Chunk(1000)) await store.LogBatchAsync(run.RunId, chunk, [], []);

            var reader = Assert.IsAssignableFrom<IMetricBucketReader>(store);
            var got = await reader.GetMetricBucketsAsync(run.RunId, "loss", byTimestamp, 100);

            var finite = points.Where(p => double.IsFinite(p.Value)).ToList();
            long X(Metric m) => byTimestamp ? m.Timestamp : m.Step;
            var ordered = finite.OrderBy(X).ThenBy(m => byTimestamp ? m.Step : m.Timestamp).ToList();
            var (x0, span) = (X(ordered[0]), X(ordered[^1]) - X(ordered[0]) + 1);
            var expected = ordered.GroupBy(m => (X(m) - x0) * 100 / span).ToList();
            Assert.True(got.Reduced);
            Assert.Equal(finite.Count, got.FinitePoints);
            Assert.InRange(got.Points.Count, expected.Count, 2 * expected.Count + 2);
            Assert.Equal(ordered[0], got.Points[0]);
            Assert.Equal(ordered[^1], got.Points[^1]);
            Assert.Equal(got.Points.Select(X).Order(), got.Points.Select(X));
            Assert.All(got.Points, p => Assert.Contains(p, finite));
            foreach (var g in expected)
            {
                var kept = got.Points.Where(p => (X(p) - x0) * 100 / span == g.Key).Select(p => p.Value).ToList();
                Assert.Contains(g.Min(m => m.Value), kept);
                Assert.Contains(g.Max(m => m.Value), kept);
            }
            Assert.Contains(got.Points, p => p.Value > 8);

            // A short curve comes back whole, NaN included.
            var shortRun = await store.CreateRunAsync(e.ExperimentId, "s", "u", DateTimeOffset.UtcNow, []);
            await store.LogBatchAsync(shortRun.RunId, [new Metric("loss", 1, 1, 0), new Metric("loss", double.NaN, 2, 1), new Metric("loss", 3, 3, 2)], [], []);
            var whole = await reader.GetMetricBucketsAsync(shortRun.RunId, "loss", byTimestamp, 100);
            Assert.False(whole.Reduced);
            Assert.Equal(3, whole.Points.Count);
            Assert.True(double.IsNaN(whole.Points[1].Value));
        }
        finally
        {
            if (backend == "postgresql") await StoreFactory.DropPostgresAsync(uri);
        }
    }
}
