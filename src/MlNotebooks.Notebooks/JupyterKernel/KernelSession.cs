using MlNotebooks.Notebooks.Execution;
using MlNotebooks.Notebooks.JupyterKernel.Protocol;
using MlNotebooks.Notebooks.JupyterKernel.Transport;

namespace MlNotebooks.Notebooks.JupyterKernel;

/// <summary>
/// What handlers share: the .NET Interactive host, the way out (replies on the request's channel, iopub broadcasts),
/// the execution counter, the history, stdin, and the running cell's interruption.
/// </summary>
internal sealed class KernelSession(KernelHost host, Action<Channel, JupyterMessage> send, Action<string> log)
{
    private CancellationTokenSource _interrupt = new();

    public KernelHost Host { get; } = host;

    /// <summary>This kernel's session id (the <c>session</c> of every header it sends).</summary>
    public string Id { get; } = Guid.NewGuid().ToString("N");

    public int ExecutionCount { get; set; }

    public History History { get; } = new();

    public StdinBridge Stdin { get; } = new();

    public Action<string> Log { get; } = log;

    /// <summary>Set by a failed <c>execute_request</c> with <c>stop_on_error</c>: the dispatcher aborts what is queued.</summary>
    public bool AbortQueued { get; set; }

    /// <summary>Completed when the kernel should exit (shutdown_request); true to restart.</summary>
    public TaskCompletionSource<bool> Shutdown { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Cancelled by <c>interrupt_request</c> (and SIGINT); renewed for each cell.</summary>
    public CancellationToken Interruption => _interrupt.Token;

    public void NewCell()
    {
        if (_interrupt.IsCancellationRequested) _interrupt = new CancellationTokenSource();
    }

    public void Interrupt()
    {
        _interrupt.Cancel();
        Stdin.Cancel();
    }

    /// <summary>A reply to <paramref name="request"/>, on the channel it came in on.</summary>
    public void Reply(Channel channel, JupyterMessage request, string msgType, object content) =>
        send(channel, JupyterMessage.Create(msgType, content, request, Id));

    /// <summary>A broadcast on iopub, child of <paramref name="parent"/>.</summary>
    public void Publish(JupyterMessage? parent, string msgType, object content) =>
        send(Channel.Iopub, JupyterMessage.Create(msgType, content, parent, Id, identities: []));

    /// <summary>A request to the frontend on stdin, routed to the client that sent <paramref name="parent"/>.</summary>
    public void AskStdin(JupyterMessage parent, object content) =>
        send(Channel.Stdin, JupyterMessage.Create("input_request", content, parent, Id));
}
