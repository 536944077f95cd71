using System.ComponentModel;
using System.Text.Json.Nodes;
using MlNotebooks.Auth;
using MlNotebooks.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Server;

/// <summary>Settings of <c>mlnb server tokens create</c>.</summary>
internal sealed class TokensCreateSettings : WorkspaceSettings
{
    [CommandArgument(0, "<USER>")]
    [Description("The user the token acts as")]
    public string User { get; init; } = "";

    [CommandOption("--description <TEXT>")]
    [Description("What the token is for (e.g. 'ci', 'laptop')")]
    public string Description { get; init; } = "";
}

/// <summary>Issues another token.</summary>
internal sealed class TokensCreateCommand : WorkspaceCommand<TokensCreateSettings>
{
    protected override async Task<int> RunAsync(Workspace ws, TokensCreateSettings s, CancellationToken ct)
    {
        var issued = await new AuthClient(ws).CreateTokenAsync(s.User, s.Description, ct).ConfigureAwait(false);
        TokenOutput.Print(issued, $"new token for user '{issued.User.Name}'");
        return 0;
    }
}

/// <summary>Settings of <c>mlnb server tokens list</c>.</summary>
internal sealed class TokensListSettings : ReadSettings
{
    [CommandOption("--user <USER>")]
    [Description("Only this user's tokens")]
    public string? User { get; init; }
}

/// <summary>Lists tokens (ids, never secrets).</summary>
internal sealed class TokensListCommand : WorkspaceCommand<TokensListSettings>
{
    protected override async Task<int> RunAsync(Workspace ws, TokensListSettings s, CancellationToken ct)
    {
        var tokens = await new AuthClient(ws).ListTokensAsync(s.User, ct).ConfigureAwait(false);
        if (s.Json)
        {
            Render.Json(new JsonObject
            {
                ["tokens"] = new JsonArray([.. tokens.Select(t => (JsonNode)new JsonObject
                {
                    ["id"] = t.Id, ["username"] = t.UserName, ["description"] = t.Description,
                    ["creation_time"] = t.CreationTime.ToUnixTimeMilliseconds(), ["revoked_time"] = t.RevokedTime?.ToUnixTimeMilliseconds(),
                })]),
            });
            return 0;
        }
        var table = Render.Table("id", "user", "description", "issued", "revoked");
        foreach (var t in tokens) table.AddRow(t.Id, Render.Esc(t.UserName), Render.Esc(t.Description), Render.Time(t.CreationTime), Render.Time(t.RevokedTime));
        Render.Write(table);
        return 0;
    }
}

/// <summary>Settings of <c>mlnb server tokens revoke</c>.</summary>
internal sealed class TokensRevokeSettings : WorkspaceSettings
{
    [CommandArgument(0, "[ID]")]
    [Description("The token id (from `mlnb server tokens list`)")]
    public string? Id { get; init; }

    [CommandOption("--user <USER>")]
    [Description("Revoke every valid token of this user instead")]
    public string? User { get; init; }

    public override ValidationResult Validate() =>
        (Id is null) == (User is null)
            ? ValidationResult.Error("name one token id, or --user USER to revoke all of a user's tokens (not both)")
            : ValidationResult.Success();
}

/// <summary>Revokes a token, or all of a user's.</summary>
internal sealed class TokensRevokeCommand : WorkspaceCommand<TokensRevokeSettings>
{
    protected override async Task<int> RunAsync(Workspace ws, TokensRevokeSettings s, CancellationToken ct)
    {
        var auth = new AuthClient(ws);
        if (s.Id is not null)
        {
            await auth.RevokeTokenAsync(s.Id, ct).ConfigureAwait(false);
            Console.Out.WriteLine($"revoked token {s.Id}");
        }
        else
        {
            var n = await auth.RevokeUserTokensAsync(s.User!, ct).ConfigureAwait(false);
            Console.Out.WriteLine($"revoked {n} token(s) of user '{s.User}'");
        }
        return 0;
    }
}
