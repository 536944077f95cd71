namespace MlNotebooks.Monitoring.Drift;

/// <summary>
/// A double-double number (hi + lo, |lo| ≤ ulp(hi)/2): about 32 significant digits with plain doubles and
/// fused multiply-add. Used where the one-sided Smirnov sum needs more than a double's precision.
/// </summary>
internal readonly record struct DoubleDouble(double Hi, double Lo)
{
    public static readonly DoubleDouble One = new(1, 0);
    public static readonly DoubleDouble Zero = new(0, 0);

    public bool IsZero => Hi == 0;

    public static DoubleDouble TwoSum(double a, double b)
    {
        var s = a + b;
        var bb = s - a;
        return new(s, (a - (s - bb)) + (b - bb));
    }

    private static DoubleDouble QuickTwoSum(double a, double b)
    {
        var s = a + b;
        return new(s, b - (s - a));
    }

    public static DoubleDouble TwoProd(double a, double b)
    {
        var p = a * b;
        return new(p, Math.FusedMultiplyAdd(a, b, -p));
    }

    public static DoubleDouble operator +(DoubleDouble a, DoubleDouble b)
    {
        var s = TwoSum(a.Hi, b.Hi);
        var t = TwoSum(a.Lo, b.Lo);
        s = QuickTwoSum(s.Hi, s.Lo + t.Hi);
        return QuickTwoSum(s.Hi, s.Lo + t.Lo);
    }

    public static DoubleDouble operator +(DoubleDouble a, double b)
    {
        var s = TwoSum(a.Hi, b);
        return QuickTwoSum(s.Hi, s.Lo + a.Lo);
    }

    public static DoubleDouble operator -(DoubleDouble a, double b) => a + (-b);

    public static DoubleDouble operator -(DoubleDouble a, DoubleDouble b) => a + new DoubleDouble(-b.Hi, -b.Lo);

    public static DoubleDouble operator *(DoubleDouble a, DoubleDouble b)
    {
        var p = TwoProd(a.Hi, b.Hi);
        return QuickTwoSum(p.Hi, p.Lo + (a.Hi * b.Lo + a.Lo * b.Hi));
    }

    public static DoubleDouble operator *(DoubleDouble a, double b)
    {
        var p = TwoProd(a.Hi, b);
        return QuickTwoSum(p.Hi, p.Lo + a.Lo * b);
    }

    public static DoubleDouble operator /(DoubleDouble a, DoubleDouble b)
    {
        var q1 = a.Hi / b.Hi;
        var r = a - b * q1;
        var q2 = r.Hi / b.Hi;
        r -= b * q2;
        var q3 = r.Hi / b.Hi;
        return QuickTwoSum(q1, q2) + q3;
    }

    /// <summary>a / b for two doubles, correct to double-double precision.</summary>
    public static DoubleDouble Divide(double a, double b) => new DoubleDouble(a, 0) / new DoubleDouble(b, 0);

    /// <summary>The largest integer not above the value.</summary>
    public DoubleDouble Floor()
    {
        var hi = Math.Floor(Hi);
        return hi == Hi ? QuickTwoSum(hi, Math.Floor(Lo)) : new(hi, 0);
    }

    /// <summary>Splits into a mantissa with |hi| in [0.5, 1) and a power of two.</summary>
    public DoubleDouble Frexp(out int exponent)
    {
        if (Hi == 0 || !double.IsFinite(Hi)) { exponent = 0; return this; }
        exponent = Math.ILogB(Hi) + 1;
        return new(Math.ScaleB(Hi, -exponent), Math.ScaleB(Lo, -exponent));
    }

    public DoubleDouble ScaleB(int exponent) => new(Math.ScaleB(Hi, exponent), Math.ScaleB(Lo, exponent));

    /// <summary>a^m for m ≥ 0 through the double power and a first-order correction for the low part.</summary>
    public DoubleDouble Pow(int m)
    {
        if (m == 0) return One;
        if (IsZero) return Zero;
        var ans = Math.Pow(Hi, m);
        var adj = m * (Lo / Hi);
        if (Math.Abs(adj) > 1e-8) adj += adj * ((m - 1) / 2.0 * (Lo / Hi));
        return TwoSum(ans, ans * adj);
    }

    /// <summary>a^m as mantissa × 2^exponent, so that powers far below the double range keep their digits.</summary>
    public DoubleDouble PowScaled(int m, out int exponent)
    {
        if (m == 0) { exponent = 0; return One; }
        var y = Frexp(out var yE);
        if (m == 1) { exponent = yE; return y; }
        var log2y = Math.Log2(y.Hi);
        const int maxExponent = 960;
        // The largest power of y that stays above 2^-960; powers up to it are taken directly.
        var chunk = log2y < 0 ? (int)Math.Max(1, Math.Min(int.MaxValue, Math.Floor(-maxExponent / log2y))) : int.MaxValue;
        if (m <= chunk)
        {
            var ans = y.Pow(m).Frexp(out var e);
            exponent = e + m * yE;
            return ans;
        }
        var q = m / chunk;
        var r = m % chunk;
        var yr = y.PowScaled(r, out var yrE);
        var yc = y.PowScaled(chunk, out var ycE);
        var ycq = yc.PowScaled(q, out var ycqE);
        var result = (yr * ycq).Frexp(out var rE);
        exponent = rE + yrE + ycqE + ycE * q + m * yE;
        return result;
    }
}
