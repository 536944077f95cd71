using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace MlNotebooks.Storage;

/// <summary>
/// Turns operating-system conditions (out of space, read-only file system, permission denied, a file deleted while
/// it was read, a dropped connection) into one-line <see cref="MlnbException"/>s that name the path, what was
/// needed and the fix. Front ends call <see cref="Translate"/> on any exception that is not an MlnbException.
/// </summary>
public static partial class OsErrors
{
    private const int Eio = 5, Enospc = 28, Erofs = 30, Edquot = 122;

    /// <summary>
    /// The MlnbException behind <paramref name="e"/> (unwrapping AggregateException and the like), or an OS condition
    /// turned into one, or null when the failure is not an operating-system condition (a bug).
    /// </summary>
    public static MlnbException? Translate(Exception e)
    {
        var inner = Unwrap(e);
        if (inner is MlnbException m) return m;
        return inner switch
        {
            IOException io when IsOutOfSpace(io) => OutOfSpace(PathIn(io.Message), null),
            IOException io when io.HResult == Erofs => ReadOnly(PathIn(io.Message)),
            UnauthorizedAccessException ua => PermissionDeniedOrReadOnly(PathIn(ua.Message)),
            FileNotFoundException fnf => Vanished(fnf.FileName ?? PathIn(fnf.Message)),
            DirectoryNotFoundException dnf => Vanished(PathIn(dnf.Message)),
            HttpRequestException or SocketException => Dropped(inner),
            IOException io when io.InnerException is SocketException || io.Message.Contains("connection", StringComparison.OrdinalIgnoreCase) => Dropped(io),
            IOException io when io.HResult == Eio => new MlnbException(ErrorCode.StoreUnavailable,
                $"I/O error on '{PathIn(io.Message)}' (the disk or network file system failed); check the device (`dmesg`), then run the command again", io),
            _ => null,
        };
    }

    /// <summary>True when an exception (or what it wraps) says the file system is full (ENOSPC or EDQUOT).</summary>
    public static bool IsOutOfSpace(Exception e) => Unwrap(e) is IOException { HResult: Enospc or Edquot };

    /// <summary>The out-of-space error for a write to <paramref name="path"/> that needed <paramref name="needed"/> bytes (when known).</summary>
    public static MlnbException OutOfSpace(string path, long? needed, Exception? inner = null)
    {
        var (mount, free) = FreeSpace(path);
        var need = needed is { } n ? $"{Bytes(n)} needed, {Bytes(free)} free" : $"{Bytes(free)} free";
        return new MlnbException(ErrorCode.StoreUnavailable,
            $"out of space writing '{path}' ({need} on {mount}); free space there (e.g. `mlnb data gc`) or move the store to a larger disk, then run the command again", inner);
    }

    /// <summary>The error for a write into a read-only file system.</summary>
    public static MlnbException ReadOnly(string path) =>
        new(ErrorCode.PermissionDenied, $"'{path}' is on a read-only file system ({FreeSpace(path).Mount}); remount it read-write (`mount -o remount,rw {FreeSpace(path).Mount}`) or use a workspace on a writable disk");

    /// <summary>A file that was listed, then deleted or moved before or while it was read.</summary>
    public static MlnbException Vanished(string path) =>
        new(ErrorCode.ResourceDoesNotExist, $"'{path}' disappeared while it was being read (deleted or moved by another program); run the command again once nothing else changes it");

    private static MlnbException PermissionDeniedOrReadOnly(string path)
    {
        // .NET reports EROFS on some calls (chmod, unlink) as access denied: tell the two apart by the mount's flags.
        if (IsOnReadOnlyMount(path)) return ReadOnly(path);
        return new MlnbException(ErrorCode.PermissionDenied,
            $"permission denied on '{path}' for user {Environment.UserName}; give that user write access (`chown`/`chmod u+w`) or run as the owner of the folder");
    }

    private static MlnbException Dropped(Exception e)
    {
        var detail = e.InnerException is { } i && e.Message.Length < 40 ? i.Message : e.Message;
        return new MlnbException(ErrorCode.StoreUnavailable,
            $"the connection to the remote or server dropped ({detail.Split('\n')[0].TrimEnd('.')}); check that it is running and reachable, then run the command again (finished transfers are kept)", e);
    }

    private static Exception Unwrap(Exception e)
    {
        while (true)
        {
            switch (e)
            {
                case AggregateException a:
                    var all = a.Flatten().InnerExceptions;
                    if (all.Count == 0) return e;
                    // Prefer our own message, then an OS condition, over cancellations of the sibling tasks.
                    e = all.FirstOrDefault(x => x is MlnbException) ?? all.FirstOrDefault(x => x is not OperationCanceledException) ?? all[0];
                    continue;
                case System.Reflection.TargetInvocationException { InnerException: { } t }:
                    e = t;
                    continue;
                default:
                    return e;
            }
        }
    }

    private static string PathIn(string message)
    {
        var m = QuotedPath().Match(message);
        return m.Success ? m.Groups[1].Value : "(unknown path)";
    }

    /// <summary>The mount point holding <paramref name="path"/> and the bytes free there (0 when unknown).</summary>
    internal static (string Mount, long Free) FreeSpace(string path)
    {
        try
        {
            var full = Path.GetFullPath(path);
            var drive = DriveInfo.GetDrives()
                .Where(d => full == d.RootDirectory.FullName.TrimEnd('/') || full.StartsWith(d.RootDirectory.FullName.TrimEnd('/') + "/", StringComparison.Ordinal) || d.RootDirectory.FullName == "/")
                .OrderByDescending(d => d.RootDirectory.FullName.Length)
                .FirstOrDefault();
            return drive is null ? ("/", 0) : (drive.RootDirectory.FullName, drive.AvailableFreeSpace);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return ("/", 0);
        }
    }

    /// <summary>True when <paramref name="path"/> lies on a file system mounted read-only (Linux).</summary>
    internal static bool IsOnReadOnlyMount(string path)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            var mount = FreeSpace(path).Mount.TrimEnd('/');
            if (mount.Length == 0) mount = "/";
            foreach (var line in File.ReadLines("/proc/self/mounts").Reverse())
            {
                var f = line.Split(' ');
                if (f.Length > 3 && f[1] == mount) return f[3].Split(',').Contains("ro");
            }
        }
        catch (IOException)
        {
        }
        return false;
    }

    private static string Bytes(long b) => b switch
    {
        >= 1L << 30 => (b / (double)(1L << 30)).ToString("0.0", CultureInfo.InvariantCulture) + " GiB",
        >= 1L << 20 => (b / (double)(1L << 20)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        >= 1L << 10 => (b / (double)(1L << 10)).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        _ => b.ToString(CultureInfo.InvariantCulture) + " B",
    };

    [GeneratedRegex(@"'(/[^']*)'")]
    private static partial Regex QuotedPath();
}
