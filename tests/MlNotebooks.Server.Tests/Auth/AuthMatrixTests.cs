using System.Text.Json.Nodes;
using MlNotebooks.Auth;
using MlNotebooks.Server.Mlflow;
using MlNotebooks.Server.Tests.Registry;
using MlNotebooks.Server.Tests.Support;
using CorePermission = MlNotebooks.Auth.Permission;

namespace MlNotebooks.Server.Tests.Auth;

/// <summary>
/// The auth matrix, driven by the route table: for every row, no token, NO_PERMISSIONS, the default (READ), READ,
/// EDIT, MANAGE and an admin, on a fresh experiment, run and registered model. A user below the row's level gets
/// 403, one at or above it is let through to the handler (whatever the handler then answers), nobody without a
/// token gets past 401. A new row is covered the moment it is added.
/// </summary>
public sealed class AuthMatrixTests(AuthServerFixture server) : IClassFixture<AuthServerFixture>
{
    public static TheoryData<string> Rows() => [.. RouteTable.All.Select(r => $"{r.Method} {r.Path}")];

    private static readonly (string User, int Level)[] Ladder =
        [("nobody", 0), ("plain", 1), ("reader", 1), ("editor", 2), ("manager", 3), ("admin", 99)];

    private static int Level(MlNotebooks.Server.Mlflow.Permission p) => p switch
    {
        MlNotebooks.Server.Mlflow.Permission.Read => 1, MlNotebooks.Server.Mlflow.Permission.Edit => 2, MlNotebooks.Server.Mlflow.Permission.Manage => 3, _ => 0,
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task EveryRow_Gives401Then403BelowItsLevel_AndLetsItsLevelThrough(string key)
    {
        var row = RouteTable.All.Single(r => $"{r.Method} {r.Path}" == key);
        var experiment = ServerFixture.UniqueName("mx");
        var runId = await TrainedRuns.CreateAsync(server.Workspace, server.Dir, 0.9, experiment);
        var run = await server.Workspace.Tracking.GetRunAsync(runId);
        var model = ServerFixture.UniqueName("mx");
        await server.Workspace.Registry.RegisterAsync(runId, "model", model);
        foreach (var (user, permission) in new[] { ("nobody", CorePermission.NoPermissions), ("reader", CorePermission.Read), ("editor", CorePermission.Edit), ("manager", CorePermission.Manage) })
        {
            await server.Auth.SetPermissionAsync(ResourceKind.Experiment, run.Info.ExperimentId, user, permission);
            await server.Auth.SetPermissionAsync(ResourceKind.RegisteredModel, model, user, permission);
        }
        var fields = new Dictionary<string, string>
        {
            ["experiment_id"] = run.Info.ExperimentId, ["experiment_name"] = experiment, ["run_id"] = runId, ["run_uuid"] = runId,
            ["name"] = model, ["version"] = "1", ["key"] = "k", ["path"] = $"{run.Info.ExperimentId}/{runId}/artifacts/model/model.onnx",
        };
        var path = "/api/2.0/" + row.Path.Replace("{**path}", fields["path"], StringComparison.Ordinal);

        (await SendAsync(server.Anonymous, row, path, fields)).Let(a => Assert.True(row.Access.Scope == AccessScope.Public ? (int)a.Status != 401 : (int)a.Status == 401, $"{row} without a token: {(int)a.Status} {a.Text}"));
        var need = row.Access.Scope switch
        {
            AccessScope.Public or AccessScope.Authenticated => 0,
            AccessScope.Admin => 50,
            _ => Level(row.Access.Permission),
        };
        foreach (var (user, level) in Ladder)
        {
            var a = await SendAsync(server.As(user), row, path, fields);
            if (level < need) Assert.True((int)a.Status == 403 && a.ErrorCode == "PERMISSION_DENIED", $"{row} as {user}: expected 403, got {(int)a.Status} {a.Text}");
            else Assert.True((int)a.Status is not (401 or 403), $"{row} as {user}: expected to pass auth, got {(int)a.Status} {a.Text}");
        }
    }

    [Fact]
    public void EveryRegistryRow_NamesTheModel_OrIsACreateOrSearch()
    {
        foreach (var row in RouteTable.All.Where(r => r.Path.Contains("registered-models/") || r.Path.Contains("model-versions/") || r.Path.StartsWith("mlnb/registry/", StringComparison.Ordinal)))
            Assert.True(row.Access.Scope == AccessScope.RegisteredModelName || row.Path.EndsWith("/create", StringComparison.Ordinal) && row.Path.Contains("registered-models") || row.Path.EndsWith("/search", StringComparison.Ordinal),
                $"{row} should be checked against the registered model it names");
    }

    private static Task<MlflowAnswer> SendAsync(MlflowHttp http, MlflowRoute row, string path, Dictionary<string, string> fields)
    {
        if (row.Method is "GET" or "HEAD" || row.RawBody)
        {
            var q = string.Join("&", fields.Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value)));
            var request = new HttpRequestMessage(new HttpMethod(row.Method), path + "?" + q);
            if (row.RawBody) request.Content = new ByteArrayContent([1, 2, 3]);
            return http.SendAsync(request);
        }
        return http.SendAsync(row.Method, path, new JsonObject(fields.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))));
    }
}

internal static class AnswerExtensions
{
    public static void Let(this MlflowAnswer a, Action<MlflowAnswer> check) => check(a);
}
