using ReconGrpc.Adapters.Template;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Template;

/// <summary>Columns found by the template's headings, by synonyms, or by the columns option.</summary>
public sealed class TemplateMappingTests
{
    private readonly TemplateAdapter _adapter = new();

    [Fact]
    public async Task A_file_with_the_templates_headings_needs_no_options()
    {
        var rows = await Fixture.ReadAsync(_adapter, "template-customers-utf8.csv");

        Assert.Empty(rows.Errors());
        var customers = rows.Records<CustomerRecord>();
        Assert.Equal(4, customers.Count);
        var hualian = customers[0];
        Assert.Equal(("0101001", "上海华联超市有限公司", "上海华联", "0101"), (hualian.Code, hualian.Name, hualian.ShortName, hualian.CategoryCode));
        Assert.Equal((200_000m, 30, 0.13m), (hualian.CreditLimit, hualian.PaymentTermDays, hualian.DefaultTaxRate));
        Assert.Equal(("华东", "零售", "转账"), (hualian.Region, hualian.Industry, hualian.SettlementMethod));
        Assert.Null(hualian.Mnemonic);
    }

    [Fact]
    public async Task The_columns_option_maps_a_users_own_headings()
    {
        var rows = await Fixture.ReadAsync(_adapter, "template-customers-own-headings.csv",
            ("kind", "customers"), ("columns", "code=单位代码;name=单位名称;category=区域;taxNo=纳税人识别号;creditLimit=授信额度"));

        Assert.Empty(rows.Errors());
        var customers = rows.Records<CustomerRecord>();
        Assert.Equal(["0101001", "0101002", "0102001", "0201001"], customers.Select(c => c.Code).ToList());
        Assert.Equal(200_000m, customers[0].CreditLimit);
        Assert.Equal("0101", customers[0].CategoryCode);
        Assert.Equal(18, customers[0].TaxNumber!.Length);
    }

    [Fact]
    public async Task A_mapping_finds_the_kind_without_the_kind_option()
    {
        var rows = await Fixture.ReadAsync(_adapter, "template-customers-own-headings.csv", ("columns", "code=单位代码;name=单位名称"));

        Assert.Equal(4, rows.Records<CustomerRecord>().Count);
    }

    [Fact]
    public async Task Columns_can_be_mapped_by_number_in_a_file_without_headings()
    {
        var bytes = "0101,上海\r\n0102,江苏\r\n"u8.ToArray();

        var rows = await Fixture.ReadBytesAsync(_adapter, bytes, "categories.csv", ("kind", "categories"), ("header-row", "0"), ("columns", "code=#1;name=#2"));

        Assert.Equal([("0101", "上海", 1L), ("0102", "江苏", 2L)],
            rows.OfType<RecordRow>().Select(r => (((CategoryRecord)r.Record).Code, ((CategoryRecord)r.Record).Name, r.Line)).ToList());
    }

    [Fact]
    public async Task A_mapped_heading_missing_from_the_file_is_refused_naming_the_heading_and_those_present()
    {
        var problem = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(_adapter, "template-customers-own-headings.csv",
            ("kind", "customers"), ("header-row", "1"), ("columns", "code=单位代码;name=客户全名")));

