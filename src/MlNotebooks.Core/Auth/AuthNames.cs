using System.Text.RegularExpressions;

namespace MlNotebooks.Auth;

/// <summary>Rules for user names (JupyterHub's names fit: letters, digits, <c>. _ - @</c>).</summary>
internal static partial class AuthNames
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.@\\-]{0,127}$")]
    private static partial Regex UserPattern();

    public static void ValidateUser(string name)
    {
        if (!UserPattern().IsMatch(name ?? ""))
            throw MlnbException.Invalid($"user name '{name}' is not valid; use letters, digits, '.', '_', '-' and '@', starting with a letter or digit (at most 128)");
    }
}
