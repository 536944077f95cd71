using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MlNotebooks.Features.Tests.Online;

/// <summary>
/// The Redis a test class uses: Debian's redis-server of its own on a free 127.0.0.1 port, never the shared one
/// (scripts/services/40-redis.sh): keys are project:view:entity, so a shared server kept another run's newer values.
/// </summary>
public sealed class RedisFixture : IDisposable
{
    private readonly Process? _own;

    public RedisFixture()
    {
        var port = FreePort();
        _own = Process.Start(new ProcessStartInfo("redis-server", $"--bind 127.0.0.1 --port {port} --save \"\" --appendonly no --dir {Path.GetTempPath()}")
        { RedirectStandardOutput = true, UseShellExecute = false })!;
        _own.StandardOutput.ReadLineAsync();
        Address = $"127.0.0.1:{port}";
        for (var i = 0; i < 100; i++)
        {
            try { using var c = new TcpClient(); c.Connect(IPAddress.Loopback, port); return; }
            catch (SocketException) { Thread.Sleep(50); }
        }
        throw new InvalidOperationException("redis-server did not start; install it (scripts/deps/apt-features.txt)");
    }

    public string Address { get; }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (_own is null) return;
        _own.Kill();
        _own.WaitForExit();
        _own.Dispose();
    }
}
