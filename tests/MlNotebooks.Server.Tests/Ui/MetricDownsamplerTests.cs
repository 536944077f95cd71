using MlNotebooks.Server.Ui;

namespace MlNotebooks.Server.Tests.Ui;

public sealed class MetricDownsamplerTests
{
    private static (double[] Xs, double[] Ys) Curve(int n, Func<int, double> f) => ([.. Enumerable.Range(0, n).Select(i => (double)i)], [.. Enumerable.Range(0, n).Select(f)]);

    [Fact]
    public void MinMax_KeepsEveryBucketsExtremes_SoASpikeSurvives()
    {
        var (xs, ys) = Curve(100_000, i => Math.Sin(i / 500.0) + (i == 31_337 ? 50 : 0) - (i == 77_777 ? 40 : 0));
        var keep = MetricDownsampler.MinMax(xs, ys, 1000);
        Assert.InRange(keep.Count, 1000, 2002);
        Assert.Contains(31_337, keep);
        Assert.Contains(77_777, keep);
        Assert.Equal(0, keep[0]);
        Assert.Equal(99_999, keep[^1]);
        Assert.Equal(keep.Order(), keep);
        Assert.Equal(keep.Count, keep.Distinct().Count());
    }

    [Fact]
    public void Lttb_ReturnsExactlyTheThreshold_WithBothEnds()
    {
        var (xs, ys) = Curve(10_000, i => Math.Cos(i / 80.0) * (i % 97));
        var keep = MetricDownsampler.Lttb(xs, ys, 500);
        Assert.Equal(500, keep.Count);
        Assert.Equal([0, 9_999], [keep[0], keep[^1]]);
        Assert.Equal(keep.Order(), keep);
        Assert.Equal(keep.Count, keep.Distinct().Count());
    }

    [Fact]
    public void ShortCurves_AreKeptWhole_ButNonFiniteValuesAreDropped()
    {
        double[] xs = [0, 1, 2, 3, 4];
        double[] ys = [1, double.NaN, 3, double.PositiveInfinity, 5];
        Assert.Equal([0, 2, 4], MetricDownsampler.MinMax(xs, ys, 100));
        Assert.Equal([0, 2, 4], MetricDownsampler.Lttb(xs, ys, 100));
        Assert.Empty(MetricDownsampler.MinMax([], [], 10));
    }

    [Fact]
    public void MinMax_OnAFlatCurve_KeepsOnePointPerBucket()
    {
        var (xs, ys) = Curve(10_000, _ => 1.0);
        Assert.InRange(MetricDownsampler.MinMax(xs, ys, 100).Count, 100, 102);
    }
}
