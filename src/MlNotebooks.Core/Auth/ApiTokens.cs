using System.Security.Cryptography;
using System.Text;

namespace MlNotebooks.Auth;

/// <summary>Makes API token secrets and the hashes they are stored by.</summary>
public static class ApiTokens
{
    /// <summary>The prefix of every token this server issues, so a leaked one is recognisable.</summary>
    public const string Prefix = "mlnb_";

    /// <summary>A new secret: the prefix and 32 random bytes, base64url.</summary>
    public static string NewSecret() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>A short public id (revocation, listing): 6 random bytes, hex.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    /// <summary>The stored form of a secret: SHA-256, hex. Tokens are long random strings, so a plain hash suffices.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
