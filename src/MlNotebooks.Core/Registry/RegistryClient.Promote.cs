using System.Globalization;

namespace MlNotebooks.Registry;

public sealed partial class RegistryClient
{
    /// <summary>Replaces the gates a version must pass to become <paramref name="alias"/> (an empty list removes them).</summary>
    public async Task SetGatesAsync(string name, string alias, IReadOnlyList<string> gates, CancellationToken cancellationToken = default)
    {
        var parsed = gates.Select(PromotionGate.Parse).ToList();
        await Store.SetGatesAsync(name, alias, [.. parsed.Select(g => g.Expression)],
            Audit(name, AuditActions.GatesSet, alias, null, parsed.Count == 0 ? "gates removed" : string.Join("; ", parsed)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The gates of every alias of a model.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> GetGatesAsync(string name, CancellationToken cancellationToken = default)
    {
        await GetModelAsync(name, cancellationToken).ConfigureAwait(false);
        return await Store.GetGatesAsync(name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Judges a version against the gates of an alias, without moving anything.</summary>
    public async Task<IReadOnlyList<GateResult>> EvaluateGatesAsync(string name, int version, string alias, CancellationToken cancellationToken = default)
    {
        var candidate = await GetVersionAsync(name, version, cancellationToken).ConfigureAwait(false);
        var model = await GetModelAsync(name, cancellationToken).ConfigureAwait(false);
        var gates = (await Store.GetGatesAsync(name, cancellationToken).ConfigureAwait(false)).GetValueOrDefault(alias) ?? [];
        var results = new List<GateResult>();
        foreach (var gate in gates.Select(PromotionGate.Parse))
            results.Add(await EvaluateAsync(gate, candidate, model, alias, cancellationToken).ConfigureAwait(false));
        return results;
    }

    private async Task<GateResult> EvaluateAsync(PromotionGate gate, ModelVersion candidate, RegisteredModel model, string alias, CancellationToken ct)
    {
        if (gate.Kind == GateKind.Approvals)
        {
            var verdicts = await Store.ListApprovalsAsync(candidate.Name, candidate.Version, alias, ct).ConfigureAwait(false);
            var latest = verdicts.GroupBy(v => v.Actor).Select(g => g.Last()).ToList();
            var rejected = latest.Where(v => !v.Approved).ToList();
            if (rejected.Count > 0)
                return new GateResult(gate.Expression, false, $"rejected by {string.Join(", ", rejected.Select(r => $"{r.Actor} ({r.Comment})"))}");
            var approvers = latest.Where(v => v.Approved).Select(v => v.Actor).ToList();
            var ok = approvers.Count >= gate.Value;
            return new GateResult(gate.Expression, ok, $"approvals = {approvers.Count}{(approvers.Count > 0 ? $" ({string.Join(", ", approvers)})" : "")}, needs >= {gate.Value.ToString(CultureInfo.InvariantCulture)}");
        }
        var value = await MetricAsync(candidate, gate.Metric!, ct).ConfigureAwait(false);
        if (value is null)
            return new GateResult(gate.Expression, false, $"version {candidate.Version}'s run {candidate.RunId ?? "(none)"} has no metric '{gate.Metric}'");
        if (gate.Kind == GateKind.MetricThreshold)
            return new GateResult(gate.Expression, gate.Compare(value.Value, gate.Value), $"metrics.{gate.Metric} = {F(value.Value)}, needs {gate.Operator} {F(gate.Value)}");
        if (!model.Aliases.TryGetValue(gate.BaselineAlias!, out var baselineVersion))
            return new GateResult(gate.Expression, true, $"no version is @{gate.BaselineAlias} yet; nothing to compare with");
        if (baselineVersion == candidate.Version)
            return new GateResult(gate.Expression, true, $"version {candidate.Version} is @{gate.BaselineAlias} already");
        var baseline = await GetVersionAsync(candidate.Name, baselineVersion, ct).ConfigureAwait(false);
        var baseValue = await MetricAsync(baseline, gate.Metric!, ct).ConfigureAwait(false);
        if (baseValue is null)
            return new GateResult(gate.Expression, true, $"@{gate.BaselineAlias} (version {baselineVersion}) has no metric '{gate.Metric}' to compare with");
        var bound = baseValue.Value + gate.Value;
        return new GateResult(gate.Expression, gate.Compare(value.Value, bound),
            $"metrics.{gate.Metric} = {F(value.Value)}, needs {gate.Operator} {F(bound)} (@{gate.BaselineAlias} is version {baselineVersion} with {F(baseValue.Value)})");
    }

    private async Task<double?> MetricAsync(ModelVersion version, string metric, CancellationToken ct)
    {
        if (version.RunId is null) return null;
        var run = await _tracking.Store.GetRunAsync(version.RunId, ct).ConfigureAwait(false);
        return run?.Metric(metric);
    }

    private static string F(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);

    private bool IsProtected(string alias) => Options.ProtectedAliases.Contains(alias, StringComparer.Ordinal);

    private async Task RequireRoleAsync(string name, string role, string alias, int version, string what, CancellationToken ct)
    {
        if (!IsProtected(alias) || Options.Roles.Has(Options.User, role)) return;
        var message = $"user '{Options.User}' may not {what} '{alias}' of model '{name}': that needs the '{role}' role; ask an administrator to add you ({RegistryRoles.Variable}=\"{role}={Options.User}\")";
        await Store.AppendAuditAsync(Audit(name, AuditActions.PromotionRefused, alias, version, message), ct).ConfigureAwait(false);
        throw new MlnbException(ErrorCode.PermissionDenied, message);
    }

    /// <summary>
    /// Moves <paramref name="alias"/> to <paramref name="version"/> when the acting user holds the role (for protected
    /// aliases) and every gate of the alias passes; otherwise refuses, listing the gates and their numbers. Either
    /// way the audit log records it. Returns the gate results and the previous version.
    /// </summary>
    public async Task<PromotionResult> PromoteAsync(string name, int version, string alias, string reason = "", CancellationToken cancellationToken = default)
    {
        RegistryNames.ValidateAlias(alias);
        await GetVersionAsync(name, version, cancellationToken).ConfigureAwait(false);
        await RequireRoleAsync(name, RegistryRoles.Promoter, alias, version, "move the alias", cancellationToken).ConfigureAwait(false);
        var results = await EvaluateGatesAsync(name, version, alias, cancellationToken).ConfigureAwait(false);
        var failed = results.Where(r => !r.Passed).ToList();
        if (failed.Count > 0)
        {
            var message = $"promotion of model '{name}' version {version} to '{alias}' refused by {failed.Count} gate(s): "
                + string.Join("; ", failed.Select(f => $"'{f.Gate}' failed: {f.Detail}"))
                + (failed.Any(f => f.Gate.StartsWith("approvals", StringComparison.Ordinal)) ? $"; approve with `mlnb models approve {name} --version {version} --for {alias}`" : "");
            await Store.AppendAuditAsync(Audit(name, AuditActions.PromotionRefused, alias, version, message), cancellationToken).ConfigureAwait(false);
            throw MlnbException.State(message);
        }
        var why = reason.Length > 0 ? reason : "promoted";
        if (results.Count > 0) why += " (gates: " + string.Join("; ", results.Select(r => r.Detail)) + ")";
        var previous = await Store.SetAliasAsync(name, alias, version, Audit(name, AuditActions.AliasSet, alias, version, why), cancellationToken).ConfigureAwait(false);
        return new PromotionResult(name, alias, version, previous, results);
    }

    /// <summary>Approves (or, with <paramref name="approve"/> false, rejects) a version for an alias.</summary>
    public async Task ApproveAsync(string name, int version, string alias, string comment = "", bool approve = true, CancellationToken cancellationToken = default)
    {
        RegistryNames.ValidateAlias(alias);
        await GetVersionAsync(name, version, cancellationToken).ConfigureAwait(false);
        await RequireRoleAsync(name, RegistryRoles.Approver, alias, version, approve ? "approve versions for" : "reject versions for", cancellationToken).ConfigureAwait(false);
        var approval = new Approval(name, version, alias, Options.User, approve, Now, comment);
        await Store.AddApprovalAsync(approval, Audit(name, approve ? AuditActions.Approved : AuditActions.Rejected, alias, version, comment.Length > 0 ? comment : approve ? "approved" : "rejected"),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns an alias to the version it pointed at before (by its history), recording who and why.</summary>
    public async Task<int> RollbackAsync(string name, string alias, string reason = "", CancellationToken cancellationToken = default)
    {
        var model = await GetModelAsync(name, cancellationToken).ConfigureAwait(false);
        var current = model.Aliases.TryGetValue(alias, out var c) ? c : 0;
        await RequireRoleAsync(name, RegistryRoles.Promoter, alias, current, "roll back the alias", cancellationToken).ConfigureAwait(false);
        return await Store.RollbackAliasAsync(name, alias, Audit(name, AuditActions.Rollback, alias, null, reason.Length > 0 ? reason : "rolled back"), cancellationToken).ConfigureAwait(false);
    }
}
