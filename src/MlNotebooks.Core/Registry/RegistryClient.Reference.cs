using System.Text;
using MlNotebooks.Monitoring;
using MlNotebooks.Monitoring.Profiles;
using MlNotebooks.Tracking;

namespace MlNotebooks.Registry;

/// <summary>A version's drift reference: its training data and profile, both in the content store.</summary>
/// <param name="DataMd5">The training data's address in the content store.</param>
/// <param name="FileName">The data's file name when it was read (its extension tells the format).</param>
/// <param name="ProfileMd5">The profile's address, or null when the format is not profiled at registration.</param>
/// <param name="DataPath">The data's local path in the content store.</param>
public sealed record ModelReference(string DataMd5, string FileName, string? ProfileMd5, string DataPath);

public sealed partial class RegistryClient
{
    /// <summary>Tag: the md5 of the training data input kept in the content store as the version's drift reference.</summary>
    public const string ReferenceDataTag = "mlnb.reference.data";

    /// <summary>Tag: the file name of that data (its extension is the format).</summary>
    public const string ReferenceFileTag = "mlnb.reference.file";

    /// <summary>Tag: the md5 of the reference profile (<see cref="ProfileJson"/>) in the content store.</summary>
    public const string ReferenceProfileTag = "mlnb.reference.profile";

    /// <summary>
    /// The drift reference of a version: the training data input recorded on its run, kept in the content store at
    /// registration (with its profile); null when the version has none (<see cref="WhyNoReference"/> says why).
    /// </summary>
    public ModelReference? GetReference(ModelVersion version)
    {
        if (!version.Tags.TryGetValue(ReferenceDataTag, out var md5) || !_content.Contains(md5)) return null;
        var profile = version.Tags.TryGetValue(ReferenceProfileTag, out var p) && _content.Contains(p) ? p : null;
        return new ModelReference(md5, version.Tags.GetValueOrDefault(ReferenceFileTag) ?? "reference.csv", profile, _content.GetPath(md5));
    }

    /// <summary>Reads a stored reference profile.</summary>
    public async Task<TableProfile> ReadProfileAsync(string md5, CancellationToken cancellationToken = default)
    {
        await using var s = _content.OpenRead(md5);
        using var reader = new StreamReader(s, Encoding.UTF8);
        return ProfileJson.Parse(await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false), $"profile {md5}");
    }

    /// <summary>
    /// The reference tags for a new version of <paramref name="name"/> trained by <paramref name="run"/>: its training
    /// input (context <c>training</c>, else its only input) is kept in the content store by its md5 and profiled; a
    /// version of the model with the same data already profiled is reused (nothing read, nothing stored again).
    /// No input, or one that cannot be found or read, gives no tags (<see cref="WhyNoReference"/>); registration goes on.
    /// </summary>
    private async Task<Dictionary<string, string>> ReferenceTagsAsync(string name, Run run, CancellationToken ct)
    {
        var inputs = run.Inputs;
        var input = inputs.FirstOrDefault(i => i.Context == "training") ?? (inputs.Count == 1 ? inputs[0] : null);
        if (input is null)
            return [];
        if (await GetModelOrNullAsync(name, ct).ConfigureAwait(false) is not null)
        {
            foreach (var v in await Store.ListModelVersionsAsync(name, ct).ConfigureAwait(false))
                if (v.Tags.GetValueOrDefault(ReferenceDataTag) == input.Digest && GetReference(v) is { ProfileMd5: not null } known)
                    return new() { [ReferenceDataTag] = known.DataMd5, [ReferenceFileTag] = known.FileName, [ReferenceProfileTag] = known.ProfileMd5! };
        }
        var fileName = Path.GetFileName(input.Name.Length > 0 ? input.Name : input.Source);
        if (!_content.Contains(input.Digest))
        {
            var local = new[] { input.Source, input.Name }.FirstOrDefault(p => p.Length > 0 && File.Exists(p));
            if (local is null || await ContentStoreHashAsync(local, ct).ConfigureAwait(false) != input.Digest)
                return [];
            await _content.AddFileAsync(local, ct).ConfigureAwait(false);
        }
        var tags = new Dictionary<string, string> { [ReferenceDataTag] = input.Digest, [ReferenceFileTag] = fileName };
        if (!IsCsv(fileName)) return tags; // Parquet is read outside Core: kept, profiled on first use.
        try
        {
            using var text = OpenText(input.Digest, fileName);
            var profile = TableProfile.Of(CsvTable.Parse(text, fileName.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',', fileName));
            using var json = new MemoryStream(Encoding.UTF8.GetBytes(ProfileJson.ToJson(profile)), writable: false);
            tags[ReferenceProfileTag] = (await _content.AddStreamAsync(json, ct).ConfigureAwait(false)).Md5;
        }
        catch (MlnbException)
        {
            return []; // not a table we can read: no reference (WhyNoReference says so)
        }
        return tags;
    }

    /// <summary>Why <see cref="GetReference"/> is null for <paramref name="version"/>, in words for an error message.</summary>
    public string WhyNoReference(ModelVersion version)
    {
        var inputs = version.Package.Datasets;
        var input = inputs.FirstOrDefault(i => i.Context == "training") ?? (inputs.Count == 1 ? inputs[0] : null);
        if (version.Tags.TryGetValue(ReferenceDataTag, out var md5) && !_content.Contains(md5)) return $"its reference data {md5} is not in the content store at '{_content.Root}'";
        return inputs.Count == 0 ? $"its run {version.RunId ?? "(none)"} recorded no dataset input"
            : input is null ? $"its run {version.RunId} recorded {inputs.Count} dataset inputs and none with context 'training'"
            : !_content.Contains(input.Digest) ? $"its training input '{input.Name}' ({input.Digest}) was not in the content store nor, with that content, at '{(input.Source.Length > 0 ? input.Source : input.Name)}' when it was registered"
            : $"its training input '{input.Name}' is not a CSV table that could be profiled, or it was registered before references were kept";
    }

    private TextReader OpenText(string md5, string fileName)
    {
        Stream s = _content.OpenRead(md5);
        if (fileName.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) s = new System.IO.Compression.GZipStream(s, System.IO.Compression.CompressionMode.Decompress);
        return new StreamReader(s, Encoding.UTF8);
    }

    private static bool IsCsv(string fileName) =>
        fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase);

    private static Task<string> ContentStoreHashAsync(string path, CancellationToken ct) => Storage.ContentStore.HashFileAsync(path, ct);

    private async Task<RegisteredModel?> GetModelOrNullAsync(string name, CancellationToken ct) =>
        await Store.GetRegisteredModelAsync(name, ct).ConfigureAwait(false);
}
