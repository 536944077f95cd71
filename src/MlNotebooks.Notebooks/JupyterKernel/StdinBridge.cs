using MlNotebooks.Notebooks.JupyterKernel.Protocol;

namespace MlNotebooks.Notebooks.JupyterKernel;

/// <summary>
/// A cell's reads from stdin (<c>Console.ReadLine</c>, .NET Interactive's <c>Kernel.GetInputAsync</c>) become an
/// <c>input_request</c> to the frontend that ran the cell; its <c>input_reply</c> is the line read.
/// </summary>
internal sealed class StdinBridge
{
    private readonly Lock _gate = new();
    private TaskCompletionSource<string>? _waiting;

    /// <summary>The running execute_request (its sender gets the prompt), or null between cells.</summary>
    public JupyterMessage? Parent { get; set; }

    /// <summary>Whether the running request allows stdin (<c>allow_stdin</c>).</summary>
    public bool Allowed { get; set; }

    /// <summary>Sends the prompt (through <paramref name="ask"/>) and waits for the reply.</summary>
    public string Read(string prompt, bool password, Action<JupyterMessage, object> ask)
    {
        var parent = Parent;
        if (parent is null || !Allowed)
            throw new InvalidOperationException("stdin is not available: this frontend does not allow input requests (allow_stdin is false)");
        var waiting = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate) _waiting = waiting;
        ask(parent, new InputRequest(prompt, password));
        return waiting.Task.GetAwaiter().GetResult();
    }

    /// <summary>An <c>input_reply</c> arrived.</summary>
    public void Answer(string value)
    {
        lock (_gate) { _waiting?.TrySetResult(value); _waiting = null; }
    }

    /// <summary>The cell was interrupted while waiting for input.</summary>
    public void Cancel()
    {
        lock (_gate) { _waiting?.TrySetException(new OperationCanceledException("interrupted while waiting for input")); _waiting = null; }
    }
}
