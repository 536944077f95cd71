using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace MlNotebooks.Serving.Api;

/// <summary>Errors as ProblemDetails, with the Open Inference Protocol's <c>error</c> member beside <c>detail</c>.</summary>
internal static class Problems
{
    public static IResult Of(int status, string message) => TypedResults.Problem(
        detail: message, statusCode: status, title: ReasonPhrases.GetReasonPhrase(status),
        extensions: new Dictionary<string, object?> { ["error"] = message });

    public static IResult Of(MlnbException e) => Of(e.Code.ToHttpStatus(), e.Message);
}
