using System.ComponentModel;
using MlNotebooks.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Registry;

internal sealed class ModelsPromoteCommand : WorkspaceCommand<ModelsPromoteCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandArgument(0, "<NAME>")]
        public string Name { get; init; } = "";

        [CommandOption("--version <N>")]
        public int? Version { get; init; }

        [CommandOption("--to <ALIAS>")]
        [Description("Alias to move: staging, production, ...")]
        public string? To { get; init; }

        [CommandOption("--reason <TEXT>")]
        [Description("Why, for the audit log")]
        public string Reason { get; init; } = "";

        public override Spectre.Console.ValidationResult Validate() =>
            Version is null or < 1 ? Spectre.Console.ValidationResult.Error("--version N is required (a version number from `mlnb models show NAME`)")
            : string.IsNullOrEmpty(To) ? Spectre.Console.ValidationResult.Error("--to ALIAS is required, e.g. --to production")
            : Spectre.Console.ValidationResult.Success();
    }

    protected override async Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        var r = await ws.Registry.PromoteAsync(s.Name, s.Version!.Value, s.To!, s.Reason, ct).ConfigureAwait(false);
        foreach (var g in r.Gates) Console.WriteLine($"gate passed: {g.Gate} ({g.Detail})");
        Console.WriteLine($"{r.Name}@{r.Alias} -> version {r.Version}" + (r.PreviousVersion is { } p ? $" (was {p})" : ""));
        return 0;
    }
}

internal sealed class ModelsApproveCommand : WorkspaceCommand<ModelsApproveCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandArgument(0, "<NAME>")]
        public string Name { get; init; } = "";

        [CommandOption("--version <N>")]
        public int? Version { get; init; }

        [CommandOption("--for <ALIAS>")]
        [Description("The alias the verdict is for (default production)")]
        public string For { get; init; } = "production";

        [CommandOption("--comment <TEXT>")]
        public string Comment { get; init; } = "";

        [CommandOption("--reject")]
        [Description("Record a rejection instead of an approval")]
        public bool Reject { get; init; }

        public override Spectre.Console.ValidationResult Validate() =>
            Version is null or < 1 ? Spectre.Console.ValidationResult.Error("--version N is required") : Spectre.Console.ValidationResult.Success();
    }

    protected override async Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        await ws.Registry.ApproveAsync(s.Name, s.Version!.Value, s.For, s.Comment, !s.Reject, ct).ConfigureAwait(false);
        Console.WriteLine($"{(s.Reject ? "rejected" : "approved")} {s.Name} version {s.Version} for @{s.For} as {ws.Registry.Options.User}");
        return 0;
    }
}

internal sealed class ModelsRollbackCommand : WorkspaceCommand<ModelsRollbackCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandArgument(0, "<NAME>")]
        public string Name { get; init; } = "";

        [CommandOption("--alias <ALIAS>")]
        public string? Alias { get; init; }

        [CommandOption("--reason <TEXT>")]
        public string Reason { get; init; } = "";

        public override Spectre.Console.ValidationResult Validate() =>
            string.IsNullOrEmpty(Alias) ? Spectre.Console.ValidationResult.Error("--alias ALIAS is required, e.g. --alias production") : Spectre.Console.ValidationResult.Success();
    }

    protected override async Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        var v = await ws.Registry.RollbackAsync(s.Name, s.Alias!, s.Reason, ct).ConfigureAwait(false);
        Console.WriteLine($"{s.Name}@{s.Alias} -> version {v}");
        return 0;
    }
}

internal sealed class ModelsGatesCommand : WorkspaceCommand<ModelsGatesCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandArgument(0, "<NAME>")]
        public string Name { get; init; } = "";

        [CommandOption("--alias <ALIAS>")]
        [Description("The alias the gates guard (default production)")]
        public string Alias { get; init; } = "production";

        [CommandOption("--set <GATE>")]
        [Description("A gate (repeatable; replaces the alias's gates): 'metrics.auc >= 0.95', 'metrics.auc >= @production - 0.01', 'approvals >= 1'")]
        public string[] Set { get; init; } = [];

        [CommandOption("--clear")]
        [Description("Remove the alias's gates")]
        public bool Clear { get; init; }
    }

    protected override async Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        if (s.Clear || s.Set.Length > 0)
            await ws.Registry.SetGatesAsync(s.Name, s.Alias, s.Clear ? [] : s.Set, ct).ConfigureAwait(false);
        var gates = (await ws.Registry.GetGatesAsync(s.Name, ct).ConfigureAwait(false)).GetValueOrDefault(s.Alias) ?? [];
        if (gates.Count == 0) Console.WriteLine($"@{s.Alias} of {s.Name} has no gates");
        foreach (var g in gates) Console.WriteLine(g);
        return 0;
    }
}
