using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MlNotebooks.Storage;

/// <summary>
/// Temporary files that name their owner: <c>[PREFIX]mlnb-HOST-PID-START-RANDOM.tmp</c> (host token, pid and process
/// start time, see <see cref="ProcessIdentity"/>). A file whose owner is gone (a SIGKILL, a power cut) is stale and
/// is removed by <see cref="Sweep"/>, which writers call before their first write to a folder and <c>mlnb data gc</c>
/// calls on the whole store. A file of another host is stale once untouched for <see cref="ForeignTimeout"/>; files
/// named by older versions (<c>GUID.tmp</c>) likewise.
/// </summary>
public static partial class TempFiles
{
    private static readonly ConcurrentDictionary<string, bool> Swept = new(StringComparer.Ordinal);

    /// <summary>How long a temp file of another host (or an unnamed one) must sit untouched before it counts as stale.</summary>
    public static TimeSpan ForeignTimeout { get; } = TimeSpan.FromHours(1);

    /// <summary>A new temp file path in <paramref name="dir"/>, named for this process (e.g. <c>.data.csv.mlnb-…​.tmp</c> with a prefix).</summary>
    public static string NewPath(string dir, string prefix = "") =>
        Path.Combine(dir, $"{prefix}mlnb-{ProcessIdentity.HostToken}-{ProcessIdentity.Pid}-{ProcessIdentity.Start}-{Guid.NewGuid():N}.tmp");

    /// <summary>A temp file beside <paramref name="destination"/> (hidden, same folder: the rename stays on one file system).</summary>
    public static string Beside(string destination) =>
        NewPath(Path.GetDirectoryName(Path.GetFullPath(destination))!, "." + Path.GetFileName(destination) + ".");

    /// <summary>True when a file name is a temp file written by MlNotebooks (this version's or an older one's).</summary>
    public static bool IsTempName(string fileName) => Owned().IsMatch(fileName) || Legacy().IsMatch(fileName);

    /// <summary>
    /// Sweeps <paramref name="dir"/> once per process (the first write there): removes the stale temp files in it.
    /// </summary>
    public static TempSweep SweepOnce(string dir, bool recursive = false)
    {
        var full = Path.GetFullPath(dir);
        return Swept.TryAdd(full + (recursive ? "/**" : ""), true) ? Sweep(full, recursive) : TempSweep.None;
    }

    /// <summary>
    /// Removes the temp files in <paramref name="dir"/> (and below, when <paramref name="recursive"/>) whose owner is
    /// gone; with <paramref name="dryRun"/>, only counts them.
    /// </summary>
    public static TempSweep Sweep(string dir, bool recursive = false, bool dryRun = false)
    {
        if (!Directory.Exists(dir)) return TempSweep.None;
        var files = 0;
        long bytes = 0;
        var options = new EnumerationOptions { RecurseSubdirectories = recursive, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var f in new DirectoryInfo(dir).EnumerateFiles("*.tmp", options))
        {
            if (!IsStale(f)) continue;
            try
            {
                var size = f.Length;
                if (!dryRun) f.Delete();
                files++;
                bytes += size;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone already (another sweeper) or not ours to delete: the next sweep tries again.
            }
        }
        return new TempSweep(files, bytes);
    }

    /// <summary>True when a temp file's owner is gone (or, for another host's or an unnamed file, it is old).</summary>
    public static bool IsStale(FileInfo file)
    {
        var m = Owned().Match(file.Name);
        if (m.Success)
        {
            if (m.Groups["host"].Value == ProcessIdentity.HostToken)
                return !ProcessIdentity.IsAlive(int.Parse(m.Groups["pid"].Value, CultureInfo.InvariantCulture), m.Groups["start"].Value);
        }
        else if (!Legacy().IsMatch(file.Name)) return false;
        try
        {
            return file.Exists && file.LastWriteTimeUtc < DateTime.UtcNow - ForeignTimeout;
        }
        catch (IOException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"mlnb-(?<host>[0-9a-f]{8})-(?<pid>\d+)-(?<start>\d+)-[0-9a-f]{32}\.tmp$")]
    private static partial Regex Owned();

    // Names older versions used: GUID.tmp in the cache's tmp/, .NAME.GUID.tmp beside a destination, ADDRESS.GUID.tmp on a remote.
    [GeneratedRegex(@"(^|\.)[0-9a-f]{32}\.tmp$")]
    private static partial Regex Legacy();
}
