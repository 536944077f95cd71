namespace MlNotebooks;

/// <summary>What went wrong, in MLflow's vocabulary; mapped once to an HTTP status, an exit code and a notebook error.</summary>
public enum ErrorCode
{
    /// <summary>An unexpected failure; a bug or an environment problem.</summary>
    InternalError,
    /// <summary>An argument has a value that is not allowed (MLflow INVALID_PARAMETER_VALUE).</summary>
    InvalidParameterValue,
    /// <summary>The named thing does not exist (MLflow RESOURCE_DOES_NOT_EXIST).</summary>
    ResourceDoesNotExist,
    /// <summary>The named thing exists already (MLflow RESOURCE_ALREADY_EXISTS).</summary>
    ResourceAlreadyExists,
    /// <summary>The operation is not allowed in the current state, e.g. logging to a finished run (MLflow INVALID_STATE).</summary>
    InvalidState,
    /// <summary>The caller may not do this (MLflow PERMISSION_DENIED).</summary>
    PermissionDenied,
    /// <summary>A store, remote or server could not be reached or is not what we expected (MLflow TEMPORARILY_UNAVAILABLE).</summary>
    StoreUnavailable,
    /// <summary>Content does not match its hash, or a file is not in the expected format.</summary>
    DataCorrupted,
    /// <summary>The caller did not prove who they are: no token, or an unknown or revoked one (MLflow UNAUTHENTICATED).</summary>
    Unauthenticated,
}

/// <summary>Mappings of <see cref="ErrorCode"/> to the front ends' vocabularies.</summary>
public static class ErrorCodes
{
    /// <summary>The process exit code a CLI uses for the error code (never 0).</summary>
    public static int ToExitCode(this ErrorCode code) => code switch
    {
        ErrorCode.InvalidParameterValue => 2,
        ErrorCode.ResourceDoesNotExist => 3,
        ErrorCode.ResourceAlreadyExists => 4,
        ErrorCode.InvalidState => 5,
        ErrorCode.PermissionDenied => 6,
        ErrorCode.StoreUnavailable => 7,
        ErrorCode.DataCorrupted => 8,
        ErrorCode.Unauthenticated => 9,
        _ => 1,
    };

    /// <summary>The error code behind a CLI exit code (the inverse of <see cref="ToExitCode"/>; unknown codes are internal errors).</summary>
    public static ErrorCode FromExitCode(int exitCode) =>
        Enum.GetValues<ErrorCode>().FirstOrDefault(c => c != ErrorCode.InternalError && c.ToExitCode() == exitCode, ErrorCode.InternalError);

    /// <summary>The HTTP status code a server answers with for the error code.</summary>
    public static int ToHttpStatus(this ErrorCode code) => code switch
    {
        ErrorCode.InvalidParameterValue => 400,
        ErrorCode.ResourceDoesNotExist => 404,
        ErrorCode.ResourceAlreadyExists => 400,
        ErrorCode.InvalidState => 400,
        ErrorCode.PermissionDenied => 403,
        ErrorCode.StoreUnavailable => 503,
        ErrorCode.DataCorrupted => 500,
        ErrorCode.Unauthenticated => 401,
        _ => 500,
    };

    /// <summary>MLflow's REST error code string (e.g. <c>RESOURCE_DOES_NOT_EXIST</c>).</summary>
    public static string ToMlflowName(this ErrorCode code) => code switch
    {
        ErrorCode.InvalidParameterValue => "INVALID_PARAMETER_VALUE",
        ErrorCode.ResourceDoesNotExist => "RESOURCE_DOES_NOT_EXIST",
        ErrorCode.ResourceAlreadyExists => "RESOURCE_ALREADY_EXISTS",
        ErrorCode.InvalidState => "INVALID_STATE",
        ErrorCode.PermissionDenied => "PERMISSION_DENIED",
        ErrorCode.StoreUnavailable => "TEMPORARILY_UNAVAILABLE",
        ErrorCode.DataCorrupted => "DATA_LOSS",
        ErrorCode.Unauthenticated => "UNAUTHENTICATED",
        _ => "INTERNAL_ERROR",
    };
}
