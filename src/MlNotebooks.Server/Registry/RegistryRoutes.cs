using MlNotebooks.Server.Mlflow;

namespace MlNotebooks.Server.Registry;

/// <summary>
/// The model registry's rows of the route table: MLflow's <c>model_registry.proto</c> RPCs with the permissions of
/// MLflow basic-auth's table, then our extras under <c>mlnb/registry/</c>.
/// </summary>
internal static class RegistryRoutes
{
    private const string Rm = "mlflow/registered-models/";
    private const string Mv = "mlflow/model-versions/";
    private const string X = "mlnb/registry/";

    public static IReadOnlyList<MlflowRoute> Rows { get; } =
    [
        MlflowRoute.Post(Rm + "create", Access.Authenticated, RegisteredModelsApi.CreateAsync),
        MlflowRoute.Post(Rm + "rename", Access.Model(Permission.Edit), RegisteredModelsApi.RenameAsync),
        MlflowRoute.Patch(Rm + "update", Access.Model(Permission.Edit), RegisteredModelsApi.UpdateAsync),
        MlflowRoute.Delete(Rm + "delete", Access.Model(Permission.Manage), RegisteredModelsApi.DeleteAsync),
        MlflowRoute.Get(Rm + "get", Access.Model(Permission.Read), RegisteredModelsApi.GetAsync),
        MlflowRoute.Get(Rm + "search", Access.Authenticated, RegisteredModelsApi.SearchAsync),
        MlflowRoute.Post(Rm + "get-latest-versions", Access.Model(Permission.Read), RegisteredModelsApi.LatestVersionsAsync),
        MlflowRoute.Get(Rm + "get-latest-versions", Access.Model(Permission.Read), RegisteredModelsApi.LatestVersionsAsync),
        MlflowRoute.Post(Rm + "set-tag", Access.Model(Permission.Edit), RegisteredModelTagsApi.SetTagAsync),
        MlflowRoute.Delete(Rm + "delete-tag", Access.Model(Permission.Edit), RegisteredModelTagsApi.DeleteTagAsync),
        MlflowRoute.Post(Rm + "alias", Access.Model(Permission.Edit), RegisteredModelTagsApi.SetAliasAsync),
        MlflowRoute.Delete(Rm + "alias", Access.Model(Permission.Manage), RegisteredModelTagsApi.DeleteAliasAsync),
        MlflowRoute.Get(Rm + "alias", Access.Model(Permission.Read), RegisteredModelTagsApi.GetByAliasAsync),
        MlflowRoute.Post(Mv + "create", Access.Model(Permission.Edit), ModelVersionsApi.CreateAsync),
        MlflowRoute.Patch(Mv + "update", Access.Model(Permission.Edit), ModelVersionsApi.UpdateAsync),
        MlflowRoute.Post(Mv + "transition-stage", Access.Model(Permission.Edit), ModelVersionsApi.TransitionStageAsync),
        MlflowRoute.Delete(Mv + "delete", Access.Model(Permission.Manage), ModelVersionsApi.DeleteAsync),
        MlflowRoute.Get(Mv + "get", Access.Model(Permission.Read), ModelVersionsApi.GetAsync),
        MlflowRoute.Get(Mv + "search", Access.Authenticated, ModelVersionsApi.SearchAsync),
        MlflowRoute.Get(Mv + "get-download-uri", Access.Model(Permission.Read), ModelVersionsApi.DownloadUriAsync),
        MlflowRoute.Post(Mv + "set-tag", Access.Model(Permission.Edit), ModelVersionsApi.SetTagAsync),
        MlflowRoute.Delete(Mv + "delete-tag", Access.Model(Permission.Manage), ModelVersionsApi.DeleteTagAsync),
        MlflowRoute.Post(X + "promote", Access.Model(Permission.Edit), RegistryExtrasApi.PromoteAsync),
        MlflowRoute.Post(X + "rollback", Access.Model(Permission.Edit), RegistryExtrasApi.RollbackAsync),
        MlflowRoute.Post(X + "approve", Access.Model(Permission.Read), RegistryExtrasApi.ApproveAsync),
        MlflowRoute.Get(X + "approvals", Access.Model(Permission.Read), RegistryExtrasApi.ApprovalsAsync),
        MlflowRoute.Post(X + "gates/set", Access.Model(Permission.Manage), RegistryExtrasApi.SetGatesAsync),
        MlflowRoute.Get(X + "gates", Access.Model(Permission.Read), RegistryExtrasApi.GetGatesAsync),
        MlflowRoute.Get(X + "gates/evaluate", Access.Model(Permission.Read), RegistryExtrasApi.EvaluateGatesAsync),
        MlflowRoute.Get(X + "audit", Access.Model(Permission.Read), RegistryExtrasApi.AuditAsync),
        MlflowRoute.Post(X + "audit/append", Access.Model(Permission.Edit), RegistryExtrasApi.AppendAuditAsync),
        MlflowRoute.Get(X + "alias-history", Access.Model(Permission.Read), RegistryExtrasApi.AliasHistoryAsync),
    ];
}
