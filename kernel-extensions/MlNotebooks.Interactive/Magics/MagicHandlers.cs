using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;

namespace MlNotebooks.Interactive.Magics;

/// <summary>What every magic's handlers share: failing a cell with the core's one-line message, and showing a result.</summary>
internal static class MagicHandlers
{
    /// <summary>Runs a handler, turning an <see cref="MlnbException"/> into a failed cell with its one-line message.</summary>
    public static Func<T, KernelInvocationContext, Task> Handle<T>(Func<T, KernelInvocationContext, Task> handler) where T : KernelCommand =>
        async (command, context) =>
        {
            try
            {
                await handler(command, context).ConfigureAwait(false);
            }
            catch (MlnbException e)
            {
                context.Fail(command, message: e.Message);
            }
        };

    /// <summary>Displays a value as HTML, with a plain-text twin for consoles and nbconvert.</summary>
    public static void Show(KernelInvocationContext ctx, object value) => ctx.Display(value, "text/html", "text/plain");
}
