using MlNotebooks.Server.Mlflow;
using MlNotebooks.Tracking;

namespace MlNotebooks.Server.Tracking;

/// <summary>Reads tracking messages' shared parts (run ids, tags, enums, page sizes) from a request, as MLflow's protos define them.</summary>
internal static class TrackingBinding
{
    /// <summary>A repeated <c>{key, value}</c> field as a dictionary (a later key wins).</summary>
    public static Dictionary<string, string> Tags(MlflowRequest request, string field = "tags")
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var t in request.Objects(field)) tags[t.RequiredString("key")] = t.String("value") ?? "";
        return tags;
    }

    /// <summary><c>run_id</c>, or the deprecated <c>run_uuid</c> older clients send.</summary>
    public static string RunId(MlflowRequest request) =>
        request.String("run_id") is { Length: > 0 } id ? id
        : request.String("run_uuid") is { Length: > 0 } uuid ? uuid
        : throw MlflowRequest.Missing("run_id");

    /// <summary>A ViewType field: ACTIVE_ONLY, DELETED_ONLY, ALL, or their numbers 1..3; ACTIVE_ONLY when absent.</summary>
    public static ViewType ViewType(MlflowRequest request, string field) => request.EnumText(field) switch
    {
        null or "" or "ACTIVE_ONLY" or "1" => MlNotebooks.Tracking.ViewType.ActiveOnly,
        "DELETED_ONLY" or "2" => MlNotebooks.Tracking.ViewType.DeletedOnly,
        "ALL" or "3" => MlNotebooks.Tracking.ViewType.All,
        var other => throw MlnbException.Invalid($"invalid value '{MlflowRequest.Shorten(other)}' for parameter '{field}': use ACTIVE_ONLY, DELETED_ONLY or ALL"),
    };

    /// <summary>A RunStatus field by name or number (RUNNING=1 … KILLED=5), or null.</summary>
    public static RunStatus? Status(MlflowRequest request, string field = "status") => request.EnumText(field) switch
    {
        null or "" => null,
        "1" => RunStatus.Running,
        "2" => RunStatus.Scheduled,
        "3" => RunStatus.Finished,
        "4" => RunStatus.Failed,
        "5" => RunStatus.Killed,
        var name when RunStatusNames.TryParse(name, out var s) && name == name.ToUpperInvariant() => s,
        var other => throw MlnbException.Invalid($"invalid value '{MlflowRequest.Shorten(other)}' for parameter '{field}': use RUNNING, SCHEDULED, FINISHED, FAILED or KILLED"),
    };

    /// <summary><c>max_results</c> within 1..<paramref name="limit"/>, or the default.</summary>
    public static int MaxResults(MlflowRequest request, int @default, int limit, string field = "max_results")
    {
        var n = request.Long(field) ?? @default;
        if (n < 1 || n > limit)
            throw MlnbException.Invalid($"invalid value {n} for parameter '{field}': it must be between 1 and {limit}");
        return (int)n;
    }
}
