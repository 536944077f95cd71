using System.Text.Json.Nodes;
using MlNotebooks.Notebooks.JupyterKernel.Protocol;
using MlNotebooks.Notebooks.JupyterKernel.Transport;

namespace MlNotebooks.Notebooks.JupyterKernel.Handlers;

/// <summary><c>comm_info_request</c>: this kernel opens no comms.</summary>
internal sealed class CommInfoHandler : IMessageHandler
{
    public string MsgType => "comm_info_request";

    public Task HandleAsync(Channel channel, JupyterMessage request, KernelSession session)
    {
        session.Reply(channel, request, "comm_info_reply", new CommInfoReply(new JsonObject()));
        return Task.CompletedTask;
    }
}

/// <summary><c>interrupt_request</c> (control): the running cell is cancelled, the kernel lives on.</summary>
internal sealed class InterruptHandler : IMessageHandler
{
    public string MsgType => "interrupt_request";

    public Task HandleAsync(Channel channel, JupyterMessage request, KernelSession session)
    {
        session.Interrupt();
        session.Reply(channel, request, "interrupt_reply", new InterruptReply());
        return Task.CompletedTask;
    }
}

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

/// <summary><c>history_request</c>: tail, range or search over this kernel's inputs.</summary>
internal sealed class HistoryHandler : IMessageHandler
{
    public string MsgType => "history_request";

    public Task HandleAsync(Channel channel, JupyterMessage request, KernelSession session)
    {
        var r = request.Read<HistoryRequest>();
        var rows = r.HistAccessType switch
        {
            "range" => session.History.Range(r.Session, r.Start, r.Stop, r.Output),
            "search" => session.History.Search(r.Pattern, r.N, r.Unique, r.Output),
            _ => session.History.Tail(r.N ?? 10, r.Output),
        };
        session.Reply(channel, request, "history_reply", new HistoryReply(rows));
        return Task.CompletedTask;
    }
}
