// Compiled by MSBuild's RoslynCodeTaskFactory (see LibTorchSharpPatch.targets); not part of the library.
using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>Marks the GLIBCXX_3.4.32 version need of libLibTorchSharp.so weak, in the build output copy only.</summary>
public sealed class MlnbPatchLibTorchSharp : Task
{
    private const string Version = "GLIBCXX_3.4.32";
    private const ushort VerFlgWeak = 0x2;

    [Required] public string File { get; set; } = "";

    [Required] public string ExpectedSha256 { get; set; } = "";

    public override bool Execute()
    {
        var bytes = System.IO.File.ReadAllBytes(File);
        var offset = FindFlagsOffset(bytes);
        if (offset < 0)
        {
            Log.LogMessage(MessageImportance.Low, "{0} has no {1} version need; nothing to patch", File, Version);
            return true;
        }
        var flags = BitConverter.ToUInt16(bytes, offset);
        if ((flags & VerFlgWeak) != 0) return true; // patched already
        string sha;
        using (var h = SHA256.Create()) sha = BitConverter.ToString(h.ComputeHash(bytes)).Replace("-", "").ToLowerInvariant();
        if (!string.Equals(sha, ExpectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            Log.LogWarning("{0} (sha256 {1}) is not the TorchSharp 0.107.0 shim this patch was checked against; left unpatched. If it fails to load, `mlnb` reports the missing version.", File, sha);
            return true;
        }
        var stamp = System.IO.File.GetLastWriteTimeUtc(File);
        BitConverter.GetBytes((ushort)(flags | VerFlgWeak)).CopyTo(bytes, offset);
        // Write a new file and move it over the copy: the copy may be a hard link to the NuGet cache, which stays untouched.
        var tmp = File + ".mlnb-patch.tmp";
        System.IO.File.WriteAllBytes(tmp, bytes);
        System.IO.File.SetLastWriteTimeUtc(tmp, stamp); // same size and time: incremental copies keep skipping it
        System.IO.File.Delete(File);
        System.IO.File.Move(tmp, File);
        Log.LogMessage(MessageImportance.Normal, "Marked {0} weak in {1} (Debian 12's libstdc++ stops at GLIBCXX_3.4.30)", Version, File);
        return true;
    }

    /// <summary>The file offset of vna_flags of the GLIBCXX_3.4.32 entry in .gnu.version_r, or -1.</summary>
    private static int FindFlagsOffset(byte[] b)
    {
        if (b.Length < 64 || b[0] != 0x7f || b[1] != (byte)'E' || b[2] != (byte)'L' || b[3] != (byte)'F' || b[4] != 2 || b[5] != 1) return -1; // ELF64 LE only
        var shoff = (long)BitConverter.ToUInt64(b, 0x28);
        int shentsize = BitConverter.ToUInt16(b, 0x3A), shnum = BitConverter.ToUInt16(b, 0x3C);
        for (var i = 0; i < shnum; i++)
        {
            var sh = (int)(shoff + (long)i * shentsize);
            if (BitConverter.ToUInt32(b, sh + 4) != 0x6ffffffe) continue; // SHT_GNU_verneed
            var off = (int)BitConverter.ToUInt64(b, sh + 0x18);
            var link = BitConverter.ToUInt32(b, sh + 0x28);
            var strSh = (int)(shoff + (long)link * shentsize);
            var strOff = (int)BitConverter.ToUInt64(b, strSh + 0x18);
            for (var vn = off; ;)
            {
                int cnt = BitConverter.ToUInt16(b, vn + 2);
                var aux = vn + (int)BitConverter.ToUInt32(b, vn + 8);
                for (var a = 0; a < cnt; a++)
                {
                    var name = ReadString(b, strOff + (int)BitConverter.ToUInt32(b, aux + 8));
                    if (name == Version) return aux + 4;
                    aux += (int)BitConverter.ToUInt32(b, aux + 12);
                }
                var next = BitConverter.ToUInt32(b, vn + 12);
                if (next == 0) break;
                vn += (int)next;
            }
        }
        return -1;
    }

    private static string ReadString(byte[] b, int at)
    {
        var end = at;
        while (end < b.Length && b[end] != 0) end++;
        return Encoding.ASCII.GetString(b, at, end - at);
    }
}
