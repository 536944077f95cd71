using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Server;

/// <summary>Registers <c>mlnb server users|tokens|permissions</c>: who may use a shared server, and on what.</summary>
internal static class ServerAuthCommands
{
    /// <summary>Adds the auth verbs to the <c>server</c> branch.</summary>
    public static void AddTo(IConfigurator<CommandSettings> server)
    {
        server.AddBranch("users", b =>
        {
            b.SetDescription("Users of a server started with --auth.");
            b.AddCommand<UsersAddCommand>("add").WithDescription("Add a user and print its API token (once; only its hash is stored).");
            b.AddCommand<UsersListCommand>("list").WithDescription("List users, their admin flag and valid tokens.");
        });
        server.AddBranch("tokens", b =>
        {
            b.SetDescription("API tokens (Authorization: Bearer TOKEN, or MLNB_TRACKING_TOKEN on the client).");
            b.AddCommand<TokensCreateCommand>("create").WithDescription("Issue another token for a user and print it (once).");
            b.AddCommand<TokensListCommand>("list").WithDescription("List tokens by id (never their secrets).");
            b.AddCommand<TokensRevokeCommand>("revoke").WithDescription("Revoke a token by id, or every token of --user.");
        });
        server.AddBranch("permissions", b =>
        {
            b.SetDescription("MLflow permissions (READ, EDIT, MANAGE, NO_PERMISSIONS) per experiment and registered model.");
            b.AddCommand<PermissionsSetCommand>("set").WithDescription("Grant a user a permission on an experiment or a registered model.");
            b.AddCommand<PermissionsListCommand>("list").WithDescription("List grants, of one --user or all.");
            b.AddCommand<PermissionsDeleteCommand>("delete").WithDescription("Remove a grant (the default permission applies again).");
        });
    }
}
