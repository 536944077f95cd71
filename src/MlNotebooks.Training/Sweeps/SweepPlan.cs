using System.Globalization;

namespace MlNotebooks.Training.Sweeps;

/// <summary>
/// The trials of a sweep: the cartesian product of <c>--grid k=v1,v2</c> values, or with <c>--trials N</c> and
/// <c>--random</c> ranges (<c>k=lo:hi</c> uniform, <c>k=log:lo:hi</c> log-uniform, <c>k=a|b|c</c> a choice), N seeded
/// samples (grid keys are then sampled as choices too).
/// </summary>
public static class SweepPlan
{
    /// <summary>The trials' param sets, in launch order.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Expand(IReadOnlyList<string> grid, IReadOnlyList<string> random, int? trials, int seed)
    {
        var gridAxes = grid.Select(g => Split(g, "--grid")).Select(kv => (kv.Key, Values: kv.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))).ToList();
        foreach (var (k, v) in gridAxes) if (v.Length == 0) throw MlnbException.Invalid($"--grid {k}= has no values; write --grid {k}=1,2,3");
        var keys = gridAxes.Select(a => a.Key).Concat(random.Select(r => Split(r, "--random").Key)).ToList();
        var dup = keys.GroupBy(k => k).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw MlnbException.Invalid($"param '{dup.Key}' is swept twice; give each param one --grid or --random");
        if (random.Count == 0 && trials is null)
        {
            if (gridAxes.Count == 0) throw MlnbException.Invalid("a sweep needs --grid k=v1,v2 or --random k=lo:hi with --trials N");
            IEnumerable<Dictionary<string, string>> combos = [new Dictionary<string, string>()];
            foreach (var (key, values) in gridAxes)
                combos = combos.SelectMany(c => values.Select(v => new Dictionary<string, string>(c) { [key] = v })).ToList();
            return combos.ToList();
        }
        if (trials is null or < 1) throw MlnbException.Invalid("random search needs --trials N (at least 1)");
        var rng = new Random(seed);
        var samplers = gridAxes.Select(a => (a.Key, Sample: (Func<string>)(() => a.Values[rng.Next(a.Values.Length)])))
            .Concat(random.Select(r => Split(r, "--random")).Select(kv => (kv.Key, Sample: Sampler(kv.Key, kv.Value, rng)))).ToList();
        return Enumerable.Range(0, trials.Value).Select(_ => (IReadOnlyDictionary<string, string>)samplers.ToDictionary(s => s.Key, s => s.Sample())).ToList();
    }

    private static Func<string> Sampler(string key, string spec, Random rng)
    {
        if (spec.Contains('|')) { var c = spec.Split('|'); return () => c[rng.Next(c.Length)]; }
        var parts = spec.Split(':');
        var log = parts[0] == "log";
        if (log) parts = parts[1..];
        if (parts.Length != 2 || !double.TryParse(parts[0], CultureInfo.InvariantCulture, out var lo) || !double.TryParse(parts[1], CultureInfo.InvariantCulture, out var hi) || hi < lo || (log && lo <= 0))
            throw MlnbException.Invalid($"--random {key}={spec} is not a range; write {key}=lo:hi, {key}=log:lo:hi (lo > 0) or {key}=a|b|c");
        var integer = !log && !parts[0].Contains('.') && !parts[1].Contains('.') && !parts[0].Contains('e') && !parts[1].Contains('e');
        return () =>
        {
            var u = rng.NextDouble();
            if (integer) return ((long)Math.Floor(lo + u * (hi - lo + 1))).ToString(CultureInfo.InvariantCulture);
            var v = log ? Math.Exp(Math.Log(lo) + u * (Math.Log(hi) - Math.Log(lo))) : lo + u * (hi - lo);
            return v.ToString("G6", CultureInfo.InvariantCulture);
        };
    }

    private static KeyValuePair<string, string> Split(string s, string option)
    {
        var i = s.IndexOf('=');
        if (i <= 0) throw MlnbException.Invalid($"{option} '{s}' must look like key=values");
        return new(s[..i].Trim(), s[(i + 1)..].Trim());
    }
}
