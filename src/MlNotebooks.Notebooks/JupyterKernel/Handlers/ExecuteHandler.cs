using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using MlNotebooks.Notebooks.Execution;
using MlNotebooks.Notebooks.JupyterKernel.Protocol;
using MlNotebooks.Notebooks.JupyterKernel.Transport;

namespace MlNotebooks.Notebooks.JupyterKernel.Handlers;

/// <summary>
/// <c>execute_request</c>: counts and records the cell (unless silent / not stored), broadcasts it, runs it, answers
/// user_expressions, and on failure publishes the error and, with stop_on_error, has the dispatcher abort what is queued.
/// <c>X?</c> / <c>?X</c> alone shows X's documentation in the pager, as IPython does.
/// </summary>
internal sealed partial class ExecuteHandler : IMessageHandler
{
    public string MsgType => "execute_request";

    public async Task HandleAsync(Channel channel, JupyterMessage request, KernelSession session)
    {
        var r = request.Read<ExecuteRequest>();
        session.NewCell();
        var store = r.StoreHistory && !r.Silent;
        if (string.IsNullOrWhiteSpace(r.Code))
        {
            session.Reply(channel, request, "execute_reply", new ExecuteReplyOk(session.ExecutionCount, [], []));
            return;
        }
        if (store) session.ExecutionCount++;
        var count = session.ExecutionCount;
        if (!r.Silent) session.Publish(request, "execute_input", new ExecuteInput(r.Code, count));
        if (store) session.History.Add(count, r.Code);

        if (Help().Match(r.Code) is { Success: true } help)
        {
            var name = help.Groups["a"].Success ? help.Groups["a"].Value : help.Groups["b"].Value;
            var page = await InspectHandler.InspectAsync(session.Host, name, name.Length).ConfigureAwait(false) ?? new JsonObject { ["text/plain"] = $"no documentation found for '{name}'" };
            session.Reply(channel, request, "execute_reply", new ExecuteReplyOk(count, [], [new JsonObject { ["source"] = "page", ["data"] = page, ["start"] = 0 }]));
            return;
        }

        session.Stdin.Parent = request;
        session.Stdin.Allowed = r.AllowStdin;
        CellOutcome outcome;
        try
        {
            outcome = await CellExecution.RunAsync(session, request, r.Code, count, r.Silent).ConfigureAwait(false);
        }
        finally
        {
            session.Stdin.Parent = null;
        }
        if (outcome.Failure is { } f)
        {
            if (!r.Silent) session.Publish(request, "error", new ErrorContent(f.ExceptionName, f.Message, f.Traceback));
            session.Reply(channel, request, "execute_reply", new ErrorReply(f.ExceptionName, f.Message, f.Traceback, count));
            if (r.StopOnError) session.AbortQueued = true;
            return;
        }
        if (store && outcome.ResultText is { } text) session.History.SetOutput(count, text);
        var expressions = new JsonObject();
        foreach (var (name, expression) in r.UserExpressions ?? [])
            expressions[name] = await EvaluateAsync(session.Host, expression).ConfigureAwait(false);
        session.Reply(channel, request, "execute_reply", new ExecuteReplyOk(count, expressions, []));
    }

    /// <summary>One user expression, evaluated after the cell: its MIME bundle, or the error.</summary>
    private static async Task<JsonObject> EvaluateAsync(KernelHost host, string expression)
    {
        var result = await host.Kernel.SendAsync(new SubmitCode(expression, "csharp")).ConfigureAwait(false);
        if (KernelHost.Failure(result) is { } failed)
        {
            var f = NotebookRunner.Describe(failed);
            return new JsonObject { ["status"] = "error", ["ename"] = f.ExceptionName, ["evalue"] = f.Message, ["traceback"] = new JsonArray([.. f.Traceback.Select(t => (JsonNode)t)]) };
        }
        var value = result.Events.OfType<ReturnValueProduced>().LastOrDefault();
        return new JsonObject { ["status"] = "ok", ["data"] = value is null ? new JsonObject() : MimeBundle.From(value), ["metadata"] = new JsonObject() };
    }

    [GeneratedRegex(@"^\s*(\?(?<a>[A-Za-z_][\w.]*)|(?<b>[A-Za-z_][\w.]*)\?)\s*$")]
    private static partial Regex Help();
}
