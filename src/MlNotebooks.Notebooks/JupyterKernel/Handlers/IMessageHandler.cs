using MlNotebooks.Notebooks.JupyterKernel.Protocol;
using MlNotebooks.Notebooks.JupyterKernel.Transport;

namespace MlNotebooks.Notebooks.JupyterKernel.Handlers;

/// <summary>Answers one msg_type. The dispatcher publishes busy/idle around it; the handler sends its reply.</summary>
internal interface IMessageHandler
{
    /// <summary>The request type handled, e.g. <c>execute_request</c>.</summary>
    string MsgType { get; }

    Task HandleAsync(Channel channel, JupyterMessage request, KernelSession session);
}
