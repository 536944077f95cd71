namespace MlNotebooks;

/// <summary>
/// The one exception type of MlNotebooks. Its message is a single line that names the thing that is
/// wrong and how to fix it; front ends show it as it is.
/// </summary>
public sealed class MlnbException : Exception
{
    /// <summary>Creates an error with a code and a one-line message.</summary>
    public MlnbException(ErrorCode code, string message, Exception? inner = null) : base(message, inner) => Code = code;

    /// <summary>What kind of error this is.</summary>
    public ErrorCode Code { get; }

    /// <summary>A ResourceDoesNotExist error.</summary>
    public static MlnbException NotFound(string message) => new(ErrorCode.ResourceDoesNotExist, message);

    /// <summary>An InvalidParameterValue error.</summary>
    public static MlnbException Invalid(string message) => new(ErrorCode.InvalidParameterValue, message);

    /// <summary>An InvalidState error.</summary>
    public static MlnbException State(string message) => new(ErrorCode.InvalidState, message);
}
