using ReconGrpc.Adapters.Template;
using ReconGrpc.Adapters.YonyouT3;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Sdk;

/// <summary>The SDK's records and descriptors refuse bad state, so hosts and plugins meet on valid values only.</summary>
public sealed class SdkContractTests
{
    [Fact]
    public void A_category_without_a_code_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new CategoryRecord("  ", "华东区"));
    }

    [Fact]
    public void Record_text_is_trimmed_and_blank_optional_text_is_absent()
    {
        var customer = new CustomerRecord(" 0101001 ", "上海华联超市有限公司\u3000") { ShortName = "   ", Phone = " 021-63221488 " };

        Assert.Equal(("0101001", "上海华联超市有限公司", null, "021-63221488"), (customer.Code, customer.Name, customer.ShortName, customer.Phone));
    }

    [Fact]
    public void A_ledger_entry_without_any_customer_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new LedgerEntryRecord(null, " ", new DateOnly(2024, 1, 5), DocumentType.SalesInvoice, 100m));
    }

    [Fact]
    public void A_ledger_entry_may_name_its_customer_by_credit_code_alone_but_not_by_nothing()
    {
        var entry = new LedgerEntryRecord(null, " ", " 91330200MA2H86A01Y ", new DateOnly(2024, 1, 5), DocumentType.SalesInvoice, 100m);

        Assert.Equal("91330200MA2H86A01Y", entry.CustomerCreditCode);
        Assert.Throws<ArgumentException>(() => new LedgerEntryRecord(null, null, " ", new DateOnly(2024, 1, 5), DocumentType.SalesInvoice, 100m));
        Assert.Throws<ArgumentException>(() => entry with { CustomerCreditCode = " " });
        Assert.Null((new LedgerEntryRecord("0101001", null, new DateOnly(2024, 1, 5), DocumentType.SalesInvoice, 100m) { CustomerCreditCode = " " }).CustomerCreditCode);
    }

    [Fact]
    public void Statement_lines_and_orders_carry_an_optional_trimmed_credit_code()
    {
        var line = new StatementLineRecord(new DateOnly(2024, 1, 5), 100m, AmountConvention.CashFlow) { CounterpartyCreditCode = " 91330200MA2H86A01Y " };
        var order = new OrderRecord("TB1", new DateOnly(2024, 1, 5), 100m) { CustomerCreditCode = "" };

        Assert.Equal("91330200MA2H86A01Y", line.CounterpartyCreditCode);
        Assert.Null(order.CustomerCreditCode);
    }

    [Fact]
    public void An_undefined_document_type_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LedgerEntryRecord("0101001", null, new DateOnly(2024, 1, 5), (DocumentType)99, 100m));
    }

    [Fact]
    public void A_currency_that_is_not_an_iso_code_is_refused_and_a_lower_case_one_is_normalised()
    {
        var entry = new LedgerEntryRecord("0101001", null, new DateOnly(2024, 1, 5), DocumentType.SalesInvoice, 100m) { Currency = "cny" };

        Assert.Equal("CNY", entry.Currency);
        Assert.Throws<ArgumentException>(() => entry with { Currency = "人民币" });
    }

    [Fact]
    public void Negative_credit_limits_and_tax_rates_of_one_or_more_are_refused()
    {
        var customer = new CustomerRecord("0101001", "上海华联超市有限公司");

        Assert.Throws<ArgumentOutOfRangeException>(() => customer with { CreditLimit = -1m });
        Assert.Throws<ArgumentOutOfRangeException>(() => customer with { DefaultTaxRate = 13m });
        Assert.Throws<ArgumentOutOfRangeException>(() => customer with { PaymentTermDays = -30 });
    }

    [Theory]
    [InlineData(AmountConvention.OurLedger, 100, 100)]
    [InlineData(AmountConvention.CounterpartyLedger, -100, 100)]
    [InlineData(AmountConvention.CashFlow, 100, -100)]
    public void A_statement_amount_turns_into_our_ledgers_convention(AmountConvention convention, int amount, int ours)
    {
        var line = new StatementLineRecord(new DateOnly(2024, 3, 8), amount, convention);

        Assert.Equal(ours, line.ToOurLedgerAmount());
    }

    [Fact]
    public void Row_results_start_at_line_one_and_errors_need_a_reason()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RowError(0, null, "bad"));
        Assert.Throws<ArgumentException>(() => new RowError(3, "金额", " "));
        Assert.Throws<ArgumentNullException>(() => new RecordRow(3, null!));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void A_confidence_outside_zero_to_one_is_refused(double confidence)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DetectionResult(confidence, "why"));
    }

    [Theory]
    [InlineData("Template")]
    [InlineData("yonyou_t3")]
    [InlineData("-t3")]
    [InlineData("acme..bank")]
    public void An_adapter_id_not_of_lower_case_parts_is_refused(string id)
    {
        Assert.Throws<ArgumentException>(() => new AdapterDescriptor(id, "x", new Version(1, 0), RecordKind.Orders));
    }

    [Fact]
    public void A_descriptor_must_produce_something()
    {
        Assert.Throws<ArgumentException>(() => new AdapterDescriptor("acme.bank", "x", new Version(1, 0), RecordKind.None));
    }

    [Fact]
    public void Options_are_checked_against_the_descriptor_with_a_sentence_per_problem()
    {
        var descriptor = new TemplateAdapter().Descriptor;

        var problems = descriptor.ValidateOptions(new Dictionary<string, string>
        {
            ["KIND"] = "customers",
            ["header-row"] = "first",
            ["convention"] = "theirs",
            ["colour"] = "red",
        });

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("'header-row' must be a whole number"));
        Assert.Contains(problems, p => p.Contains("'convention' must be one of auto, our-ledger, counterparty-ledger, cash-flow"));
        Assert.Contains(problems, p => p.Contains("no option 'colour'"));
    }

    [Fact]
    public void Every_bundled_adapters_option_defaults_are_valid_values_of_their_own_options()
    {
        IImportAdapter[] adapters = [new TemplateAdapter(), new YonyouT3Adapter()];

        foreach (var adapter in adapters)
        {
            var defaults = adapter.Descriptor.Options.Where(o => o.DefaultValue is not null).ToDictionary(o => o.Name, o => o.DefaultValue!);
            Assert.Empty(adapter.Descriptor.ValidateOptions(defaults));
        }
    }

    [Fact]
    public void Options_in_a_context_are_found_without_regard_to_case_and_blank_means_absent()
    {
        var context = new ImportContext(new Dictionary<string, string> { ["Kind"] = " ledger ", ["sheet"] = "  " });

        Assert.Equal("ledger", context.GetOption("kind"));
        Assert.Null(context.GetOption("sheet"));
        Assert.Null(context.GetOption("year"));
    }

    [Fact]
    public void A_context_has_no_statement_kind_unless_the_host_gives_one_and_the_kinds_keep_their_numbers()
    {
        var bank = new ImportContext { ExpectedKind = RecordKind.StatementLines, StatementKind = StatementKind.BankStatement };

        Assert.Null(ImportContext.Empty.StatementKind);
        Assert.Null(new ImportContext(new Dictionary<string, string> { ["kind"] = "ledger" }).StatementKind);
        Assert.Equal(StatementKind.BankStatement, bank.StatementKind);
        // The same numbers as the API's StatementKind and the server's: part of the contract.
        Assert.Equal([1, 2, 3, 4], new[] { StatementKind.CustomerStatement, StatementKind.BankStatement, StatementKind.PlatformBill, StatementKind.ShopOrders }.Select(k => (int)k));
        Assert.Equal(4, Enum.GetValues<StatementKind>().Length);
    }

    [Fact]
    public void A_probe_knows_its_extension_and_whether_it_holds_the_whole_file()
    {
        var probe = new FileProbe("/tmp/上传/Ledger.XLSX", new byte[10], 10);

        Assert.Equal(("Ledger.XLSX", ".xlsx", true), (probe.FileName, probe.Extension, probe.IsComplete));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FileProbe("a.csv", new byte[10], 5));
    }
}
