using System.Runtime.InteropServices;

namespace MlNotebooks.Data;

/// <summary>What identifies an unchanged file for the hash cache: inode, modification time (ns since the epoch) and size.</summary>
/// <param name="Inode">The inode number (0 where the platform does not expose it).</param>
/// <param name="MtimeNs">Last write time, nanoseconds since 1970 (100 ns resolution where stat is not available).</param>
/// <param name="Size">Length in bytes.</param>
internal readonly record struct FileIdentity(long Inode, long MtimeNs, long Size)
{
    /// <summary>One <c>stat</c> call on 64-bit Linux; FileInfo elsewhere.</summary>
    public static FileIdentity Of(string path) => Native.TryStat(path, out var id) ? id : FromInfo(new FileInfo(path));

    private static FileIdentity FromInfo(FileInfo f) =>
        new(0, (f.LastWriteTimeUtc.Ticks - DateTime.UnixEpoch.Ticks) * 100, f.Length);
}

/// <summary>
/// libc calls .NET does not expose: <c>fcntl</c> (for <c>O_DIRECT</c>), <c>stat</c> (inode, size, mtime in one call; on x86-64 and arm64 Linux
/// <c>st_ino</c> is at offset 8, <c>st_size</c> at 48 and <c>st_mtim</c> at 88) and <c>link</c>/<c>rename</c>.
/// </summary>
internal static class Native
{
    private static readonly bool Linux64 = OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;
    private static bool _broken;

    [ThreadStatic]
    private static byte[]? _buffer;

    public static bool TryStat(string path, out FileIdentity id)
    {
        id = default;
        if (!Linux64 || _broken) return false;
        try
        {
            var buf = _buffer ??= new byte[256];
            if (Stat(path, buf) != 0) return false;
            id = new FileIdentity(BitConverter.ToInt64(buf, 8), BitConverter.ToInt64(buf, 88) * 1_000_000_000 + BitConverter.ToInt64(buf, 96), BitConverter.ToInt64(buf, 48));
            return true;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            _broken = true;
            return false;
        }
    }

    /// <summary>Creates a hard link; false where it is not possible (other device, no support).</summary>
    public static bool TryHardLink(string existing, string link)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return false;
        try
        {
            return Link(existing, link) == 0;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Atomically renames (replacing the target); falls back to File.Move off Unix.</summary>
    public static void Rename(string from, string to)
    {
        if (Linux64 && !_broken)
        {
            try
            {
                if (RenameNative(from, to) == 0) return;
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                _broken = true;
            }
        }
        File.Move(from, to, overwrite: true);
    }

    /// <summary>
    /// Turns <c>O_DIRECT</c> on or off for an open file (x86-64 Linux: writes then go from the caller's aligned buffer
    /// straight to the device, without the page-cache copy); false where the platform or file system refuses it.
    /// </summary>
    public static bool TrySetDirect(Microsoft.Win32.SafeHandles.SafeFileHandle handle, bool on)
    {
        const int getFlags = 3, setFlags = 4, direct = 0x4000;
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64 || _broken) return false;
        try
        {
            var fd = (int)handle.DangerousGetHandle();
            var flags = Fcntl(fd, getFlags, 0);
            return flags >= 0 && Fcntl(fd, setFlags, on ? flags | direct : flags & ~direct) == 0;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "fcntl")]
    private static extern int Fcntl(int fd, int cmd, int arg);

    [DllImport("libc", EntryPoint = "link", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int Link(string existing, string link);

    [DllImport("libc", EntryPoint = "rename", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int RenameNative(string from, string to);

    [DllImport("libc", EntryPoint = "stat", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int Stat(string path, [Out] byte[] buf);
}
