using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using MlNotebooks.Interactive.Processes;
using MlNotebooks.Registry;

namespace MlNotebooks.Interactive.Magics.Deploy;

/// <summary>
/// One <c>mlnb serve</c> child process started from the kernel: ONNX Runtime and Kestrel live there, not in the
/// kernel, and it keeps serving after the cell that started it. Its output is kept (the last lines) for error messages,
/// and each scrape of its <c>/metrics</c> is kept for rates and charts.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private const int KeptLines = 40;
    private const int KeptSamples = 3600;
    private readonly Process _process;
    private readonly Queue<string> _output = new();
    private readonly List<MetricsSample> _samples = [];
    private int _disposed;

    private ServerProcess(string name, ModelUri model, ModelVersion version, Uri url, Process process)
    {
        Name = name;
        Model = model;
        Version = version;
        Url = url;
        _process = process;
        Pid = process.Id;
        _samples.Add(MetricsSample.Zero(StartedAt));
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
    }

    /// <summary>The name it is known by in this kernel (the model's name unless <c>--name</c> gave another).</summary>
    public string Name { get; }

    /// <summary>What it serves, as given.</summary>
    public ModelUri Model { get; }

    /// <summary>The version the URI resolved to when it started (the server follows the alias afterwards).</summary>
    public ModelVersion Version { get; }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri Url { get; }

    /// <summary>Where the model answers inference requests (OIP v2).</summary>
    public Uri InferUrl => new(Url, $"v2/models/{Uri.EscapeDataString(Model.Name)}/infer");

    /// <summary>The child's process id.</summary>
    public int Pid { get; }

    /// <summary>When it was started.</summary>
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>Whether the child has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>"running", or "exited (code N)".</summary>
    public string State => _process.HasExited ? $"exited (code {_process.ExitCode})" : "running";

    /// <summary>The scrapes so far, oldest first (the first is the zero at start).</summary>
    public IReadOnlyList<MetricsSample> Samples
    {
        get { lock (_samples) return [.. _samples]; }
    }

    /// <summary>
    /// Starts <c>mlnb serve MODEL --host 127.0.0.1 --port PORT</c> and waits until <c>/v2/health/ready</c> answers; fails
    /// with the child's own one-line error when it exits first (port in use, model not loadable), or after
    /// <paramref name="timeout"/>.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string name, ModelUri model, ModelVersion version, int port, Workspace workspace,
        string? trackingUri, HttpClient http, TimeSpan timeout, CancellationToken ct)
    {
        var psi = MlnbCli.StartInfo(["serve", model.ToString(), "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture)],
            workspace.Root ?? Environment.CurrentDirectory, workspace, trackingUri);
        // mlnb serve stops by itself when this process is gone (killed kernels cannot stop their children).
        psi.Environment["MLNB_SERVE_PARENT_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var process = Process.Start(psi) ?? throw new MlnbException(ErrorCode.InternalError, $"could not start `{psi.FileName} {string.Join(' ', psi.ArgumentList)}`");
        var server = new ServerProcess(name, model, version, new Uri($"http://127.0.0.1:{port}/"), process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitReadyAsync(http, timeout, ct).ConfigureAwait(false);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    private async Task WaitReadyAsync(HttpClient http, TimeSpan timeout, CancellationToken ct)
    {
        var ready = new Uri(Url, "v2/health/ready");
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync(ct).ConfigureAwait(false); // the last output lines are in
                throw ChildFailed();
            }
            try
            {
                using var answer = await http.GetAsync(ready, ct).ConfigureAwait(false);
                // Another program on the port answers too; only ours has this process still running and says ready.
                if (answer.IsSuccessStatusCode && !_process.HasExited) return;
            }
            catch (HttpRequestException) { }
            if (Stopwatch.GetTimestamp() > deadline)
                throw new MlnbException(ErrorCode.StoreUnavailable, $"the server for {Model} did not become ready at {ready} within {timeout.TotalSeconds:0} s" +
                    (LastLine() is { } line ? $" (last output: {line})" : "") + "; see whether the machine is busy and run `#!deploy start` again");
            await Task.Delay(100, ct).ConfigureAwait(false);
        }
    }

    private MlnbException ChildFailed()
    {
        lock (_output) return MlnbCli.ChildFailed($"mlnb serve {Model}", _process.ExitCode, [.. _output]);
    }

    private string? LastLine()
    {
        lock (_output) return _output.LastOrDefault(l => l.Trim().Length > 0);
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > KeptLines) _output.Dequeue();
        }
    }

    /// <summary>Scrapes <c>/metrics</c> and keeps the sample.</summary>
    public async Task<MetricsSample> ScrapeAsync(HttpClient http, CancellationToken ct)
    {
        if (_process.HasExited)
            throw MlnbException.State($"the server '{Name}' ({Model}) has {State}" + (LastLine() is { } l ? $"; its last output: {l}" : "") +
                $"; start it again with `#!deploy start {Model} --name {Name}`");
        string text;
        try
        {
            text = await http.GetStringAsync(new Uri(Url, "metrics"), ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new MlnbException(ErrorCode.StoreUnavailable, $"the server '{Name}' (pid {Pid}) did not answer {new Uri(Url, "metrics")} ({e.Message}); " +
                $"stop it with `#!deploy stop {Name}` and start it again");
        }
        var sample = MetricsSample.Parse(text, DateTimeOffset.UtcNow);
        lock (_samples)
        {
            _samples.Add(sample);
            if (_samples.Count > KeptSamples) _samples.RemoveAt(1); // keep the zero at start
        }
        return sample;
    }

    /// <summary>Asks the server to stop (SIGTERM: Kestrel drains), kills it when it has not stopped in time; waits for exit.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited) return;
        if (Kill(Pid, SigTerm) == 0)
        {
            using var wait = new CancellationTokenSource(grace);
            try
            {
                await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) { }
        }
        Dispose();
    }

    /// <summary>Kills the child now (kernel disposal, process exit) and waits for it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException) { } // exited meanwhile
        _process.Dispose();
    }

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
