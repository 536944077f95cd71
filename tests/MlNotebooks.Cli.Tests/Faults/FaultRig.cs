using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MlNotebooks.Cli.Tests.Support;
using MlNotebooks.Storage;
using Xunit.Abstractions;

namespace MlNotebooks.Cli.Tests.Faults;

/// <summary>How one fault is injected: a named fault point (MLNB_FAULT_POINT=NAME:COUNT) or SIGKILL after a delay.</summary>
public sealed record Fault(string? Point, int Count, int DelayMs)
{
    public override string ToString() => Point is null ? $"SIGKILL after {DelayMs} ms" : $"{Point}:{Count}";
}

/// <summary>What a child process did before it ended (or was killed): its exit code and every line it printed.</summary>
public sealed record ChildResult(int ExitCode, IReadOnlyList<string> Lines, string Stderr)
{
    /// <summary>137 = 128 + SIGKILL.</summary>
    public bool Killed => ExitCode == 137;

    public string Out => string.Join('\n', Lines);
}

/// <summary>
/// Starts mlnb (the built mlnb.dll) or the test assembly's helper with a fault, kills it, and checks the stores
/// afterwards: every object rehashed against its address, and the temp files left anywhere under a folder.
/// Seeded: the seed is printed, and MLNB_FAULT_SEED=N replays a run.
/// </summary>
public sealed class FaultRig(ITestOutputHelper output, string area)
{
    public int Seed { get; } = int.TryParse(Environment.GetEnvironmentVariable("MLNB_FAULT_SEED"), out var s) ? s : Environment.TickCount & 0x7fffffff;

    public int Faults { get; set; }

    public int Killed { get; set; }

    public int Partial { get; set; }

    public int Lost { get; set; }

    public int Stale { get; set; }

    public List<string> Problems { get; } = [];

    public Random NewRandom() => new(Seed);

    public void Log(string line) => output.WriteLine(line);

    /// <summary>How many faults of this area to inject: MLNB_FAULTS_SCALE (default 1) times the default.</summary>
    public static int Count(int byDefault) =>
        Math.Max(1, (int)Math.Round(byDefault * (double.TryParse(Environment.GetEnvironmentVariable("MLNB_FAULTS_SCALE"), CultureInfo.InvariantCulture, out var f) ? f : 1.0)));

    public void Problem(string what)
    {
        Problems.Add(what);
        output.WriteLine("PROBLEM: " + what);
    }

    public string Summary =>
        $"{area}: {Faults} faults ({Killed} killed mid-command), {Partial} partial objects, {Lost} lost acknowledged writes, {Stale} stale temp files after the next write (seed {Seed})";

    private static readonly Lock TotalsGate = new();
    private static (int Areas, int Faults, int Killed, int Partial, int Lost, int Stale) _totals;

    /// <summary>
    /// Prints the area's summary and the suite's running total (the last area to finish prints the whole suite's),
    /// appends both to faults-summary.txt beside the tests, and asserts the zeros.
    /// </summary>
    public void Finish()
    {
        output.WriteLine(Summary);
        string total;
        lock (TotalsGate)
        {
            _totals = (_totals.Areas + 1, _totals.Faults + Faults, _totals.Killed + Killed, _totals.Partial + Partial, _totals.Lost + Lost, _totals.Stale + Stale);
            total = $"fault suite ({_totals.Areas} areas so far): {_totals.Faults} faults ({_totals.Killed} killed mid-command), {_totals.Partial} partial objects, {_totals.Lost} lost acknowledged writes, {_totals.Stale} stale temp files after the next write";
        }
        output.WriteLine(total);
        File.AppendAllText(Path.Combine(AppContext.BaseDirectory, "faults-summary.txt"), $"{DateTime.UtcNow:u} {Summary}\n");
        File.AppendAllText(Path.Combine(AppContext.BaseDirectory, "faults-summary.txt"), $"{DateTime.UtcNow:u} {total}\n");
        Assert.True(Partial == 0 && Lost == 0 && Stale == 0 && Problems.Count == 0, Summary + "; " + string.Join("; ", Problems));
    }

    /// <summary>A random fault among <paramref name="points"/> (count 1..maxCount) or a delay of 50..maxDelayMs.</summary>
    public static Fault Pick(Random rng, string[] points, int maxCount, int maxDelayMs) =>
        rng.Next(3) == 0 || points.Length == 0
            ? new Fault(null, 0, rng.Next(50, maxDelayMs))
            : new Fault(points[rng.Next(points.Length)], rng.Next(1, maxCount + 1), 0);

