using MlNotebooks.Server.Mlflow;

namespace MlNotebooks.Server.Tracking;

/// <summary>Reads tracking messages' shared parts (tags, key/value lists) from a request.</summary>
internal static class TrackingBinding
{
    /// <summary>A repeated <c>{key, value}</c> field as a dictionary (a later key wins).</summary>
    public static Dictionary<string, string> Tags(MlflowRequest request, string field = "tags")
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var t in request.Objects(field)) tags[t.RequiredString("key")] = t.String("value") ?? "";
        return tags;
    }
}
