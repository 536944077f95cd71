using System.Text;

namespace MlNotebooks.Tracking.Search;

/// <summary>Splits a filter into tokens. Identifiers may hold dots and back-quoted or double-quoted parts (<c>metrics.`f1 score`</c>).</summary>
internal static class FilterLexer
{
    public static List<FilterToken> Tokenize(string text)
    {
        var tokens = new List<FilterToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            var start = i;
            switch (c)
            {
                case '(': tokens.Add(new(FilterTokenKind.LParen, "(", i++)); continue;
                case ')': tokens.Add(new(FilterTokenKind.RParen, ")", i++)); continue;
                case ',': tokens.Add(new(FilterTokenKind.Comma, ",", i++)); continue;
                case '\'':
                    tokens.Add(new(FilterTokenKind.String, ReadQuoted(text, ref i, '\''), start));
                    continue;
                case '=':
                    i++;
                    if (i < text.Length && text[i] == '=') i++; // accept '==' like MLflow's parser does
                    tokens.Add(new(FilterTokenKind.Operator, "=", start));
                    continue;
                case '!' or '<' or '>':
                    i++;
                    if (i < text.Length && text[i] == '=') i++;
                    var op = text[start..i];
                    if (op == "!") throw Error(text, start, "'!' alone is not an operator; write '!='");
                    tokens.Add(new(FilterTokenKind.Operator, op, start));
                    continue;
            }
            if (c == '"')
            {
                // A double-quoted word right after a dot is part of an identifier (params."x"); elsewhere it is a string.
                if (tokens.Count > 0 && tokens[^1].Kind == FilterTokenKind.Identifier && tokens[^1].Text.EndsWith('.'))
                {
                    var prev = tokens[^1];
                    tokens[^1] = prev with { Text = prev.Text + ReadQuoted(text, ref i, '"') };
                }
                else tokens.Add(new(FilterTokenKind.String, ReadQuoted(text, ref i, '"'), start));
                continue;
            }
            if (char.IsDigit(c) || ((c is '-' or '+' or '.') && i + 1 < text.Length && (char.IsDigit(text[i + 1]) || text[i + 1] == '.')))
            {
                i++;
                while (i < text.Length && (char.IsDigit(text[i]) || text[i] is '.' or 'e' or 'E' || ((text[i] is '-' or '+') && text[i - 1] is 'e' or 'E'))) i++;
                tokens.Add(new(FilterTokenKind.Number, text[start..i], start));
                continue;
            }
            if (char.IsLetter(c) || c is '_' or '`')
            {
                var sb = new StringBuilder();
                while (i < text.Length)
                {
                    var ch = text[i];
                    if (ch == '`') { sb.Append(ReadQuoted(text, ref i, '`')); continue; }
                    if (ch == '"' && sb.Length > 0 && sb[^1] == '.') { sb.Append(ReadQuoted(text, ref i, '"')); continue; }
                    if (char.IsLetterOrDigit(ch) || ch is '_' or '.' or '-' or ':' or '/') { sb.Append(ch); i++; continue; }
                    break;
                }
                var word = sb.ToString();
                var kind = word.ToUpperInvariant() switch
                {
                    "AND" => FilterTokenKind.And,
                    "OR" => FilterTokenKind.Or,
                    "NOT" => FilterTokenKind.Not,
                    "IN" => FilterTokenKind.In,
                    "LIKE" or "ILIKE" => FilterTokenKind.Operator,
                    _ => FilterTokenKind.Identifier,
                };
                tokens.Add(new(kind, kind == FilterTokenKind.Operator ? word.ToUpperInvariant() : word, start));
                continue;
            }
            throw Error(text, i, $"unexpected character '{c}'");
        }
        tokens.Add(new(FilterTokenKind.End, "", text.Length));
        return tokens;
    }

    private static string ReadQuoted(string text, ref int i, char quote)
    {
        var start = i;
        i++;
        var sb = new StringBuilder();
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && text[i + 1] == quote) { sb.Append(quote); i += 2; continue; }
            if (c == quote)
            {
                if (i + 1 < text.Length && text[i + 1] == quote && quote != '`') { sb.Append(quote); i += 2; continue; }
                i++;
                return sb.ToString();
            }
            sb.Append(c);
            i++;
        }
        throw Error(text, start, $"the quote {quote} opened here is never closed");
    }

    public static MlnbException Error(string text, int position, string what) =>
        MlnbException.Invalid($"invalid filter at character {position + 1} ({Near(text, position)}): {what}");

    private static string Near(string text, int position)
    {
        if (position >= text.Length) return "at the end";
        var end = Math.Min(text.Length, position + 20);
        return $"near \"{text[position..end]}\"";
    }
}
