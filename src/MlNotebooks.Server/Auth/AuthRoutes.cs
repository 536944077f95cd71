using MlNotebooks.Server.Mlflow;

namespace MlNotebooks.Server.Auth;

/// <summary>The auth area's rows of the route table: MLflow basic-auth's permission and user RPCs.</summary>
internal static class AuthRoutes
{
    private const string E = "mlflow/experiments/permissions/";
    private const string M = "mlflow/registered-models/permissions/";

    public static IReadOnlyList<MlflowRoute> Rows { get; } =
    [
        MlflowRoute.Post(E + "create", Access.Experiment(Permission.Manage), PermissionsApi.CreateExperimentAsync),
        MlflowRoute.Get(E + "get", Access.Experiment(Permission.Manage), PermissionsApi.GetExperimentAsync),
        MlflowRoute.Patch(E + "update", Access.Experiment(Permission.Manage), PermissionsApi.UpdateExperimentAsync),
        MlflowRoute.Delete(E + "delete", Access.Experiment(Permission.Manage), PermissionsApi.DeleteExperimentAsync),
        MlflowRoute.Post(M + "create", Access.Model(Permission.Manage), PermissionsApi.CreateModelAsync),
        MlflowRoute.Get(M + "get", Access.Model(Permission.Manage), PermissionsApi.GetModelAsync),
        MlflowRoute.Patch(M + "update", Access.Model(Permission.Manage), PermissionsApi.UpdateModelAsync),
        MlflowRoute.Delete(M + "delete", Access.Model(Permission.Manage), PermissionsApi.DeleteModelAsync),
        MlflowRoute.Get("mlflow/users/get", Access.Authenticated, UsersApi.GetAsync),
        MlflowRoute.Patch("mlflow/users/update-admin", Access.Admin, UsersApi.UpdateAdminAsync),
    ];
}
