using System.Runtime.InteropServices;

namespace MlNotebooks.Training.Native;

/// <summary>glibc's dlopen/dlerror: unlike <see cref="NativeLibrary"/>, they say why a library did not load.</summary>
internal static partial class Dl
{
    private const int RtldNow = 0x2;
    private const int RtldGlobal = 0x100;

    [LibraryImport("libc", EntryPoint = "dlopen", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint DlOpen(string path, int flags);

    [LibraryImport("libc", EntryPoint = "dlerror")]
    private static partial nint DlError();

    /// <summary>Loads a library by absolute path with RTLD_NOW | RTLD_GLOBAL; returns null or the loader's error.</summary>
    public static string? TryOpen(string path)
    {
        DlError(); // binds dlerror now (binding it after a failure would clear the message) and clears a stale error
        if (DlOpen(path, RtldNow | RtldGlobal) != 0) return null;
        return Marshal.PtrToStringUTF8(DlError()) ?? "dlopen failed without a message";
    }
}
