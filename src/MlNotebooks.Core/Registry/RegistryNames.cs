using System.Text.RegularExpressions;

namespace MlNotebooks.Registry;

/// <summary>Rules for model names and aliases.</summary>
internal static partial class RegistryNames
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.\\-]{0,255}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_\\-]{0,63}$")]
    private static partial Regex AliasPattern();

    public static void ValidateModelName(string name)
    {
        if (!NamePattern().IsMatch(name))
            throw MlnbException.Invalid($"model name '{name}' is not valid; use letters, digits, '_', '-' and '.', starting with a letter or digit");
    }

    public static void ValidateAlias(string alias)
    {
        if (!AliasPattern().IsMatch(alias))
            throw MlnbException.Invalid($"alias '{alias}' is not valid; use a word such as 'production' or 'staging' (letters, digits, '_', '-')");
        if (alias.Length > 1 && alias[0] is 'v' or 'V' && alias[1..].All(char.IsAsciiDigit))
            throw MlnbException.Invalid($"alias '{alias}' looks like a version number (MLflow reserves v1, v2, ...); choose a word such as 'production'");
    }
}
