using System.Diagnostics;
using MlNotebooks.Registry;
using MlNotebooks.Serving.Observability;
using MlNotebooks.Serving.Protocol;
using MlNotebooks.Serving.Runtime;

namespace MlNotebooks.Serving.Hosting;

/// <summary>
/// One model name served: its primary version (swapped when its alias moves) and optionally a candidate answering
/// a share of requests (canary) or mirroring all of them (shadow), dropped when it misbehaves.
/// </summary>
internal sealed class ServedModel(string name, ModelUri uri, LoadedVersion primary, ServingMetrics metrics, Action<string> log)
{
    private volatile LoadedVersion _primary = primary;
    private volatile LoadedVersion? _candidate;
    private CandidateOptions? _candidateOptions;
    private CandidateMonitor? _monitor;
    private ShadowRecorder? _shadow;
    private Func<ModelVersion, string, Task>? _onRollback;
    private long _counter;

    public string Name => name;

    /// <summary>Samples answered requests for monitoring, or null.</summary>
    public InferenceRecorder? Recorder { get; init; }

    public ModelUri Uri => uri;

    public LoadedVersion Primary => _primary;

    public LoadedVersion? Candidate => _candidate;

    public CandidateMode? Mode => _candidate is null ? null : _candidateOptions?.Mode;

    /// <summary>The version a failed load was refused for, so the watcher does not retry it every poll.</summary>
    public int? RefusedVersion { get; set; }

    public IEnumerable<LoadedVersion> Loaded => _candidate is { } c ? [_primary, c] : [_primary];

    public void SetCandidate(LoadedVersion candidate, CandidateOptions options, TimeProvider time, Func<ModelVersion, string, Task> onRollback)
    {
        _candidateOptions = options;
        _monitor = new CandidateMonitor(options, time);
        _shadow = new ShadowRecorder(options.ShadowLogPath);
        _onRollback = onRollback;
        _candidate = candidate;
        metrics.Loaded(candidate.Version, Variant(options.Mode), true);
    }

    private static string Variant(CandidateMode mode) => mode == CandidateMode.Canary ? "canary" : "shadow";

    /// <summary>Makes <paramref name="next"/> the primary; the old one is retired once its requests are answered.</summary>
    public async Task SwapPrimaryAsync(LoadedVersion next)
    {
        var old = Interlocked.Exchange(ref _primary, next);
        metrics.Loaded(next.Version, "primary", true);
        metrics.Loaded(old.Version, "primary", false);
        log($"model '{name}': now serving version {next.Version.Version} (was {old.Version.Version})");
        await old.RetireAsync().ConfigureAwait(false);
    }

    private LoadedVersion AcquirePrimary()
    {
        while (true)
        {
            var p = _primary;
            if (p.TryAcquire())
            {
                if (ReferenceEquals(p, _primary)) return p;
                p.Release();
            }
        }
    }

    public async Task<InferOutcome> InferAsync(IReadOnlyList<Tensor> inputs, IReadOnlyList<string>? outputs, int? version, string protocol)
    {
        var started = Stopwatch.GetTimestamp();
        if (version is { } v)
        {
            var target = Loaded.FirstOrDefault(l => l.Version.Version == v)
                ?? throw MlnbException.NotFound($"model '{name}' version {v} is not loaded on this server; loaded: {string.Join(", ", Loaded.Select(l => l.Version.Version))}");
            var variant = ReferenceEquals(target, _primary) ? "primary" : Variant(_candidateOptions!.Mode);
            if (!target.TryAcquire()) throw MlnbException.NotFound($"model '{name}' version {v} was just unloaded; ask for the model without a version");
            try { return await RunAsync(target, variant, inputs, outputs, protocol, started).ConfigureAwait(false); }
            finally { target.Release(); }
        }
        var candidate = _candidate;
        if (candidate is not null && _candidateOptions!.Mode == CandidateMode.Canary && TakeCanaryTurn(_candidateOptions.Share) && IsValidForPrimary(inputs, outputs) && candidate.TryAcquire())
        {
            try
            {
                var answer = await RunAsync(candidate, "canary", inputs, outputs, protocol, started).ConfigureAwait(false);
                Observe(candidate, Stopwatch.GetElapsedTime(started).TotalSeconds, ok: true);
                return answer;
            }
            catch (Exception e)
            {
                // The candidate failed a request the primary accepts: count it against the candidate and let the primary answer.
                Observe(candidate, Stopwatch.GetElapsedTime(started).TotalSeconds, ok: false);
                log($"model '{name}': canary version {candidate.Version.Version} failed a request ({e.Message}); the primary answered it");
            }
            finally { candidate.Release(); }
        }
        var primary = AcquirePrimary();
        try
        {
            var result = await RunAsync(primary, "primary", inputs, outputs, protocol, started).ConfigureAwait(false);
            if (candidate is not null && _candidateOptions!.Mode == CandidateMode.Shadow) _ = MirrorAsync(candidate, inputs, outputs, result);
            return result;
        }
        finally { primary.Release(); }
    }

