using MlNotebooks.Notebooks.JupyterKernel.Protocol;
using MlNotebooks.Notebooks.JupyterKernel.Transport;

namespace MlNotebooks.Notebooks.JupyterKernel.Handlers;

/// <summary><c>shutdown_request</c>: reply, then exit (on restart the kernel manager starts a new process).</summary>
internal sealed class ShutdownHandler : IMessageHandler
{
    public string MsgType => "shutdown_request";

    public Task HandleAsync(Channel channel, JupyterMessage request, KernelSession session)
    {
        var restart = request.Read<ShutdownContent>().Restart;
        session.Reply(channel, request, "shutdown_reply", new ShutdownContent(restart, "ok"));
        session.Shutdown.TrySetResult(restart);
        return Task.CompletedTask;
    }
}
