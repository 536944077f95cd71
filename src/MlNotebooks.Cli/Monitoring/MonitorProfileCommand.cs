using System.ComponentModel;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Data.Monitoring;
using MlNotebooks.Monitoring.Profiles;
using MlNotebooks.Registry;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Monitoring;

/// <summary>
/// <c>mlnb monitor profile models:/NAME@ALIAS | FILE [--json]</c>: the reference profile registration stored for a
/// version (read from the content store, not recomputed), or the profile of a data file.
/// </summary>
internal sealed class MonitorProfileCommand : WorkspaceCommand<MonitorProfileCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandArgument(0, "<SOURCE>")]
        [Description("models:/NAME@ALIAS or models:/NAME/VERSION (its stored reference profile), or a CSV/Parquet file")]
        public string Source { get; init; } = "";

        [CommandOption("--json")]
        [Description("Print the profile itself (mergeable sketches) as JSON")]
        public bool Json { get; init; }
    }

    protected override async Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        TableProfile profile;
        string title;
        if (s.Source.StartsWith("models:/", StringComparison.Ordinal))
        {
            var version = await ws.Registry.ResolveAsync(s.Source, ct).ConfigureAwait(false);
            var reference = ws.Registry.GetReference(version)
                ?? throw MlnbException.NotFound($"model '{version.Name}' version {version.Version} has no reference profile ({ws.Registry.WhyNoReference(version)}); profile a file with `mlnb monitor profile FILE`");
            profile = reference.ProfileMd5 is { } md5 ? await ws.Registry.ReadProfileAsync(md5, ct).ConfigureAwait(false)
                : TableProfile.Of(await MonitoringFiles.ReadNamedAsync(reference.DataPath, reference.FileName, ct).ConfigureAwait(false));
            title = $"{version.Name} version {version.Version}: reference {reference.FileName} (data md5 {reference.DataMd5}, profile md5 {reference.ProfileMd5 ?? "not stored"}), {profile.Rows} rows";
        }
        else
        {
            profile = TableProfile.Of(await MonitoringFiles.ReadAsync(s.Source, ct).ConfigureAwait(false));
            title = $"{s.Source}: {profile.Rows} rows";
        }
        if (s.Json) Console.WriteLine(ProfileJson.ToJson(profile));
        else
        {
            Console.WriteLine(title);
            Console.WriteLine(ProfileJson.Summary(profile));
        }
        return 0;
    }
}
