using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MlNotebooks.Monitoring.Drift;

// Drift statistics on ROWS x 20 columns (16 numeric, 4 categorical), ours vs scipy.stats on the same data in the
// same run. The data is written once as raw binary; both sides read it before timing. Best of ROUNDS per side.
var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
const int numeric = 16, categorical = 4;
var dir = Directory.CreateTempSubdirectory("mlnb-drift-bench-").FullName;
try
{
    var rng = new Random(42);
    var num = new (double[] Ref, double[] Cur)[numeric];
    for (var i = 0; i < numeric; i++)
    {
        // Columns 0-3 do not drift, 4-7 drift a little (the Pelz-Good region), 8-11 more (the Smirnov tail), 12-15 a lot.
        var shift = (i / 4) switch { 0 => 0.0, 1 => 0.001, 2 => 0.004, _ => 0.05 };
        var decimals = i % 2 == 0 ? 3 : -1; // half the columns rounded: ties
        num[i] = (Normal(rng, rows, 0, decimals), Normal(rng, rows, shift, decimals));
        File.WriteAllBytes(Path.Combine(dir, $"ref_{i}.f64"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(num[i].Ref.AsSpan()).ToArray());
        File.WriteAllBytes(Path.Combine(dir, $"cur_{i}.f64"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(num[i].Cur.AsSpan()).ToArray());
    }
    var names = Enumerable.Range(0, 64).Select(k => $"cat_{k:D2}").ToArray();
    var cat = new (string[] Ref, string[] Cur)[categorical];
    for (var i = 0; i < categorical; i++)
    {
        var k = 4 + 20 * i;
        var refCodes = Codes(rng, rows, Math.Min(k, 64), 0);
        var curCodes = Codes(rng, rows, Math.Min(k, 64), i * 0.02);
        File.WriteAllBytes(Path.Combine(dir, $"refc_{i}.i32"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(refCodes.AsSpan()).ToArray());
        File.WriteAllBytes(Path.Combine(dir, $"curc_{i}.i32"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(curCodes.AsSpan()).ToArray());
        cat[i] = (refCodes.Select(c => names[c]).ToArray(), curCodes.Select(c => names[c]).ToArray());
    }

    Console.WriteLine($"drift statistics on {rows:N0} rows x {numeric + categorical} columns ({numeric} numeric, {categorical} categorical), best of {rounds}, {Environment.ProcessorCount} cores");
    var scipy = RunScipy(dir, numeric, categorical, rounds);

    var stats = new (string Name, int Columns, Func<int, double[]> One)[]
    {
        ("ks", numeric, i => { var (d, p) = KsTest.Compute(DriftSample.Numeric(num[i].Ref).Sorted, DriftSample.Numeric(num[i].Cur).Sorted); return [d, p]; }),
        ("wasserstein", numeric, i => [WassersteinTest.Normed(DriftSample.Numeric(num[i].Ref).Sorted, DriftSample.Numeric(num[i].Cur).Sorted)]),
        ("jensenshannon", numeric, i => [JensenShannonTest.Test.Compute(DriftSample.Numeric(num[i].Ref), DriftSample.Numeric(num[i].Cur)).Score]),
        ("chisquare", categorical, i => { var r = ChiSquareTest.Test.Compute(DriftSample.Categorical(cat[i].Ref), DriftSample.Categorical(cat[i].Cur)); return [r.Statistic, r.PValue!.Value]; }),
    };
    Console.WriteLine($"{"statistic",-14} {"scipy s",9} {"ours 1 thread",14} {"ratio",7} {"ours parallel",14} {"ratio",7}  largest relative difference");
    double totalScipy = 0, totalOne = 0, totalPar = 0;
    foreach (var (name, columns, one) in stats)
    {
        var values = new double[columns][];
        var single = Best(rounds, () => { for (var i = 0; i < columns; i++) values[i] = one(i); });
        var parallel = Best(rounds, () => Parallel.For(0, columns, i => values[i] = one(i)));
        var expected = scipy[name];
        var worst = 0.0;
        for (var i = 0; i < columns; i++)
            for (var j = 0; j < values[i].Length; j++) worst = Math.Max(worst, Relative(expected.Values[i][j], values[i][j]));
        totalScipy += expected.Seconds; totalOne += single; totalPar += parallel;
        Console.WriteLine($"{name,-14} {expected.Seconds,9:F3} {single,14:F3} {expected.Seconds / single,6:F2}x {parallel,14:F3} {expected.Seconds / parallel,6:F2}x  {worst:E2}");
    }
    Console.WriteLine($"{"all four",-14} {totalScipy,9:F3} {totalOne,14:F3} {totalScipy / totalOne,6:F2}x {totalPar,14:F3} {totalScipy / totalPar,6:F2}x");
    Console.WriteLine("p-values of the KS columns (scipy = ours to the difference above): " +
        string.Join(", ", scipy["ks"].Values.Select(v => v[1].ToString("G3", CultureInfo.InvariantCulture))));
}
finally
{
    Directory.Delete(dir, recursive: true);
}

static double[] Normal(Random rng, int n, double mean, int decimals)
{
    var a = new double[n];
    for (var i = 0; i < n; i++)
    {
        var v = mean + Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        a[i] = decimals >= 0 ? Math.Round(v, decimals) : v;
    }
    return a;
}

static int[] Codes(Random rng, int n, int k, double tilt)
{
    var weights = Enumerable.Range(0, k).Select(j => 1.0 + tilt * j).ToArray();
    var cdf = new double[k];
    var acc = 0.0;
    for (var j = 0; j < k; j++) { acc += weights[j]; cdf[j] = acc; }
    var a = new int[n];
    for (var i = 0; i < n; i++)
    {
        var u = rng.NextDouble() * acc;
        var idx = Array.BinarySearch(cdf, u);
        a[i] = Math.Min(idx < 0 ? ~idx : idx, k - 1);
    }
    return a;
}

static double Best(int rounds, Action action)
{
    var best = double.MaxValue;
    for (var r = 0; r < rounds; r++)
    {
        var sw = Stopwatch.StartNew();
        action();
        best = Math.Min(best, sw.Elapsed.TotalSeconds);
    }
    return best;
}

static double Relative(double a, double b)
{
    if (a.Equals(b)) return 0;
    return Math.Abs(a - b) / Math.Max(Math.Abs(a), Math.Abs(b));
}

static Dictionary<string, (double Seconds, double[][] Values)> RunScipy(string dir, int numeric, int categorical, int rounds)
{
    var script = Path.Combine(AppContext.BaseDirectory, "scipy_bench.py");
    var psi = new ProcessStartInfo("/usr/bin/python3", [script, dir, numeric.ToString(CultureInfo.InvariantCulture), categorical.ToString(CultureInfo.InvariantCulture), rounds.ToString(CultureInfo.InvariantCulture)])
    { RedirectStandardOutput = true };
    using var p = Process.Start(psi)!;
    var output = p.StandardOutput.ReadToEnd();
    p.WaitForExit();
    if (p.ExitCode != 0) throw new InvalidOperationException("scipy_bench.py failed; install python3-scipy and python3-pandas (scripts/deps/apt-monitoring.txt)");
    using var doc = JsonDocument.Parse(output);
    var result = new Dictionary<string, (double, double[][])>();
    foreach (var prop in doc.RootElement.EnumerateObject())
    {
        var values = prop.Value.GetProperty("values").EnumerateArray()
            .Select(row => row.EnumerateArray().Select(v => v.GetString() switch { "inf" => double.PositiveInfinity, "nan" => double.NaN, var s => double.Parse(s!, CultureInfo.InvariantCulture) }).ToArray()).ToArray();
        result[prop.Name] = (prop.Value.GetProperty("seconds").GetDouble(), values);
    }
    return result;
}
