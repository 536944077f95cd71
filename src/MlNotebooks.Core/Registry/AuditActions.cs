namespace MlNotebooks.Registry;

/// <summary>The actions the audit log records.</summary>
public static class AuditActions
{
    /// <summary>An alias was moved by a promotion.</summary>
    public const string AliasSet = "alias_set";
    /// <summary>An alias was returned to its previous version.</summary>
    public const string Rollback = "rollback";
    /// <summary>An alias was removed.</summary>
    public const string AliasDeleted = "alias_deleted";
    /// <summary>A version was approved for an alias.</summary>
    public const string Approved = "approved";
    /// <summary>A version was rejected for an alias.</summary>
    public const string Rejected = "rejected";
    /// <summary>A promotion was refused by a gate or a missing role.</summary>
    public const string PromotionRefused = "promotion_refused";
    /// <summary>The gates of an alias were changed.</summary>
    public const string GatesSet = "gates_set";
    /// <summary>A model server stopped sending traffic to a candidate (canary or shadow).</summary>
    public const string CandidateRolledBack = "candidate_rolled_back";
    /// <summary>A registered model was deleted.</summary>
    public const string ModelDeleted = "model_deleted";
    /// <summary>A registered model was renamed (the reason names the old and new names).</summary>
    public const string ModelRenamed = "model_renamed";
    /// <summary>A version was deleted.</summary>
    public const string VersionDeleted = "version_deleted";
}
