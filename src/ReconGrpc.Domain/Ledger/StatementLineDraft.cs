using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ReconGrpc.Domain.Ledger;

/// <summary>How a counterparty's signs relate to ours.</summary>
public enum SignConvention
{
    /// <summary>Positive means the customer owes us more (a statement of account drawn up from our side).</summary>
    SameAsOurs = 1,
    /// <summary>
    /// Positive means the opposite: a customer's payable ledger in debit-minus-credit terms (its 贷方 is our
    /// invoice), a bank's money in (our receipt).
    /// </summary>
    Mirrored = 2,
}

/// <summary>The fields of a statement line before it is stored.</summary>
public sealed record StatementLineDraft(
    DateOnly Date,
    decimal OriginalAmount,
    SignConvention Convention,
    string Currency = "CNY",
    string? CustomerCode = null,
    string? DocumentNumber = null,
    string? Reference = null,
    string? Text = null)
{
    /// <summary>The amount in our sign convention.</summary>
    public decimal OurAmount => Convention == SignConvention.Mirrored ? -OriginalAmount : OriginalAmount;

    public void Validate()
    {
        if (!Enum.IsDefined(Convention))
        {
            throw RuleViolation.Invalid("statement_line.convention", "A statement line needs its sign convention.");
        }

        if (Currency.Length != 3 || !Currency.All(char.IsAsciiLetter))
        {
            throw RuleViolation.Invalid("statement_line.currency", $"'{Currency}' is not an ISO 4217 currency code such as CNY.");
        }

        if (decimal.Round(OriginalAmount, 4) != OriginalAmount)
        {
            throw RuleViolation.Invalid("statement_line.amount_scale", $"Amount {OriginalAmount} has more than four decimal places.");
        }
    }

    public string Fingerprint()
    {
        var text = string.Join('\u001f',
            Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            OriginalAmount.ToString("0.0000", CultureInfo.InvariantCulture),
            Currency.ToUpperInvariant(),
            CustomerCode?.Trim() ?? "",
            DocumentNumber?.Trim() ?? "",
            Reference?.Trim() ?? "",
            Text?.Trim() ?? "");
        // 128 bits are ample to tell rows apart and keep the unique index half the size of a full SHA-256.
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
    }
}
