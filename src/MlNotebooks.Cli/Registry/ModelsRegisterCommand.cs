using System.ComponentModel;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Serving.Runtime;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Registry;

internal sealed class ModelsRegisterCommand : WorkspaceCommand<ModelsRegisterCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandOption("--run <RUN_ID>")]
        [Description("The training run")]
        public string? Run { get; init; }

        [CommandOption("--artifact <PATH>")]
        [Description("The run's model.onnx, or the folder holding it (with an optional signature.json and input_example.json)")]
        public string? Artifact { get; init; }

        [CommandOption("--name <NAME>")]
        [Description("Registered model name (created when missing)")]
        public string? Name { get; init; }

        [CommandOption("--description <TEXT>")]
        public string Description { get; init; } = "";

        public override Spectre.Console.ValidationResult Validate() =>
            string.IsNullOrEmpty(Run) ? Spectre.Console.ValidationResult.Error("--run RUN_ID is required")
            : string.IsNullOrEmpty(Artifact) ? Spectre.Console.ValidationResult.Error("--artifact PATH is required, e.g. --artifact model")
            : string.IsNullOrEmpty(Name) ? Spectre.Console.ValidationResult.Error("--name NAME is required, e.g. --name churn")
            : Spectre.Console.ValidationResult.Success();
    }

    protected override async Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        var v = await ws.Registry.RegisterAsync(s.Run!, s.Artifact!, s.Name!, new OnnxSignatureReader(), s.Description, null, ct).ConfigureAwait(false);
        Console.WriteLine(v.Version);
        return 0;
    }
}
