using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Infrastructure;

/// <summary>A verb that opens the workspace, calls the core and renders. Errors go through <see cref="ErrorReporter"/>.</summary>
/// <typeparam name="TSettings">The verb's settings.</typeparam>
public abstract class WorkspaceCommand<TSettings> : AsyncCommand<TSettings> where TSettings : WorkspaceSettings
{
    /// <inheritdoc />
    public sealed override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        await using var workspace = await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = settings.TrackingUri }, cancellationToken).ConfigureAwait(false);
        return await RunAsync(workspace, settings, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The verb's work.</summary>
    protected abstract Task<int> RunAsync(Workspace workspace, TSettings settings, CancellationToken cancellationToken);
}
