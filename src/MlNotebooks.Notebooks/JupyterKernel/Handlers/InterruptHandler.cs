using MlNotebooks.Notebooks.JupyterKernel.Protocol;
using MlNotebooks.Notebooks.JupyterKernel.Transport;

namespace MlNotebooks.Notebooks.JupyterKernel.Handlers;

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
