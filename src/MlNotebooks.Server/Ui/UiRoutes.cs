using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using MlNotebooks.Server.Mlflow;

namespace MlNotebooks.Server.Ui;

/// <summary>
/// The UI's read endpoints beyond MLflow's REST API, as route-table rows under <c>/ajax-api/2.0/mlnb/</c> (and
/// <c>/api/2.0/mlnb/</c>): each names one resource, so the same auth check as MLflow's rows applies. Endpoints that
/// could span resources take exactly one (a chart is one request per run; the browser overlays them).
/// </summary>
internal static class UiRoutes
{
    /// <summary>The rows.</summary>
    public static IReadOnlyList<MlflowRoute> Rows { get; } =
    [
        MlflowRoute.Get("mlnb/experiments", Access.Authenticated, c => Json(UiTrackingApi.ExperimentsAsync(c))),
        MlflowRoute.Get("mlnb/runs/table", Access.Experiment(Permission.Read), c => Json(UiRunsTable.GetAsync(c))),
        MlflowRoute.Get("mlnb/runs/page", Access.Run(Permission.Read), c => Json(UiTrackingApi.RunPageAsync(c))),
        MlflowRoute.Get("mlnb/metrics/chart", Access.Run(Permission.Read), c => Json(UiChart.GetAsync(c))),
        MlflowRoute.Get("mlnb/artifacts/content", Access.Run(Permission.Read), UiTrackingApi.ArtifactContentAsync),
        MlflowRoute.Get("mlnb/registry/models", Access.Authenticated, c => Json(UiRegistryApi.ModelsAsync(c))),
        MlflowRoute.Get("mlnb/registry/model", Access.Model(Permission.Read), c => Json(UiRegistryApi.ModelAsync(c))),
    ];

    private static async Task<IResult> Json(Task<JsonNode> body) => MlflowResults.Json(await body.ConfigureAwait(false));
}
