using System.Text.Json;
using MlNotebooks.Tests.Support;
using Xunit.Abstractions;

namespace MlNotebooks.Cli.Tests.Faults;

/// <summary>
/// SIGKILL at seeded random points of <c>data add</c>, <c>push</c>, <c>pull</c> and <c>checkout</c> (a named fault
/// point or a random delay), then: every object rehashed, the store opens, the same command completes, no temp file
/// is left after it, and every version an earlier command acknowledged is still whole in the cache and the remote.
/// </summary>
public sealed class DataFaultTests(ITestOutputHelper output)
{
    private static readonly string[] Ops = ["add", "push", "pull", "checkout"];

    [Fact]
    public async Task KilledDataCommands_LeaveNoPartialObjectNoStaleTempFileAndLoseNothingAcknowledged()
    {
        var rig = new FaultRig(output, "data add/push/pull/checkout");
        var rng = rig.NewRandom();
        rig.Log($"seed {rig.Seed} (replay with MLNB_FAULT_SEED={rig.Seed})");
        using var w = new TempDir();
        using var w2 = new TempDir();
        using var remote = new TempDir();
        var cache = Path.Combine(w.Path, ".mlnb", "cache");
        var cache2 = Path.Combine(w2.Path, ".mlnb", "cache");
        await Ok(w.Path, "init");
        await Ok(w2.Path, "init");
        await Ok(w.Path, "data", "remote", "add", "r", remote.Path, "--default");
        for (var f = 0; f < 6; f++) FaultRig.RandomFile(rng, Path.Combine(w.Path, "d", $"f{f}.bin"), rng.Next(100_000, 1_500_000));
        await Ok(w.Path, "data", "add", "d");
        var ackedAdds = new List<string> { Pointer(w.Path) };
        var ackedPushes = new List<string>();
        var digests = new Dictionary<string, string> { [Pointer(w.Path)] = FaultRig.FolderDigest(Path.Combine(w.Path, "d")) };

        for (var i = 0; i < FaultRig.Count(24); i++)
        {
            var op = Ops[rng.Next(Ops.Length)];
            string dir = w.Path;
            string[] args;
            Fault fault;
            switch (op)
            {
                case "add":
                    for (var k = rng.Next(1, 4); k > 0; k--) FaultRig.RandomFile(rng, Path.Combine(w.Path, "d", $"f{rng.Next(6)}.bin"), rng.Next(100_000, 1_500_000));
                    args = ["data", "add", "d"];
                    fault = FaultRig.Pick(rng, ["store.place", "data.pointer"], 4, 1500);
                    break;
                case "push":
                    args = ["data", "push"];
                    fault = FaultRig.Pick(rng, ["remote.upload"], 6, 1200);
                    break;
                case "pull":
                    // A second clone pulls what the first pushed: the pointer file and the remote travel, the cache does not.
                    await Ok(w.Path, "data", "push");
                    ackedPushes.Add(Pointer(w.Path));
                    Directory.CreateDirectory(Path.Combine(w2.Path, ".dvc"));
                    File.Copy(Path.Combine(w.Path, ".dvc", "config"), Path.Combine(w2.Path, ".dvc", "config"), overwrite: true);
                    File.Copy(Path.Combine(w.Path, "d.dvc"), Path.Combine(w2.Path, "d.dvc"), overwrite: true);
                    if (Directory.Exists(Path.Combine(w2.Path, "d"))) Directory.Delete(Path.Combine(w2.Path, "d"), recursive: true);
                    if (Directory.Exists(Path.Combine(cache2, "files"))) Directory.Delete(Path.Combine(cache2, "files"), recursive: true);
                    dir = w2.Path;
                    args = ["data", "pull"];
                    fault = FaultRig.Pick(rng, ["store.place", "checkout.file"], 6, 1500);
                    break;
                default:
                    var files = Directory.GetFiles(Path.Combine(w.Path, "d"));
                    foreach (var f in files.OrderBy(_ => rng.Next()).Take(rng.Next(1, 4))) File.Delete(f);
                    args = ["data", "checkout", "d"];
                    fault = FaultRig.Pick(rng, ["checkout.file"], 3, 900);
                    break;
            }
            var r = await FaultRig.MlnbAsync(dir, fault, args);
            rig.Faults++;
            if (r.Killed) rig.Killed++;
            else if (r.ExitCode != 0) rig.Problem($"{op} under {fault} failed without being killed: {r.Stderr.Trim()}");
            rig.Log($"fault {i}: {op} with {fault}: {(r.Killed ? "killed" : $"exit {r.ExitCode}")}");

            // The stores hold no partial object, whatever the point the process died at.
            rig.Partial += rig.CountPartialObjects(cache) + rig.CountPartialObjects(cache2) + rig.CountPartialObjects(remote.Path);
            // The store opens and the same command completes.
            var status = await FaultRig.MlnbAsync(dir, null, "data", "status");
            if (status.ExitCode != 0) rig.Problem($"after {op} under {fault}: `data status` failed: {status.Stderr.Trim()}");
            var next = await FaultRig.MlnbAsync(dir, null, args);
            if (next.ExitCode != 0) rig.Problem($"after {op} under {fault}: the next `{string.Join(' ', args)}` failed: {next.Stderr.Trim()}");
            // Acknowledged results.
            if (op == "add") { ackedAdds.Add(Pointer(w.Path)); digests[Pointer(w.Path)] = FaultRig.FolderDigest(Path.Combine(w.Path, "d")); }
            if (op == "push") ackedPushes.Add(Pointer(w.Path));
            if (op == "pull" && FaultRig.FolderDigest(Path.Combine(w2.Path, "d")) != digests[Pointer(w2.Path)])
            {
                rig.Lost++;
                rig.Problem($"pull after {fault}: the pulled folder differs from what was added");
            }
            if (op == "checkout" && FaultRig.FolderDigest(Path.Combine(w.Path, "d")) != digests[Pointer(w.Path)])
            {
                rig.Lost++;
                rig.Problem($"checkout after {fault}: the folder differs from what was added");
            }
            rig.Lost += ackedAdds.Distinct().Count(a => !Whole(cache, a, rig, "cache"));
            rig.Lost += ackedPushes.Distinct().Count(a => !Whole(remote.Path, a, rig, "remote"));
            // No temp file of a killed writer survives the next write.
            rig.Stale += rig.CountTempFiles(Path.Combine(cache, "tmp"), Path.Combine(cache2, "tmp"), remote.Path, Path.Combine(w.Path, "d"), Path.Combine(w2.Path, "d"));
        }
        rig.Finish();
    }

