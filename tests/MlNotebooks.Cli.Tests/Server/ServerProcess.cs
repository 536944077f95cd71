using System.Diagnostics;
using System.Text.RegularExpressions;
using MlNotebooks.Cli.Tests.Support;

namespace MlNotebooks.Cli.Tests.Server;

/// <summary>A real `mlnb server` child process over a SQLite store; killed (SIGKILL) or stopped by the test.</summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<ServerProcess> StartAsync(string workingDirectory, string trackingUri, int port = 0)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { MlnbProcess.DllPath, "server", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--tracking-uri", trackingUri }) psi.ArgumentList.Add(a);
        psi.Environment["MLNB_TRACKING_URI"] = null;
        var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (await p.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            var m = Listening().Match(line);
            if (m.Success)
            {
                _ = p.StandardOutput.ReadToEndAsync();
                return new ServerProcess(p, new Uri(m.Groups[1].Value));
            }
        }
        await p.WaitForExitAsync();
        throw new InvalidOperationException($"mlnb server exited with {p.ExitCode} before listening: {await stderr}");
    }

    /// <summary>SIGKILL: no graceful shutdown, in-flight requests are cut.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    [GeneratedRegex(@"listening on (http://\S+)")]
    private static partial Regex Listening();
}
