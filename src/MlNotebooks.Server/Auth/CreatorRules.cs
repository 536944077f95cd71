using MlNotebooks.Auth;
using MlNotebooks.Server.Mlflow;

namespace MlNotebooks.Server.Auth;

/// <summary>
/// MLflow's after-request rules for create calls: the creator of an experiment or a registered model gets MANAGE
/// on it. Keyed by the row's path, so the handlers stay unaware of auth.
/// </summary>
internal sealed record CreatorRules(ResourceKind Kind, Func<MlflowRequest, ServerContext, CancellationToken, Task<string?>> Resource)
{
    private static readonly Dictionary<string, CreatorRules> ByPath = new(StringComparer.Ordinal)
    {
        ["POST mlflow/experiments/create"] = new(ResourceKind.Experiment, async (r, s, ct) =>
            (await s.Workspace.TrackingStore.GetExperimentByNameAsync(r.RequiredString("name"), ct).ConfigureAwait(false))?.ExperimentId),
        ["POST mlflow/registered-models/create"] = new(ResourceKind.RegisteredModel, (r, _, _) => Task.FromResult<string?>(r.RequiredString("name"))),
    };

    /// <summary>The rule for a row, or null.</summary>
    public static CreatorRules? Find(MlflowRoute row) => ByPath.GetValueOrDefault($"{row.Method} {row.Path}");

    /// <summary>Grants MANAGE to <paramref name="creator"/> on what the request created.</summary>
    public async Task GrantAsync(MlflowRequest request, ServerContext server, AuthClient auth, AuthUser creator, CancellationToken ct)
    {
        if (await Resource(request, server, ct).ConfigureAwait(false) is { } id) await auth.GrantCreatorAsync(creator, Kind, id, ct).ConfigureAwait(false);
    }
}
