namespace MlNotebooks.Auth;

/// <summary>Words for <see cref="ResourceKind"/> in messages.</summary>
public static class ResourceKinds
{
    /// <summary>"experiment" or "registered model".</summary>
    public static string Describe(this ResourceKind kind) => kind == ResourceKind.Experiment ? "experiment" : "registered model";
}
