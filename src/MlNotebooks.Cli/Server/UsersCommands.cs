using System.ComponentModel;
using System.Text.Json.Nodes;
using MlNotebooks.Auth;
using MlNotebooks.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Server;

/// <summary>Settings of <c>mlnb server users add</c>.</summary>
internal sealed class UsersAddSettings : WorkspaceSettings
{
    [CommandArgument(0, "<NAME>")]
    [Description("User name (letters, digits, . _ - @)")]
    public string Name { get; init; } = "";

    [CommandOption("--admin")]
    [Description("Admins bypass every permission check and may grant permissions")]
    public bool Admin { get; init; }
}

/// <summary>Adds a user; the token goes alone to stdout (<c>TOKEN=$(mlnb server users add alice)</c>), the note to stderr.</summary>
internal sealed class UsersAddCommand : WorkspaceCommand<UsersAddSettings>
{
    protected override async Task<int> RunAsync(Workspace ws, UsersAddSettings s, CancellationToken ct)
    {
        var issued = await new AuthClient(ws).AddUserAsync(s.Name, s.Admin, ct).ConfigureAwait(false);
        TokenOutput.Print(issued, $"added user '{issued.User.Name}'{(issued.User.IsAdmin ? " (admin)" : "")}");
        return 0;
    }
}

/// <summary>Lists users.</summary>
internal sealed class UsersListCommand : WorkspaceCommand<ReadSettings>
{
    protected override async Task<int> RunAsync(Workspace ws, ReadSettings s, CancellationToken ct)
    {
        var auth = new AuthClient(ws);
        var users = await auth.ListUsersAsync(ct).ConfigureAwait(false);
        var tokens = await auth.ListTokensAsync(null, ct).ConfigureAwait(false);
        int Valid(AuthUser u) => tokens.Count(t => t.UserName == u.Name && t.RevokedTime is null);
        if (s.Json)
        {
            Render.Json(new JsonObject
            {
                ["users"] = new JsonArray([.. users.Select(u => (JsonNode)new JsonObject
                {
                    ["username"] = u.Name, ["is_admin"] = u.IsAdmin, ["source"] = u.Source,
                    ["creation_time"] = u.CreationTime.ToUnixTimeMilliseconds(), ["valid_tokens"] = Valid(u),
                })]),
            });
            return 0;
        }
        var t = Render.Table("user", "admin", "source", "valid tokens", "added");
        foreach (var u in users) t.AddRow(Render.Esc(u.Name), u.IsAdmin ? "yes" : "no", u.Source, Valid(u).ToString(System.Globalization.CultureInfo.InvariantCulture), Render.Time(u.CreationTime));
        Render.Write(t);
        return 0;
    }
}

/// <summary>How a freshly issued token is shown: the secret alone on stdout, what it is on stderr.</summary>
internal static class TokenOutput
{
    public static void Print(IssuedToken issued, string what)
    {
        Console.Error.WriteLine($"{what}; token id {issued.Token.Id}. The token below is shown once (only its hash is stored); "
            + "clients send it as 'Authorization: Bearer TOKEN' (MLNB_TRACKING_TOKEN or MLFLOW_TRACKING_TOKEN).");
        Console.Out.WriteLine(issued.Secret);
    }
}
