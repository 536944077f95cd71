namespace MlNotebooks.Tracking.Search;

internal enum FilterTokenKind { Identifier, String, Number, Operator, LParen, RParen, Comma, And, Or, Not, In, End }

/// <summary>A token of a filter, with its 0-based position for error messages.</summary>
internal sealed record FilterToken(FilterTokenKind Kind, string Text, int Position)
{
    public string Describe() => Kind == FilterTokenKind.End ? "the end of the filter" : $"'{Text}'";
}
