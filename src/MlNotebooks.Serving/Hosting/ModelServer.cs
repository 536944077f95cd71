using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MlNotebooks.Registry;
using MlNotebooks.Serving.Api;
using MlNotebooks.Serving.Observability;

namespace MlNotebooks.Serving.Hosting;

/// <summary>
/// A running model server on Kestrel: Open Inference Protocol v2, MLflow <c>/invocations</c>, SageMaker <c>/ping</c>,
/// Prometheus <c>/metrics</c>. Aliases are polled and a moved alias is hot-swapped: the new version is loaded
/// (hash checked) and warmed beside the old one, then requests switch to it with none failing.
/// </summary>
public sealed class ModelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ServerState _state;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watcher;

    private ModelServer(WebApplication app, ServerState state, Uri address, InferenceRecorder? recorder)
    {
        _app = app;
        Recorder = recorder;
        _state = state;
        BaseAddress = address;
        _watcher = Task.Run(() => WatchAliasesAsync(_stop.Token));
    }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:8080/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The recorder of sampled requests, when recording is on.</summary>
    internal InferenceRecorder? Recorder { get; }

    /// <summary>The served model names and the versions answering for them.</summary>
    public IReadOnlyDictionary<string, int> ServedVersions => _state.Models.ToDictionary(m => m.Key, m => m.Value.Primary.Version.Version);

    /// <summary>For each served model whose serving.json fetches features: what it fetches, by which keys, from where.</summary>
    public IReadOnlyDictionary<string, string> ServedFeatures => _state.Models.Where(m => m.Value.Primary.Lookup is not null).ToDictionary(m => m.Key, m => m.Value.Primary.Lookup!.Describe);

    /// <summary>Loads every model (failing when one cannot be loaded) and starts listening.</summary>
    public static async Task<ModelServer> StartAsync(Workspace workspace, ModelServerOptions options, CancellationToken cancellationToken = default)
    {
        if (options.Models.Count == 0) throw MlnbException.Invalid("give at least one model to serve, e.g. models:/churn@production");
        options.Batching.Validate();
        options.Candidate?.Validate();
        var registry = new RegistryClient(workspace, workspace.Registry.Options with { User = $"mlnb-serve@{Environment.MachineName}" });
        var metrics = new ServingMetrics();
        var state = new ServerState(registry, metrics, options);
        var recorder = options.Recording is { } rec ? await InferenceRecorder.StartAsync(rec, metrics, options.Log, options.Time, cancellationToken).ConfigureAwait(false) : null;
        try
        {
            foreach (var uriText in options.Models)
            {
                var uri = ModelUri.Parse(uriText);
                if (state.Models.ContainsKey(uri.Name)) throw MlnbException.Invalid($"model '{uri.Name}' is given twice; serve each name once (use --canary or --shadow for a second version)");
                var version = await registry.ResolveAsync(uri, cancellationToken).ConfigureAwait(false);
                var loaded = await LoadedVersion.LoadAsync(registry, version, options.Batching, metrics, options.FeatureLookups, cancellationToken).ConfigureAwait(false);
                metrics.Loaded(version, "primary", true);
                state.Models[uri.Name] = new ServedModel(uri.Name, uri, loaded, metrics, options.Log) { Recorder = recorder };
            }
            if (options.Candidate is { } c)
            {
                var uri = ModelUri.Parse(c.ModelUri);
                var target = state.Models.GetValueOrDefault(uri.Name)
                    ?? throw MlnbException.Invalid($"candidate {c.ModelUri} is not a version of a served model ({string.Join(", ", state.Models.Keys)}); serve models:/{uri.Name}@ALIAS too");
                var version = await registry.ResolveAsync(uri, cancellationToken).ConfigureAwait(false);
                if (version.Version == target.Primary.Version.Version)
                    throw MlnbException.Invalid($"candidate {c.ModelUri} is version {version.Version}, the version already served; choose another version");
                var loaded = await LoadedVersion.LoadAsync(registry, version, options.Batching, metrics, options.FeatureLookups, cancellationToken).ConfigureAwait(false);
                target.SetCandidate(loaded, c, options.Time, (v, why) => registry.RecordDecisionAsync(v.Name, AuditActions.CandidateRolledBack, uri.Alias, v.Version, why));
            }
        }
        catch
        {
            foreach (var m in state.Models.Values) foreach (var l in m.Loaded) await l.RetireAsync().ConfigureAwait(false);
            if (recorder is not null) await recorder.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        // No reloading of appsettings.json: it would put a recursive file watcher on the working directory.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(state);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Parse(options.Host), options.Port);
        });
        var app = builder.Build();
        app.UseMiddleware<ProblemMiddleware>();
        InferenceApi.Map(app);
        ScoringApi.Map(app);
        MetricsApi.Map(app);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            if (recorder is not null) await recorder.DisposeAsync().ConfigureAwait(false);
            throw new MlnbException(ErrorCode.StoreUnavailable, $"cannot listen on {options.Host}:{options.Port} ({e.Message}); choose another port with --port");
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ModelServer(app, state, new Uri(address.EndsWith('/') ? address : address + "/"), recorder);
    }

    private async Task WatchAliasesAsync(CancellationToken ct)
    {
        var options = _state.Options;
        while (!ct.IsCancellationRequested)
        {
            try { await Task.Delay(options.AliasPollInterval, ct).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            foreach (var model in _state.Models.Values.Where(m => m.Uri.Alias is not null))
            {
                try
                {
                    var current = model.Primary.Version.Version;
                    var version = await _state.Registry.ResolveAsync(model.Uri, ct).ConfigureAwait(false);
                    if (version.Version == current || version.Version == model.RefusedVersion) continue;
                    try
                    {
                        var loaded = await LoadedVersion.LoadAsync(_state.Registry, version, options.Batching, _state.Metrics, options.FeatureLookups, ct).ConfigureAwait(false);
                        model.RefusedVersion = null;
                        FaultPoint.Hit("serve.swap");
                        await model.SwapPrimaryAsync(loaded).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        model.RefusedVersion = version.Version;
                        _state.Metrics.LoadFailed(model.Name, version.Version);
                        options.Log($"model '{model.Name}': {model.Uri} moved to version {version.Version} but it was not loaded ({e.Message}); still serving version {current}");
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    options.Log($"model '{model.Name}': checking {model.Uri} failed ({e.Message}); will retry");
                }
            }
        }
    }

    /// <summary>Waits until the token is cancelled (Ctrl+C in the CLI).</summary>
    public async Task WaitForShutdownAsync(CancellationToken cancellationToken)
    {
        try { await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false); }
        catch (OperationCanceledException) { }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try { await _watcher.ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        foreach (var m in _state.Models.Values) foreach (var l in m.Loaded) await l.RetireAsync().ConfigureAwait(false);
        if (Recorder is not null) await Recorder.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
