using Microsoft.AspNetCore.Builder;

namespace MlNotebooks.Server.Ui;

/// <summary>Where the web UI plugs into the server: its pages and assets at <c>/</c>.</summary>
internal static class UiSetup
{
    /// <summary>Maps the UI's endpoints.</summary>
    public static void Map(WebApplication app, ServerContext server)
    {
        _ = app;
        _ = server;
    }
}
