using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MlNotebooks.Server.Mlflow;

/// <summary>
/// The one catch: every failure becomes MLflow's <c>{"error_code", "message"}</c> with MLflow's HTTP status. Client
/// mistakes (malformed JSON, wrong types, unknown ids) are 4xx naming the field; only a bug is a 500.
/// </summary>
internal sealed class MlflowErrorMiddleware(RequestDelegate next, ServerContext server)
{
    public async Task InvokeAsync(HttpContext context)
    {
        IResult error;
        try
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        catch (MlnbException e) { error = MlflowResults.Error(e); }
        catch (JsonException e) { error = MlflowResults.Error(400, "MALFORMED_REQUEST", $"the request body is not valid JSON ({e.Message.Split(" Path:")[0].TrimEnd('.')}); send a JSON object"); }
        catch (BadHttpRequestException e) { error = MlflowResults.Error(e.StatusCode, "BAD_REQUEST", e.Message); }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested) { return; }
        catch (Exception e)
        {
            server.Options.Log($"{context.Request.Method} {context.Request.Path}: unexpected {e.GetType().Name}: {e.Message}");
            error = MlflowResults.Error(500, "INTERNAL_ERROR", $"unexpected {e.GetType().Name}: {e.Message}");
        }
        if (context.Response.HasStarted) return;
        context.Response.Clear();
        await error.ExecuteAsync(context).ConfigureAwait(false);
    }
}
