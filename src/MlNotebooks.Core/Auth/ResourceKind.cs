namespace MlNotebooks.Auth;

/// <summary>The kinds of resource a permission is granted on.</summary>
public enum ResourceKind
{
    /// <summary>An experiment, by id (its runs follow it).</summary>
    Experiment,
    /// <summary>A registered model, by name (its versions follow it).</summary>
    RegisteredModel,
}
