using MlNotebooks.Tracking;

namespace MlNotebooks.Registry;

/// <summary>
/// Where registry data lives: registered models, versions, aliases with their history, gates, approvals and the
/// audit log. Every alias change is written together with its audit entry, in one transaction.
/// Every implementation passes the same contract test suite.
/// </summary>
public interface IRegistryStore
{
    /// <summary>Creates a registered model; fails with ResourceAlreadyExists when the name is taken.</summary>
    Task<RegisteredModel> CreateRegisteredModelAsync(string name, string description, IReadOnlyDictionary<string, string>? tags, DateTimeOffset time, CancellationToken cancellationToken = default);

    /// <summary>Gets a registered model, or null.</summary>
    Task<RegisteredModel?> GetRegisteredModelAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Lists registered models by name.</summary>
    Task<Page<RegisteredModel>> SearchRegisteredModelsAsync(int maxResults, string? pageToken, CancellationToken cancellationToken = default);

    /// <summary>Sets a tag and/or the description of a registered model (null leaves it).</summary>
    Task UpdateRegisteredModelAsync(string name, string? description, IReadOnlyDictionary<string, string>? tags, DateTimeOffset time, CancellationToken cancellationToken = default);

    /// <summary>Adds the next version of a model (numbered atomically, from 1).</summary>
    Task<ModelVersion> CreateModelVersionAsync(string name, string description, string userId, string source, string? runId, ModelPackage package, IReadOnlyDictionary<string, string>? tags, DateTimeOffset time, CancellationToken cancellationToken = default);

    /// <summary>Gets a version, or null.</summary>
    Task<ModelVersion?> GetModelVersionAsync(string name, int version, CancellationToken cancellationToken = default);

    /// <summary>Every version of a model, newest first.</summary>
    Task<IReadOnlyList<ModelVersion>> ListModelVersionsAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Sets tags and/or the description of a version (null leaves it).</summary>
    Task UpdateModelVersionAsync(string name, int version, string? description, IReadOnlyDictionary<string, string>? tags, DateTimeOffset time, CancellationToken cancellationToken = default);

    /// <summary>Points an alias at a version, pushes it on the alias's history and appends the audit entry, atomically. Returns the previous version.</summary>
    Task<int?> SetAliasAsync(string name, string alias, int version, AuditEntry audit, CancellationToken cancellationToken = default);

    /// <summary>Returns an alias to the version before its current one in its history, atomically with the audit entry. Returns the version it now points at.</summary>
    Task<int> RollbackAliasAsync(string name, string alias, AuditEntry audit, CancellationToken cancellationToken = default);

    /// <summary>The versions an alias pointed at, oldest first (the last is the current one).</summary>
    Task<IReadOnlyList<int>> GetAliasHistoryAsync(string name, string alias, CancellationToken cancellationToken = default);

    /// <summary>Replaces the gates of an alias, with the audit entry.</summary>
    Task SetGatesAsync(string name, string alias, IReadOnlyList<string> gates, AuditEntry audit, CancellationToken cancellationToken = default);

    /// <summary>The gates of every alias of a model.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> GetGatesAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Records an approval or rejection, with the audit entry.</summary>
    Task AddApprovalAsync(Approval approval, AuditEntry audit, CancellationToken cancellationToken = default);

    /// <summary>The verdicts on a version for an alias, oldest first.</summary>
    Task<IReadOnlyList<Approval>> ListApprovalsAsync(string name, int version, string alias, CancellationToken cancellationToken = default);

    /// <summary>Appends an audit entry on its own (refused promotions, serving decisions).</summary>
    Task AppendAuditAsync(AuditEntry audit, CancellationToken cancellationToken = default);

    /// <summary>A model's audit log, oldest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Deletes a registered model with its versions, tags, aliases, gates and approvals; the audit log keeps its lines and gets this one.</summary>
    Task DeleteRegisteredModelAsync(string name, AuditEntry audit, CancellationToken cancellationToken = default);

    /// <summary>Renames a registered model; everything hanging off it (versions, aliases, gates, approvals, audit) follows.</summary>
    Task RenameRegisteredModelAsync(string name, string newName, AuditEntry audit, DateTimeOffset time, CancellationToken cancellationToken = default);

    /// <summary>Removes a tag of a registered model (a missing key is not an error, as in MLflow).</summary>
    Task DeleteRegisteredModelTagAsync(string name, string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes a version with its tags, approvals and the aliases pointing at it (their history forgets it).</summary>
    Task DeleteModelVersionAsync(string name, int version, AuditEntry audit, CancellationToken cancellationToken = default);

    /// <summary>Removes a tag of a version (a missing key is not an error).</summary>
    Task DeleteModelVersionTagAsync(string name, int version, string key, CancellationToken cancellationToken = default);

    /// <summary>Removes an alias (its history too), with the audit entry; returns the version it pointed at, or null when it did not exist.</summary>
    Task<int?> DeleteAliasAsync(string name, string alias, AuditEntry audit, CancellationToken cancellationToken = default);
}
