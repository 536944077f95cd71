using MlNotebooks.Monitoring.Drift;
using Xunit.Abstractions;

namespace MlNotebooks.Tests.Monitoring;

/// <summary>
/// Every drift statistic against Debian's scipy on the same data, to 1e-9 relative: small and large samples, ties,
/// equal samples, the exact and the asymptotic KS regions, new categories. One python process per class.
/// </summary>
public sealed class ScipyCrossCheckTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-9;

    private static double[] Normal(Random rng, int n, double mean = 0, double sd = 1, int? decimals = null)
    {
        var a = new double[n];
        for (var i = 0; i < n; i++)
        {
            var u1 = 1.0 - rng.NextDouble();
            var u2 = rng.NextDouble();
            var v = mean + sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            a[i] = decimals is { } d ? Math.Round(v, d) : v;
        }
        return a;
    }

    private static double[] Ints(Random rng, int n, int max, int offset = 0) => Enumerable.Range(0, n).Select(_ => (double)(rng.Next(max) + offset)).ToArray();

    private static string[] Labels(Random rng, int n, string[] values, double[] weights)
    {
        var total = weights.Sum();
        var result = new string[n];
        for (var i = 0; i < n; i++)
        {
            var u = rng.NextDouble() * total;
            var k = 0;
            while (k < weights.Length - 1 && u >= weights[k]) { u -= weights[k]; k++; }
            result[i] = values[k];
        }
        return result;
    }

    private static void AssertClose(double expected, double actual, string what)
    {
        if (expected.Equals(actual)) return;
        var diff = Math.Abs(expected - actual);
        var scale = Math.Max(Math.Abs(expected), Math.Abs(actual));
        Assert.True(diff <= Tolerance * scale, $"{what}: scipy {expected:R}, ours {actual:R} (relative difference {diff / scale:E2})");
    }

    public static IEnumerable<(string Name, double[] A, double[] B)> KsCases()
    {
        var rng = new Random(7);
        yield return ("tiny 5 vs 7", Normal(rng, 5), Normal(rng, 7, 0.5));
        yield return ("equal sizes 50", Normal(rng, 50), Normal(rng, 50, 0.3));
        yield return ("equal sizes 50, same data", Normal(new Random(1), 50), Normal(new Random(1), 50));
        yield return ("ties: integers 0..9, 200 vs 300", Ints(rng, 200, 10), Ints(rng, 300, 10, 1));
        yield return ("ties, no drift, 400 vs 600", Ints(rng, 400, 6), Ints(rng, 600, 6));
        yield return ("1000 vs 1000 shifted", Normal(rng, 1000), Normal(rng, 1000, 0.1));
        yield return ("exact, 3000 vs 2000", Normal(rng, 3000), Normal(rng, 2000, 0.05));
        yield return ("exact, 997 vs 1009 (coprime)", Normal(rng, 997), Normal(rng, 1009, 0.1, 1.1));
        yield return ("exact, 10000 vs 10000", Normal(rng, 10000), Normal(rng, 10000, 0.02));
        yield return ("asymptotic, 20000 vs 500 (Pelz-Good/Durbin region)", Normal(rng, 20000), Normal(rng, 500, 0.05));
        yield return ("asymptotic, 15000 vs 12000, drifted (Smirnov tail)", Normal(rng, 15000), Normal(rng, 12000, 0.05));
        yield return ("asymptotic, 30 vs 20000 (n ≤ 140: Durbin/Pomeranz)", Normal(rng, 30), Normal(rng, 20000, 0.2));
        yield return ("asymptotic, 100 vs 20000 strongly drifted (n ≤ 140 Smirnov)", Normal(rng, 100), Normal(rng, 20000, 0.6));
        yield return ("asymptotic, 50000 vs 50000 (Pelz-Good)", Normal(rng, 50000, 0, 1, 3), Normal(rng, 50000, 0.003, 1, 3));
        yield return ("asymptotic, 200000 vs 300000 drifted", Normal(rng, 200000), Normal(rng, 300000, 0.01));
        yield return ("asymptotic, disjoint 12000 vs 11000", Normal(rng, 12000), Normal(rng, 11000, 50));
    }

    [Fact]
    public void KsStatisticAndPValueEqualScipyKs2samp()
    {
        var cases = KsCases().ToList();
        var expected = ScipyReference.Compute(cases.Select(c => new ScipyReference.Case("ks", c.A, c.B)).ToList());
        for (var i = 0; i < cases.Count; i++)
        {
            var (d, p) = KsTest.Compute(DriftSample.Numeric(cases[i].A).Sorted, DriftSample.Numeric(cases[i].B).Sorted);
            AssertClose(expected[i][0], d, $"KS statistic, {cases[i].Name}");
            AssertClose(expected[i][1], p, $"KS p-value, {cases[i].Name}");
            Assert.False(double.IsNaN(p));
            output.WriteLine($"{cases[i].Name}: D {d:R} p {p:R} (scipy {expected[i][0]:R}, {expected[i][1]:R})");
        }
        // The cases cover both verdicts, so equality is not the trivial p = 1 everywhere.
        Assert.Contains(expected, e => e[1] < 0.05);
        Assert.Contains(expected, e => e[1] > 0.5);
    }

    [Fact]
    public void WassersteinNormedEqualsScipyOverReferenceStd()
    {
        var rng = new Random(11);
        var cases = new List<(string, double[], double[])>
        {
            ("small", Normal(rng, 10), Normal(rng, 13, 0.4)),
            ("ties", Ints(rng, 500, 5), Ints(rng, 700, 5, 1)),
            ("same", Normal(new Random(3), 300), Normal(new Random(3), 300)),
            ("large drifted", Normal(rng, 100000, 0, 2), Normal(rng, 80000, 0.3, 2)),
            ("constant reference (std floor 0.001)", Enumerable.Repeat(1.0, 50).ToArray(), Normal(rng, 40, 1)),
        };
        var expected = ScipyReference.Compute(cases.Select(c => new ScipyReference.Case("wasserstein", c.Item2, c.Item3)).ToList());
        for (var i = 0; i < cases.Count; i++)
            AssertClose(expected[i][0], WassersteinTest.Normed(DriftSample.Numeric(cases[i].Item2).Sorted, DriftSample.Numeric(cases[i].Item3).Sorted), $"Wasserstein, {cases[i].Item1}");
    }

    [Fact]
    public void JensenShannonAndPsiEqualScipyOnEvidentlyBins()
    {
        var rng = new Random(13);
        var numeric = new List<(string, double[], double[])>
        {
            ("numeric, Sturges bins", Normal(rng, 5000), Normal(rng, 4000, 0.2)),
            ("numeric, few values", Ints(rng, 3000, 4), Ints(rng, 2000, 5)),
            ("numeric, rounded", Normal(rng, 20000, 0, 1, 1), Normal(rng, 30000, 0.05, 1.1, 1)),
            ("numeric, same", Normal(new Random(5), 2000), Normal(new Random(5), 2000)),
        };
        var cats = new List<(string, string[], string[])>
        {
            ("categorical", Labels(rng, 3000, ["a", "b", "c", "d"], [4, 3, 2, 1]), Labels(rng, 2500, ["a", "b", "c", "d"], [1, 2, 3, 4])),
            ("categorical, new value in current", Labels(rng, 2000, ["x", "y"], [1, 1]), Labels(rng, 2000, ["x", "y", "z"], [1, 1, 1])),
        };
        foreach (var test in new[] { "jensenshannon", "psi" })
        {
            var all = numeric.Select(c => new ScipyReference.Case(test, c.Item2, c.Item3))
                .Concat(cats.Select(c => new ScipyReference.Case(test, null, null, c.Item2, c.Item3))).ToList();
            var expected = ScipyReference.Compute(all);
            var t = StatTests.Get(test);
            for (var i = 0; i < numeric.Count; i++)
                AssertClose(expected[i][0], t.Compute(DriftSample.Numeric(numeric[i].Item2), DriftSample.Numeric(numeric[i].Item3)).Score, $"{test}, {numeric[i].Item1}");
            for (var i = 0; i < cats.Count; i++)
                AssertClose(expected[numeric.Count + i][0], t.Compute(DriftSample.Categorical(cats[i].Item2), DriftSample.Categorical(cats[i].Item3)).Score, $"{test}, {cats[i].Item1}");
        }
    }

    [Fact]
    public void ChiSquaredAndZTestEqualScipy()
    {
        var rng = new Random(17);
        var chi = new List<(string, string[], string[])>
        {
            ("3 values, no drift", Labels(rng, 800, ["a", "b", "c"], [1, 1, 1]), Labels(rng, 700, ["a", "b", "c"], [1, 1, 1])),
            ("5 values, drifted", Labels(rng, 900, ["a", "b", "c", "d", "e"], [5, 4, 3, 2, 1]), Labels(rng, 1200, ["a", "b", "c", "d", "e"], [1, 2, 3, 4, 5])),
            ("40 values", Labels(rng, 1000, [.. Enumerable.Range(0, 40).Select(i => $"v{i:D2}")], [.. Enumerable.Range(1, 40).Select(i => (double)i)]),
                Labels(rng, 1000, [.. Enumerable.Range(0, 40).Select(i => $"v{i:D2}")], [.. Enumerable.Range(1, 40).Select(i => (double)i)])),
            ("new value in current: infinite statistic, p = 0", Labels(rng, 500, ["a", "b", "c"], [1, 1, 1]), Labels(rng, 500, ["a", "b", "c", "d"], [1, 1, 1, 1])),
        };
        var z = new List<(string, string[], string[])>
        {
            ("binary, no drift", Labels(rng, 900, ["no", "yes"], [3, 1]), Labels(rng, 800, ["no", "yes"], [3, 1])),
            ("binary, drifted", Labels(rng, 900, ["no", "yes"], [3, 1]), Labels(rng, 800, ["no", "yes"], [2, 1])),
        };
        var expected = ScipyReference.Compute([.. chi.Select(c => new ScipyReference.Case("chisquare", null, null, c.Item2, c.Item3)),
            .. z.Select(c => new ScipyReference.Case("z", null, null, c.Item2, c.Item3))]);
        for (var i = 0; i < chi.Count; i++)
        {
            var r = ChiSquareTest.Test.Compute(DriftSample.Categorical(chi[i].Item2), DriftSample.Categorical(chi[i].Item3));
            AssertClose(expected[i][0], r.Statistic, $"chi-squared statistic, {chi[i].Item1}");
            AssertClose(expected[i][1], r.PValue!.Value, $"chi-squared p-value, {chi[i].Item1}");
        }
        for (var i = 0; i < z.Count; i++)
        {
            var r = ZTest.Test.Compute(DriftSample.Categorical(z[i].Item2), DriftSample.Categorical(z[i].Item3));
            AssertClose(expected[chi.Count + i][0], r.Statistic, $"z statistic, {z[i].Item1}");
            AssertClose(expected[chi.Count + i][1], r.PValue!.Value, $"z p-value, {z[i].Item1}");
        }
    }
}
