using MlNotebooks.Monitoring;
using MlNotebooks.Monitoring.Profiles;

namespace MlNotebooks.Tests.Monitoring;

/// <summary>
/// Property tests of the profile components (whylogs' test: merged one-row profiles give the whole's mean and std):
/// merging the parts equals the whole (exactly for counts, extremes and HyperLogLog registers; to rounding for mean and
/// variance; within the stated error for KLL and frequent items), Zero is the identity, merge is associative and commutative.
/// </summary>
public sealed class ProfileMergeTests
{
    private static double[] Values(int seed, int n)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(i => i % 17 == 0 ? double.NaN : Math.Round(rng.NextDouble() * 1000 - 300, 2))];
    }

    private static List<double[]> Split(double[] values, int seed)
    {
        var rng = new Random(seed);
        var parts = new List<double[]>();
        var i = 0;
        while (i < values.Length)
        {
            var len = Math.Min(values.Length - i, rng.Next(1, 400));
            parts.Add(values[i..(i + len)]);
            i += len;
        }
        return parts;
    }

    private static void Close(double expected, double actual, double relative = 1e-12) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");

    [Theory]
    [InlineData(1, 5000)]
    [InlineData(2, 30)]
    [InlineData(3, 1)]
    public void Moments_MergeOfPartsEqualsTheWhole(int seed, int n)
    {
        var values = Values(seed, n);
        var whole = Moments.Of(values);
        var merged = Split(values, seed).Select(p => Moments.Of(p)).Aggregate(Moments.Zero, (a, b) => a.Merge(b));
        Assert.Equal(whole.Count, merged.Count);
        Assert.Equal(whole.Nulls, merged.Nulls);
        Assert.Equal(whole.Min, merged.Min);
        Assert.Equal(whole.Max, merged.Max);
        Close(whole.Mean, merged.Mean);
        if (whole.Count > 1) Close(whole.Variance, merged.Variance, 1e-10);
    }

    [Fact]
    public void Moments_ThirtyOneRowProfilesGiveTheWholeMeanAndStd()
    {
        var values = Values(4, 30).Where(double.IsFinite).ToArray();
        var merged = values.Select(v => Moments.Of([v])).Aggregate(Moments.Zero, (a, b) => a.Merge(b));
        Close(values.Average(), merged.Mean);
        var mean = values.Average();
        Close(values.Sum(v => (v - mean) * (v - mean)) / values.Length, merged.Variance, 1e-10);
    }

    [Fact]
    public void Moments_MergeIsAssociativeAndCommutativeWithZeroAsIdentity()
    {
        var (a, b, c) = (Moments.Of(Values(5, 100)), Moments.Of(Values(6, 7)), Moments.Of(Values(7, 900)));
        var left = a.Merge(b).Merge(c);
        var right = a.Merge(b.Merge(c));
        Assert.Equal(left.Count, right.Count);
        Close(left.Mean, right.Mean);
        Close(left.M2, right.M2, 1e-10);
        var ab = a.Merge(b);
        var ba = b.Merge(a);
        Assert.Equal((ab.Count, ab.Min, ab.Max), (ba.Count, ba.Min, ba.Max));
        Close(ab.Mean, ba.Mean);
        Assert.Equal(a, a.Merge(Moments.Zero));
        Assert.Equal(a, Moments.Zero.Merge(a));
    }

    [Fact]
    public void HyperLogLog_MergeOfPartsIsExactlyTheWholeAndEstimatesWithinFourPercent()
    {
        var values = Enumerable.Range(0, 50000).Select(i => (double)(i % 20000)).ToArray();
        var whole = new HyperLogLog();
        foreach (var v in values) whole.Add(v);
        var parts = Split(values, 8).Select(p => { var h = new HyperLogLog(); foreach (var v in p) h.Add(v); return h; }).ToList();
        var merged = parts.Aggregate(HyperLogLog.Zero, (x, y) => x.Merge(y));
        Assert.True(whole.Registers.SequenceEqual(merged.Registers));
        var reversed = Enumerable.Reverse(parts).Aggregate(HyperLogLog.Zero, (x, y) => y.Merge(x));
        Assert.True(merged.Registers.SequenceEqual(reversed.Registers));
        Assert.InRange(whole.Estimate(), 20000 * 0.96, 20000 * 1.04);
        var small = new HyperLogLog();
        foreach (var s in new[] { "a", "b", "c", "a" }) small.Add(s);
        Assert.Equal(3, Math.Round(small.Estimate()));
    }

    [Fact]
    public void Kll_MergedQuantilesStayWithinTwoPercentRankError()
    {
        var values = Values(9, 100000).Where(double.IsFinite).ToArray();
        var sorted = values.Order().ToArray();
        var parts = Split(values, 10).Select(p => { var k = new KllSketch(); foreach (var v in p) k.Add(v); return k; }).ToList();
        var merged = parts.Aggregate(KllSketch.Zero, (x, y) => x.Merge(y));
        Assert.Equal(values.Length, merged.Count);
        Assert.True(merged.Retained < 2000, $"{merged.Retained} values retained");
        foreach (var q in new[] { 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99 })
        {
            var estimate = merged.Quantile(q);
            var trueRank = (double)Array.BinarySearch(sorted, estimate) switch { var r when r < 0 => ~(int)r, var r => r } / sorted.Length;
            Assert.True(Math.Abs(trueRank - q) <= 0.02, $"q {q}: estimate {estimate} has true rank {trueRank:F4}");
        }
    }

    [Fact]
    public void FrequentItems_KeepEveryHeavyValueWithinTheBound()
    {
        var rng = new Random(11);
        var labels = Enumerable.Range(0, 20000).Select(i => i % 4 == 0 ? "heavy" : i % 10 == 1 ? "medium" : $"rare{rng.Next(5000)}").ToArray();
        var parts = Enumerable.Range(0, 10).Select(p => { var f = new FrequentItems(); foreach (var l in labels.Skip(p * 2000).Take(2000)) f.Add(l); return f; }).ToList();
        var merged = parts.Aggregate(FrequentItems.Zero, (a, b) => a.Merge(b));
        var trueHeavy = labels.Count(l => l == "heavy");
        var trueMedium = labels.Count(l => l == "medium");
        var top = merged.Top.ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal("heavy", merged.Top[0].Key);
        Assert.InRange(top["heavy"], trueHeavy - merged.MaxError, trueHeavy);
        Assert.InRange(top["medium"], trueMedium - merged.MaxError, trueMedium);
        Assert.True(merged.MaxError <= labels.Length / 65 * 2, $"error bound {merged.MaxError}");
    }

    [Fact]
    public void ColumnProfile_MergesWindowsOfTheSameColumnAndRefusesOthers()
    {
        var a = ColumnProfile.Of(TableColumn.Numeric("x", Values(12, 300)));
        var b = ColumnProfile.Of(TableColumn.Numeric("x", Values(13, 200)));
        var both = a.Merge(b);
        Assert.Equal(500, both.Rows);
        Assert.Equal(a.Moments.Count + b.Moments.Count, both.Moments.Count);
        var c = ColumnProfile.Of(TableColumn.Categorical("x", ["a", null]));
        Assert.Equal("cannot merge the profile of numeric column 'x' with that of categorical column 'x'", Assert.Throws<MlnbException>(() => a.Merge(c)).Message);
    }
}
