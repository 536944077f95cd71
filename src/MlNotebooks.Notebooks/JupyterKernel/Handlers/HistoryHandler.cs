using MlNotebooks.Notebooks.JupyterKernel.Protocol;
using MlNotebooks.Notebooks.JupyterKernel.Transport;

namespace MlNotebooks.Notebooks.JupyterKernel.Handlers;

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
