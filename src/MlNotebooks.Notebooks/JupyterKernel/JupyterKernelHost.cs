using System.Runtime.InteropServices;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using MlNotebooks.Interactive;
using MlNotebooks.Notebooks.Execution;
using MlNotebooks.Notebooks.JupyterKernel.Protocol;
using MlNotebooks.Notebooks.JupyterKernel.Transport;

namespace MlNotebooks.Notebooks.JupyterKernel;

/// <summary>
/// <c>mlnb kernel start {connection_file}</c>: a Jupyter kernel (messaging protocol 5.3 over ZeroMQ) around the same
/// in-process .NET Interactive host as <c>mlnb notebook run</c> (<see cref="KernelHost"/>), so the MlNotebooks magics and
/// <c>Track</c> are there from the first cell. Runs until shutdown_request, or until the Jupyter server is gone.
/// </summary>
public static class JupyterKernelHost
{
    /// <summary>Serves the kernel; returns the exit code. <paramref name="log"/> gets diagnostics (stderr: Jupyter's kernel log).</summary>
    public static async Task<int> RunAsync(string connectionFile, Action<string> log, CancellationToken cancellationToken = default)
    {
        var info = ConnectionInfo.Load(connectionFile);
        var parent = ParentWatch.ParentPid();
        if (Environment.GetEnvironmentVariable("JPY_SESSION_NAME") is { Length: > 0 } notebook && File.Exists(notebook))
            TrackingSession.Shared.Lineage.NotebookPath = Path.GetFullPath(notebook); // the notebook Jupyter opened, for run lineage
        using var host = await KernelHost.StartAsync().ConfigureAwait(false);
        KernelSockets sockets;
        try
        {
            sockets = new KernelSockets(info, log);
        }
        catch (NetMQ.NetMQException e)
        {
            throw MlnbException.State($"cannot bind the kernel's sockets on {info.Ip} ({e.Message}); a port in '{connectionFile}' is taken: let Jupyter write a new connection file");
        }
        using (sockets)
        {
            var session = new KernelSession(host, sockets.Send, log);
            var dispatcher = new Dispatcher(session);
            sockets.Received = dispatcher.Receive;
            ConnectStdin(host, session);
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; session.Interrupt(); });
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            sockets.Start();
            session.Publish(null, "status", new Status("starting"));
            var loops = dispatcher.RunAsync(stop.Token);
            var parentGone = parent is { } pid ? ParentWatch.WaitForExitAsync(pid, stop.Token) : Task.Delay(Timeout.Infinite, stop.Token);
            var ended = await Task.WhenAny(session.Shutdown.Task, parentGone, loops).ConfigureAwait(false);
            if (ended == parentGone && !stop.IsCancellationRequested) log($"parent process {parent} is gone: shutting down");
            await TrackingSession.Shared.EndAllAsync(Tracking.RunStatus.Killed).ConfigureAwait(false);
            await sockets.FlushAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            stop.Cancel();
        }
        return 0;
    }

    /// <summary>Console.ReadLine and .NET Interactive's input requests both ask the frontend over stdin.</summary>
    private static void ConnectStdin(KernelHost host, KernelSession session)
    {
        Console.SetIn(new StdinReader(session));
        host.Kernel.RegisterCommandHandler<RequestInput>((command, context) =>
        {
            var value = session.Stdin.Read(command.Prompt ?? "", command.IsPassword, session.AskStdin);
            context.Publish(new InputProduced(value, command));
            return Task.CompletedTask;
        });
    }
}
