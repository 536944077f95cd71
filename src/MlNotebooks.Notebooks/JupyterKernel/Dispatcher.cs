using MlNotebooks.Notebooks.JupyterKernel.Handlers;
using MlNotebooks.Notebooks.JupyterKernel.Protocol;
using MlNotebooks.Notebooks.JupyterKernel.Transport;
using Queue = System.Threading.Channels.Channel;

namespace MlNotebooks.Notebooks.JupyterKernel;

/// <summary>
/// Dispatch is data: one table for shell, one for control (shell's handlers plus interrupt). Shell and control each run
/// one message at a time on their own loop, so an interrupt or a kernel_info gets through while a cell runs. The
/// dispatcher, not the handlers, publishes busy/idle (with the request as parent). After a failed cell with
/// stop_on_error, execute requests already queued are answered status <c>error</c> (aborted) without running.
/// </summary>
internal sealed class Dispatcher
{
    private static readonly IMessageHandler[] ShellHandlers =
    [
        new KernelInfoHandler(), new ExecuteHandler(), new CompleteHandler(), new InspectHandler(), new IsCompleteHandler(),
        new HistoryHandler(), new CommInfoHandler(), new ShutdownHandler(),
    ];

    private static readonly IMessageHandler[] ControlOnlyHandlers = [new InterruptHandler()];

    private readonly Dictionary<string, IMessageHandler> _shell = ShellHandlers.ToDictionary(h => h.MsgType);
    private readonly Dictionary<string, IMessageHandler> _control = ShellHandlers.Concat(ControlOnlyHandlers).ToDictionary(h => h.MsgType);
    private readonly System.Threading.Channels.Channel<JupyterMessage> _shellQueue = Queue.CreateUnbounded<JupyterMessage>();
    private readonly System.Threading.Channels.Channel<JupyterMessage> _controlQueue = Queue.CreateUnbounded<JupyterMessage>();
    private readonly KernelSession _session;

    public Dispatcher(KernelSession session) => _session = session;

    /// <summary>Called by the transport (poller thread) for each verified message; never blocks.</summary>
    public void Receive(Channel channel, JupyterMessage message)
    {
        switch (channel)
        {
            case Channel.Shell: _shellQueue.Writer.TryWrite(message); break;
            case Channel.Control: _controlQueue.Writer.TryWrite(message); break;
            case Channel.Stdin when message.MsgType == "input_reply": _session.Stdin.Answer(message.Read<InputReply>().Value); break;
            default: _session.Log($"ignored {message.MsgType} on {channel.ToString().ToLowerInvariant()}"); break;
        }
    }

    public Task RunAsync(CancellationToken ct) => Task.WhenAll(
        Task.Run(() => LoopAsync(Channel.Shell, _shellQueue.Reader, _shell, ct), ct),
        Task.Run(() => LoopAsync(Channel.Control, _controlQueue.Reader, _control, ct), ct));

    private async Task LoopAsync(Channel channel, System.Threading.Channels.ChannelReader<JupyterMessage> queue, Dictionary<string, IMessageHandler> table, CancellationToken ct)
    {
        try
        {
            await foreach (var message in queue.ReadAllAsync(ct).ConfigureAwait(false))
            {
                await DispatchAsync(channel, message, table).ConfigureAwait(false);
                if (channel != Channel.Shell || !_session.AbortQueued) continue;
                _session.AbortQueued = false;
                while (queue.TryRead(out var queued))
                {
                    if (queued.MsgType == "execute_request") Abort(channel, queued);
                    else await DispatchAsync(channel, queued, table).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // shutting down
        }
    }

    private async Task DispatchAsync(Channel channel, JupyterMessage message, Dictionary<string, IMessageHandler> table)
    {
        if (!table.TryGetValue(message.MsgType, out var handler))
        {
            _session.Log($"unknown message type '{message.MsgType}' on {channel.ToString().ToLowerInvariant()}: ignored");
            return;
        }
        _session.Publish(message, "status", new Status("busy"));
        try
        {
            await handler.HandleAsync(channel, message, _session).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // A handler bug answers the request with an error instead of leaving the client waiting.
            _session.Log($"{message.MsgType} failed: {e}");
            _session.Reply(channel, message, ReplyType(message.MsgType), new ErrorReply(e.GetType().Name, e.Message, [$"{e.GetType().Name}: {e.Message}"]));
        }
        finally
        {
            _session.Publish(message, "status", new Status("idle"));
        }
    }

    private void Abort(Channel channel, JupyterMessage message)
    {
        _session.Publish(message, "status", new Status("busy"));
        _session.Reply(channel, message, "execute_reply",
            new ErrorReply("ExecutionAborted", "not run: an earlier cell failed (stop_on_error)", ["ExecutionAborted: not run: an earlier cell failed (stop_on_error)"]));
        _session.Publish(message, "status", new Status("idle"));
    }

    private static string ReplyType(string requestType) =>
        requestType.EndsWith("_request", StringComparison.Ordinal) ? requestType[..^"_request".Length] + "_reply" : requestType + "_reply";
}
