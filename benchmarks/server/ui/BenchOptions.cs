using System.Globalization;

namespace MlNotebooks.Benchmarks.ServerUi;

/// <summary>Command-line options.</summary>
internal sealed record BenchOptions(int Runs, int ChartRuns, int Points, int Repeat, int AnchorTimeoutSeconds, string? Screenshots)
{
    public static BenchOptions Parse(string[] args)
    {
        int runs = 10_000, chartRuns = 10, points = 100_000, repeat = 3, anchorTimeout = 180;
        string? shots = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--runs": runs = Int(); break;
                case "--chart-runs": chartRuns = Int(); break;
                case "--points": points = Int(); break;
                case "--repeat": repeat = Int(); break;
                case "--anchor-timeout": anchorTimeout = Int(); break;
                case "--screenshots": shots = Path.GetFullPath(Next()); Directory.CreateDirectory(shots); break;
                default: throw new ArgumentException($"unknown option {args[i]}; use --runs N --chart-runs N --points N --repeat N --anchor-timeout S --screenshots DIR");
            }
        }
        return new BenchOptions(runs, chartRuns, points, repeat, anchorTimeout, shots);
    }
}