    /// <summary>Runs mlnb with a fault.</summary>
    public static Task<ChildResult> MlnbAsync(string dir, Fault? fault, params string[] args) =>
        RunAsync(dir, fault, [MlnbProcess.DllPath, .. args]);

    /// <summary>Runs this test assembly's helper (see <see cref="FaultHelper"/>) with a fault.</summary>
    public static Task<ChildResult> HelperAsync(string dir, Fault? fault, Func<string, bool>? startClockAt, params string[] args) =>
        RunAsync(dir, fault, [Path.Combine(AppContext.BaseDirectory, "MlNotebooks.Cli.Tests.dll"), FaultHelper.Verb, .. args], startClockAt);

    private static async Task<ChildResult> RunAsync(string dir, Fault? fault, string[] args, Func<string, bool>? startClockAt = null)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["MLNB_TRACKING_URI"] = null;
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment["COLUMNS"] = "200";
        psi.Environment["MLNB_FAULT_POINT"] = fault?.Point is { } p ? $"{p}:{fault.Count}" : null;
        using var proc = Process.Start(psi)!;
        var lines = new List<string>();
        var started = new TaskCompletionSource();
        if (startClockAt is null) started.TrySetResult();
        var reader = Task.Run(async () =>
        {
            while (await proc.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                lock (lines) lines.Add(line);
                if (startClockAt?.Invoke(line) == true) started.TrySetResult();
            }
            started.TrySetResult();
        });
        var stderr = proc.StandardError.ReadToEndAsync();
        if (fault is { Point: null, DelayMs: var delay })
        {
            await started.Task.ConfigureAwait(false);
            if (!proc.WaitForExit(delay))
            {
                try { proc.Kill(); } catch (InvalidOperationException) { }
            }
        }
        await proc.WaitForExitAsync().ConfigureAwait(false);
        await reader.ConfigureAwait(false);
        var err = await stderr.ConfigureAwait(false);
        lock (lines) return new ChildResult(proc.ExitCode, [.. lines], err);
    }

    /// <summary>Rehashes every object of a store laid out as files/md5/xx/yyyy; returns how many do not match their address.</summary>
    public int CountPartialObjects(string storeRoot)
    {
        var objects = Path.Combine(storeRoot, "files", "md5");
        if (!Directory.Exists(objects)) return 0;
        var bad = 0;
        foreach (var dir in Directory.EnumerateDirectories(objects))
            foreach (var f in Directory.EnumerateFiles(dir))
            {
                var name = Path.GetFileName(f);
                if (TempFiles.IsTempName(name)) continue; // counted as temp files, not objects
                var address = Path.GetFileName(dir) + name;
                using var s = File.OpenRead(f);
                var actual = Convert.ToHexStringLower(MD5.HashData(s));
                if (actual != address && actual + ".dir" != address)
                {
                    bad++;
                    Problem($"partial object {address} in {storeRoot} (hashes to {actual})");
                }
            }
        return bad;
    }

    /// <summary>Temp files under <paramref name="dirs"/> (recursively) that MlNotebooks wrote.</summary>
    public int CountTempFiles(params string[] dirs)
    {
        var n = 0;
        foreach (var d in dirs.Where(Directory.Exists))
            foreach (var f in Directory.EnumerateFiles(d, "*.tmp", SearchOption.AllDirectories).Where(f => TempFiles.IsTempName(Path.GetFileName(f))))
            {
                n++;
                Log($"stale temp file {f}");
            }
        return n;
    }

    /// <summary>Writes <paramref name="bytes"/> random bytes to a file.</summary>
    public static void RandomFile(Random rng, string path, int bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var b = new byte[bytes];
        rng.NextBytes(b);
        File.WriteAllBytes(path, b);
    }

    /// <summary>The md5 of a file.</summary>
    public static string Md5(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(MD5.HashData(s));
    }

    /// <summary>A digest of a folder's files (relative path + md5), to compare a checkout with what was added.</summary>
    public static string FolderDigest(string dir)
    {
        if (!Directory.Exists(dir)) return "(missing)";
        var sb = new StringBuilder();
        foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            sb.Append(Path.GetRelativePath(dir, f)).Append(' ').Append(Md5(f)).Append('\n');
        return sb.ToString();
    }
}
