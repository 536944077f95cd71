using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace MlNotebooks.Data.Pipelines;

/// <summary>
/// <c>repro</c>: runs the stages of <c>dvc.yaml</c> in dependency order, each only when its command, dependency
/// hashes or parameter values differ from <c>dvc.lock</c> (or its outputs are missing or changed); a stage whose
/// inputs were seen before is restored from the run cache instead of run. <c>dvc.lock</c> is rewritten after each stage.
/// </summary>
internal sealed class PipelineRunner(DataClient data, TextWriter log)
{
    public async Task<IReadOnlyList<StageResult>> ReproAsync(string? target, bool force, CancellationToken ct)
    {
        var yamlPath = Path.Combine(data.Root, PipelineFile.FileName);
        if (!File.Exists(yamlPath)) throw MlnbException.NotFound($"no {PipelineFile.FileName} in '{data.Root}'; write one (stages with cmd, deps, params, outs)");
        var stages = PipelineFile.Parse(File.ReadAllText(yamlPath), PipelineFile.FileName);
        var order = Order(stages, target);
        var lockPath = Path.Combine(data.Root, LockFile.FileName);
        var locked = File.Exists(lockPath) ? LockFile.Parse(File.ReadAllText(lockPath), LockFile.FileName) : new Dictionary<string, LockedStage>(StringComparer.Ordinal);
        var results = new List<StageResult>();
        foreach (var stage in order)
        {
            ct.ThrowIfCancellationRequested();
            var (result, entry) = await RunStageAsync(stage, locked.GetValueOrDefault(stage.Name), force && (target is null || stage.Name == target), ct).ConfigureAwait(false);
            results.Add(result);
            locked[stage.Name] = entry;
            var ordered = stages.Where(s => locked.ContainsKey(s.Name)).Select(s => (s.Name, locked[s.Name]));
            var text = LockFile.Write(ordered);
            if (!File.Exists(lockPath) || File.ReadAllText(lockPath) != text) AtomicFile.WriteAllText(lockPath, text);
        }
        return results;
    }

    private async Task<(StageResult, LockedStage)> RunStageAsync(PipelineStage stage, LockedStage? previous, bool force, CancellationToken ct)
    {
        var deps = new List<DataOutput>();
        foreach (var d in stage.Deps)
        {
            var h = data.HashWorkspace(d, ct: ct);
            if (h.Md5 is null) throw MlnbException.NotFound($"stage '{stage.Name}': dependency '{d}' does not exist; create it, or run the stage that produces it");
            deps.Add(new DataOutput(d, h.Md5, h.Size, h.NFiles));
        }
        var current = new LockedStage(stage.Cmd, deps, ReadParams(stage), []);
        var reason = force ? "forced" : WhyChanged(stage, previous, current, ct);
        if (reason is null) return (new StageResult(stage.Name, StageAction.Skipped, "unchanged"), previous!);

        var key = RunCache.Key(current);
        var cached = RunCache.TryGet(data.Cache, key);
        if (!force && cached is not null && stage.Outs.All(o => o.Cache)
            && cached.Select(o => o.Path).SequenceEqual(stage.Outs.Select(o => o.Path)) && cached.All(data.InCache))
        {
            foreach (var o in cached) RemoveOutput(o.Path);
            var restored = cached.Select(o => new TrackedData(LockFile.FileName, o.Path, o)).ToList();
            await data.CheckoutTrackedAsync(restored, ct).ConfigureAwait(false);
            log.WriteLine($"Stage '{stage.Name}': {reason}; restored its outputs from the run cache (same inputs seen before)");
            return (new StageResult(stage.Name, StageAction.Restored, reason), current with { Outs = cached });
        }

        log.WriteLine($"Running stage '{stage.Name}' ({reason}):");
        log.WriteLine($"> {stage.Cmd}");
        foreach (var o in stage.Outs) RemoveOutput(o.Path);
        await RunCommandAsync(stage, ct).ConfigureAwait(false);
        var outs = new List<DataOutput>();
        foreach (var o in stage.Outs)
        {
            var h = data.HashWorkspace(o.Path, store: o.Cache, ct: ct);
            if (h.Md5 is null) throw MlnbException.State($"stage '{stage.Name}' ran but did not produce its output '{o.Path}'; fix its cmd or its outs in dvc.yaml");
            outs.Add(new DataOutput(o.Path, h.Md5, h.Size, h.NFiles));
            if (o.Cache) GitIgnore.Ensure(data.Full(o.Path));
        }
        var entry = current with { Outs = outs };
        if (stage.Outs.All(o => o.Cache)) RunCache.Save(data.Cache, key, outs);
        return (new StageResult(stage.Name, StageAction.Ran, reason), entry);
    }

