using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MlNotebooks.Auth;
using MlNotebooks.Server.Mlflow;
using CorePermission = MlNotebooks.Auth.Permission;

namespace MlNotebooks.Server.Auth;

/// <summary>
/// MLflow basic-auth's permission RPCs (<c>experiments/permissions/*</c>, <c>registered-models/permissions/*</c>),
/// so MLflow's <c>AuthServiceClient</c> manages grants here too. The route rows ask MANAGE on the resource.
/// </summary>
internal static class PermissionsApi
{
    private sealed record Target(ResourceKind Kind, string Field, string Member);

    private static readonly Target Experiment = new(ResourceKind.Experiment, "experiment_id", "experiment_permission");
    private static readonly Target Model = new(ResourceKind.RegisteredModel, "name", "registered_model_permission");

    public static Task<IResult> CreateExperimentAsync(RouteCall call) => SetAsync(call, Experiment, create: true);
    public static Task<IResult> GetExperimentAsync(RouteCall call) => GetAsync(call, Experiment);
    public static Task<IResult> UpdateExperimentAsync(RouteCall call) => SetAsync(call, Experiment, create: false);
    public static Task<IResult> DeleteExperimentAsync(RouteCall call) => DeleteAsync(call, Experiment);
    public static Task<IResult> CreateModelAsync(RouteCall call) => SetAsync(call, Model, create: true);
    public static Task<IResult> GetModelAsync(RouteCall call) => GetAsync(call, Model);
    public static Task<IResult> UpdateModelAsync(RouteCall call) => SetAsync(call, Model, create: false);
    public static Task<IResult> DeleteModelAsync(RouteCall call) => DeleteAsync(call, Model);

    internal static AuthClient Auth(RouteCall call) => call.Http.RequestServices.GetService<ServerAuth>()?.Client
        ?? throw MlnbException.State("this server runs without --auth, so it keeps no permissions; restart it with --auth");

    private static async Task<IResult> SetAsync(RouteCall call, Target t, bool create)
    {
        var r = call.Request;
        var (resource, user, permission) = (r.RequiredString(t.Field), r.RequiredString("username"), CorePermission.Parse(r.RequiredString("permission")));
        var auth = Auth(call);
        var existing = await auth.Store.GetPermissionAsync(t.Kind, resource, user, call.CancellationToken).ConfigureAwait(false);
        if (create && existing is not null)
            throw new MlnbException(ErrorCode.ResourceAlreadyExists, $"user '{user}' already has {existing.Name} on {t.Kind.Describe()} '{resource}'; update it instead");
        if (!create && existing is null) throw NoGrant(t, resource, user);
        await auth.SetPermissionAsync(t.Kind, resource, user, permission, call.CancellationToken).ConfigureAwait(false);
        return create ? MlflowResults.Json(new JsonObject { [t.Member] = Json(t, resource, user, permission) }) : MlflowResults.Empty;
    }

    private static async Task<IResult> GetAsync(RouteCall call, Target t)
    {
        var (resource, user) = (call.Request.RequiredString(t.Field), call.Request.RequiredString("username"));
        var p = await Auth(call).Store.GetPermissionAsync(t.Kind, resource, user, call.CancellationToken).ConfigureAwait(false) ?? throw NoGrant(t, resource, user);
        return MlflowResults.Json(new JsonObject { [t.Member] = Json(t, resource, user, p) });
    }

    private static async Task<IResult> DeleteAsync(RouteCall call, Target t)
    {
        await Auth(call).DeletePermissionAsync(t.Kind, call.Request.RequiredString(t.Field), call.Request.RequiredString("username"), call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Empty;
    }

    internal static JsonObject Json(ResourceKind kind, string resource, string user, CorePermission p) =>
        Json(kind == ResourceKind.Experiment ? Experiment : Model, resource, user, p);

    private static JsonObject Json(Target t, string resource, string user, CorePermission p) =>
        new() { [t.Field] = resource, ["user_id"] = user, ["username"] = user, ["permission"] = p.Name };

    private static MlnbException NoGrant(Target t, string resource, string user) =>
        MlnbException.NotFound($"user '{user}' has no grant on {t.Kind.Describe()} '{resource}'; create one with {(t.Kind == ResourceKind.Experiment ? "experiments" : "registered-models")}/permissions/create");
}
