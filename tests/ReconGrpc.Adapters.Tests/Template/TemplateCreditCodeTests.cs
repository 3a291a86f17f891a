using System.Text;
using ReconGrpc.Adapters.Template;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Template;

/// <summary>统一社会信用代码 columns: the customer's on ledger rows, the counterparty's on statement lines, the buyer's on orders.</summary>
public sealed class TemplateCreditCodeTests
{
    private const string Credit = "91330200MA2H86A01Y";
    private readonly TemplateAdapter _adapter = new();

    private static byte[] Csv(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n");

    [Theory]
    [InlineData("统一社会信用代码")]
    [InlineData("信用代码")]
    [InlineData("社会信用代码")]
    [InlineData("纳税人识别号")]
    [InlineData("税号")]
    [InlineData("customerCreditCode")]
    public async Task A_ledger_rows_customer_credit_code_is_read_under_its_usual_headings(string heading)
    {
        var rows = await Fixture.ReadBytesAsync(_adapter,
            Csv($"客户编码,客户名称,日期,单据类型,单据号,金额,{heading}", $"0101001,上海华联超市有限公司,2024-04-02,销售发票,INV-1,100.00,{Credit}"),
            "ledger.csv", ("kind", "ledger"));

        Assert.Empty(rows.Errors());
        var entry = Assert.Single(rows.Records<LedgerEntryRecord>());
        Assert.Equal(("0101001", "上海华联超市有限公司", Credit), (entry.CustomerCode, entry.CustomerName, entry.CustomerCreditCode));
    }

    [Fact]
    public async Task A_ledger_row_may_name_its_customer_by_credit_code_alone_and_a_row_naming_nobody_is_refused()
    {
        var rows = await Fixture.ReadBytesAsync(_adapter,
            Csv("客户编码,客户名称,统一社会信用代码,日期,金额",
                $",,{Credit},2024-04-02,100.00",
                ",,,2024-04-03,200.00",
                "0101001,,,2024-04-04,300.00"),
            "ledger.csv", ("kind", "ledger"));

        var entries = rows.Records<LedgerEntryRecord>();
        Assert.Equal([(null, null, Credit), ("0101001", null, null)],
            entries.Select(e => (e.CustomerCode, e.CustomerName, e.CustomerCreditCode)).ToList());
        var error = Assert.Single(rows.Errors());
        Assert.Equal(3, error.Line);
        Assert.Contains("统一社会信用代码", error.Reason);
    }

    [Fact]
    public async Task A_ledger_file_whose_only_customer_column_is_the_credit_code_is_complete()
    {
        var rows = await Fixture.ReadBytesAsync(_adapter, Csv("信用代码,日期,金额", $"{Credit},2024-04-02,100.00"), "ledger.csv", ("kind", "ledger"));

        Assert.Empty(rows.Errors());
        Assert.Equal(Credit, Assert.Single(rows.Records<LedgerEntryRecord>()).CustomerCreditCode);
    }

    [Theory]
    [InlineData("对方信用代码")]
    [InlineData("统一社会信用代码")]
    [InlineData("对方税号")]
    public async Task A_statement_lines_counterparty_credit_code_is_read(string heading)
    {
        var rows = await Fixture.ReadBytesAsync(_adapter,
            Csv($"日期,金额,对方户名,{heading}", $"2024-04-02,1000.00,宁波甬江机械,{Credit}", "2024-04-03,-200.00,,"),
            "bank.csv", ("kind", "statement"), ("convention", "cash-flow"));

        Assert.Empty(rows.Errors());
        Assert.Equal([Credit, null], rows.Records<StatementLineRecord>().Select(l => l.CounterpartyCreditCode).ToList());
    }

    [Theory]
    [InlineData("统一社会信用代码")]
    [InlineData("购方税号")]
    [InlineData("买家税号")]
    public async Task An_orders_buyer_credit_code_is_read(string heading)
    {
        var rows = await Fixture.ReadBytesAsync(_adapter,
            Csv($"订单号,订单日期,订单金额,买家,{heading}", $"TB1,2024-04-01,1299.00,宁波甬江机械,{Credit}"),
            "orders.csv", ("kind", "orders"));

        Assert.Empty(rows.Errors());
        var order = Assert.Single(rows.Records<OrderRecord>());
        Assert.Equal(("宁波甬江机械", Credit), (order.CustomerName, order.CustomerCreditCode));
    }

    // Columns added later go last, so a template filled in before they existed keeps its column order.
    [Theory]
    [InlineData(RecordKind.LedgerEntries, new[] { "统一社会信用代码", "来源标识" })]
    [InlineData(RecordKind.StatementLines, new[] { "对方信用代码", "来源标识", "业务类型", "结算单号" })]
    [InlineData(RecordKind.Orders, new[] { "统一社会信用代码", "退款金额" })]
    public void The_downloadable_templates_end_with_the_columns_added_later(RecordKind kind, string[] headings)
    {
        var header = TemplateFiles.HeaderRow(kind);
        Assert.Equal(headings, header.Skip(header.Count - headings.Length));
    }
}
