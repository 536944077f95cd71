using Microsoft.AspNetCore.Http;

namespace MlNotebooks.Server.Mlflow;

/// <summary>Handles one RPC: bind (from <see cref="RouteCall.Request"/>), validate, call Core, return the answer.</summary>
public delegate Task<IResult> RouteHandler(RouteCall call);
