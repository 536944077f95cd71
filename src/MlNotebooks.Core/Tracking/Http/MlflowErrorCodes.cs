namespace MlNotebooks.Tracking.Http;

/// <summary>Reads MLflow's error answers back into <see cref="ErrorCode"/>s.</summary>
internal static class MlflowErrorCodes
{
    public static ErrorCode FromAnswer(string? errorCode, int status)
    {
        foreach (var code in Enum.GetValues<ErrorCode>())
            if (code != ErrorCode.InternalError && code.ToMlflowName() == errorCode) return code;
        return status switch
        {
            401 or 403 => ErrorCode.PermissionDenied,
            404 => ErrorCode.ResourceDoesNotExist,
            429 or 502 or 503 or 504 => ErrorCode.StoreUnavailable,
            >= 400 and < 500 => ErrorCode.InvalidParameterValue,
            _ => ErrorCode.InternalError,
        };
    }
}
