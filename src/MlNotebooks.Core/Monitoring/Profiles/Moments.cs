namespace MlNotebooks.Monitoring.Profiles;

/// <summary>
/// Count, missing count, min, max, mean and variance of a numeric column, merged exactly for counts and extremes and
/// by Chan et al.'s parallel formula for mean and variance (equal to a one-pass computation within rounding).
/// </summary>
/// <param name="Count">Non-missing values.</param>
/// <param name="Nulls">Missing values (NaN, ±infinity).</param>
/// <param name="Min">The smallest value (+∞ when empty).</param>
/// <param name="Max">The largest value (-∞ when empty).</param>
/// <param name="Mean">The mean (0 when empty).</param>
/// <param name="M2">The sum of squared deviations from the mean.</param>
public sealed record Moments(long Count, long Nulls, double Min, double Max, double Mean, double M2) : IMergeable<Moments>
{
    /// <inheritdoc />
    public static Moments Zero { get; } = new(0, 0, double.PositiveInfinity, double.NegativeInfinity, 0, 0);

    /// <summary>The population variance (M2 / n); NaN when empty.</summary>
    public double Variance => Count == 0 ? double.NaN : M2 / Count;

    /// <summary>The moments of a span of values (Welford's pass).</summary>
    public static Moments Of(ReadOnlySpan<double> values)
    {
        long n = 0, nulls = 0;
        double min = double.PositiveInfinity, max = double.NegativeInfinity, mean = 0, m2 = 0;
        foreach (var v in values)
        {
            if (!double.IsFinite(v)) { nulls++; continue; }
            n++;
            var d = v - mean;
            mean += d / n;
            m2 += d * (v - mean);
            if (v < min) min = v;
            if (v > max) max = v;
        }
        return new(n, nulls, min, max, mean, m2);
    }

    /// <inheritdoc />
    public Moments Merge(Moments o)
    {
        if (o.Count == 0) return this with { Nulls = Nulls + o.Nulls };
        if (Count == 0) return o with { Nulls = Nulls + o.Nulls };
        var n = Count + o.Count;
        var delta = o.Mean - Mean;
        var mean = Mean + delta * o.Count / n;
        var m2 = M2 + o.M2 + delta * delta * ((double)Count * o.Count / n);
        return new(n, Nulls + o.Nulls, Math.Min(Min, o.Min), Math.Max(Max, o.Max), mean, m2);
    }
}
