using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlNotebooks.Features;

/// <summary>
/// The applied state (Feast's registry, as <c>registry.json</c> in the state folder): each view's source file and
/// data version at apply time, and the windows materialized into the online store.
/// </summary>
public sealed record FeatureRegistryFile
{
    /// <summary>The project.</summary>
    [JsonPropertyName("project")] public string Project { get; init; } = "";

    /// <summary>When <c>apply</c> last ran.</summary>
    [JsonPropertyName("applied_at")] public DateTimeOffset? AppliedAt { get; init; }

    /// <summary>Per view.</summary>
    [JsonPropertyName("feature_views")] public Dictionary<string, ViewState> FeatureViews { get; init; } = [];

    /// <summary>Reads the file in <paramref name="stateDirectory"/>, or an empty one.</summary>
    public static FeatureRegistryFile Load(string stateDirectory)
    {
        var path = Path.Combine(stateDirectory, "registry.json");
        if (!File.Exists(path)) return new FeatureRegistryFile();
        try { return JsonSerializer.Deserialize<FeatureRegistryFile>(File.ReadAllText(path)) ?? new FeatureRegistryFile(); }
        catch (JsonException e) { throw new MlnbException(ErrorCode.DataCorrupted, $"'{path}' is not a feature registry ({e.Message}); delete it and run `mlnb features apply`"); }
    }

    /// <summary>Writes the file (temp file, then rename).</summary>
    public void Save(string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory);
        var path = Path.Combine(stateDirectory, "registry.json");
        var tmp = path + ".tmp-" + Environment.ProcessId;
        File.WriteAllText(tmp, JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true }));
        File.Move(tmp, path, overwrite: true);
    }
}

/// <summary>The state of one feature view.</summary>
public sealed record ViewState
{
    /// <summary>The source file as defined.</summary>
    [JsonPropertyName("source_path")] public string SourcePath { get; init; } = "";

    /// <summary>The DVC md5 of the source at the last apply or materialization; null when untracked.</summary>
    [JsonPropertyName("data_version")] public string? DataVersion { get; init; }

    /// <summary>The end of the last materialized window (Feast's <c>most_recent_end_time</c>).</summary>
    [JsonPropertyName("most_recent_end_time")] public DateTimeOffset? MostRecentEndTime { get; init; }

    /// <summary>Every materialized window, oldest first.</summary>
    [JsonPropertyName("materialization_intervals")] public List<DateTimeOffset[]> MaterializationIntervals { get; init; } = [];
}