    private string? WhyChanged(PipelineStage stage, LockedStage? previous, LockedStage current, CancellationToken ct)
    {
        if (previous is null) return "never run";
        if (previous.Cmd != current.Cmd) return "cmd changed";
        foreach (var d in current.Deps)
        {
            var old = previous.Deps.FirstOrDefault(x => x.Path == d.Path);
            if (old is null) return $"dep '{d.Path}' is new";
            if (old.Md5 != d.Md5) return $"dep '{d.Path}' changed";
        }
        if (previous.Deps.Count != current.Deps.Count) return "deps changed";
        foreach (var (f, kv) in current.Params)
            foreach (var (k, v) in kv)
                if (!previous.Params.TryGetValue(f, out var pkv) || !pkv.TryGetValue(k, out var pv) || pv != v) return $"param '{k}' changed";
        if (previous.Params.Sum(p => p.Value.Count) != current.Params.Sum(p => p.Value.Count)) return "params changed";
        if (previous.Outs.Count != stage.Outs.Count || previous.Outs.Select(o => o.Path).Except(stage.Outs.Select(o => o.Path)).Any()) return "outs changed";
        foreach (var o in previous.Outs)
        {
            var now = data.HashWorkspace(o.Path, ct: ct);
            if (now.Md5 is null) return $"out '{o.Path}' is missing";
            if (now.Md5 != o.Md5) return $"out '{o.Path}' was modified";
        }
        return null;
    }

    private Dictionary<string, IReadOnlyDictionary<string, string>> ReadParams(PipelineStage stage)
    {
        var result = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var group in stage.Params.GroupBy(p => p.File))
        {
            var path = data.Full(group.Key);
            if (!File.Exists(path)) throw MlnbException.NotFound($"stage '{stage.Name}' reads parameters from '{group.Key}', which does not exist; create it");
            var root = DataClient.LoadYamlMapping(File.ReadAllText(path), group.Key);
            result[group.Key] = group.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => ParamValues.Lookup(root, p.Key, group.Key), StringComparer.Ordinal);
        }
        return result;
    }

    private void RemoveOutput(string rel)
    {
        var full = data.Full(rel);
        if (File.Exists(full)) File.Delete(full);
        else if (Directory.Exists(full)) Directory.Delete(full, recursive: true);
    }

    private async Task RunCommandAsync(PipelineStage stage, CancellationToken ct)
    {
        var psi = new ProcessStartInfo("/bin/sh") { WorkingDirectory = data.Root, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(stage.Cmd);
        using var p = Process.Start(psi) ?? throw MlnbException.State("could not start /bin/sh to run the stage");
        var stdout = PumpAsync(p.StandardOutput, log);
        var stderr = PumpAsync(p.StandardError, log);
        try
        {
            await p.WaitForExitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw;
        }
        await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
        if (p.ExitCode != 0)
            throw MlnbException.State($"stage '{stage.Name}' failed: `{stage.Cmd}` exited with code {p.ExitCode}; dvc.lock was not updated for it; fix the command and run `mlnb repro {stage.Name}` again");
    }

    private static async Task PumpAsync(StreamReader reader, TextWriter log)
    {
        string? line;
        while ((line = await reader.ReadLineAsync().ConfigureAwait(false)) is not null)
            lock (log) log.WriteLine(line);
    }

    /// <summary>Stages in dependency order: a stage comes after the stages whose outputs it reads. With a target: it and what it needs.</summary>
    private static List<PipelineStage> Order(IReadOnlyList<PipelineStage> stages, string? target)
    {
        var producer = new Dictionary<string, PipelineStage>(StringComparer.Ordinal);
        foreach (var s in stages) foreach (var o in s.Outs) producer[o.Path] = s;
        IEnumerable<PipelineStage> Upstream(PipelineStage s) =>
            s.Deps.SelectMany(d => producer.Where(p => d == p.Key || d.StartsWith(p.Key + "/", StringComparison.Ordinal) || p.Key.StartsWith(d + "/", StringComparison.Ordinal)).Select(p => p.Value)).Where(u => u != s).Distinct();
        var result = new List<PipelineStage>();
        var state = new Dictionary<string, int>();
        void Visit(PipelineStage s)
        {
            if (state.GetValueOrDefault(s.Name) == 2) return;
            if (state.GetValueOrDefault(s.Name) == 1) throw MlnbException.Invalid($"dvc.yaml has a cycle through stage '{s.Name}'; a stage cannot depend on its own outputs");
            state[s.Name] = 1;
            foreach (var u in Upstream(s)) Visit(u);
            state[s.Name] = 2;
            result.Add(s);
        }
        if (target is null) foreach (var s in stages) Visit(s);
        else Visit(stages.FirstOrDefault(s => s.Name == target) ?? throw MlnbException.NotFound($"stage '{target}' is not in dvc.yaml; stages: {string.Join(", ", stages.Select(s => s.Name))}"));
        return result;
    }
}
