using System.Globalization;
using MlNotebooks.Registry;

namespace MlNotebooks.Interactive.Formatting;

/// <summary>The registry's records as <see cref="TableView"/>s.</summary>
internal static class RegistryFormatters
{
    /// <summary>The registered models, one row each.</summary>
    public static TableView Models(IReadOnlyList<RegisteredModel> models) => new(
        models.Count == 0 ? "no registered models; register one with `#!registry register --name NAME`" : $"{models.Count} registered model(s)",
        ["model", "latest", "aliases", "updated"],
        models.Select(m => Row(m.Name, m.LatestVersion.ToString(CultureInfo.InvariantCulture), Aliases(m.Aliases), Time(m.LastUpdatedTime))).ToList());

    /// <summary>A model's versions, newest first.</summary>
    public static TableView Versions(RegisteredModel model, IReadOnlyList<ModelVersion> versions) => new(
        $"{model.Name}: {versions.Count} version(s)" + (model.Aliases.Count > 0 ? "; aliases " + Aliases(model.Aliases) : ""),
        ["version", "aliases", "run", "signature", "registered", "by"],
        versions.Select(v => Row(v.Version.ToString(CultureInfo.InvariantCulture), string.Join(", ", v.Aliases.Select(a => "@" + a)),
            v.RunId is { Length: >= 8 } r ? r[..8] : v.RunId ?? "", Signature(v.Package.Signature), Time(v.CreationTime), v.UserId)).ToList());

    /// <summary>One version, as registered.</summary>
    public static TableView Version(string caption, ModelVersion v) => new(caption,
        ["model", "version", "source", "signature"],
        [Row(v.Name, v.Version.ToString(CultureInfo.InvariantCulture), v.Source, Signature(v.Package.Signature))]);

    /// <summary>A promotion and its gates.</summary>
    public static TableView Promotion(PromotionResult r) => new(
        $"{r.Name}@{r.Alias} → version {r.Version}" + (r.PreviousVersion is { } p ? $" (was {p})" : ""),
        ["gate", "passed", "detail"],
        r.Gates.Count == 0 ? [Row("(no gates)", "", "")] : r.Gates.Select(g => Row(g.Gate, g.Passed ? "yes" : "no", g.Detail)).ToList());

    private static IReadOnlyList<string> Row(params string[] cells) => cells;

    private static string Aliases(IReadOnlyDictionary<string, int> aliases) =>
        string.Join(", ", aliases.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"@{a.Key}={a.Value}"));

    private static string Signature(ModelSignature s) =>
        string.Join(", ", s.Inputs.Select(Tensor)) + " → " + string.Join(", ", s.Outputs.Select(Tensor));

    private static string Tensor(TensorSpec t) => $"{t.Name}:{t.Datatype}[{string.Join(",", t.Shape)}]";

    private static string Time(DateTimeOffset t) => t.ToString("u", CultureInfo.InvariantCulture);
}
