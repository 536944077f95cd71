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
