using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Template;

/// <summary>Settings that shape records beyond the cells: from the adapter's options.</summary>
internal sealed record BuildSettings(string? Currency, AmountConvention Convention, LedgerAmounts LedgerAmounts = LedgerAmounts.Document);

/// <summary>How a ledger file's single 金额 column is signed.</summary>
internal enum LedgerAmounts
{
    /// <summary>The document's own amount; the type gives the direction (a receipt of 5,000 lowers the balance).</summary>
    Document,
    /// <summary>Signed by the effect on what the customer owes, whatever the type (receipts negative).</summary>
    Signed,
}

/// <summary>Turns the current row into a record of the layout's kind, or into row errors.</summary>
internal static class RecordBuilders
{
    public static ImportRecord? Build(RecordKind kind, RowFields row, BuildSettings settings) => kind switch
    {
        RecordKind.Categories => Category(row),
        RecordKind.Customers => Customer(row),
        RecordKind.LedgerEntries => LedgerEntry(row, settings),
        RecordKind.StatementLines => StatementLine(row, settings),
        RecordKind.Orders => Order(row, settings),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No template reads this kind."),
    };

    private static CategoryRecord? Category(RowFields row)
    {
        var code = row.Required("code");
        var name = row.Required("name");
        return row.HasErrors ? null : new CategoryRecord(code!, name!);
    }

    private static CustomerRecord? Customer(RowFields row)
    {
        var code = row.Required("code");
        var name = row.Required("name");
        var creditLimit = row.Amount("creditLimit");
        if (creditLimit < 0)
        {
            row.Fail("creditLimit", $"信用额度 may not be negative; it is {creditLimit}.");
        }

        var terms = row.Integer("paymentTerms");
        var rate = row.Rate("taxRate");
        if (row.HasErrors)
        {
            return null;
        }

        return new CustomerRecord(code!, name!)
        {
            ShortName = row.Text("shortName"),
            Mnemonic = row.Text("mnemonic"),
            CategoryCode = row.Text("category"),
            CreditCode = row.Text("creditCode"),
            TaxNumber = row.Text("taxNo"),
            Bank = row.Text("bank"),
            BankAccount = row.Text("account"),
            Address = row.Text("address"),
            Phone = row.Text("phone"),
            Contact = row.Text("contact"),
            Region = row.Text("region"),
            Industry = row.Text("industry"),
            CreditLimit = creditLimit,
            PaymentTermDays = terms,
            DefaultTaxRate = rate,
            SettlementMethod = row.Text("settlement"),
            ShipToAddress = row.Text("shipTo"),
        };
    }

    private static LedgerEntryRecord? LedgerEntry(RowFields row, BuildSettings settings)
    {
        var customerCode = row.Text("customerCode");
        var customerName = row.Text("customerName");
        var customerCreditCode = row.Text("customerCreditCode");
        if (customerCode is null && customerName is null && customerCreditCode is null)
        {
            row.Fail("customerCode", "The row names no customer: 客户编码, 客户名称 and 统一社会信用代码 are all empty.");
        }

        var date = row.RequiredDate("date");
        var type = DocumentTypes.Parse(row);
        var (amount, debit, credit) = SignedAmount(row, type, settings.LedgerAmounts);
        var dueDate = row.Date("dueDate");
        var currency = row.Currency("currency", settings.Currency);
        if (row.HasErrors)
        {
            return null;
        }

        return new LedgerEntryRecord(customerCode, customerName, customerCreditCode, date!.Value, type ?? DocumentTypes.FromSign(amount), amount)
        {
            DocumentNumber = row.Text("documentNo"),
            VoucherNumber = row.Text("voucherNo"),
            Debit = debit,
            Credit = credit,
            Currency = currency,
            DueDate = dueDate,
            Reference = row.Text("reference"),
            Memo = row.Text("memo"),
            SourceId = row.Text("sourceId"),
        };
    }

    private static StatementLineRecord? StatementLine(RowFields row, BuildSettings settings)
    {
        var date = row.RequiredDate("date");
        var type = DocumentTypes.Parse(row);
        var amount = row.Amount("amount");
        var debit = row.Amount("debit");
        var credit = row.Amount("credit");
        var balance = row.Amount("balance");
        row.IsBalanceOnlyOpening = amount is null && debit is null && credit is null && balance is not null
                                   && (type == DocumentType.OpeningBalance || IsOpeningText(row.Text("text")));
        if (row.IsBalanceOnlyOpening)
        {
            // A statement's 期初余额 row gives only the balance it starts from, as the file writes balances; the
            // adapter settles its sign from the next balance (see OpeningBalanceSign).
            amount = balance;
            type = DocumentType.OpeningBalance;
        }
        else if (amount is null && debit is null && credit is null && !row.HasErrors)
        {
            row.Fail("amount", "The row has no amount: 金额, 借方 and 贷方 are all empty.");
        }
        else if (amount is null)
        {
            FailWhenBothSides(row, debit, credit);
        }

        var currency = row.Currency("currency", settings.Currency);
        var purpose = Purpose(row);
        if (row.HasErrors)
        {
            return null;
        }

        // A statement keeps its issuer's signs: a single amount column as written; from debit and credit columns,
        // debit minus credit of a ledger (ours or the counterparty's), or credit minus debit of a bank statement or
        // bill, whose credit (贷方, 收入) is money into our account: positive in the cash-flow convention.
        var signed = amount ?? (settings.Convention == AmountConvention.CashFlow
            ? (credit ?? 0m) - (debit ?? 0m)
            : (debit ?? 0m) - (credit ?? 0m));
        return new StatementLineRecord(date!.Value, signed, settings.Convention)
        {
            DocumentType = type,
            CounterpartyCode = row.Text("counterpartyCode"),
            CounterpartyName = row.Text("counterpartyName"),
            CounterpartyCreditCode = row.Text("counterpartyCreditCode"),
            CounterpartyAccount = row.Text("counterpartyAccount"),
            DocumentNumber = row.Text("documentNo"),
            VoucherNumber = row.Text("voucherNo"),
            Reference = row.Text("reference"),
            Text = row.Text("text"),
            Currency = currency,
            Debit = debit,
            Credit = credit,
            Balance = balance,
            SourceId = row.Text("sourceId"),
            Purpose = purpose,
            SettlementId = row.Text("settlementId"),
        };
    }

