using System.Globalization;
using ReconGrpc.Adapters.Shared.Tabular;
using ReconGrpc.Adapters.Shared.Text;

namespace ReconGrpc.Adapters.Alipay;

/// <summary>
/// Cells as Alipay writes them: padded with spaces to a fixed width, ids ending in a tab (so spreadsheets keep them as
/// text), <c>/</c> for an empty 对方账号, amounts as plain figures, times after the date.
/// </summary>
internal static class AlipayCells
{
    /// <summary>A cell as trimmed text (spaces and tabs), null when empty or a placeholder (<c>/</c>, <c>-</c>).</summary>
    public static string? Text(TabularReader reader, int column)
    {
        if (column < 0 || column >= reader.FieldCount)
        {
            return null;
        }

        var text = reader.Text(column);
        return text is null or "/" or "-" or "--" or "—" ? null : text;
    }

    /// <summary>Parses an amount cell; a missing column is blank.</summary>
    public static ParseOutcome Amount(TabularReader reader, int column, out decimal amount)
    {
        amount = 0m;
        if (column < 0 || column >= reader.FieldCount)
        {
            return ParseOutcome.Blank;
        }

        var value = reader[column];
        return value is string s ? ValueParser.ParseAmountText(s.Trim(), out amount) : ValueParser.ParseAmount(value, out amount);
    }

    /// <summary>Parses a date cell ("2024-03-01 09:15:20", an Excel date); the time is dropped.</summary>
    public static ParseOutcome Date(TabularReader reader, int column, out DateOnly date)
    {
        date = default;
        if (column < 0 || column >= reader.FieldCount)
        {
            return ParseOutcome.Blank;
        }

        var value = reader[column];
        return value is string s ? ValueParser.ParseDateText(s.Trim(), null, out date) : ValueParser.ParseDate(value, null, out date);
    }

    /// <summary>The time of day of a date-time cell, for ordering lines within a day; midnight when it has none.</summary>
    public static TimeOnly Time(TabularReader reader, int column)
    {
        var text = Text(reader, column);
        if (text is null)
        {
            return TimeOnly.MinValue;
        }

        var space = text.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && TimeOnly.TryParse(text.AsSpan(space + 1).Trim(), CultureInfo.InvariantCulture, out var time) ? time : TimeOnly.MinValue;
    }

    /// <summary>
    /// Splits "王芳 (wang***@163.com)" or "*津水(602***@qq.com)" into a name and an account; a cell that is only an
    /// account (an e-mail address, a phone or card number, masked or not) is an account.
    /// </summary>
    public static (string? Name, string? Account) Counterparty(string? cell)
    {
        if (cell is null)
        {
            return (null, null);
        }

        var text = ValueParser.HalfWidth(cell).Trim();
        if (text.EndsWith(')') && text.LastIndexOf('(') is > 0 and var open)
        {
            var name = text[..open].Trim();
            var account = text[(open + 1)..^1].Trim();
            return (name.Length == 0 ? null : name, account.Length == 0 ? null : account);
        }

        return LooksLikeAccount(text) ? (null, text) : (text, null);
    }

    private static bool LooksLikeAccount(string text) =>
        text.Contains('@', StringComparison.Ordinal)
        || (text.Length >= 6 && text.All(c => char.IsAsciiDigit(c) || c is '*' or '-' or ' '));

    /// <summary>Joins the pieces of a line's text with " / ", leaving out empty pieces and repeats.</summary>
    public static string? Join(params ReadOnlySpan<string?> pieces)
    {
        string? text = null;
        foreach (var piece in pieces)
        {
            if (piece is null)
            {
                continue;
            }

            if (text is null)
            {
                text = piece;
            }
            else if (!text.Contains(piece, StringComparison.Ordinal))
            {
                text = string.Concat(text, " / ", piece);
            }
        }

        return text;
    }

    /// <summary>A whole row as one line of text, cells joined by commas as the file wrote them, half-width.</summary>
    public static string RowText(TabularReader reader)
    {
        var cells = new List<string>(reader.FieldCount);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            cells.Add(reader.Text(i) ?? string.Empty);
        }

        return ValueParser.HalfWidth(string.Join(',', cells).TrimEnd(',')).Trim();
    }
}

/// <summary>The columns of a header row, by their normalised heading (<see cref="ValueParser.HeaderKey"/>).</summary>
internal sealed class Columns
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly string?[] _headings;

    public Columns(string?[] headings)
    {
        _headings = headings;
        for (var i = 0; i < headings.Length; i++)
        {
            var key = ValueParser.HeaderKey(headings[i]);
            if (key.Length > 0)
            {
                _index.TryAdd(key, i);
            }
        }
    }

    /// <summary>The index of the first of the headings present, or -1.</summary>
    public int this[params ReadOnlySpan<string> keys]
    {
        get
        {
            foreach (var key in keys)
            {
                if (_index.TryGetValue(key, out var i))
                {
                    return i;
                }
            }

            return -1;
        }
    }

    public bool Has(string key) => _index.ContainsKey(key);

    /// <summary>The heading of a column as the file writes it (trimmed, without its padding).</summary>
    public string Heading(int column) => column >= 0 && column < _headings.Length && _headings[column] is { } h ? h.Trim() : "?";
}
