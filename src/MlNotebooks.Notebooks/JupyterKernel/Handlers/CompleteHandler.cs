using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using MlNotebooks.Notebooks.JupyterKernel.Protocol;
using MlNotebooks.Notebooks.JupyterKernel.Transport;

namespace MlNotebooks.Notebooks.JupyterKernel.Handlers;

/// <summary>
/// <c>complete_request</c>: .NET Interactive's C# completions (Roslyn, and the magics' names), kept to those that start
/// with the word before the cursor, which is what they replace (cursor_start..cursor_end).
/// </summary>
internal sealed class CompleteHandler : IMessageHandler
{
    public string MsgType => "complete_request";

    public async Task HandleAsync(Channel channel, JupyterMessage request, KernelSession session)
    {
        var r = request.Read<CompleteRequest>();
        var index = CodePosition.ToIndex(r.Code, r.CursorPos);
        var cursor = CodePosition.ToCursor(r.Code, index);
        var token = CodePosition.TokenBefore(r.Code, index);
        var result = await session.Host.Kernel.SendAsync(new RequestCompletions(r.Code, CodePosition.ToLinePosition(r.Code, index), "csharp")).ConfigureAwait(false);
        var items = result.Events.OfType<CompletionsProduced>().SelectMany(c => c.Completions)
            .Select(c => (Text: c.InsertTextFormat == InsertTextFormat.Snippet || string.IsNullOrEmpty(c.InsertText) ? c.DisplayText : c.InsertText, c.Kind, c.SortText))
            .Where(c => !string.IsNullOrEmpty(c.Text) && c.Text.StartsWith(token, StringComparison.OrdinalIgnoreCase))
            .DistinctBy(c => c.Text)
            .OrderBy(c => c.Text.StartsWith(token, StringComparison.Ordinal) ? 0 : 1).ThenBy(c => c.SortText ?? c.Text, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var start = cursor - CodePosition.ToCursor(token, token.Length);
        var types = new JsonArray([.. items.Select(i => (JsonNode)new JsonObject { ["start"] = start, ["end"] = cursor, ["text"] = i.Text, ["type"] = i.Kind?.ToLowerInvariant() })]);
        session.Reply(channel, request, "complete_reply",
            new CompleteReply([.. items.Select(i => i.Text)], start, cursor, new JsonObject { ["_jupyter_types_experimental"] = types }));
    }
}
