using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MlNotebooks.Server.Ui;

/// <summary>
/// Where the web UI plugs into the server: its page at <c>/</c> and its files under <c>/ui/</c> (public: they hold
/// no data). The data the UI reads comes through the route table (<see cref="UiRoutes"/>), so auth covers it.
/// </summary>
internal static class UiSetup
{
    /// <summary>Maps the UI's page and files.</summary>
    public static void Map(WebApplication app, ServerContext server)
    {
        _ = server;
        var assets = UiAssets.Shared;
        app.MapMethods("/", ["GET", "HEAD"], (HttpContext c) => UiAssets.WriteAsync(c, assets.Find("index.html")!));
        app.MapMethods("/favicon.ico", ["GET", "HEAD"], (HttpContext c) => UiAssets.WriteAsync(c, assets.Find("favicon.svg")!));
        app.MapMethods("/ui/{**file}", ["GET", "HEAD"], (HttpContext c, string file) => assets.Find(file) is { } asset
            ? UiAssets.WriteAsync(c, asset)
            : MlflowResultsError(c, file));
    }

    private static Task MlflowResultsError(HttpContext c, string file) =>
        Mlflow.MlflowResults.Error(404, "RESOURCE_DOES_NOT_EXIST", $"no UI file '{file}'; the UI starts at /").ExecuteAsync(c);
}
