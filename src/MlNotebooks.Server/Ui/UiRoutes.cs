using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using MlNotebooks.Server.Mlflow;

namespace MlNotebooks.Server.Ui;

/// <summary>
/// The UI's read endpoints beyond MLflow's REST API, as route-table rows under <c>/ajax-api/2.0/mlnb/ui/</c> (and
/// <c>/api/2.0/mlnb/ui/</c>): each names one resource, so the same auth check as MLflow's rows applies. Endpoints that
/// could span resources take exactly one (a chart is one request per run; the browser overlays them).
/// </summary>
internal static class UiRoutes
{
    private const string U = "mlnb/ui/";

    /// <summary>The rows.</summary>
    public static IReadOnlyList<MlflowRoute> Rows { get; } =
    [
        MlflowRoute.Get(U + "experiments", Access.Authenticated, c => Json(UiTrackingApi.ExperimentsAsync(c))),
        MlflowRoute.Get(U + "runs-table", Access.Experiment(Permission.Read), c => Json(UiRunsTable.GetAsync(c))),
        MlflowRoute.Get(U + "run", Access.Run(Permission.Read), c => Json(UiTrackingApi.RunPageAsync(c))),
        MlflowRoute.Get(U + "metric-chart", Access.Run(Permission.Read), c => Json(UiChart.GetAsync(c))),
        MlflowRoute.Get(U + "artifact", Access.Run(Permission.Read), UiTrackingApi.ArtifactContentAsync),
        MlflowRoute.Get(U + "models", Access.Authenticated, c => Json(UiRegistryApi.ModelsAsync(c))),
        MlflowRoute.Get(U + "model", Access.Model(Permission.Read), c => Json(UiRegistryApi.ModelAsync(c))),
        MlflowRoute.Get(U + "usage", Access.Authenticated, c => Json(UiUsageApi.GetAsync(c))),
    ];

    private static async Task<IResult> Json(Task<JsonNode> body) => MlflowResults.Json(await body.ConfigureAwait(false));
}
