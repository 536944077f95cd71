using Microsoft.DotNet.Interactive;

namespace MlNotebooks.Notebooks.JupyterKernel;

/// <summary>Cursor arithmetic: Jupyter counts Unicode code points (spec 5.2+), .NET Interactive lines and UTF-16 characters.</summary>
internal static class CodePosition
{
    /// <summary>The UTF-16 index of code point <paramref name="cursorPos"/> (null: the end), clamped to the code.</summary>
    public static int ToIndex(string code, int? cursorPos)
    {
        if (cursorPos is null) return code.Length;
        var index = 0;
        for (var points = 0; points < cursorPos && index < code.Length; points++)
            index += char.IsHighSurrogate(code[index]) && index + 1 < code.Length ? 2 : 1;
        return index;
    }

    /// <summary>The code-point offset of a UTF-16 index.</summary>
    public static int ToCursor(string code, int index) =>
        index - code.AsSpan(0, Math.Min(index, code.Length)).ToString().Count(char.IsLowSurrogate);

    public static LinePosition ToLinePosition(string code, int index)
    {
        var line = 0;
        var lineStart = 0;
        for (var i = 0; i < index && i < code.Length; i++)
            if (code[i] == '\n') { line++; lineStart = i + 1; }
        return new LinePosition(line, index - lineStart);
    }

    /// <summary>The word being typed before <paramref name="index"/>: identifier characters, with a leading <c>#!</c> of a magic.</summary>
    public static string TokenBefore(string code, int index)
    {
        var start = index;
        while (start > 0 && (char.IsLetterOrDigit(code[start - 1]) || code[start - 1] == '_')) start--;
        if (start >= 2 && code[start - 1] == '!' && code[start - 2] == '#' && (start == 2 || code[start - 3] == '\n')) start -= 2;
        else if (start >= 1 && code[start - 1] == '#' && (start == 1 || code[start - 2] == '\n')) start -= 1;
        return code[start..index];
    }
}
