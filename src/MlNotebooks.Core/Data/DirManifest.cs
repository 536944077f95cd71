using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MlNotebooks.Data;

/// <summary>One file of a folder manifest.</summary>
/// <param name="RelPath">Path inside the folder, <c>/</c>-separated.</param>
/// <param name="Md5">The file's md5.</param>
internal readonly record struct DirEntry(string RelPath, string Md5);

/// <summary>
/// A DVC 3 <c>.dir</c> manifest: a JSON list of <c>{"md5": …, "relpath": …}</c> sorted by relpath (code point order),
/// serialized as Python's <c>json.dumps(…, sort_keys=True)</c> does, so its md5 is the one DVC computes.
/// </summary>
internal static class DirManifest
{
    /// <summary>Orders relpaths as Python orders <c>str</c>: by Unicode code point.</summary>
    public static readonly IComparer<string> PathOrder = Comparer<string>.Create(CompareCodePoints);

    public static byte[] Serialize(IEnumerable<DirEntry> entries)
    {
        var sorted = entries.OrderBy(e => e.RelPath, PathOrder).ToList();
        var sb = new StringBuilder(sorted.Count * 80 + 2);
        sb.Append('[');
        for (var i = 0; i < sorted.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append("{\"md5\": ");
            AppendPythonString(sb, sorted[i].Md5);
            sb.Append(", \"relpath\": ");
            AppendPythonString(sb, sorted[i].RelPath);
            sb.Append('}');
        }
        sb.Append(']');
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>The manifest's address: md5 of its bytes followed by <c>.dir</c>.</summary>
    public static string Address(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes)) + ".dir";

    /// <summary>Parses a manifest, rejecting entries that would escape the folder.</summary>
    public static IReadOnlyList<DirEntry> Parse(ReadOnlySpan<byte> json, string what)
    {
        var list = new List<DirEntry>();
        try
        {
            using var doc = JsonDocument.Parse(json.ToArray());
            if (doc.RootElement.ValueKind != JsonValueKind.Array) throw Corrupt(what, "it is not a JSON list");
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.Object
                    || !e.TryGetProperty("relpath", out var rp) || rp.ValueKind != JsonValueKind.String
                    || !e.TryGetProperty("md5", out var md) || md.ValueKind != JsonValueKind.String)
                    throw Corrupt(what, "an entry lacks \"md5\" or \"relpath\"");
                var relpath = rp.GetString()!;
                var md5 = md.GetString()!;
                ValidateRelPath(relpath, what);
                if (md5.Length != 32 || !md5.All(char.IsAsciiHexDigitLower)) throw Corrupt(what, $"entry '{relpath}' has md5 '{md5}', which is not 32 lowercase hex characters");
                list.Add(new DirEntry(relpath, md5));
            }
        }
        catch (JsonException e)
        {
            throw Corrupt(what, "it is not valid JSON (" + e.Message.Split('.')[0] + ")");
        }
        return list;
    }

    /// <summary>Rejects absolute paths, <c>..</c>, empty segments and backslashes.</summary>
    public static void ValidateRelPath(string relpath, string what)
    {
        if (relpath.Length == 0 || relpath.StartsWith('/') || relpath.Contains('\\') || relpath.Contains('\0')
            || (relpath.Length > 1 && relpath[1] == ':')
            || relpath.Split('/').Any(p => p is "" or "." or ".."))
            throw new MlnbException(ErrorCode.DataCorrupted, $"{what} lists the unsafe path '{relpath}' (absolute, '..' or empty segments are not allowed); it was not written; delete the manifest from the cache and pull or add the folder again");
    }

    private static MlnbException Corrupt(string what, string why) =>
        new(ErrorCode.DataCorrupted, $"{what} is not a valid DVC .dir manifest: {why}; delete it from the cache and pull or add the folder again");

    private static void AppendPythonString(StringBuilder sb, string s)
    {
        // json.dumps defaults: ensure_ascii=True, so every non-ASCII UTF-16 unit becomes \uxxxx (lowercase hex).
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7e) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }

    private static int CompareCodePoints(string? a, string? b)
    {
        if (ReferenceEquals(a, b)) return 0;
        if (a is null) return -1;
        if (b is null) return 1;
        var ea = a.EnumerateRunes();
        var eb = b.EnumerateRunes();
        while (true)
        {
            var ha = ea.MoveNext();
            var hb = eb.MoveNext();
            if (!ha || !hb) return ha == hb ? 0 : ha ? 1 : -1;
            var c = ea.Current.Value.CompareTo(eb.Current.Value);
            if (c != 0) return c;
        }
    }
}
