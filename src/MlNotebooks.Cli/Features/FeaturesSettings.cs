using System.ComponentModel;
using System.Globalization;
using MlNotebooks.Features;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Features;

/// <summary>Options every <c>mlnb features</c> verb takes.</summary>
public class FeaturesSettings : CommandSettings
{
    /// <summary>The definitions file.</summary>
    [CommandOption("--repo <PATH>")]
    [Description("features.yaml, or the folder holding it (default: ./features.yaml)")]
    public string Repo { get; init; } = FeatureRepoYaml.FileName;
}

/// <summary>Opens the store of the settings, with the workspace when the repo is inside one (DVC sources, lineage).</summary>
internal static class FeaturesCli
{
    public static async Task<(FeatureStore Store, Workspace? Workspace)> OpenAsync(FeaturesSettings s, CancellationToken ct)
    {
        var file = Directory.Exists(s.Repo) ? Path.Combine(s.Repo, FeatureRepoYaml.FileName) : s.Repo;
        var dir = Path.GetDirectoryName(Path.GetFullPath(file))!;
        var workspace = Workspace.FindRoot(dir) is not null
            ? await Workspace.OpenAsync(new WorkspaceOptions { StartDirectory = dir }, ct).ConfigureAwait(false)
            : null;
        try { return (FeatureStore.Open(file, new FeatureStoreOptions { Workspace = workspace }), workspace); }
        catch
        {
            if (workspace is not null) await workspace.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Reads a UTC time: <c>2024-01-01</c>, <c>2024-01-01T12:00:00</c>, <c>…Z</c> or with an offset.</summary>
    public static DateTimeOffset Time(string text, string name) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : throw MlnbException.Invalid($"{name} '{text}' is not a time; write ISO 8601 in UTC, e.g. 2024-01-01T12:00:00Z");

    public static IReadOnlyList<string> List(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
