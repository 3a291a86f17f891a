using ReconGrpc.Adapters.Template;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Template;

/// <summary>
/// How a single 金额 column is signed. Chinese books write returns and red-ink invoices as negative figures; a
/// negative receipt is a payment reversed; some exports sign every amount by its effect on the balance instead.
/// </summary>
public sealed class TemplateAmountSignTests
{
    private static readonly byte[] Ledger = """
        客户编码,日期,单据类型,单据号,金额
        GZ001,2024-04-02,销售发票,FP-1,"10,000.00"
        GZ001,2024-04-03,销售发票,FP-2,-1000.00
        GZ001,2024-04-04,退货,TH-1,500.00
        GZ001,2024-04-05,退货,TH-2,-500.00
        GZ001,2024-04-06,红字发票,HZ-1,-1000.00
        GZ001,2024-04-07,贷项通知,DX-1,300.00
        GZ001,2024-04-08,收款,SK-1,3000.00
        GZ001,2024-04-09,收款,SK-2,-3000.00
        """u8.ToArray();

    private readonly TemplateAdapter _adapter = new();

    private Task<List<ImportRow>> ReadStatementAsync(byte[] statement, StatementKind kind) => Fixture.ReadWithContextAsync(_adapter, statement,
        new ImportContext(new Dictionary<string, string>()) { FileName = "statement.csv", ExpectedKind = RecordKind.StatementLines, StatementKind = kind });

    private async Task<List<decimal>> AmountsAsync(string? amounts)
    {
        var options = new Dictionary<string, string> { ["kind"] = "ledger" };
        if (amounts is not null)
        {
            options["amounts"] = amounts;
        }

        var rows = await Fixture.ReadWithContextAsync(_adapter, Ledger, new ImportContext(options) { FileName = "ledger.csv" });
        Assert.Empty(rows.Errors());
        return [.. rows.Records<LedgerEntryRecord>().Select(r => r.Amount)];
    }

    [Fact]
    public async Task By_default_returns_and_credit_notes_lower_the_balance_however_written_and_a_negative_receipt_is_a_reversal()
    {
        var amounts = await AmountsAsync(null);

        Assert.Equal([10_000.00m, -1_000.00m, -500.00m, -500.00m, -1_000.00m, -300.00m, -3_000.00m, 3_000.00m], amounts);
    }

    [Fact]
    public async Task With_signed_amounts_each_figure_is_its_effect_on_the_balance()
    {
        var amounts = await AmountsAsync("signed");

        Assert.Equal([10_000.00m, -1_000.00m, 500.00m, -500.00m, -1_000.00m, 300.00m, 3_000.00m, -3_000.00m], amounts);
    }

    [Fact]
    public async Task An_unknown_amounts_option_is_refused_with_the_choices()
    {
        var problem = await Assert.ThrowsAsync<ImportException>(() => AmountsAsync("negative"));

        Assert.Contains("document, signed", problem.Message);
    }

    [Theory]
    // A customer's payable ledger printed with unsigned balances: 30,000 owed to us, then their 贷方 (our invoice) raises it.
    [InlineData("2024-04-01,,,\"30,000.00\",期初余额\n2024-04-02,,5000.00,35000.00,采购\n", 30_000.00)]
    // The same ledger with balances signed as debit minus credit.
    [InlineData("2024-04-01,,,-30000.00,期初余额\n2024-04-02,,5000.00,-35000.00,采购\n", 30_000.00)]
    // Signed balances, the customer having overpaid: a debit balance, which the next balance shows.
    [InlineData("2024-04-01,,,800.00,期初余额\n2024-04-02,,5000.00,-4200.00,采购\n", -800.00)]
    // No later balance to tell: a payable ledger's opening is taken as what they owe us, however written.
    [InlineData("2024-04-01,,,30000.00,期初余额\n2024-04-02,,5000.00,,采购\n", 30_000.00)]
    [InlineData("2024-04-01,,,-30000.00,期初余额\n", 30_000.00)]
    public async Task A_customer_statements_opening_given_only_as_a_balance_is_signed_by_how_the_file_writes_balances(string rows, double ours)
    {
        var rowsRead = await ReadStatementAsync(System.Text.Encoding.UTF8.GetBytes("日期,借方,贷方,余额,摘要\n" + rows), StatementKind.CustomerStatement);
        var lines = rowsRead.Records<StatementLineRecord>();

        Assert.Empty(rowsRead.Errors());
        Assert.Equal(DocumentType.OpeningBalance, lines[0].DocumentType);
        Assert.Equal((decimal)ours, lines[0].ToOurLedgerAmount());
        Assert.Equal(Enumerable.Range(2, lines.Count).Select(line => (long)line), rowsRead.OfType<RecordRow>().Select(r => r.Line));
    }

