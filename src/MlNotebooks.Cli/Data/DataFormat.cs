using System.Globalization;
using MlNotebooks.Data;

namespace MlNotebooks.Cli.Data;

/// <summary>Short human text for data outputs.</summary>
internal static class DataFormat
{
    public static string Describe(DataOutput o) =>
        o.IsDirectory ? $"{o.NFiles} files, {Bytes(o.Size)}, md5 {o.Md5}" : $"{Bytes(o.Size)}, md5 {o.Md5}";

    public static string Bytes(long n) => n switch
    {
        < 1024 => $"{n} B",
        < 1024 * 1024 => (n / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        < 1024L * 1024 * 1024 => (n / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        _ => (n / 1073741824.0).ToString("0.00", CultureInfo.InvariantCulture) + " GiB",
    };
}
