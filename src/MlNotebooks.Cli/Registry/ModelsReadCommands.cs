using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Registry;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Registry;

/// <summary>Settings of verbs that name one model.</summary>
internal class ModelSettings : ReadSettings
{
    [CommandArgument(0, "<NAME>")]
    [Description("Registered model name")]
    public string Name { get; init; } = "";
}

internal sealed class ModelsListCommand : WorkspaceCommand<ReadSettings>
{
    protected override async Task<int> RunAsync(Workspace ws, ReadSettings s, CancellationToken ct)
    {
        var models = (await ws.Registry.ListModelsAsync(cancellationToken: ct).ConfigureAwait(false)).Items;
        if (s.Json)
        {
            Render.Json(new JsonObject { ["registered_models"] = new JsonArray([.. models.Select(m => (JsonNode)RegistryJson.Model(m))]) });
            return 0;
        }
        var t = Render.Table("name", "latest", "aliases", "updated");
        foreach (var m in models)
            t.AddRow(Render.Esc(m.Name), m.LatestVersion.ToString(CultureInfo.InvariantCulture), Render.Esc(string.Join(", ", m.Aliases.Select(a => $"@{a.Key}={a.Value}"))), Render.Time(m.LastUpdatedTime));
        Render.Write(t);
        return 0;
    }
}

internal sealed class ModelsShowCommand : WorkspaceCommand<ModelSettings>
{
    protected override async Task<int> RunAsync(Workspace ws, ModelSettings s, CancellationToken ct)
    {
        var model = await ws.Registry.GetModelAsync(s.Name, ct).ConfigureAwait(false);
        var versions = await ws.Registry.ListVersionsAsync(s.Name, ct).ConfigureAwait(false);
        var gates = await ws.Registry.GetGatesAsync(s.Name, ct).ConfigureAwait(false);
        if (s.Json)
        {
            var json = RegistryJson.Model(model);
            json["model_versions"] = new JsonArray([.. versions.Select(v => (JsonNode)RegistryJson.Version(v))]);
            json["gates"] = new JsonObject(gates.Select(g => KeyValuePair.Create(g.Key, (JsonNode?)new JsonArray([.. g.Value.Select(x => (JsonNode)x)]))));
            Render.Json(json);
            return 0;
        }
        AnsiConsole.MarkupLine($"[bold]{Render.Esc(model.Name)}[/] {Render.Esc(model.Description)}");
        foreach (var (alias, gateList) in gates) AnsiConsole.MarkupLine($"gates for @{Render.Esc(alias)}: {Render.Esc(string.Join("; ", gateList))}");
        var t = Render.Table("version", "aliases", "run", "model md5", "signature", "datasets", "created");
        foreach (var v in versions)
        {
            var sig = v.Package.Signature;
            t.AddRow(v.Version.ToString(CultureInfo.InvariantCulture), Render.Esc(string.Join(", ", v.Aliases.Select(a => "@" + a))), Render.Esc(v.RunId),
                v.Package.Model.Md5[..12], Render.Esc(string.Join(", ", sig.Inputs.Select(i => $"{i.Name} {i.Datatype}[{string.Join(",", i.Shape)}]")) + " → " + string.Join(", ", sig.Outputs.Select(o => o.Name))),
                Render.Esc(string.Join(", ", v.Package.Datasets.Select(d => $"{d.Name}@{d.Digest[..Math.Min(8, d.Digest.Length)]}"))), Render.Time(v.CreationTime));
        }
        Render.Write(t);
        return 0;
    }
}

internal sealed class ModelsAuditCommand : WorkspaceCommand<ModelSettings>
{
    protected override async Task<int> RunAsync(Workspace ws, ModelSettings s, CancellationToken ct)
    {
        var entries = await ws.Registry.GetAuditLogAsync(s.Name, ct).ConfigureAwait(false);
        if (s.Json)
        {
            Render.Json(new JsonObject { ["audit"] = new JsonArray([.. entries.Select(e => (JsonNode)RegistryJson.Audit(e))]) });
            return 0;
        }
        var t = Render.Table("when", "who", "action", "alias", "version", "was", "why");
        foreach (var e in entries)
            t.AddRow(Render.Time(e.Time), Render.Esc(e.Actor), e.Action, Render.Esc(e.Alias), e.Version?.ToString(CultureInfo.InvariantCulture) ?? "",
                e.PreviousVersion?.ToString(CultureInfo.InvariantCulture) ?? "", Render.Esc(e.Reason));
        Render.Write(t);
        return 0;
    }
}
