using MlNotebooks.Server.Auth;
using MlNotebooks.Server.Registry;
using MlNotebooks.Server.Tracking;
using MlNotebooks.Server.Ui;

namespace MlNotebooks.Server.Mlflow;

/// <summary>Every RPC the server answers, as data: one <see cref="MlflowRoute"/> per row, each area contributing its own rows.</summary>
public static class RouteTable
{
    /// <summary>All rows: tracking, artifacts, our extras, registry, auth.</summary>
    public static IReadOnlyList<MlflowRoute> All { get; } =
    [
        .. TrackingRoutes.Rows,
        .. RegistryRoutes.Rows,
        .. AuthRoutes.Rows,
        .. UiRoutes.Rows,
    ];
}
