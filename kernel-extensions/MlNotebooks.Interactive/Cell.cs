using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;

namespace MlNotebooks.Interactive;

/// <summary>The running cell, from C#: <c>Cell.ClearOutput()</c> as IPython's <c>clear_output()</c>.</summary>
public static class Cell
{
    /// <summary>Set by the Jupyter kernel for the running cell; cancelled by <c>interrupt_request</c>.</summary>
    public static CancellationToken Interruption { get; set; }

    /// <summary>
    /// Throws when the running cell was interrupted. The kernel adds a call at the top of every loop body of a cell, so
    /// an endless loop stops on interrupt (.NET cannot abort a thread).
    /// </summary>
    public static void ThrowIfInterrupted() => Interruption.ThrowIfCancellationRequested();

    /// <summary>
    /// Clears what the running cell has shown so far (Jupyter <c>clear_output</c>; the runner drops the outputs too).
    /// With <paramref name="wait"/>, the clearing waits for the next output, so a progress display does not flicker.
    /// </summary>
    public static void ClearOutput(bool wait = false)
    {
        if (KernelInvocationContext.Current is { } context) context.Publish(new ClearOutputRequested(context.Command, wait));
    }
}

/// <summary>The event behind <see cref="Cell.ClearOutput"/>: front ends clear the cell's outputs.</summary>
public sealed class ClearOutputRequested(KernelCommand command, bool wait) : KernelEvent(command)
{
    /// <summary>Clear when the next output arrives rather than now.</summary>
    public bool Wait { get; } = wait;
}
