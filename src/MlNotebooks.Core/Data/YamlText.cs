using System.Globalization;
using System.Text.RegularExpressions;

namespace MlNotebooks.Data;

/// <summary>Writes YAML scalars the way DVC's writer (ruamel.yaml) does for the values we emit: plain when safe, else single-quoted.</summary>
internal static partial class YamlText
{
    public static string Scalar(string s) => NeedsQuotes(s) ? "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'" : s;

    public static string Scalar(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static bool NeedsQuotes(string s)
    {
        if (s.Length == 0 || s != s.Trim() || s.Any(c => char.IsControl(c))) return true;
        if ("-?:,[]{}#&*!|>'\"%@`".Contains(s[0], StringComparison.Ordinal)) return true;
        if (s.Contains(": ", StringComparison.Ordinal) || s.Contains(" #", StringComparison.Ordinal) || s.EndsWith(':')) return true;
        return Special().IsMatch(s) || Number().IsMatch(s);
    }

    [GeneratedRegex("^(~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N)$")]
    private static partial Regex Special();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$|^0x[0-9a-fA-F_]+$|^0o[0-7_]+$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$|^[0-9]+(:[0-9]{1,2})+$")]
    private static partial Regex Number();
}
