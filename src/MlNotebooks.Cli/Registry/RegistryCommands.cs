using MlNotebooks.Cli.Serving;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Registry;

/// <summary>Registers <c>models</c> (the registry) and the serving verbs <c>serve</c> and <c>predict</c>.</summary>
internal static class RegistryCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddBranch("models", b =>
        {
            b.SetDescription("Register model versions, move aliases through gates, approve, roll back, read the audit log.");
            b.AddCommand<ModelsRegisterCommand>("register").WithDescription("Register a run's ONNX model as a new version; prints the version number alone.");
            b.AddCommand<ModelsListCommand>("list").WithDescription("List registered models with their aliases.");
            b.AddCommand<ModelsShowCommand>("show").WithDescription("Show a model's versions, aliases and gates.");
            b.AddCommand<ModelsPromoteCommand>("promote").WithDescription("Move an alias (staging, production, ...) to a version through the alias's gates.");
            b.AddCommand<ModelsApproveCommand>("approve").WithDescription("Approve (or --reject) a version for an alias.");
            b.AddCommand<ModelsRollbackCommand>("rollback").WithDescription("Return an alias to its previous version.");
            b.AddCommand<ModelsGatesCommand>("gates").WithDescription("Show or set the gates a version must pass to get an alias.");
            b.AddCommand<ModelsAuditCommand>("audit").WithDescription("Show a model's audit log: alias moves, approvals, refusals, rollbacks.");
            b.AddCommand<ModelsCompressCommand>("compress").WithDescription("Quantize (int8) and/or prune a version's MatMul/Gemm weights; registers the result as a new version with accuracy, size and latency compared.");
        });
        ServingCommands.Register(config);
    }
}
