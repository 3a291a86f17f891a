using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ReconGrpc.Domain.Ledger;
using SignConvention = ReconGrpc.Matching.SignConvention;

namespace ReconGrpc.Domain.Tests;

/// <summary>
/// Fingerprints are stored: a re-import finds its rows by them. However they are computed, they must stay the hash of
/// the fields joined as text, as every earlier version computed them, or a re-import would store every row again.
/// </summary>
public sealed class FingerprintTests
{
    public static TheoryData<LedgerEntryDraft> Entries => new()
    {
        new LedgerEntryDraft("C001", new DateOnly(2024, 4, 1), DocumentType.SalesInvoice, "INV-1", 1234.5m),
        new LedgerEntryDraft("  C001 ", new DateOnly(2024, 12, 31), DocumentType.Receipt, " RC-9 ", -0.0001m, "usd", " 记-0003 ", null, "ref", " 收到货款　"),
        new LedgerEntryDraft("华联", new DateOnly(1, 1, 1), DocumentType.OpeningBalance, "", 79228162514264337593543950335m, Memo: new string('长', 300)),
        new LedgerEntryDraft("C\u001f2", new DateOnly(2024, 2, 29), DocumentType.Adjustment, "ADJ-\ud83d\ude00", 0m, VoucherNumber: "", Memo: "\ud800 lone"),
    };

    public static TheoryData<StatementLineDraft> Lines => new()
    {
        new StatementLineDraft(new DateOnly(2024, 4, 1), 1234.5m, SignConvention.CounterpartyLedger),
        new StatementLineDraft(new DateOnly(2024, 4, 30), -88.12345m, SignConvention.OurLedger, "cny", " C001 ", " INV-1", "网银转账 ", "  货款 上海华联超市有限公司"),
        new StatementLineDraft(new DateOnly(2024, 1, 2), 0m, SignConvention.OurLedger, "EUR", Text: new string('文', 400)),
    };

    [Theory]
    [MemberData(nameof(Entries))]
    public void A_ledger_entrys_fingerprint_is_the_hash_of_its_fields_joined_as_text(LedgerEntryDraft d)
    {
        var joined = string.Join('\u001f', d.CustomerCode.Trim(), d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ((int)d.DocumentType).ToString(CultureInfo.InvariantCulture), d.DocumentNumber.Trim(), d.VoucherNumber?.Trim() ?? "",
            d.Amount.ToString("0.0000", CultureInfo.InvariantCulture), d.Currency.ToUpperInvariant(), d.Memo?.Trim() ?? "");

        Assert.Equal(HashOf(joined), d.Fingerprint());
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void A_statement_lines_fingerprint_is_the_hash_of_its_fields_joined_as_text(StatementLineDraft d)
    {
        var joined = string.Join('\u001f', d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            d.OriginalAmount.ToString("0.0000", CultureInfo.InvariantCulture), d.Currency.ToUpperInvariant(), d.CustomerCode?.Trim() ?? "",
            d.DocumentNumber?.Trim() ?? "", d.Reference?.Trim() ?? "", d.Text?.Trim() ?? "");

        Assert.Equal(HashOf(joined), d.Fingerprint());
    }

    [Fact]
    public void A_known_entry_keeps_the_fingerprint_earlier_versions_stored()
    {
        var draft = new LedgerEntryDraft("0101001", new DateOnly(2024, 1, 5), DocumentType.SalesInvoice, "00012345", 23400m, VoucherNumber: "记-0003",
            Memo: "销售商品 发票号00012345");

        // As a database written by an earlier version (2026-11-23) holds it for this 客户往来明细账 row.
        Assert.Equal("17aa14c63c20eead95b33c65492121f7", draft.Fingerprint());
    }

    private static string HashOf(string joined) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(joined)).AsSpan(0, 16));
}
