using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Adapters.YonyouT3;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.YonyouT3;

/// <summary>A customer's own T3 应付账款 ledger, sent to us as its statement: the mirror of our receivable.</summary>
public sealed class T3PayableMirrorTests
{
    private readonly YonyouT3Adapter _adapter = new();

    [Fact]
    public async Task A_payable_ledger_becomes_statement_lines_in_the_customers_own_convention()
    {
        var rows = await Fixture.ReadAsync(_adapter, "t3-payable-from-hualian-2024q1.xls");

        Assert.Empty(rows.Errors());
        var lines = rows.Records<StatementLineRecord>();
        Assert.Empty(rows.Records<LedgerEntryRecord>());
        Assert.Equal(9, lines.Count);
        Assert.All(lines, l => Assert.Equal(AmountConvention.CounterpartyLedger, l.Convention));
        Assert.All(lines, l => Assert.Equal(("G0032", "杭州明远商贸有限公司"), (l.CounterpartyCode, l.CounterpartyName)));
    }

    [Fact]
    public async Task Its_credit_is_our_invoice_and_its_debit_our_receipt()
    {
        var lines = (await Fixture.ReadAsync(_adapter, "t3-payable-from-hualian-2024q1.xls")).Records<StatementLineRecord>();

        var invoice = lines.Single(l => l.DocumentNumber == "00012345");
        Assert.Equal((DocumentType.SalesInvoice, -23_400.00m, 23_400.00m), (invoice.DocumentType!.Value, invoice.Amount, invoice.ToOurLedgerAmount()));
        Assert.Equal(23_400.00m, invoice.Credit);

        var payment = lines.Single(l => l.Date == new DateOnly(2024, 1, 12));
        Assert.Equal((DocumentType.Receipt, 58_000.00m, -58_000.00m), (payment.DocumentType!.Value, payment.Amount, payment.ToOurLedgerAmount()));
    }

    [Fact]
    public async Task Its_opening_balance_and_running_balances_keep_its_sign()
    {
        var lines = (await Fixture.ReadAsync(_adapter, "t3-payable-from-hualian-2024q1.xls")).Records<StatementLineRecord>();

        var opening = lines[0];
        Assert.Equal((DocumentType.OpeningBalance, -58_000.00m, new DateOnly(2024, 1, 1)), (opening.DocumentType!.Value, opening.Amount, opening.Date));

        // It had not booked our invoice of 28 March: its balance closes at 45,800.00 credit against our 61,010.00 debit.
        Assert.Equal(-45_800.00m, lines[^1].Balance);
        Assert.Equal(45_800.00m, lines.Sum(l => l.ToOurLedgerAmount()));
    }

    [Fact]
    public async Task A_red_ink_credit_in_its_books_is_a_return_that_lowers_what_it_owes()
    {
        var lines = (await Fixture.ReadAsync(_adapter, "t3-payable-from-hualian-2024q1.xls")).Records<StatementLineRecord>();

        var redInk = lines.Single(l => l.Credit < 0);
        Assert.Equal((DocumentType.Return, 2_340.00m, -2_340.00m), (redInk.DocumentType!.Value, redInk.Amount, redInk.ToOurLedgerAmount()));
    }

    [Fact]
    public async Task A_payable_ledger_cannot_be_imported_as_categories()
    {
        var problem = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(_adapter, "t3-payable-from-hualian-2024q1.xls", ("kind", "categories")));

        Assert.Contains("cannot be imported as 客户分类", problem.Message);
    }

    [Fact]
    public async Task The_imports_target_decides_when_no_kind_is_given()
    {
        var context = new ImportContext { FileName = "payable.xls", ExpectedKind = RecordKind.LedgerEntries };

        var rows = await Fixture.ReadWithContextAsync(_adapter, Fixture.Bytes("t3-payable-from-hualian-2024q1.xls"), context);

        Assert.Equal(9, rows.Records<LedgerEntryRecord>().Count);
    }
}
