using System.Diagnostics;
using System.Globalization;
using MlNotebooks;
using MlNotebooks.Data;

// Side by side, in the same run, on the same files (both read them from the page cache: the generator just wrote them):
//   md5sum (one process, what DVC users compare against)  vs  mlnb data add (hash + copy into the cache, all cores).
if (ArgS("--md5-file") is { } md5File)
{
    // Diagnostic: the raw speed of .NET's MD5 (OpenSSL) on one file, one thread, versus md5sum.
    for (var i = 0; i < 3; i++)
    {
        var t = await Timing.OfAsync(async () =>
        {
            using var h = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.MD5);
            var buf = new byte[1 << 20];
            await using var f = new FileStream(md5File, FileMode.Open, FileAccess.Read, FileShare.Read, 0);
            int n;
            while ((n = f.Read(buf)) > 0) h.AppendData(buf, 0, n);
        });
        Console.WriteLine($".NET MD5: {t.Wall:0.000} s wall, {t.Cpu:0.000} s cpu");
    }
    return;
}
var sizeMb = Arg("--size-mb", 1024);
var smallCount = Arg("--small", 10_000);
var baseDir = ArgS("--dir") ?? Path.Combine(Path.GetTempPath(), "mlnb-bench-" + Guid.NewGuid().ToString("N")[..8]);
var keep = ArgS("--dir") is not null;
Directory.CreateDirectory(baseDir);
Console.WriteLine($"mlnb data benchmark: {Environment.ProcessorCount} cores, {sizeMb} MB mixed folder, {smallCount:N0} small files, in {baseDir}");
try
{
    var big = Path.Combine(baseDir, "mixed");
    var bytes = Generate(big, sizeMb);
    var files = Directory.GetFiles(big, "*", SearchOption.AllDirectories).Length;
    Console.WriteLine($"generated {files:N0} files, {bytes / 1048576.0:N0} MB");

    await WarmUpAsync(baseDir); // JIT the add path once, as a long-lived process (notebook kernel, server) would have
    Console.WriteLine($"load average before: {File.ReadAllText("/proc/loadavg").Trim()}");
    var md5sum = Md5sum(big);
    var (add, readd) = await AddTwiceAsync(baseDir, "mixed", LinkType.Copy);
    Wipe(baseDir);
    var (addDirect, _) = await AddTwiceAsync(baseDir, "mixed", LinkType.Copy, direct: true);
    Wipe(baseDir);
    var (addLink, _) = await AddTwiceAsync(baseDir, "mixed", LinkType.Hardlink);
    Wipe(baseDir);
    Console.WriteLine($"{"",-40} {"wall",10} {"wall MB/s",10} {"cpu",10}");
    Row("md5sum (1 process, hash only)", md5sum, bytes);
    Row("mlnb data add (hash + copy to cache)", add, bytes);
    Row("  the same, O_DIRECT writes", addDirect, bytes);
    Row("mlnb data add --link hardlink", addLink, bytes);
    Console.WriteLine($"  wall ratio vs md5sum: copy {md5sum.Wall / add.Wall:0.00}x (O_DIRECT writes {md5sum.Wall / addDirect.Wall:0.00}x), hardlink {md5sum.Wall / addLink.Wall:0.00}x  (target >= 1.5x)");
    Console.WriteLine($"  cpu per byte vs md5sum: copy {add.Cpu / md5sum.Cpu:0.00}x, hardlink {addLink.Cpu / md5sum.Cpu:0.00}x; "
        + $"on {Environment.ProcessorCount} idle cores the wall ratio would be about copy {md5sum.Cpu / (add.Cpu / Environment.ProcessorCount):0.00}x, hardlink {md5sum.Cpu / (addLink.Cpu / Environment.ProcessorCount):0.00}x");
    Console.WriteLine($"  unchanged re-add: {readd.Wall:0.000} s  (target < 0.1 s)");

    var small = Path.Combine(baseDir, "small");
    var smallBytes = GenerateSmall(small, smallCount);
    var md5sumSmall = Md5sum(small);
    var (addSmall, readdSmall) = await AddTwiceAsync(baseDir, "small", LinkType.Copy);
    Row($"md5sum, {smallCount:N0} small files", md5sumSmall, smallBytes);
    Row($"mlnb data add, {smallCount:N0} small files", addSmall, smallBytes);
    Console.WriteLine($"  wall ratio vs md5sum: {md5sumSmall.Wall / addSmall.Wall:0.00}x; files/s: {smallCount / addSmall.Wall:N0}; unchanged re-add: {readdSmall.Wall:0.000} s");
    Console.WriteLine($"load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
}
finally
{
    if (!keep)
    {
        foreach (var f in Directory.EnumerateFiles(baseDir, "*", SearchOption.AllDirectories)) File.SetAttributes(f, FileAttributes.Normal);
        Directory.Delete(baseDir, recursive: true);
    }
}

static void Row(string what, Timing t, long bytes) =>
    Console.WriteLine($"{what,-40} {t.Wall,8:0.000} s {bytes / 1048576.0 / t.Wall,10:N0} {t.Cpu,8:0.000} s");

static async Task WarmUpAsync(string baseDir)
{
    var root = Path.Combine(baseDir, "warmup");
    for (var i = 0; i < 20; i++)
    {
        Directory.CreateDirectory(Path.Combine(root, "w"));
        File.WriteAllBytes(Path.Combine(root, "w", $"{i}.bin"), new byte[i * 1000 + 1]);
    }
    await AddTwiceAsync(root, "w", LinkType.Copy);
    await AddTwiceAsync(root, "w", LinkType.Hardlink);
}

// Moves the cache aside rather than deleting it: ext4 scans past recently deleted inodes when it creates files, which
// would tax the next measurement. Everything goes when the run ends.
static void Wipe(string root)
{
    var aside = Path.Combine(root, "aside", Guid.NewGuid().ToString("N"));
    Directory.CreateDirectory(aside);
    foreach (var d in new[] { "cache", "tmp" })
        if (Directory.Exists(Path.Combine(root, ".mlnb", d))) Directory.Move(Path.Combine(root, ".mlnb", d), Path.Combine(aside, d));
    foreach (var f in Directory.EnumerateFiles(root, "*.dvc")) File.Delete(f);
}

static async Task<(Timing Add, Timing ReAdd)> AddTwiceAsync(string root, string folder, LinkType link, bool direct = false)
{
    await using var ws = await Workspace.InitAsync(root);
    using var data = new DataClient(ws, new DataOptions { LinkType = link, DirectWrites = direct });
    var path = Path.Combine(root, folder);
    var add = await Timing.OfAsync(() => data.AddAsync([path]));
    var readd = await Timing.OfAsync(() => data.AddAsync([path]));
    return (add, readd);
}

// md5sum's wall and CPU time (user + sys of the whole pipeline, from getrusage of the children).
static Timing Md5sum(string dir)
{
    var psi = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true, UseShellExecute = false };
    psi.ArgumentList.Add("-c");
    psi.ArgumentList.Add($"find '{dir}' -type f -print0 | xargs -0 md5sum > /dev/null; times >&2");
    var sw = Stopwatch.StartNew();
    using var p = Process.Start(psi)!;
    var err = p.StandardError.ReadToEnd();
    p.WaitForExit();
    if (p.ExitCode != 0) throw new InvalidOperationException("md5sum failed: " + err);
    var wall = sw.Elapsed.TotalSeconds;
    // `times` prints "0m0.001s 0m0.002s\n1m2.345s 0m0.500s": the second line is the children's user and sys time.
    var children = err.Trim().Split('\n')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    static double Sec(string t) { var m = t.IndexOf('m'); return double.Parse(t[..m], CultureInfo.InvariantCulture) * 60 + double.Parse(t[(m + 1)..^1], CultureInfo.InvariantCulture); }
    return new Timing(wall, Sec(children[0]) + Sec(children[1]));
}

