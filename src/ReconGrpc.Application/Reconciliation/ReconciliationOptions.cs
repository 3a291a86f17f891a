using ReconGrpc.Domain;
using ReconGrpc.Domain.Ledger;

namespace ReconGrpc.Application.Reconciliation;

/// <summary>Reconciliation runs (<c>Reconciliation</c> section).</summary>
public sealed class ReconciliationOptions
{
    /// <summary>
    /// How many runs may execute at once; later ones wait as pending. A run of a million items a side holds about
    /// a gigabyte while it matches, so the default keeps two at most.
    /// </summary>
    public int MaxConcurrentRuns { get; set; } = 2;

    /// <summary>
    /// How long locking a period waits for imports and other changes of the books in progress before it answers
    /// ABORTED (PostgreSQL, SQL Server; on SQLite writers take turns and it waits its turn).
    /// </summary>
    public TimeSpan PeriodLockWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// 本位币 — the currency the stored exchange rates convert into (units of it per unit of another currency), in
    /// which rules across currencies compare amounts and exchange differences are posted. ISO 4217 code.
    /// </summary>
    public string BaseCurrency { get; set; } = "CNY";

    /// <summary>
    /// The account an exchange difference (汇兑损益) is posted against when a person confirms a match across
    /// currencies: the reference of the adjustment entry.
    /// </summary>
    public string ExchangeDifferenceAccount { get; set; } = "6603 财务费用-汇兑损益";

    /// <summary>The base currency's code in upper case.</summary>
    internal string BaseCurrencyCode => BaseCurrency.Trim().ToUpperInvariant();

    /// <summary>Refuses a base currency that is no ISO 4217 code and a blank account, at start-up.</summary>
    public ReconciliationOptions Validated()
    {
        if (!StoredExchangeRate.IsCurrencyCode(BaseCurrency ?? ""))
        {
            throw RuleViolation.Invalid("reconciliation.base_currency",
                $"Reconciliation:BaseCurrency is '{InputText.Echo(BaseCurrency)}'; set the ISO 4217 code of the base currency (本位币), such as CNY.");
        }

        if (string.IsNullOrWhiteSpace(ExchangeDifferenceAccount) || ExchangeDifferenceAccount.Trim().Length > LedgerEntry.MaxTextLength)
        {
            throw RuleViolation.Invalid("reconciliation.exchange_difference_account",
                $"Reconciliation:ExchangeDifferenceAccount names the account exchange differences are posted against (1 to {LedgerEntry.MaxTextLength} characters), such as '6603 财务费用-汇兑损益'.");
        }

        return this;
    }
}