    /// <summary>What a platform bill's line is for, from its 业务类型 as platforms write it, or the purpose's own name.</summary>
    private static LinePurpose? Purpose(RowFields row) => row.Text("purpose") is not { } text ? null : text.Trim().ToLowerInvariant() switch
    {
        "sale" or "交易" or "收款" or "货款" or "交易收入" or "在线支付" or "交易付款" => LinePurpose.Sale,
        "refund" or "退款" or "交易退款" or "售后退款" => LinePurpose.Refund,
        "fee" or "服务费" or "手续费" or "佣金" or "技术服务费" or "交易手续费" => LinePurpose.Fee,
        "payout" or "提现" or "结算" or "结算到银行卡" or "打款" => LinePurpose.Payout,
        "other" or "其他" or "转账" => LinePurpose.Other,
        _ => Unknown(row, text),
    };

    private static LinePurpose? Unknown(RowFields row, string text)
    {
        row.Fail("purpose", $"业务类型 '{text}' is not one of sale (交易, 货款), refund (退款), fee (服务费, 手续费, 佣金), payout (提现, 结算) or other.");
        return null;
    }

    private static bool IsOpeningText(string? text) => text is "期初余额" or "期初" or "上期结转" or "上年结转" or "承前页";

    private static OrderRecord? Order(RowFields row, BuildSettings settings)
    {
        var number = row.Required("orderNo");
        var date = row.RequiredDate("date");
        var amount = row.Amount("amount");
        if (amount is null && !row.HasErrors)
        {
            row.Required("amount");
        }

        var currency = row.Currency("currency", settings.Currency);
        if (row.HasErrors)
        {
            return null;
        }

        return new OrderRecord(number!, date!.Value, amount!.Value)
        {
            CustomerCode = row.Text("customerCode"),
            CustomerName = row.Text("customerName"),
            CustomerCreditCode = row.Text("customerCreditCode"),
            Currency = currency,
            Status = row.Text("status"),
            Reference = row.Text("reference"),
            Memo = row.Text("memo"),
            SourceId = row.Text("sourceId"),
            RefundedAmount = row.Amount("refunded") is { } refunded ? Math.Abs(refunded) : null,
        };
    }

    /// <summary>
    /// Our ledger's signed amount. Debit and credit columns carry the direction themselves. A single amount column
    /// is, by default, the document's own amount when a type is given: a receipt of 5,000 lowers the balance by 5,000
    /// and a red-ink receipt of -5,000 (a payment reversed) raises it; a red-ink invoice of -1,000 lowers it. Returns
    /// and credit notes (退货, 红字发票, 贷项通知) are red-ink documents by nature, so they lower the balance whether
    /// written as 500 or -500. With amounts=signed the column is signed by its effect on the balance, whatever the type.
    /// </summary>
    private static (decimal Amount, decimal? Debit, decimal? Credit) SignedAmount(RowFields row, DocumentType? type, LedgerAmounts amounts)
    {
        var amount = row.Amount("amount");
        var debit = row.Amount("debit");
        var credit = row.Amount("credit");
        if (amount is { } given)
        {
            var signed = amounts == LedgerAmounts.Signed ? given : type switch
            {
                DocumentType.Return or DocumentType.CreditNote => -Math.Abs(given),
                DocumentType.Receipt => -given,
                _ => given,
            };
            return (signed, debit, credit);
        }

        if (debit is null && credit is null)
        {
            if (!row.HasErrors)
            {
                row.Fail("amount", "The row has no amount: 金额, 借方 and 贷方 are all empty.");
            }

            return (0m, null, null);
        }

        FailWhenBothSides(row, debit, credit);
        return ((debit ?? 0m) - (credit ?? 0m), debit, credit);
    }

    /// <summary>
    /// A detail row books one side. One with both 借方 and 贷方 filled would be taken as their difference — 500 and 500
    /// as an entry of 0.00 — which is rarely what the file means; it is refused with its line instead.
    /// </summary>
    private static void FailWhenBothSides(RowFields row, decimal? debit, decimal? credit)
    {
        if (debit is { } d && d != 0 && credit is { } c && c != 0 && !row.HasErrors)
        {
            row.Fail("debit", string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"The row has both 借方 ({d:0.00##}) and 贷方 ({c:0.00##}); a detail row books one of them. Split it into two rows, or put the net amount in one column."));
        }
    }
}
