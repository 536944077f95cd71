using System.Globalization;

namespace MlNotebooks.Registry;

/// <summary>MLflow's model URI: <c>models:/NAME@ALIAS</c> or <c>models:/NAME/VERSION</c>.</summary>
/// <param name="Name">Registered model name.</param>
/// <param name="Alias">Alias, or null when a version is given.</param>
/// <param name="Version">Version, or null when an alias is given.</param>
public sealed record ModelUri(string Name, string? Alias, int? Version)
{
    /// <summary>Parses a model URI; fails showing both forms.</summary>
    public static ModelUri Parse(string uri)
    {
        const string prefix = "models:/";
        if (uri.StartsWith(prefix, StringComparison.Ordinal))
        {
            var rest = uri[prefix.Length..];
            var at = rest.IndexOf('@', StringComparison.Ordinal);
            if (at > 0 && at < rest.Length - 1) return new ModelUri(rest[..at], rest[(at + 1)..], null);
            var slash = rest.LastIndexOf('/');
            if (slash > 0 && int.TryParse(rest[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0)
                return new ModelUri(rest[..slash], null, v);
        }
        throw MlnbException.Invalid($"model URI '{uri}' is not valid; write models:/NAME@ALIAS (e.g. models:/churn@production) or models:/NAME/VERSION (e.g. models:/churn/3)");
    }

    /// <inheritdoc />
    public override string ToString() => Alias is not null ? $"models:/{Name}@{Alias}" : $"models:/{Name}/{Version}";
}
