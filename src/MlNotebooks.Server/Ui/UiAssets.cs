using System.Collections.Frozen;
using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace MlNotebooks.Server.Ui;

/// <summary>
/// The UI's files, embedded in this assembly as <c>ui/...</c> resources and loaded once: compressed with gzip and
/// brotli where that saves at least a tenth (a resource ending in <c>.gz</c> is already gzip and is served as is),
/// answered with an ETag (304 on a match) and cache headers: HTML and modules revalidate, versioned vendor files are
/// immutable.
/// </summary>
internal sealed class UiAssets
{
    private const string Prefix = "ui/";
    private readonly FrozenDictionary<string, UiAsset> _assets;

    private UiAssets(FrozenDictionary<string, UiAsset> assets) => _assets = assets;

    /// <summary>The assets of this assembly, loaded once per process.</summary>
    public static UiAssets Shared { get; } = Load(typeof(UiAssets).Assembly);

    /// <summary>Every asset path.</summary>
    public IEnumerable<string> Paths => _assets.Keys;

    /// <summary>An asset by path under <c>/ui/</c>, or null.</summary>
    public UiAsset? Find(string path) => _assets.GetValueOrDefault(path);

    private static UiAssets Load(Assembly assembly)
    {
        var assets = new Dictionary<string, UiAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            var path = name[Prefix.Length..];
            byte[]? gzip = null;
            if (path.EndsWith(".gz", StringComparison.Ordinal))
            {
                gzip = bytes;
                path = path[..^3];
                bytes = Gunzip(gzip);
            }
            var immutable = path.StartsWith("vendor/", StringComparison.Ordinal);
            var type = ContentTypeOf(path);
            var compressible = type.StartsWith("text/", StringComparison.Ordinal) || type.StartsWith("application/javascript", StringComparison.Ordinal)
                || type.StartsWith("application/json", StringComparison.Ordinal) || type.StartsWith("image/svg", StringComparison.Ordinal);
            if (compressible)
            {
                gzip ??= Pays(bytes, Compress(bytes, s => new GZipStream(s, CompressionLevel.SmallestSize)));
                var brotli = Pays(bytes, Compress(bytes, s => new BrotliStream(s, CompressionLevel.Optimal)));
                assets[path] = new UiAsset(path, type, bytes, gzip, brotli, ETagOf(bytes), immutable);
            }
            else assets[path] = new UiAsset(path, type, bytes, null, null, ETagOf(bytes), immutable);
        }
        return new UiAssets(assets.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>Writes an asset, choosing brotli, gzip or identity from Accept-Encoding and answering 304 on a matching ETag.</summary>
    public static Task WriteAsync(HttpContext context, UiAsset asset)
    {
        var response = context.Response;
        response.Headers.ETag = asset.ETag;
        response.Headers.CacheControl = asset.Immutable ? "public, max-age=31536000, immutable" : "no-cache";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        if (context.Request.Headers.IfNoneMatch.ToString() is { Length: > 0 } inm && inm.Split(',').Any(t => t.Trim() == asset.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        response.ContentType = asset.ContentType;
        var accept = context.Request.Headers.AcceptEncoding.ToString();
        var body = asset.Raw;
        if (asset.Brotli is not null && Accepts(accept, "br")) { body = asset.Brotli; response.Headers.ContentEncoding = "br"; }
        else if (asset.Gzip is not null && Accepts(accept, "gzip")) { body = asset.Gzip; response.Headers.ContentEncoding = "gzip"; }
        response.ContentLength = body.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private static bool Accepts(string acceptEncoding, string coding) =>
        acceptEncoding.Split(',').Select(p => p.Split(';')).Any(p => p[0].Trim().Equals(coding, StringComparison.OrdinalIgnoreCase)
            && !(p.Length > 1 && p[1].Trim().Replace(" ", "", StringComparison.Ordinal) is "q=0" or "q=0.0"));

    private static byte[]? Pays(byte[] raw, byte[] compressed) => compressed.Length <= raw.Length * 0.9 ? compressed : null;

    private static byte[] Compress(byte[] raw, Func<Stream, Stream> wrap)
    {
        using var output = new MemoryStream();
        using (var z = wrap(output)) z.Write(raw);
        return output.ToArray();
    }

    private static byte[] Gunzip(byte[] gz)
    {
        using var input = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static string ETagOf(byte[] bytes) => "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 12)) + "\"";

    internal static string ContentTypeOf(string path) => System.IO.Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "application/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".json" => "application/json; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".ico" => "image/x-icon",
        ".txt" or "" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
}
