using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Template;

/// <summary>
/// The sign of a statement's opening line given only by its 余额. Files write balances two ways: signed like their
/// amounts (a payable ledger's credit balance negative, as debit minus credit), or unsigned on the account's own side
/// (a payable ledger's credit balance positive, as most accounting exports print it beside a 方向 of 贷). The next
/// balance of the file tells which: it follows from the opening by adding the next line's amount in the first case,
/// by subtracting it in the second.
/// </summary>
internal static class OpeningBalanceSign
{
    /// <param name="opening">The opening line, its amount the balance as written.</param>
    /// <param name="next">The file's next statement line, if any.</param>
    /// <param name="convention">The convention the file's amounts are read in.</param>
    public static StatementLineRecord Settle(StatementLineRecord opening, StatementLineRecord? next, AmountConvention convention)
    {
        var written = opening.Amount;
        if (next is { Balance: { } following } && next.Amount != 0)
        {
            if (following == written + next.Amount)
            {
                return opening;
            }

            if (following == written - next.Amount)
            {
                return WithAmount(opening, -written);
            }
        }

        // Nothing tells: a customer's payable ledger normally stands on its credit side (they owe us), whichever way
        // the figure is written; other statements are taken as written.
        return convention == AmountConvention.CounterpartyLedger ? WithAmount(opening, -Math.Abs(written)) : opening;
    }

    // The SDK's record takes its amount only when made.
    private static StatementLineRecord WithAmount(StatementLineRecord line, decimal amount) => new(line.Date, amount, line.Convention)
    {
        DocumentType = line.DocumentType,
        CounterpartyCode = line.CounterpartyCode,
        CounterpartyName = line.CounterpartyName,
        CounterpartyCreditCode = line.CounterpartyCreditCode,
        CounterpartyAccount = line.CounterpartyAccount,
        DocumentNumber = line.DocumentNumber,
        VoucherNumber = line.VoucherNumber,
        Reference = line.Reference,
        Text = line.Text,
        Currency = line.Currency,
        Debit = line.Debit,
        Credit = line.Credit,
        Balance = line.Balance,
    };
}
