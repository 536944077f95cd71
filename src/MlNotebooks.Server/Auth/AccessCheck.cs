using MlNotebooks.Auth;
using MlNotebooks.Server.Mlflow;
using CorePermission = MlNotebooks.Auth.Permission;

namespace MlNotebooks.Server.Auth;

/// <summary>Reads a route row's <see cref="Access"/>: which resource the request concerns and what it needs there.</summary>
internal static class AccessCheck
{
    /// <summary>MLflow's can_* flag behind a row's level (MANAGE covers can_delete: only MANAGE has it).</summary>
    public static Capability Need(Mlflow.Permission level) => level switch
    {
        Mlflow.Permission.Read => Capability.Read,
        Mlflow.Permission.Edit => Capability.Update,
        Mlflow.Permission.Manage => Capability.Manage,
        _ => Capability.None,
    };

    /// <summary>
    /// The resource a request concerns, or null when the named resource does not exist (the handler then answers
    /// 404 as it would without auth). A missing field fails as the handler would, naming it.
    /// </summary>
    public static async Task<(ResourceKind Kind, string Id)?> ResolveAsync(Access access, MlflowRequest request, ServerContext server, CancellationToken ct)
    {
        var tracking = server.Workspace.TrackingStore;
        switch (access.Scope)
        {
            case AccessScope.ExperimentId:
                return (ResourceKind.Experiment, request.RequiredString(access.Field!));
            case AccessScope.ExperimentName:
                return await tracking.GetExperimentByNameAsync(request.RequiredString(access.Field!), ct).ConfigureAwait(false) is { } e ? (ResourceKind.Experiment, e.ExperimentId) : null;
            case AccessScope.RunId:
                var runId = request.String(access.Field!) is { Length: > 0 } r ? r : request.RequiredString("run_uuid");
                return await tracking.GetRunAsync(runId, ct).ConfigureAwait(false) is { } run ? (ResourceKind.Experiment, run.Info.ExperimentId) : null;
            case AccessScope.ArtifactPath:
                var parts = (access.Field == "path" ? request.Path ?? request.String("path") : request.String(access.Field!))?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
                if (parts.Length >= 2 && await tracking.GetRunAsync(parts[1], ct).ConfigureAwait(false) is { } owner) return (ResourceKind.Experiment, owner.Info.ExperimentId);
                return parts.Length >= 1 ? (ResourceKind.Experiment, parts[0]) : null;
            case AccessScope.RegisteredModelName:
                return (ResourceKind.RegisteredModel, request.RequiredString(access.Field!));
            default:
                return null;
        }
    }

    /// <summary>The one-line refusal, naming the user, the need and the fix.</summary>
    public static MlnbException Denied(AuthUser user, Capability need, ResourceKind kind, string id, CorePermission has) =>
        new(ErrorCode.PermissionDenied, $"user '{user.Name}' has {has.Name} on {kind.Describe()} '{id}' and may not {Verb(need)} it; "
            + $"ask its owner or an admin to grant more with `mlnb server permissions set --user {user.Name} --{(kind == ResourceKind.Experiment ? "experiment" : "model")} {id} {Grant(need)}`");

    private static string Verb(Capability need) => need switch { Capability.Read => "read", Capability.Update => "change", _ => "delete or manage" };

    private static string Grant(Capability need) => need switch { Capability.Read => "READ", Capability.Update => "EDIT", _ => "MANAGE" };
}
