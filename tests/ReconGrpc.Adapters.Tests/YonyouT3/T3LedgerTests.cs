using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Adapters.YonyouT3;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.YonyouT3;

/// <summary>Our 客户往来明细账 for 上海华联超市, Q1 2024, in every form T3 exports it.</summary>
public sealed class T3LedgerTests
{
    private readonly YonyouT3Adapter _adapter = new();

    public static TheoryData<string> EveryExportForm =>
    [
        "t3-ledger-hualian-2024q1.csv",
        "t3-ledger-hualian-2024q1.xls",
        "t3-ledger-hualian-2024q1.xlsx",
        "t3-ledger-hualian-2024q1-html.xls",
        "t3-ledger-hualian-2024q1.txt",
    ];

    [Theory]
    [MemberData(nameof(EveryExportForm))]
    public async Task A_receivable_ledger_becomes_an_opening_entry_and_one_entry_per_posting(string file)
    {
        var rows = await Fixture.ReadAsync(_adapter, file);

        Assert.Empty(rows.Errors());
        var entries = rows.Records<LedgerEntryRecord>();
        Assert.Equal(10, entries.Count);
        Assert.All(entries, e => Assert.Equal(("0101001", "上海华联超市有限公司"), (e.CustomerCode, e.CustomerName)));

        var opening = entries[0];
        Assert.Equal(DocumentType.OpeningBalance, opening.DocumentType);
        Assert.Equal(58_000.00m, opening.Amount);
        Assert.Equal(new DateOnly(2024, 1, 1), opening.Date);

        Assert.Equal(
            [
                (new DateOnly(2024, 1, 5), DocumentType.SalesInvoice, 23_400.00m, "00012345", "记-0003"),
                (new DateOnly(2024, 1, 12), DocumentType.Receipt, -58_000.00m, null, "记-0015"),
                (new DateOnly(2024, 1, 20), DocumentType.SalesInvoice, 11_700.00m, "00012388", "记-0028"),
                (new DateOnly(2024, 2, 3), DocumentType.Return, -2_340.00m, "00012388", "记-0004"),
                (new DateOnly(2024, 2, 18), DocumentType.Receipt, -23_400.00m, null, "记-0019"),
                (new DateOnly(2024, 2, 26), DocumentType.SalesInvoice, 46_800.00m, "00012460", "记-0033"),
                (new DateOnly(2024, 3, 8), DocumentType.Receipt, -9_360.00m, null, "记-0011"),
                (new DateOnly(2024, 3, 15), DocumentType.CreditNote, -1_000.00m, null, "记-0020"),
                (new DateOnly(2024, 3, 28), DocumentType.SalesInvoice, 15_210.00m, "00012533", "记-0041"),
            ],
            entries.Skip(1).Select(e => (e.Date, e.DocumentType, e.Amount, e.DocumentNumber, e.VoucherNumber)).ToList());
        Assert.Equal(61_010.00m, entries.Sum(e => e.Amount));
    }

    [Theory]
    [MemberData(nameof(EveryExportForm))]
    public async Task Every_form_of_the_same_ledger_gives_the_same_records(string file)
    {
        var reference = (await Fixture.ReadAsync(_adapter, "t3-ledger-hualian-2024q1.csv")).Records<LedgerEntryRecord>();

        var records = (await Fixture.ReadAsync(_adapter, file)).Records<LedgerEntryRecord>();

        Assert.Equal(reference, records);
    }

    [Fact]
    public async Task A_red_ink_debit_stays_negative_and_keeps_the_figure_as_given()
    {
        var rows = await Fixture.ReadAsync(_adapter, "t3-ledger-hualian-2024q1.csv");

        var redInk = rows.OfType<RecordRow>().Single(r => r.Record is LedgerEntryRecord { DocumentType: DocumentType.Return });
        var entry = (LedgerEntryRecord)redInk.Record;
        Assert.Equal(-2_340.00m, entry.Amount);
        Assert.Equal(-2_340.00m, entry.Debit);
        Assert.Null(entry.Credit);
        Assert.Equal("销售退货 冲发票00012388", entry.Memo);
        Assert.Equal(11, redInk.Line);
    }

    [Fact]
    public async Task An_html_export_takes_red_ink_from_the_cell_value_not_the_red_display()
    {
        // Excel's web page shows 2,340.00 in red without a minus; the value x:num="-2340" carries the sign.
        var entries = (await Fixture.ReadAsync(_adapter, "t3-ledger-hualian-2024q1-html.xls")).Records<LedgerEntryRecord>();

        Assert.Contains(entries, e => e is { DocumentType: DocumentType.Return, Amount: -2_340.00m });
    }

    [Fact]
    public async Task Rows_keep_their_line_numbers_in_the_file()
    {
        var rows = await Fixture.ReadAsync(_adapter, "t3-ledger-hualian-2024q1.csv");

        // Title, filter row, two header rows, then 期初余额 on line 5; summary rows are not imported but keep their lines.
        Assert.Equal([5, 6, 7, 8, 11, 12, 13, 16, 17, 18], rows.Select(r => r.Line).ToList());
    }

    [Fact]
    public async Task A_padded_text_export_with_full_width_digits_and_a_date_column_reads_the_same()
    {
        var rows = await Fixture.ReadAsync(_adapter, "t3-ledger-hualian-2024q1.txt");

        var entries = rows.Records<LedgerEntryRecord>();
        Assert.Empty(rows.Errors());
        Assert.Equal(new DateOnly(2024, 1, 5), entries[1].Date);
        Assert.Equal(11_700.00m, entries[3].Amount);
        Assert.Equal("00012388", entries[3].DocumentNumber);
        Assert.Equal("销售商品 发票号00012388", entries[3].Memo);
    }

    [Fact]
    public async Task An_all_customers_ledger_gives_each_customer_its_entries_and_checks_each_customers_totals()
    {
        var rows = await Fixture.ReadAsync(_adapter, "t3-ledger-all-customers-2024-03.xlsx");

        Assert.Empty(rows.Errors());
        var entries = rows.Records<LedgerEntryRecord>();
        Assert.Equal(
            new Dictionary<string, decimal> { ["0101001"] = 61_010.00m, ["0102001"] = 8_190.00m, ["0201001"] = 5_850.00m },
            entries.GroupBy(e => e.CustomerCode!).ToDictionary(g => g.Key, g => g.Sum(e => e.Amount)));
        Assert.Equal(2, entries.Count(e => e.DocumentType == DocumentType.OpeningBalance));
        Assert.All(entries, e => Assert.Equal(3, e.Date.Month));
    }

    [Fact]
    public async Task A_ledger_read_as_a_statement_when_the_import_targets_one_keeps_our_convention_mirrored()
    {
        var rows = await Fixture.ReadAsync(_adapter, "t3-ledger-hualian-2024q1.csv", ("kind", "statement"));

        var lines = rows.Records<StatementLineRecord>();
        Assert.Equal(10, lines.Count);
        Assert.All(lines, l => Assert.Equal(AmountConvention.CounterpartyLedger, l.Convention));
    }
}
