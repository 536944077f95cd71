using System.Globalization;
using System.Text;

namespace MlNotebooks.Server.Tracking;

/// <summary>Opaque page tokens for listings the server pages itself (an offset, base64-encoded).</summary>
internal static class PageTokens
{
    public static string? Next(int offset, int pageSize, int total) =>
        offset + pageSize < total ? Convert.ToBase64String(Encoding.UTF8.GetBytes("o:" + (offset + pageSize).ToString(CultureInfo.InvariantCulture))) : null;

    public static int Offset(string? token)
    {
        if (string.IsNullOrEmpty(token)) return 0;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith("o:", StringComparison.Ordinal) && int.TryParse(text[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return n;
        }
        catch (FormatException) { }
        throw MlnbException.Invalid($"invalid page_token '{Mlflow.MlflowRequest.Shorten(token)}'; pass back the next_page_token of the previous answer");
    }
}
