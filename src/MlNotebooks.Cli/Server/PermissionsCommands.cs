using System.ComponentModel;
using System.Text.Json.Nodes;
using MlNotebooks.Auth;
using MlNotebooks.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Server;

/// <summary>Settings naming a user and one resource.</summary>
internal class GrantTargetSettings : WorkspaceSettings
{
    [CommandOption("--user <USER>")]
    [Description("The grantee")]
    public string User { get; init; } = "";

    [CommandOption("--experiment <ID>")]
    [Description("An experiment, by id (or name)")]
    public string? Experiment { get; init; }

    [CommandOption("--model <NAME>")]
    [Description("A registered model, by name")]
    public string? Model { get; init; }

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(User)) return ValidationResult.Error("--user USER is required");
        return (Experiment is null) == (Model is null)
            ? ValidationResult.Error("name one resource: --experiment ID or --model NAME")
            : ValidationResult.Success();
    }

    /// <summary>The resource, with an experiment name resolved to its id and a model checked to exist.</summary>
    public async Task<(ResourceKind Kind, string Resource)> ResolveAsync(Workspace ws, CancellationToken ct)
    {
        if (Experiment is not null) return (ResourceKind.Experiment, (await ws.Tracking.GetExperimentAsync(Experiment, ct).ConfigureAwait(false)).ExperimentId);
        return (ResourceKind.RegisteredModel, (await ws.Registry.GetModelAsync(Model!, ct).ConfigureAwait(false)).Name);
    }
}

/// <summary>Settings of <c>mlnb server permissions set</c>.</summary>
internal sealed class PermissionsSetSettings : GrantTargetSettings
{
    [CommandArgument(0, "<PERMISSION>")]
    [Description("READ, EDIT, MANAGE or NO_PERMISSIONS")]
    public string Permission { get; init; } = "";
}

/// <summary>Grants a permission.</summary>
internal sealed class PermissionsSetCommand : WorkspaceCommand<PermissionsSetSettings>
{
    protected override async Task<int> RunAsync(Workspace ws, PermissionsSetSettings s, CancellationToken ct)
    {
        var permission = Permission.Parse(s.Permission);
        var (kind, resource) = await s.ResolveAsync(ws, ct).ConfigureAwait(false);
        await new AuthClient(ws).SetPermissionAsync(kind, resource, s.User, permission, ct).ConfigureAwait(false);
        Console.Out.WriteLine($"user '{s.User}' has {permission.Name} on {kind.Describe()} '{resource}'");
        return 0;
    }
}

/// <summary>Removes a grant.</summary>
internal sealed class PermissionsDeleteCommand : WorkspaceCommand<GrantTargetSettings>
{
    protected override async Task<int> RunAsync(Workspace ws, GrantTargetSettings s, CancellationToken ct)
    {
        var (kind, resource) = await s.ResolveAsync(ws, ct).ConfigureAwait(false);
        await new AuthClient(ws).DeletePermissionAsync(kind, resource, s.User, ct).ConfigureAwait(false);
        Console.Out.WriteLine($"removed the grant of user '{s.User}' on {kind.Describe()} '{resource}'");
        return 0;
    }
}

/// <summary>Settings of <c>mlnb server permissions list</c>.</summary>
internal sealed class PermissionsListSettings : ReadSettings
{
    [CommandOption("--user <USER>")]
    [Description("Only this user's grants")]
    public string? User { get; init; }
}

/// <summary>Lists grants.</summary>
internal sealed class PermissionsListCommand : WorkspaceCommand<PermissionsListSettings>
{
    protected override async Task<int> RunAsync(Workspace ws, PermissionsListSettings s, CancellationToken ct)
    {
        var grants = await new AuthClient(ws).ListPermissionsAsync(userName: s.User, cancellationToken: ct).ConfigureAwait(false);
        if (s.Json)
        {
            Render.Json(new JsonObject
            {
                ["permissions"] = new JsonArray([.. grants.Select(g => (JsonNode)new JsonObject
                {
                    [g.Kind == ResourceKind.Experiment ? "experiment_id" : "name"] = g.Resource, ["username"] = g.UserName, ["permission"] = g.Permission.Name,
                })]),
            });
            return 0;
        }
        var t = Render.Table("user", "kind", "resource", "permission");
        foreach (var g in grants) t.AddRow(Render.Esc(g.UserName), g.Kind.Describe(), Render.Esc(g.Resource), g.Permission.Name);
        Render.Write(t);
        return 0;
    }
}
