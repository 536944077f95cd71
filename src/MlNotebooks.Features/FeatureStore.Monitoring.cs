using System.Security.Cryptography;
using System.Text.Json;
using MlNotebooks.Features.Monitoring;
using MlNotebooks.Monitoring.Drift;
using MlNotebooks.Monitoring.Profiles;

namespace MlNotebooks.Features;

public sealed partial class FeatureStore
{
    private static readonly JsonSerializerOptions ProfileJson = new() { WriteIndented = true };

    /// <summary>The folder holding a view's profiles (one JSON per data version).</summary>
    public string ProfileDirectory(string view) => Path.Combine(StateDirectory, "profiles", view);

    /// <summary>
    /// Profiles a view's source at its current data version, once per version: when that version was profiled
    /// already, its stored profile is returned (<c>Created</c> false). An untracked source's version is the md5 of
    /// its bytes, and a copy of the file is kept beside the profile so later drift can read it.
    /// </summary>
    public (FeatureProfile Profile, bool Created) ProfileView(string viewName, TimeProvider? time = null)
    {
        var view = Repo.View(viewName);
        var source = ResolveSource(view);
        var version = source.DataVersion ?? Md5Of(source.FilePath);
        var dir = ProfileDirectory(view.Name);
        var path = Path.Combine(dir, version + ".json");
        if (File.Exists(path)) return (Load(path), false);
        var table = ViewData.Read(view, Repo.SourceOf(view), source.FilePath, source.Format);
        Directory.CreateDirectory(dir);
        var data = source.FilePath;
        if (source.DataVersion is null)
        {
            data = Path.Combine(dir, version + "." + source.Format);
            if (!File.Exists(data)) { File.Copy(source.FilePath, data + ".tmp", overwrite: true); File.Move(data + ".tmp", data, overwrite: true); }
        }
        var profile = new FeatureProfile
        {
            View = view.Name,
            DataVersion = version,
            Source = Repo.SourceOf(view).Path,
            Data = data,
            Format = source.Format,
            ProfiledAt = (time ?? TimeProvider.System).GetUtcNow(),
            Rows = table.RowCount,
            Features = [.. table.Columns.Select(c => FeatureSummary.Of(ColumnProfile.Of(c)))],
        };
        var tmp = path + ".tmp-" + Environment.ProcessId;
        File.WriteAllText(tmp, JsonSerializer.Serialize(profile, ProfileJson));
        File.Move(tmp, path, overwrite: true);
        return (profile, true);
    }

    /// <summary>The profiles taken of a view, oldest first.</summary>
    public IReadOnlyList<FeatureProfile> Profiles(string viewName)
    {
        var dir = ProfileDirectory(Repo.View(viewName).Name);
        return !Directory.Exists(dir) ? [] : [.. Directory.EnumerateFiles(dir, "*.json").Select(Load).OrderBy(p => p.ProfiledAt)];
    }

    /// <summary>
    /// Feature drift of a view between two windows, each a profiled data version (a prefix of it, or <c>latest</c>
    /// for the newest profile) or an event-time window <c>START..END</c> of the current source; the features
    /// compared with the monitoring capability's drift tests (Evidently's defaults unless <paramref name="options"/> say).
    /// </summary>
    public DriftReport FeatureDrift(string viewName, string from, string to, DriftOptions? options = null)
    {
        var view = Repo.View(viewName);
        return DriftDetector.Detect(Window(view, from, "--from"), Window(view, to, "--to"), options);
    }

    private MlNotebooks.Monitoring.ColumnTable Window(FeatureView view, string spec, string option)
    {
        if (ViewData.Window(spec, option) is var (start, end))
        {
            var source = ResolveSource(view);
            var t = ViewData.Read(view, Repo.SourceOf(view), source.FilePath, source.Format, start, end);
            return t.RowCount > 0 ? t : throw MlnbException.Invalid($"{option} '{spec}': no rows of '{view.Name}' have {Repo.SourceOf(view).TimestampField} in that window; widen it");
        }
        var profiles = Profiles(view.Name);
        if (profiles.Count == 0) throw MlnbException.NotFound($"feature view '{view.Name}' has no profiles; run `mlnb features profile {view.Name}` at each data version, or compare windows START..END");
        var matches = spec == "latest" ? [profiles[^1]] : profiles.Where(p => p.DataVersion.StartsWith(spec, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count != 1)
            throw MlnbException.NotFound($"{option} '{spec}' {(matches.Count == 0 ? "matches no" : "matches several")} profiled versions of '{view.Name}' ({string.Join(", ", profiles.Select(p => p.DataVersion[..8]))}); give a longer prefix, latest, or a window START..END");
        var p = matches[0];
        if (!File.Exists(p.Data)) throw MlnbException.NotFound($"the rows of '{view.Name}' version {p.DataVersion[..8]} are gone from {p.Data}; run `mlnb data pull` or profile again");
        return ViewData.Read(view, Repo.SourceOf(view), p.Data, p.Format);
    }

    private static FeatureProfile Load(string path)
    {
        try { return JsonSerializer.Deserialize<FeatureProfile>(File.ReadAllText(path)) ?? throw new JsonException("empty"); }
        catch (JsonException e) { throw new MlnbException(ErrorCode.DataCorrupted, $"'{path}' is not a feature profile ({e.Message}); delete it and profile again"); }
    }

    private static string Md5Of(string file)
    {
        using var s = File.OpenRead(file);
        return Convert.ToHexStringLower(MD5.HashData(s));
    }
}