    [Fact]
    public async Task Only_the_first_balance_only_opening_is_the_opening_later_carry_forwards_are_no_movements()
    {
        var statement = "日期,借方,贷方,余额,摘要\n2024-04-01,,,30000.00,期初余额\n2024-04-02,,5000.00,35000.00,采购\n2024-04-02,,,35000.00,承前页\n2024-04-09,2000.00,,33000.00,付款\n"u8.ToArray();
        var rows = await ReadStatementAsync(statement, StatementKind.CustomerStatement);
        var lines = rows.Records<StatementLineRecord>();

        Assert.Empty(rows.Errors());
        Assert.Equal([30_000.00m, 5_000.00m, -2_000.00m], lines.Select(l => l.ToOurLedgerAmount()));
        Assert.Equal([DocumentType.OpeningBalance, (DocumentType?)null, null], lines.Select(l => l.DocumentType));
    }

    [Fact]
    public async Task A_bank_statements_opening_balance_is_taken_as_written()
    {
        var statement = "日期,借方,贷方,余额,摘要\n2024-04-01,,,12000.00,期初余额\n2024-04-02,,5000.00,17000.00,货款\n"u8.ToArray();
        var lines = (await ReadStatementAsync(statement, StatementKind.BankStatement)).Records<StatementLineRecord>();

        Assert.Equal(12_000.00m, lines[0].Amount);
        Assert.Equal(5_000.00m, lines[1].Amount);
    }
}

/// <summary>Thousands separators are read only where they belong.</summary>
public sealed class TemplateThousandsSeparatorTests
{
    [Theory]
    [InlineData("\"12,345.00\"", 12_345.00)]
    [InlineData("\"1,234,567.89元\"", 1_234_567.89)]
    [InlineData("\"(1,000.00)\"", -1_000.00)]
    [InlineData("\"１２，３４５．００\"", 12_345.00)]
    [InlineData("12345.00", 12_345.00)]
    public async Task Well_placed_separators_are_read(string cell, double expected)
    {
        var rows = await Read(cell);

        Assert.Empty(rows.Errors());
        Assert.Equal((decimal)expected, rows.Records<LedgerEntryRecord>().Single().Amount);
    }

    [Theory]
    [InlineData("\"1,2345.00\"")]
    [InlineData("\"12,34.00\"")]
    [InlineData("\",123.00\"")]
    [InlineData("\"1234,567.00\"")]
    public async Task A_misplaced_separator_is_a_row_error_not_another_figure(string cell)
    {
        var rows = await Read(cell);

        var error = Assert.Single(rows.Errors());
        Assert.Equal(2, error.Line);
        Assert.Contains("in 金额 is not an amount", error.Reason);
    }

    [Theory]
    [InlineData("1.000000000000000000000000000001")]
    [InlineData("\"1,000,000,000,000,000,000,000,000,000,000.00\"")]
    [InlineData("０.０００００００００００００００００００００００００００００１元")]
    public async Task A_figure_with_more_digits_than_can_be_held_exactly_is_a_row_error_not_rounded(string cell)
    {
        var rows = await Read(cell);

        var error = Assert.Single(rows.Errors());
        Assert.Contains("in 金额 is not an amount", error.Reason);
    }

    private static Task<List<ImportRow>> Read(string cell) => Fixture.ReadBytesAsync(new TemplateAdapter(),
        System.Text.Encoding.UTF8.GetBytes($"客户编码,日期,单据类型,金额\nGZ001,2024-04-02,销售发票,{cell}\n"), "ledger.csv", ("kind", "ledger"));
}
