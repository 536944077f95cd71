using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MlNotebooks.Serving.Api;

/// <summary>Turns every failure into a ProblemDetails answer: client mistakes into 4xx naming the field, never a bare 500.</summary>
internal sealed class ProblemMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        IResult? problem;
        try
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        catch (MlnbException e) { problem = Problems.Of(e); }
        catch (JsonException e) { problem = Problems.Of(400, $"the request body is not valid JSON ({e.Message.Split(" Path:")[0].TrimEnd('.')})"); }
        catch (BadHttpRequestException e) { problem = Problems.Of(e.StatusCode, e.Message); }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested) { return; }
        catch (Exception e) when (MlNotebooks.Storage.OsErrors.Translate(e) is { } os) { problem = Problems.Of(os); }
        catch (Exception e) { problem = Problems.Of(500, $"unexpected {e.GetType().Name}: {e.Message}"); }
        if (context.Response.HasStarted) return;
        context.Response.Clear();
        await problem.ExecuteAsync(context).ConfigureAwait(false);
    }
}
