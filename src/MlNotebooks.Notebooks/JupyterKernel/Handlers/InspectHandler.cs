using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using MlNotebooks.Notebooks.Execution;
using MlNotebooks.Notebooks.JupyterKernel.Protocol;
using MlNotebooks.Notebooks.JupyterKernel.Transport;

namespace MlNotebooks.Notebooks.JupyterKernel.Handlers;

/// <summary><c>inspect_request</c>: Roslyn's hover text (signature and XML docs) for the symbol at the cursor.</summary>
internal sealed class InspectHandler : IMessageHandler
{
    public string MsgType => "inspect_request";

    public async Task HandleAsync(Channel channel, JupyterMessage request, KernelSession session)
    {
        var r = request.Read<InspectRequest>();
        var data = await InspectAsync(session.Host, r.Code, CodePosition.ToIndex(r.Code, r.CursorPos)).ConfigureAwait(false);
        session.Reply(channel, request, "inspect_reply", new InspectReply(data is not null, data ?? [], new JsonObject()));
    }

    /// <summary>The hover text at <paramref name="index"/> (or just before it: the cursor often ends the word); null when none.</summary>
    public static async Task<JsonObject?> InspectAsync(KernelHost host, string code, int index)
    {
        foreach (var at in new[] { index, index - 1 }.Where(i => i >= 0).Distinct())
        {
            var result = await host.Kernel.SendAsync(new RequestHoverText(code, CodePosition.ToLinePosition(code, at), "csharp")).ConfigureAwait(false);
            var content = result.Events.OfType<HoverTextProduced>().SelectMany(h => h.Content).Where(f => !string.IsNullOrWhiteSpace(f.Value)).ToList();
            if (content.Count == 0) continue;
            var data = new JsonObject();
            foreach (var f in content) data[f.MimeType] = f.Value;
            if (!data.ContainsKey("text/plain"))
                data["text/plain"] = string.Join("\n", content.Select(f => f.Value.Replace("```csharp", "", StringComparison.Ordinal).Replace("```", "", StringComparison.Ordinal).Trim()));
            return data;
        }
        return null;
    }
}