    /// <summary>A request the primary would reject is the client's mistake: the primary answers it (400), the canary is not charged.</summary>
    private bool IsValidForPrimary(IReadOnlyList<Tensor> inputs, IReadOnlyList<string>? outputs)
    {
        try
        {
            var signature = _primary.Signature;
            InputValidator.Validate(inputs, signature, name);
            InputValidator.OutputIndexes(outputs, signature, name);
            return true;
        }
        catch (MlnbException e) when (e.Code == ErrorCode.InvalidParameterValue)
        {
            return false;
        }
    }

    private bool TakeCanaryTurn(double share)
    {
        var n = Interlocked.Increment(ref _counter);
        return Math.Floor(n * share) > Math.Floor((n - 1) * share);
    }

    private async Task<InferOutcome> RunAsync(LoadedVersion target, string variant, IReadOnlyList<Tensor> inputs, IReadOnlyList<string>? outputs, string protocol, long started)
    {
        var outcome = "error";
        try
        {
            var ordered = InputValidator.Validate(inputs, target.Signature, name);
            var indexes = InputValidator.OutputIndexes(outputs, target.Signature, name);
            var all = await target.Batcher.RunAsync(ordered).ConfigureAwait(false);
            outcome = "ok";
            if (variant != "shadow") Recorder?.Offer(target.Version, target.Signature, ordered, all);
            return new InferOutcome(target.Version, variant, [.. indexes.Select(i => all[i])]);
        }
        catch (MlnbException e) when (e.Code == ErrorCode.InvalidParameterValue)
        {
            outcome = "invalid";
            throw;
        }
        finally
        {
            metrics.Request(target.Version, variant, protocol, outcome, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    private async Task MirrorAsync(LoadedVersion shadow, IReadOnlyList<Tensor> inputs, IReadOnlyList<string>? outputs, InferOutcome primary)
    {
        if (!shadow.TryAcquire()) return;
        var started = Stopwatch.GetTimestamp();
        try
        {
            InferOutcome? answer = null;
            string? error = null;
            try { answer = await RunAsync(shadow, "shadow", inputs, outputs, "mirror", started).ConfigureAwait(false); }
            catch (Exception e) { error = e.Message; }
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var agree = answer is not null && ShadowRecorder.Agree(primary.Outputs, answer.Outputs);
            if (answer is not null) metrics.ShadowCompared(shadow.Version, agree);
            await _shadow!.RecordAsync(name, primary.Version.Version, shadow.Version.Version, primary.Outputs, answer?.Outputs, error, seconds * 1000, agree).ConfigureAwait(false);
            Observe(shadow, seconds, answer is not null);
        }
        catch (Exception e)
        {
            log($"model '{name}': recording a shadow comparison failed: {e.Message}");
        }
        finally { shadow.Release(); }
    }

    private void Observe(LoadedVersion candidate, double seconds, bool ok)
    {
        var reason = _monitor?.Record(seconds, ok);
        if (reason is null || !ReferenceEquals(Interlocked.CompareExchange(ref _candidate, null, candidate), candidate)) return;
        var mode = _candidateOptions!.Mode;
        metrics.Loaded(candidate.Version, Variant(mode), false);
        var why = $"{Variant(mode)} version {candidate.Version.Version} of '{name}' rolled back: {reason}; all traffic goes to version {_primary.Version.Version}";
        log(why);
        _ = Task.Run(async () =>
        {
            try { await _onRollback!(candidate.Version, why).ConfigureAwait(false); }
            catch (Exception e) { log($"model '{name}': writing the rollback to the audit log failed: {e.Message}"); }
            await candidate.RetireAsync().ConfigureAwait(false);
        });
    }
}
