using System.Text;
using MlNotebooks.Notebooks.JupyterKernel.Protocol;
using NetMQ;
using NetMQ.Sockets;

namespace MlNotebooks.Notebooks.JupyterKernel.Transport;

/// <summary>The channel a message came in on or goes out on.</summary>
internal enum Channel { Shell, Control, Stdin, Iopub }

/// <summary>
/// The kernel's five ZeroMQ sockets, bound to the connection file's address only, all on one poller thread (NetMQ
/// sockets are not thread-safe): received messages are verified and handed to <see cref="Received"/>, sends from any
/// thread are queued to the poller. The heartbeat echoes on the same thread. The only NetMQ code of the kernel.
/// </summary>
internal sealed class KernelSockets : IDisposable
{
    private readonly RouterSocket _shell = new();
    private readonly RouterSocket _control = new();
    private readonly RouterSocket _stdin = new();
    private readonly PublisherSocket _iopub = new();
    private readonly ResponseSocket _heartbeat = new();
    private readonly NetMQQueue<(Channel Channel, List<byte[]> Frames)> _outgoing = new();
    private readonly NetMQPoller _poller;
    private readonly WireCodec _codec;
    private readonly Action<string> _log;
    private int _pending;

    public KernelSockets(ConnectionInfo info, Action<string> log)
    {
        _codec = new WireCodec(new MessageSigner(info.Key));
        _log = log;
        foreach (var s in new NetMQSocket[] { _shell, _control, _stdin, _iopub, _heartbeat }) s.Options.Linger = TimeSpan.FromSeconds(1);
        _shell.Bind(info.Endpoint(info.ShellPort));
        _control.Bind(info.Endpoint(info.ControlPort));
        _stdin.Bind(info.Endpoint(info.StdinPort));
        _iopub.Bind(info.Endpoint(info.IopubPort));
        _heartbeat.Bind(info.Endpoint(info.HeartbeatPort));
        _shell.ReceiveReady += (_, e) => Receive(Channel.Shell, e.Socket);
        _control.ReceiveReady += (_, e) => Receive(Channel.Control, e.Socket);
        _stdin.ReceiveReady += (_, e) => Receive(Channel.Stdin, e.Socket);
        _heartbeat.ReceiveReady += (_, e) => e.Socket.SendMultipartMessage(e.Socket.ReceiveMultipartMessage());
        _outgoing.ReceiveReady += (_, e) =>
        {
            while (e.Queue.TryDequeue(out var item, TimeSpan.Zero))
            {
                Socket(item.Channel).SendMultipartBytes(item.Frames);
                Interlocked.Decrement(ref _pending);
            }
        };
        _poller = new NetMQPoller { _shell, _control, _stdin, _heartbeat, _outgoing };
    }

    /// <summary>Called on the poller thread with each verified message; must not block.</summary>
    public Action<Channel, JupyterMessage>? Received { get; set; }

    public void Start() => _poller.RunAsync("jupyter-sockets");

    /// <summary>Queues a message; on iopub the topic is <c>kernel.{session}.{msg_type}</c>.</summary>
    public void Send(Channel channel, JupyterMessage message)
    {
        var topic = channel == Channel.Iopub ? Encoding.UTF8.GetBytes($"kernel.{(string?)message.Header["session"]}.{message.MsgType}") : null;
        Interlocked.Increment(ref _pending);
        _outgoing.Enqueue((channel, _codec.Encode(message, topic)));
    }

    /// <summary>Waits (up to <paramref name="timeout"/>) until every queued message went out.</summary>
    public async Task FlushAsync(TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (Volatile.Read(ref _pending) > 0 && DateTime.UtcNow < until) await Task.Delay(10).ConfigureAwait(false);
        await Task.Delay(50).ConfigureAwait(false); // from ZeroMQ's queue onto the wire
    }

    private NetMQSocket Socket(Channel c) => c switch
    {
        Channel.Shell => _shell,
        Channel.Control => _control,
        Channel.Stdin => _stdin,
        _ => _iopub,
    };

    private void Receive(Channel channel, NetMQSocket socket)
    {
        var frames = socket.ReceiveMultipartBytes();
        var message = _codec.Decode(frames, out var problem);
        if (message is null)
        {
            _log($"dropped a {channel.ToString().ToLowerInvariant()} message: {problem}");
            return;
        }
        Received?.Invoke(channel, message);
    }

    public void Dispose()
    {
        _poller.Stop();
        _poller.Dispose();
        foreach (var s in new NetMQSocket[] { _shell, _control, _stdin, _iopub, _heartbeat }) s.Dispose();
        _outgoing.Dispose();
    }
}
