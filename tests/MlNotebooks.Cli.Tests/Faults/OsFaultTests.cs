using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MlNotebooks.Tests.Support;
using Xunit.Abstractions;

namespace MlNotebooks.Cli.Tests.Faults;

/// <summary>
/// Operating-system conditions, for real: a full file system (an 8 MiB tmpfs), a read-only one (the tmpfs remounted
/// ro), a folder the user may not write (a non-root user through setpriv), files deleted while <c>data add</c> reads
/// them, a remote that drops the connection. Each gives one line naming the path and the fix, with its exit code,
/// leaves no partial object and no temp file, and the next command completes once the condition is gone.
/// </summary>
public sealed class OsFaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task FullAndReadOnlyFileSystems_GiveOneLineErrorsAndLeaveTheStoreWhole()
    {
        var rig = new FaultRig(output, "ENOSPC + read-only store");
        var rng = rig.NewRandom();
        using var mnt = new TempDir();
        var mount = Run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mnt.Path);
        if (mount.Code != 0)
        {
            // Only this case depends on mounting; say why it did not run.
            output.WriteLine($"SKIPPED the ENOSPC/read-only cases: mounting a tmpfs was refused ({mount.Err.Trim()})");
            return;
        }
        try
        {
            var w = mnt.Path;
            var cache = Path.Combine(w, ".mlnb", "cache");
            Assert.Equal(0, (await FaultRig.MlnbAsync(w, null, "init")).ExitCode);
            FaultRig.RandomFile(rng, Path.Combine(w, "one.bin"), 50_000);
            Assert.Equal(0, (await FaultRig.MlnbAsync(w, null, "data", "add", "one.bin")).ExitCode);
            var oneMd5 = FaultRig.Md5(Path.Combine(w, "one.bin"));
            for (var i = 0; i < FaultRig.Count(4); i++)
            {
                // 4.2..5.4 MB of data needs as much again in the cache: more than the 8 MiB holds.
                for (var f = 0; f < 3; f++) FaultRig.RandomFile(rng, Path.Combine(w, "d", $"f{f}.bin"), rng.Next(1_400_000, 1_800_000));
                var r = await FaultRig.MlnbAsync(w, null, "data", "add", "d");
                rig.Faults++;
                rig.Log($"ENOSPC {i}: exit {r.ExitCode}: {r.Stderr.Trim()}");
                ExpectOneLine(rig, r, 7, "out of space writing", "needed", "free on", "mlnb data gc");
                rig.Partial += rig.CountPartialObjects(cache);
                // The failed add cleaned up after itself: no temp file even before the next write.
                rig.Stale += rig.CountTempFiles(Path.Combine(cache, "tmp"), Path.Combine(w, "d"));
                File.Delete(Path.Combine(w, "d", "f2.bin"));
                File.Delete(Path.Combine(w, "d", "f1.bin"));
                var next = await FaultRig.MlnbAsync(w, null, "data", "add", "d");
                if (next.ExitCode != 0) rig.Problem($"add after freeing space failed: {next.Stderr.Trim()}");
                if (FaultRig.Md5(Path.Combine(cache, "files", "md5", oneMd5[..2], oneMd5[2..])) != oneMd5) { rig.Lost++; rig.Problem("one.bin's object was damaged"); }
                Directory.Delete(Path.Combine(w, "d"), recursive: true);
                File.Delete(Path.Combine(w, "d.dvc"));
                Assert.Equal(0, (await FaultRig.MlnbAsync(w, null, "data", "gc", "-w")).ExitCode);
            }

            // Read-only: every write names the read-only mount and how to remount it.
            FaultRig.RandomFile(rng, Path.Combine(w, "two.bin"), 10_000);
            Assert.Equal(0, Run("mount", "-o", "remount,ro", w).Code);
            try
            {
                foreach (var args in new[] { new[] { "data", "add", "two.bin" }, ["runs", "create", "-e", "ro"] })
                {
                    var r = await FaultRig.MlnbAsync(w, null, args);
                    rig.Faults++;
                    rig.Log($"read-only `{string.Join(' ', args)}`: exit {r.ExitCode}: {r.Stderr.Trim()}");
                    ExpectOneLine(rig, r, 6, "read-only file system", "remount");
                }
            }
            finally
            {
                Run("mount", "-o", "remount,rw", w);
            }
            var after = await FaultRig.MlnbAsync(w, null, "data", "add", "two.bin");
            if (after.ExitCode != 0) rig.Problem($"add after remounting rw failed: {after.Stderr.Trim()}");
            rig.Partial += rig.CountPartialObjects(cache);
            rig.Stale += rig.CountTempFiles(Path.Combine(cache, "tmp"));
        }
        finally
        {
            Run("umount", "-l", mnt.Path);
        }
        rig.Finish();
    }

    [Fact]
    public async Task PermissionDeniedDeletedFilesAndDroppedConnections_GiveOneLineErrors()
    {
        var rig = new FaultRig(output, "permission denied + deleted mid-read + dropped connection");
        var rng = rig.NewRandom();
        using var w = new TempDir();
        Assert.Equal(0, (await FaultRig.MlnbAsync(w.Path, null, "init")).ExitCode);
        var cache = Path.Combine(w.Path, ".mlnb", "cache");

        // Permission denied: another user owns the cache. Root ignores modes, so the command runs as nobody.
        if (Environment.UserName == "root" && Run("which", "setpriv").Code == 0)
        {
            FaultRig.RandomFile(rng, Path.Combine(w.Path, "p.bin"), 10_000);
            Directory.CreateDirectory(cache);
            Run("chown", "-R", "nobody", w.Path);
            Run("chown", "root", cache);
            Run("chmod", "755", cache);
            using var home = new TempDir();
            Run("chmod", "777", home.Path);
            var r = RunIn(w.Path, "setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "env", $"HOME={home.Path}", $"DOTNET_CLI_HOME={home.Path}", "NO_COLOR=1",
                "dotnet", Support.MlnbProcess.DllPath, "data", "add", "p.bin");
            rig.Faults++;
            rig.Log($"permission denied: exit {r.Code}: {r.Err.Trim()}");
            ExpectOneLine(rig, new ChildResult(r.Code, [], r.Err), 6, "permission denied on", "nobody", "chown");
            Run("chown", "-R", "root", w.Path);
            var next = await FaultRig.MlnbAsync(w.Path, null, "data", "add", "p.bin");
            if (next.ExitCode != 0) rig.Problem($"add as the owner failed: {next.Stderr.Trim()}");
        }
        else output.WriteLine("SKIPPED the permission case: it needs root and setpriv to run as another user");

        // Files deleted while data add reads them: it completes, or says which file disappeared; never an internal error.
        for (var i = 0; i < FaultRig.Count(3); i++)
        {
            var d = Path.Combine(w.Path, $"many{i}");
            for (var f = 0; f < 400; f++) FaultRig.RandomFile(rng, Path.Combine(d, $"f{f:D3}.bin"), 20_000);
            var delay = rng.Next(200, 600);
            var deleter = Task.Run(async () =>
            {
                await Task.Delay(delay);
                foreach (var f in Directory.GetFiles(d).OrderDescending()) { File.Delete(f); await Task.Delay(1); }
            });
            var r = await FaultRig.MlnbAsync(w.Path, null, "data", "add", $"many{i}");
            await deleter;
            rig.Faults++;
            rig.Log($"deleted mid-read {i}: exit {r.ExitCode}: {r.Stderr.Trim()}");
            if (r.ExitCode != 0) ExpectOneLine(rig, r, 3, "disappeared while it was being read", "run the command again");
            rig.Partial += rig.CountPartialObjects(cache);
            Directory.Delete(d, recursive: true);
            File.Delete(d + ".dvc");
        }

        // A remote that accepts the connection and drops it.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        var dropper = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var c = await listener.AcceptTcpClientAsync(stop.Token);
                    c.Client.LingerState = new LingerOption(true, 0); // RST, not FIN
                }
                catch (OperationCanceledException) { return; }
                catch (SocketException) { }
            }
        });
        FaultRig.RandomFile(rng, Path.Combine(w.Path, "s.bin"), 10_000);
        Assert.Equal(0, (await FaultRig.MlnbAsync(w.Path, null, "data", "add", "s.bin")).ExitCode);
        Assert.Equal(0, (await FaultRig.MlnbAsync(w.Path, null, "data", "remote", "add", "s3", "s3://bucket/x", "--default")).ExitCode);
        Assert.Equal(0, (await FaultRig.MlnbAsync(w.Path, null, "data", "remote", "modify", "s3", "endpointurl", $"http://127.0.0.1:{port}")).ExitCode);
        var env = new Dictionary<string, string?> { ["AWS_ACCESS_KEY_ID"] = "k", ["AWS_SECRET_ACCESS_KEY"] = "s" };
        foreach (var verb in new[] { "push", "pull" })
        {
            // A pull needs the remote only for what the cache lacks.
            if (verb == "pull") Directory.Delete(Path.Combine(cache, "files"), recursive: true);
            var r = await Support.MlnbProcess.RunAsync(w.Path, env, "data", verb);
            rig.Faults++;
            rig.Log($"dropped connection ({verb}): exit {r.ExitCode}: {r.Stderr.Trim()}");
            ExpectOneLine(rig, new ChildResult(r.ExitCode, [], r.Stderr), 7, "s3://bucket/x", "that the server is running");
        }
        await stop.CancelAsync();
        listener.Stop();
        await dropper;
        rig.Stale += rig.CountTempFiles(Path.Combine(cache, "tmp"));
        rig.Finish();
    }

    private static void ExpectOneLine(FaultRig rig, ChildResult r, int exitCode, params string[] parts)
    {
        var err = r.Stderr.Trim();
        if (r.ExitCode != exitCode) rig.Problem($"exit code {r.ExitCode}, expected {exitCode}: {err}");
        if (err.Contains('\n')) rig.Problem($"more than one line: {err}");
        if (err.Contains("unexpected", StringComparison.Ordinal) || err.Contains("please report", StringComparison.Ordinal)) rig.Problem($"an internal error for an OS condition: {err}");
        foreach (var p in parts)
            if (!err.Contains(p, StringComparison.Ordinal)) rig.Problem($"the message does not say '{p}': {err}");
    }

    private static (int Code, string Out, string Err) Run(string file, params string[] args) => RunIn(null, file, args);

    private static (int Code, string Out, string Err) RunIn(string? dir, string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (dir is not null) psi.WorkingDirectory = dir;
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["MLNB_TRACKING_URI"] = null;
        try
        {
            using var p = Process.Start(psi)!;
            var o = p.StandardOutput.ReadToEndAsync();
            var e = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, o.Result, e);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (127, "", e.Message);
        }
    }
}