        Assert.Contains("'客户全名'", problem.Message);
        Assert.Contains("单位代码, 单位名称", problem.Message);
        Assert.Equal(1, problem.Line);
    }

    [Fact]
    public async Task A_misspelt_mapped_heading_without_a_header_row_option_is_refused_naming_the_mapped_headings()
    {
        var problem = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(_adapter, "template-customers-own-headings.csv",
            ("kind", "customers"), ("columns", "code=单位代码;name=单位明称")));

        Assert.Contains("(单位代码, 单位明称)", problem.Message);
    }

    [Fact]
    public async Task A_mapping_of_a_field_the_kind_does_not_have_is_refused_listing_its_fields()
    {
        var problem = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(_adapter, "template-customers-own-headings.csv",
            ("kind", "customers"), ("columns", "code=单位代码;amount=授信额度")));

        Assert.Contains("'amount', which is not a field of customers", problem.Message);
        Assert.Contains("creditLimit", problem.Message);
    }

    [Fact]
    public async Task A_file_lacking_a_column_its_kind_needs_is_refused_naming_it()
    {
        var bytes = "客户编码,信用额度\r\n0101001,1000\r\n"u8.ToArray();

        var problem = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadBytesAsync(_adapter, bytes, "c.csv", ("kind", "customers")));

        Assert.Contains("no column for 客户名称", problem.Message);
    }

    [Fact]
    public async Task A_ledger_workbook_reads_types_amounts_and_dates_in_their_usual_forms()
    {
        var rows = await Fixture.ReadAsync(_adapter, "template-ledger.xlsx");

        Assert.Empty(rows.Errors());
        Assert.Equal(
            [
                (new DateOnly(2024, 4, 2), DocumentType.SalesInvoice, 18_720.00m, "CNY"),
                (new DateOnly(2024, 4, 12), DocumentType.Receipt, -61_010.00m, "CNY"),
                (new DateOnly(2024, 4, 15), DocumentType.Return, -1_170.00m, null),
                (new DateOnly(2024, 4, 20), DocumentType.SalesInvoice, 9_360.00m, null),
                (new DateOnly(2024, 4, 25), DocumentType.Receipt, -5_850.00m, null),
            ],
            rows.Records<LedgerEntryRecord>().Select(e => (e.Date, e.DocumentType, e.Amount, e.Currency)).ToList());
    }

    [Fact]
    public async Task A_ledger_row_keeps_its_reference_due_date_and_customer()
    {
        var entry = (await Fixture.ReadAsync(_adapter, "template-ledger.xlsx")).Records<LedgerEntryRecord>()[0];

        Assert.Equal(("0101001", "上海华联超市有限公司", "00012601", "记-0003", "SO-24040", new DateOnly(2024, 5, 2)),
            (entry.CustomerCode, entry.CustomerName, entry.DocumentNumber, entry.VoucherNumber, entry.Reference, entry.DueDate!.Value));
    }

    [Fact]
    public async Task A_semicolon_statement_keeps_the_convention_the_option_names_and_starts_from_its_opening_balance()
    {
        var rows = await Fixture.ReadAsync(_adapter, "template-statement-semicolon.csv", ("kind", "statement"), ("convention", "counterparty-ledger"));

        var lines = rows.Records<StatementLineRecord>();
        Assert.Equal([-56_160.00m, 9_360.00m, 1_000.00m], lines.Select(l => l.Amount).ToList());
        Assert.Equal(DocumentType.OpeningBalance, lines[0].DocumentType);
        Assert.All(lines, l => Assert.Equal(AmountConvention.CounterpartyLedger, l.Convention));
        Assert.Equal(-56_160.00m, lines[0].Balance);
        Assert.Equal("杭州明远商贸有限公司", lines[1].CounterpartyName);
    }

    [Fact]
    public async Task Orders_are_read_from_tab_separated_text_with_times_after_their_dates()
    {
        var orders = (await Fixture.ReadAsync(_adapter, "template-orders.tsv")).Records<OrderRecord>();

        Assert.Equal([("TB2024040100123", 1_299.00m, "交易成功"), ("TB2024040100124", -299.00m, "退款成功")],
            orders.Select(o => (o.OrderNumber, o.Amount, o.Status!)).ToList());
        Assert.Equal(new DateOnly(2024, 4, 1), orders[0].Date);
    }

    [Fact]
    public async Task Categories_are_found_by_their_headings()
    {
        var categories = (await Fixture.ReadAsync(_adapter, "template-categories.csv")).Records<CategoryRecord>();

        Assert.Equal(["01", "0101", "0102", "02", "0201"], categories.Select(c => c.Code).ToList());
    }

    [Fact]
    public async Task Headings_that_fit_two_kinds_equally_ask_for_the_kind_option()
    {
        var bytes = "编码,名称\r\n01,华东区\r\n"u8.ToArray();

        var problem = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadBytesAsync(_adapter, bytes, "x.csv"));
        var rows = await Fixture.ReadBytesAsync(_adapter, bytes, "x.csv", ("kind", "categories"));

        Assert.Contains("kind option", problem.Message);
        Assert.Single(rows.Records<CategoryRecord>());
    }
}