// Mixed sizes: half the bytes in 64 MB files, a quarter in 4 MB files, the rest in 256 KB and 16-112 KB files.
static long Generate(string dir, int sizeMb)
{
    var rng = new Random(42);
    long total = 0;
    var plan = new List<int>();
    void Add(long budget, int size) { for (long b = 0; b + size <= budget; b += size) plan.Add(size); }
    long all = sizeMb * 1048576L;
    Add(all / 2, 64 << 20);
    Add(all / 4, 4 << 20);
    Add(all / 8, 256 << 10);
    for (long b = 0; b < all / 8;) { var s = rng.Next(16, 112) << 10; plan.Add(s); b += s; }
    var buffer = new byte[64 << 20];
    rng.NextBytes(buffer);
    for (var i = 0; i < plan.Count; i++)
    {
        var path = Path.Combine(dir, $"d{i % 16}", $"f{i}.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        buffer[i % buffer.Length] ^= 0x5a; // distinct content per file
        BitConverter.TryWriteBytes(buffer.AsSpan(0, 4), i);
        using var f = File.Create(path);
        f.Write(buffer, 0, plan[i]);
        total += plan[i];
    }
    return total;
}

static long GenerateSmall(string dir, int count)
{
    var rng = new Random(7);
    long total = 0;
    var buffer = new byte[4096];
    for (var i = 0; i < count; i++)
    {
        var path = Path.Combine(dir, $"s{i % 100}", $"f{i}.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        rng.NextBytes(buffer);
        var n = rng.Next(100, 4096);
        File.WriteAllBytes(path, buffer.AsSpan(0, n).ToArray());
        total += n;
    }
    return total;
}

int Arg(string name, int fallback) => ArgS(name) is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : fallback;

string? ArgS(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

/// <summary>Wall-clock seconds and CPU seconds (user + system) of one measured step.</summary>
internal readonly record struct Timing(double Wall, double Cpu)
{
    public static async Task<Timing> OfAsync(Func<Task> work)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        await work();
        var wall = sw.Elapsed.TotalSeconds;
        return new Timing(wall, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }
}
