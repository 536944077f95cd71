using System.Runtime.InteropServices;

namespace MlNotebooks.Data;

/// <summary>What identifies an unchanged file for the hash cache: inode, modification time (100 ns ticks) and size.</summary>
/// <param name="Inode">The inode number (0 where the platform does not expose it).</param>
/// <param name="MtimeTicks">Last write time, UTC ticks.</param>
/// <param name="Size">Length in bytes.</param>
internal readonly record struct FileIdentity(long Inode, long MtimeTicks, long Size)
{
    public static FileIdentity Of(FileInfo file) => new(Inodes.Get(file.FullName), file.LastWriteTimeUtc.Ticks, file.Length);
}

/// <summary>Reads inode numbers through libc's <c>stat</c> on 64-bit Linux (where <c>st_ino</c> sits at offset 8 on x64 and arm64).</summary>
internal static class Inodes
{
    private static readonly bool Supported = OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;
    private static bool _broken;

    public static long Get(string path)
    {
        if (!Supported || _broken) return 0;
        try
        {
            var buf = new byte[256];
            return Stat(path, buf) == 0 ? BitConverter.ToInt64(buf, 8) : 0;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            _broken = true;
            return 0;
        }
    }

    /// <summary>Creates a hard link (libc <c>link</c>); false where it is not possible (other device, no support).</summary>
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

    [DllImport("libc", EntryPoint = "link", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int Link(string existing, string link);

    [DllImport("libc", EntryPoint = "stat", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int Stat(string path, [Out] byte[] buf);
}
