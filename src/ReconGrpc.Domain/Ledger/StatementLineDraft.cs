using LinePurpose = ReconGrpc.Matching.LinePurpose;
using SignConvention = ReconGrpc.Matching.SignConvention;
using SignConversion = ReconGrpc.Matching.SignConversion;

namespace ReconGrpc.Domain.Ledger;

/// <summary>The fields of a statement line before it is stored.</summary>
public sealed record StatementLineDraft(
    DateOnly Date,
    decimal OriginalAmount,
    SignConvention Convention,
    string Currency = "CNY",
    string? CustomerCode = null,
    string? DocumentNumber = null,
    string? Reference = null,
    string? Text = null,
    bool IsOpeningBalance = false,
    DocumentType? DocumentType = null,
    string? SourceId = null)
{
    /// <summary>对方户名 — the payer or payee as the file names it; not part of the fingerprint.</summary>
    public string? CounterpartyName { get; init; }

    /// <summary>对方账号 — the payer's or payee's account; not part of the fingerprint.</summary>
    public string? CounterpartyAccount { get; init; }

    /// <summary>本方账号 — our account the line is on; not part of the fingerprint.</summary>
    public string? Account { get; init; }

    /// <summary>Which step of the resolution chain found <see cref="CustomerCode"/>.</summary>
    public CounterpartyResolution Resolution { get; init; }

    /// <summary>
    /// The party as the file itself names it, for a statement of many customers (a bank's): stands in the fingerprint
    /// for <see cref="CustomerCode"/>, which there is only the server's conclusion and changes once a payer is
    /// assigned or taught, so the same line read again would otherwise look new.
    /// </summary>
    public string? PartyKey { get; init; }

    /// <summary>What a platform bill's line is for; null on other statements. Not part of the fingerprint.</summary>
    public LinePurpose? Purpose { get; init; }

    /// <summary>结算单号 — the settlement or payout a platform line was paid out in. Not part of the fingerprint.</summary>
    public string? SettlementId { get; init; }

    /// <summary>退款金额 — on a shop's order, how much of it the shop says was refunded (positive). Not part of the fingerprint.</summary>
    public decimal? RefundedAmount { get; init; }

    /// <summary>The amount in our sign convention.</summary>
    public decimal OurAmount => SignConversion.ToOurs(Convention, OriginalAmount);

    public void Validate()
    {
        if (!Enum.IsDefined(Convention))
        {
            throw RuleViolation.Invalid("statement_line.convention", "A statement line needs its sign convention.");
        }

        if (!IsoCurrency.IsWellFormed(Currency))
        {
            throw RuleViolation.Invalid("statement_line.currency", $"'{InputText.Echo(Currency)}' is not an ISO 4217 currency code such as CNY.");
        }

        AccountingDates.Check(Date, "statement_line.date_range", "The date");
        if (Purpose is { } purpose && !Enum.IsDefined(purpose))
        {
            throw RuleViolation.Invalid("statement_line.purpose", "A platform line's purpose is a sale, refund, fee, payout or other.");
        }

        if (RefundedAmount is { } refunded)
        {
            Amounts.Check(refunded, "statement_line.refunded_range", "The refunded amount");
            if (refunded < 0)
            {
                throw RuleViolation.Invalid("statement_line.refunded_negative", "An order's refunded amount is a positive figure.");
            }
        }

        Amounts.Check(OriginalAmount, "statement_line.amount_range", "Amount");
        if (IsoCurrency.ScaleProblem(OriginalAmount, Currency) is { } scale)
        {
            throw RuleViolation.Invalid("statement_line.amount_scale", scale);
        }
    }

    /// <summary>
    /// The line's identity within its statement. Whether it is the opening balance is not part of it: the same line
    /// imported before that was recorded is still the same line.
    /// </summary>
    public string Fingerprint()
    {
        var fingerprint = new RowFingerprint();
        if (RowFingerprint.SourceIdOf(SourceId) is { } sourceId)
        {
            // The source's own id for the line (a bank transaction id, a FITID) is its identity within the statement.
            fingerprint.Add(RowFingerprint.SourceIdMark);
            fingerprint.Add(sourceId);
            return fingerprint.Finish();
        }

        fingerprint.Add(Date, "yyyy-MM-dd");
        fingerprint.Add(OriginalAmount, "0.0000");
        fingerprint.Add(Currency.ToUpperInvariant());
        fingerprint.Add((PartyKey ?? CustomerCode).AsSpan().Trim());
        fingerprint.Add(DocumentNumber.AsSpan().Trim());
        fingerprint.Add(Reference.AsSpan().Trim());
        fingerprint.Add(Text.AsSpan().Trim());
        return fingerprint.Finish();
    }
}
