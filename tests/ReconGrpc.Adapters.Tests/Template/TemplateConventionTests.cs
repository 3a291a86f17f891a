using ReconGrpc.Adapters.Template;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Template;

/// <summary>
/// Without a convention option, statement amounts follow the kind of statement the host says they go into
/// (<see cref="ImportContext.StatementKind"/>); a convention option still wins.
/// </summary>
public sealed class TemplateConventionTests
{
    private static readonly byte[] Statement = "日期,金额,摘要,单据号\n2024-04-02,1000.00,货款,PAY-1\n2024-04-09,-200.00,退款,PAY-2\n"u8.ToArray();

    private readonly TemplateAdapter _adapter = new();

    private async Task<List<StatementLineRecord>> ReadAsync(StatementKind? kind, string? convention = null)
    {
        var options = new Dictionary<string, string>();
        if (convention is not null)
        {
            options["convention"] = convention;
        }

        var context = new ImportContext(options) { FileName = "statement.csv", ExpectedKind = RecordKind.StatementLines, StatementKind = kind };
        var rows = await Fixture.ReadWithContextAsync(_adapter, Statement, context);
        Assert.Empty(rows.Errors());
        return rows.Records<StatementLineRecord>();
    }

    [Theory]
    [InlineData(StatementKind.BankStatement, AmountConvention.CashFlow)]
    [InlineData(StatementKind.PlatformBill, AmountConvention.CashFlow)]
    [InlineData(StatementKind.CustomerStatement, AmountConvention.CounterpartyLedger)]
    [InlineData(StatementKind.ShopOrders, AmountConvention.OurLedger)]
    [InlineData(null, AmountConvention.OurLedger)]
    public async Task Without_a_convention_option_the_statement_kind_chooses_it(StatementKind? kind, AmountConvention expected)
    {
        var lines = await ReadAsync(kind);

        Assert.All(lines, l => Assert.Equal(expected, l.Convention));
        Assert.Equal([1000.00m, -200.00m], lines.Select(l => l.Amount));
    }

    [Fact]
    public async Task A_bank_statements_money_in_becomes_our_receipt_and_money_out_our_refund()
    {
        var lines = await ReadAsync(StatementKind.BankStatement);

        // Our ledger writes a receipt negative (it lowers what the customer owes us), a refund paid out positive.
        Assert.Equal([-1000.00m, 200.00m], lines.Select(l => l.ToOurLedgerAmount()));
    }

    [Theory]
    [InlineData(StatementKind.BankStatement, null, 1000, -1000)]
    [InlineData(StatementKind.PlatformBill, "cash-flow", 1000, -1000)]
    [InlineData(StatementKind.CustomerStatement, null, -1000, 1000)]
    [InlineData(StatementKind.BankStatement, "our-ledger", -1000, -1000)]
    public async Task Debit_and_credit_columns_are_read_in_the_statements_convention(StatementKind kind, string? convention, int issuers, int ours)
    {
        // One 贷方 (credit) of 1,000: money into our account on a bank statement, our invoice on a customer's payable ledger.
        var bytes = "日期,借方,贷方,摘要,单据号\n2024-04-02,,1000.00,货款,PAY-1\n"u8.ToArray();
        var options = convention is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["convention"] = convention };
        var context = new ImportContext(options) { FileName = "statement.csv", ExpectedKind = RecordKind.StatementLines, StatementKind = kind };

        var line = Assert.Single((await Fixture.ReadWithContextAsync(_adapter, bytes, context)).Records<StatementLineRecord>());

        Assert.Equal((issuers, ours), ((int)line.Amount, (int)line.ToOurLedgerAmount()));
        Assert.Equal((null, 1000m), (line.Debit, line.Credit));
    }

    [Theory]
    [InlineData(StatementKind.BankStatement, "our-ledger", AmountConvention.OurLedger)]
    [InlineData(StatementKind.BankStatement, "counterparty-ledger", AmountConvention.CounterpartyLedger)]
    [InlineData(StatementKind.CustomerStatement, "cash-flow", AmountConvention.CashFlow)]
    [InlineData(StatementKind.CustomerStatement, "OUR-LEDGER", AmountConvention.OurLedger)]
    [InlineData(null, "cash-flow", AmountConvention.CashFlow)]
    [InlineData(StatementKind.BankStatement, "auto", AmountConvention.CashFlow)]
    public async Task A_convention_option_wins_over_the_statement_kind(StatementKind? kind, string convention, AmountConvention expected)
    {
        var lines = await ReadAsync(kind, convention);

        Assert.All(lines, l => Assert.Equal(expected, l.Convention));
    }

    [Fact]
    public void The_convention_option_offers_auto_as_its_default()
    {
        var option = Assert.Single(_adapter.Descriptor.Options, o => o.Name == "convention");

        Assert.Equal("auto", option.DefaultValue);
        Assert.Equal(["auto", "our-ledger", "counterparty-ledger", "cash-flow"], option.Choices);
        Assert.Empty(_adapter.Descriptor.ValidateOptions(new Dictionary<string, string> { ["convention"] = "auto" }));
    }
}
