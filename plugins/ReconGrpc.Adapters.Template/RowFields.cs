using System.Globalization;
using ReconGrpc.Adapters.Shared.Tabular;
using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Template;

/// <summary>Reads the fields of the current row by key, collecting a row error for each cell that does not parse.</summary>
internal sealed class RowFields(TabularReader reader, ColumnLayout layout, string? dateFormat)
{
    private readonly List<RowError> _errors = [];

    public IReadOnlyList<RowError> Errors => _errors;

    public bool HasErrors => _errors.Count > 0;

    /// <summary>Set by the statement builder: the row is a 期初余额 given only by its balance (no amount, debit or credit).</summary>
    public bool IsBalanceOnlyOpening { get; set; }

    public void Reset()
    {
        _errors.Clear();
        IsBalanceOnlyOpening = false;
    }

    public void Fail(string key, string reason) =>
        _errors.Add(new RowError(reader.Line, key.Length == 0 ? null : layout.HeadingOf(key), reason));

    public string? Text(string key)
    {
        var column = layout[key];
        return column < 0 ? null : reader.Text(column);
    }

    /// <summary>A required text field: a missing value is a row error naming the column.</summary>
    public string? Required(string key)
    {
        var value = Text(key);
        if (value is null)
        {
            var column = layout[key];
            Fail(key, column >= reader.FieldCount
                ? $"The row ends before the {layout.HeadingOf(key)} column (it has {reader.FieldCount} columns); the file may be truncated or a delimiter is missing."
                : $"{layout.HeadingOf(key)} is empty; it is required.");
        }

        return value;
    }

    public decimal? Amount(string key)
    {
        var column = layout[key];
        if (column < 0)
        {
            return null;
        }

        var value = reader[column];
        switch (ValueParser.ParseAmount(value, out var amount))
        {
            case ParseOutcome.Parsed:
                return amount;
            case ParseOutcome.Invalid:
                Fail(key, $"'{ValueParser.Text(value)}' in {layout.HeadingOf(key)} is not an amount (expected a number such as 1,234.56 or -500).");
                return null;
            default:
                return null;
        }
    }

    public DateOnly? Date(string key)
    {
        var column = layout[key];
        if (column < 0)
        {
            return null;
        }

        var value = reader[column];
        if (dateFormat is not null && value is string text
            && DateOnly.TryParseExact(ValueParser.HalfWidth(ValueParser.Clean(text)), dateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var exact))
        {
            return exact;
        }

        switch (ValueParser.ParseDate(value, null, out var date))
        {
            case ParseOutcome.Parsed:
                return date;
            case ParseOutcome.Invalid:
                Fail(key, $"'{ValueParser.Text(value)}' in {layout.HeadingOf(key)} is not a date (expected a date such as 2024-01-31, 2024/1/31 or 2024年1月31日"
                          + (dateFormat is null ? ")." : $", or {dateFormat})."));
                return null;
            default:
                return null;
        }
    }

    public DateOnly? RequiredDate(string key)
    {
        var date = Date(key);
        if (date is null && !HasErrorFor(key))
        {
            Required(key);
        }

        return date;
    }

    public int? Integer(string key)
    {
        var column = layout[key];
        if (column < 0)
        {
            return null;
        }

        var value = reader[column];
        switch (ValueParser.ParseInteger(value, out var number))
        {
            case ParseOutcome.Parsed when number >= 0:
                return number;
            case ParseOutcome.Parsed:
                Fail(key, $"{layout.HeadingOf(key)} may not be negative; it is {number}.");
                return null;
            case ParseOutcome.Invalid:
                Fail(key, $"'{ValueParser.Text(value)}' in {layout.HeadingOf(key)} is not a whole number of days.");
                return null;
            default:
                return null;
        }
    }

    /// <summary>A tax rate: "13%", "13" and "0.13" all mean 0.13.</summary>
    public decimal? Rate(string key)
    {
        var text = Text(key);
        if (text is null)
        {
            return null;
        }

        var percent = text.EndsWith('%');
        if (ValueParser.ParseAmountText(percent ? text[..^1] : text, out var value) != ParseOutcome.Parsed || value < 0 || value >= 100)
        {
            Fail(key, $"'{text}' in {layout.HeadingOf(key)} is not a tax rate (expected 13%, 13 or 0.13).");
            return null;
        }

        return percent || value >= 1 ? value / 100m : value;
    }

    public string? Currency(string key, string? fallback)
    {
        var text = Text(key);
        if (text is null)
        {
            return fallback;
        }

        var code = ValueParser.CurrencyCode(text);
        if (code is null)
        {
            Fail(key, $"'{text}' in {layout.HeadingOf(key)} is not a currency (expected an ISO code such as CNY or a name such as 人民币).");
        }

        return code;
    }

    private bool HasErrorFor(string key) => _errors.Any(e => e.Field == layout.HeadingOf(key));
}
