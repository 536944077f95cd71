using System.Diagnostics;
using System.Globalization;
using MlNotebooks;
using MlNotebooks.Data;

// Side by side, in the same run, on the same files (both read them from the page cache: the generator just wrote them):
//   md5sum (one process, what DVC users compare against)  vs  mlnb data add (hash + copy into the cache, all cores).
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
    var md5sum = Md5sum(big);
    var (add, readd) = await AddTwiceAsync(baseDir, "mixed", LinkType.Copy);
    Wipe(baseDir);
    var (addLink, _) = await AddTwiceAsync(baseDir, "mixed", LinkType.Hardlink);
    Wipe(baseDir);
    Row("md5sum (1 process, hash only)", md5sum, bytes);
    Row("mlnb data add (hash + copy to cache)", add, bytes);
    Row("mlnb data add --link hardlink", addLink, bytes);
    Console.WriteLine($"  ratio vs md5sum: copy {md5sum / add:0.00}x, hardlink {md5sum / addLink:0.00}x  (target >= 1.5x)");
    Console.WriteLine($"  unchanged re-add: {readd:0.000} s  (target < 0.1 s)");

    var small = Path.Combine(baseDir, "small");
    var smallBytes = GenerateSmall(small, smallCount);
    var md5sumSmall = Md5sum(small);
    var (addSmall, readdSmall) = await AddTwiceAsync(baseDir, "small", LinkType.Copy);
    Row($"md5sum, {smallCount:N0} small files", md5sumSmall, smallBytes);
    Row($"mlnb data add, {smallCount:N0} small files", addSmall, smallBytes);
    Console.WriteLine($"  ratio add vs md5sum: {md5sumSmall / addSmall:0.00}x; files/s: {smallCount / addSmall:N0}; unchanged re-add: {readdSmall:0.000} s");
}
finally
{
    if (!keep)
    {
        foreach (var f in Directory.EnumerateFiles(baseDir, "*", SearchOption.AllDirectories)) File.SetAttributes(f, FileAttributes.Normal);
        Directory.Delete(baseDir, recursive: true);
    }
}

static void Row(string what, double seconds, long bytes) =>
    Console.WriteLine($"{what,-40} {seconds,8:0.000} s  {bytes / 1048576.0 / seconds,8:N0} MB/s");

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

static void Wipe(string root)
{
    foreach (var d in new[] { Path.Combine(root, ".mlnb", "cache"), Path.Combine(root, ".mlnb", "tmp") })
    {
        if (!Directory.Exists(d)) continue;
        foreach (var f in Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories)) File.SetAttributes(f, FileAttributes.Normal);
        Directory.Delete(d, recursive: true);
    }
    foreach (var f in Directory.EnumerateFiles(root, "*.dvc")) File.Delete(f);
}

static async Task<(double Add, double ReAdd)> AddTwiceAsync(string root, string folder, LinkType link)
{
    await using var ws = await Workspace.InitAsync(root);
    using var data = new DataClient(ws, new DataOptions { LinkType = link });
    var path = Path.Combine(root, folder);
    var sw = Stopwatch.StartNew();
    await data.AddAsync([path]);
    var add = sw.Elapsed.TotalSeconds;
    sw.Restart();
    await data.AddAsync([path]);
    return (add, sw.Elapsed.TotalSeconds);
}

static double Md5sum(string dir)
{
    var psi = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = false, UseShellExecute = false };
    psi.ArgumentList.Add("-c");
    psi.ArgumentList.Add($"find '{dir}' -type f -print0 | xargs -0 md5sum > /dev/null");
    var sw = Stopwatch.StartNew();
    using var p = Process.Start(psi)!;
    p.WaitForExit();
    if (p.ExitCode != 0) throw new InvalidOperationException("md5sum failed");
    return sw.Elapsed.TotalSeconds;
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
