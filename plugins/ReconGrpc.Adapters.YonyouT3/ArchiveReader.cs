using ReconGrpc.Adapters.Shared.Tabular;
using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.YonyouT3;

/// <summary>Reads rows of T3's 客户分类 and 客户档案 lists into category and customer records.</summary>
internal sealed class ArchiveReader(TabularReader reader, Dictionary<T3Column, int> columns)
{
    public IEnumerable<ImportRow> Category()
    {
        if (reader.IsBlankRow)
        {
            return [];
        }

        var errors = new List<ImportRow>();
        var code = Required(T3Column.CategoryCode, "类别编码", errors);
        var name = Required(T3Column.CategoryName, "类别名称", errors);
        return errors.Count > 0 ? errors : [new RecordRow(reader.Line, new CategoryRecord(code!, name!))];
    }

    public IEnumerable<ImportRow> Customer()
    {
        if (reader.IsBlankRow)
        {
            return [];
        }

        var errors = new List<ImportRow>();
        var code = Required(T3Column.CustomerCode, "客户编码", errors);
        var name = Required(T3Column.CustomerName, "客户名称", errors);
        decimal? limit = null;
        if (Has(T3Column.CreditLimit))
        {
            var value = reader[columns[T3Column.CreditLimit]];
            switch (ValueParser.ParseAmount(value, out var parsed))
            {
                case ParseOutcome.Parsed when parsed >= 0:
                    limit = parsed;
                    break;
                case ParseOutcome.Parsed:
                case ParseOutcome.Invalid:
                    errors.Add(new RowError(reader.Line, "信用额度", $"'{ValueParser.Text(value)}' in 信用额度 is not a credit limit (expected a number such as 200,000.00)."));
                    break;
            }
        }

        int? days = null;
        if (Has(T3Column.CreditDays))
        {
            var value = reader[columns[T3Column.CreditDays]];
            switch (ValueParser.ParseInteger(value, out var parsed))
            {
                case ParseOutcome.Parsed when parsed >= 0:
                    days = parsed;
                    break;
                case ParseOutcome.Parsed:
                case ParseOutcome.Invalid:
                    errors.Add(new RowError(reader.Line, "信用期限", $"'{ValueParser.Text(value)}' in 信用期限 is not a number of days."));
                    break;
            }
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        var taxNumber = Text(T3Column.TaxNumber);

        // Since 2015 a company's tax number is its unified social credit code; T3 has only the 税号 field for both.
        var creditCode = Text(T3Column.CreditCode) ?? (taxNumber is { Length: 18 } && taxNumber.All(char.IsAsciiLetterOrDigit) ? taxNumber.ToUpperInvariant() : null);
        return
        [
            new RecordRow(reader.Line, new CustomerRecord(code!, name!)
            {
                ShortName = Text(T3Column.ShortName),
                Mnemonic = Text(T3Column.Mnemonic),
                CategoryCode = T3Party.Parse(Text(T3Column.CustomerCategory))?.Code ?? Text(T3Column.CustomerCategory),
                CreditCode = creditCode,
                TaxNumber = taxNumber,
                Bank = Text(T3Column.Bank),
                BankAccount = Text(T3Column.BankAccount),
                Address = Text(T3Column.Address),
                Phone = Text(T3Column.Phone) ?? Text(T3Column.Mobile),
                Contact = Text(T3Column.Contact),
                Region = Text(T3Column.Region),
                Industry = Text(T3Column.Industry),
                CreditLimit = limit,
                PaymentTermDays = days,
                SettlementMethod = Text(T3Column.Settlement),
                ShipToAddress = Text(T3Column.ShipTo),
            }),
        ];
    }

    private string? Required(T3Column column, string heading, List<ImportRow> errors)
    {
        var text = Text(column);
        if (text is null)
        {
            errors.Add(new RowError(reader.Line, heading, columns[column] >= reader.FieldCount
                ? $"The row ends before the {heading} column; the file may be truncated."
                : $"{heading} is empty; it is required."));
        }

        return text;
    }

    private string? Text(T3Column column) => Has(column) ? reader.Text(columns[column]) : null;

    private bool Has(T3Column column) => columns.ContainsKey(column);
}
