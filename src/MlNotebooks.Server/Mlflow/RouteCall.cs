using Microsoft.AspNetCore.Http;
using MlNotebooks.Tracking;

namespace MlNotebooks.Server.Mlflow;

/// <summary>What a handler gets: the bound fields, the server's workspace, and the raw HTTP context for streaming.</summary>
public sealed class RouteCall
{
    internal RouteCall(HttpContext http, MlflowRequest request, ServerContext server, MlflowRoute route)
    {
        Http = http;
        Request = request;
        Server = server;
        Route = route;
    }

    /// <summary>The HTTP exchange.</summary>
    public HttpContext Http { get; }

    /// <summary>The bound fields.</summary>
    public MlflowRequest Request { get; }

    /// <summary>The row being served.</summary>
    public MlflowRoute Route { get; }

    /// <summary>The served workspace and options.</summary>
    public ServerContext Server { get; }

    /// <summary>Tracking over the served store.</summary>
    public TrackingClient Tracking => Server.Workspace.Tracking;

    /// <summary>The tracking store.</summary>
    public ITrackingStore Store => Server.Workspace.TrackingStore;

    /// <summary>The authenticated user's name (set by the auth middleware), or null without auth.</summary>
    public string? User => Http.User.Identity is { IsAuthenticated: true, Name: { } n } ? n : null;

    /// <summary>The id (or name) of what the handler created, e.g. the new experiment's id; null for other routes.</summary>
    public string? CreatedId { get; set; }

    /// <summary>Cancelled when the client goes away.</summary>
    public CancellationToken CancellationToken => Http.RequestAborted;
}