    [Fact]
    public async Task Gc_RemovesTheTempFilesOfDeadWriters_AndSaysWhatItReclaimed()
    {
        using var w = new TempDir();
        await Ok(w.Path, "init");
        var tmp = Path.Combine(w.Path, ".mlnb", "cache", "tmp");
        Directory.CreateDirectory(tmp);
        using var gone = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!;
        gone.WaitForExit();
        var dead = Path.Combine(tmp, $"mlnb-{MlNotebooks.Storage.ProcessIdentity.HostToken}-{gone.Id}-1-{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(dead, new byte[3 << 20]);
        var live = MlNotebooks.Storage.TempFiles.NewPath(tmp); // this test process is alive: its file stays
        File.WriteAllBytes(live, new byte[10]);

        var dry = await FaultRig.MlnbAsync(w.Path, null, "data", "gc", "-w", "--dry-run");
        var r = await FaultRig.MlnbAsync(w.Path, null, "data", "gc", "-w");

        Assert.Contains("Would reclaim 1 stale temp file(s) (3.0 MiB) left by killed writers", dry.Out);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Reclaimed 1 stale temp file(s) (3.0 MiB) left by killed writers", r.Out);
        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(live));
    }

    private static async Task Ok(string dir, params string[] args)
    {
        var r = await FaultRig.MlnbAsync(dir, null, args);
        Assert.True(r.ExitCode == 0, $"mlnb {string.Join(' ', args)}: {r.Stderr}");
    }

    /// <summary>The folder's address recorded in d.dvc.</summary>
    private static string Pointer(string dir) =>
        File.ReadAllLines(Path.Combine(dir, "d.dvc")).Select(l => l.Trim()).First(l => l.StartsWith("- md5: ", StringComparison.Ordinal) || l.StartsWith("md5: ", StringComparison.Ordinal)).Split(": ")[1];

    /// <summary>True when a store holds a folder version's manifest and every file it lists.</summary>
    private static bool Whole(string storeRoot, string dirAddress, FaultRig rig, string what)
    {
        string ObjectPath(string a) => Path.Combine(storeRoot, "files", "md5", a[..2], a[2..]);
        if (!File.Exists(ObjectPath(dirAddress)))
        {
            rig.Problem($"acknowledged version {dirAddress} is missing from the {what}");
            return false;
        }
        using var doc = JsonDocument.Parse(File.ReadAllText(ObjectPath(dirAddress)));
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            var md5 = e.GetProperty("md5").GetString()!;
            if (!File.Exists(ObjectPath(md5)) || FaultRig.Md5(ObjectPath(md5)) != md5)
            {
                rig.Problem($"file {md5} of acknowledged version {dirAddress} is missing or damaged in the {what}");
                return false;
            }
        }
        return true;
    }
}
