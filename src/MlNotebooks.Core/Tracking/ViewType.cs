namespace MlNotebooks.Tracking;

/// <summary>Which lifecycle stages a listing includes.</summary>
public enum ViewType
{
    /// <summary>Only active entities (the default).</summary>
    ActiveOnly,
    /// <summary>Only deleted entities.</summary>
    DeletedOnly,
    /// <summary>Both.</summary>
    All,
}
