namespace MlNotebooks.Tracking.Http;

/// <summary>How the client talks to a tracking server: the token it sends, and how it retries.</summary>
public sealed record HttpTrackingOptions
{
    /// <summary>Environment variable holding the bearer token (first choice).</summary>
    public const string TokenVariable = "MLNB_TRACKING_TOKEN";

    /// <summary>MLflow's environment variable for the bearer token (second choice).</summary>
    public const string MlflowTokenVariable = "MLFLOW_TRACKING_TOKEN";

    /// <summary>Sent as <c>Authorization: Bearer</c>; null sends none.</summary>
    public string? Token { get; init; }

    /// <summary>Tries per request, the first included, on 429, 503 and dropped connections.</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>Wait before the first retry; doubles each time (with jitter) up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest wait between tries.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest a single request may take.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>Options from the environment: the token from MLNB_TRACKING_TOKEN, else MLFLOW_TRACKING_TOKEN.</summary>
    public static HttpTrackingOptions FromEnvironment(Func<string, string?> environment) => new()
    {
        Token = NullIfEmpty(environment(TokenVariable)) ?? NullIfEmpty(environment(MlflowTokenVariable)),
    };

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
