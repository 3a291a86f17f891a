using ReconGrpc.Adapters.ChineseBanks;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.ChineseBanks;

/// <summary>Our own downloads in the layouts the real samples lack: CCB, corporate ICBC and CMB, generic headings; every container.</summary>
public sealed class CnBankLayoutTests
{
    private static readonly ChineseBankAdapter Adapter = new();

    [Theory]
    [InlineData("cnbank-ccb-personal.xls")]
    [InlineData("cnbank-ccb-personal-html.xls")]
    public async Task A_ccb_download_reads_yyyymmdd_dates_signed_amounts_and_splits_the_account_from_the_name(string file)
    {
        var rows = await Fixture.ReadAsync(Adapter, file);
        var lines = rows.Records<StatementLineRecord>();

        Assert.Empty(rows.Errors());
        Assert.Equal([12_000.00m, -86.50m, -3_500.00m, 4.12m], lines.Select(l => l.Amount));
        Assert.Equal([17_000.00m, 16_913.50m, 13_413.50m, 13_417.62m], lines.Select(l => l.Balance!.Value));
        Assert.Equal(new DateOnly(2024, 3, 2), lines[0].Date);
        Assert.All(lines, l => Assert.Equal("6217000010012345678", l.Account));
        Assert.All(lines, l => Assert.Equal("CNY", l.Currency));
        Assert.Equal("上海华联超市有限公司", lines[0].CounterpartyName);
        Assert.Equal("6222021001012345678", lines[0].CounterpartyAccount);
        Assert.Equal("转账存入 / 手机银行 货款", lines[0].Text);
        Assert.Equal(DocumentType.Receipt, lines[0].DocumentType);
        Assert.Null(lines[1].CounterpartyName);
        Assert.Equal("李房东", lines[2].CounterpartyName);
        Assert.Null(lines[2].SourceId);

        // 5,000.00 + 12,000.00 − 86.50 − 3,500.00 + 4.12 = 13,417.62: foots.
        var balance = Assert.IsType<StatementBalanceRecord>(((RecordRow)rows[^1]).Record);
        Assert.Equal(5_000.00m, balance.OpeningBalance);
        Assert.Equal(13_417.62m, balance.ClosingBalance);
        Assert.Equal(new DateOnly(2024, 3, 1), balance.OpeningDate);
        Assert.Equal(new DateOnly(2024, 3, 31), balance.ClosingDate);
        Assert.Equal("6217000010012345678", balance.Account);
        Assert.Equal("CNY", balance.Currency);
    }

    [Fact]
    public async Task A_cmb_corporate_workbook_gives_the_serial_as_source_id_and_leaves_a_masked_total_undeclared()
    {
        var rows = await Fixture.ReadAsync(Adapter, "cnbank-cmb-corporate.xlsx");
        var lines = rows.Records<StatementLineRecord>();

        Assert.Empty(rows.Errors());
        Assert.Equal([58_000.00m, -12_500.00m, -15.00m, 23_400.00m], lines.Select(l => l.Amount));
        Assert.Equal(["G1234500000001", "G1234500000002", "G1234500000003", "G1234500000004"], lines.Select(l => l.SourceId!));
        Assert.Equal("G1234500000002", lines[1].VoucherNumber);
        Assert.Equal(12_500.00m, lines[1].Debit);
        Assert.Null(lines[1].Credit);
        Assert.Equal(58_000.00m, lines[0].Credit);
        Assert.Equal("REF-HL-0301", lines[0].Reference);
        Assert.Equal("货款 / 3月货款", lines[0].Text);
        Assert.Equal("上海华联超市有限公司", lines[0].CounterpartyName);
        Assert.Equal("1001244309004613428", lines[0].CounterpartyAccount);
        Assert.Equal("手续费", lines[2].Text);
        Assert.All(lines, l => Assert.Equal("755912345610801", l.Account));
        Assert.All(lines, l => Assert.Equal("CNY", l.Currency));

        // 100,000.00 + 68,885.00 = 168,885.00. Footer: 借方 2 lines 12,515.00; 贷方 2 lines, total masked (***).
        var balance = Assert.Single(rows.Records<StatementBalanceRecord>());
        Assert.Equal(100_000.00m, balance.OpeningBalance);
        Assert.Equal(168_885.00m, balance.ClosingBalance);
        Assert.Equal(12_515.00m, balance.DeclaredDebits);
        Assert.Null(balance.DeclaredCredits);
        Assert.Equal(4, balance.DeclaredCount);
        Assert.Equal(new DateOnly(2024, 3, 1), balance.OpeningDate);
        Assert.Equal(new DateOnly(2024, 3, 31), balance.ClosingDate);
    }

    [Fact]
    public async Task An_icbc_corporate_gbk_download_with_padded_cells_declares_the_totals_of_its_heji_row_and_its_count()
    {
        var rows = await Fixture.ReadAsync(Adapter, "cnbank-icbc-corporate-gbk.csv");
        var lines = rows.Records<StatementLineRecord>();

        Assert.Empty(rows.Errors());
        Assert.Equal([35_000.00m, -12_000.00m, -500.00m, 1_800.00m], lines.Select(l => l.Amount));
        Assert.Equal([5L, 6, 7, 8], rows.OfType<RecordRow>().Where(r => r.Record is StatementLineRecord).Select(r => r.Line));
        Assert.Equal(new DateOnly(2024, 3, 5), lines[0].Date);
        Assert.Equal("0001", lines[0].VoucherNumber);
        Assert.All(lines, l => Assert.Null(l.SourceId));
        Assert.All(lines, l => Assert.Equal("1001234567890123456", l.Account));
        Assert.All(lines, l => Assert.Equal("CNY", l.Currency));
        Assert.Equal("上海华联超市有限公司", lines[0].CounterpartyName);
        Assert.Equal("转账 / 运费 / 运单SD-0308", lines[1].Text);
        Assert.Null(lines[2].CounterpartyAccount);

        var balance = Assert.Single(rows.Records<StatementBalanceRecord>());
        Assert.Equal(50_000.00m, balance.OpeningBalance);
        Assert.Equal(74_300.00m, balance.ClosingBalance);
        Assert.Equal(36_800.00m, balance.DeclaredCredits);
        Assert.Equal(12_500.00m, balance.DeclaredDebits);
        Assert.Equal(4, balance.DeclaredCount);
        Assert.Equal(lines.Where(l => l.Amount > 0).Sum(l => l.Amount), balance.DeclaredCredits);
        Assert.Equal(-lines.Where(l => l.Amount < 0).Sum(l => l.Amount), balance.DeclaredDebits);
    }

    [Fact]
    public async Task A_download_with_two_accounts_gives_one_balance_record_after_each_accounts_lines()
    {
        var rows = await Fixture.ReadAsync(Adapter, "cnbank-generic-two-accounts.csv");

        Assert.Empty(rows.Errors());
        var records = rows.OfType<RecordRow>().Select(r => r.Record).ToList();
        Assert.Collection(records,
            r => Assert.Equal(20_000.00m, Assert.IsType<StatementLineRecord>(r).Amount),
            r => Assert.Equal(-1_234.50m, Assert.IsType<StatementLineRecord>(r).Amount),
            r =>
            {
                var cny = Assert.IsType<StatementBalanceRecord>(r);
                Assert.Equal(("6222000011112222", "CNY", 100_000.00m, 118_765.50m), (cny.Account, cny.Currency, cny.OpeningBalance, cny.ClosingBalance));
                Assert.Null(cny.DeclaredCount);
            },
            r => Assert.Equal(5_000.00m, Assert.IsType<StatementLineRecord>(r).Amount),
            r => Assert.Equal(-25.00m, Assert.IsType<StatementLineRecord>(r).Amount),
            r =>
            {
                var usd = Assert.IsType<StatementBalanceRecord>(r);
                Assert.Equal(("6222000033334444", "USD", 10_000.00m, 14_975.00m), (usd.Account, usd.Currency, usd.OpeningBalance, usd.ClosingBalance));

                // 共4笔 counts both accounts: it is no single statement's count.
                Assert.Null(usd.DeclaredCount);
            });

        var lines = rows.Records<StatementLineRecord>();
        Assert.Equal("TX20240301001", lines[0].SourceId);
        Assert.Equal(20_000.00m, lines[0].Credit);
        Assert.Equal(1_234.50m, lines[1].Debit);
        Assert.Null(lines[1].Credit);
        Assert.Equal("USD", lines[2].Currency);
        Assert.Equal("Payment INV-88", lines[2].Text);
        Assert.Null(lines[3].CounterpartyName);
    }

    [Fact]
    public async Task The_account_option_reads_only_that_account_of_a_download_holding_several()
    {
        var rows = await Fixture.ReadAsync(Adapter, "cnbank-generic-two-accounts.csv", ("account", "6222 0000 3333 4444"));

        Assert.Equal([5_000.00m, -25.00m], rows.Records<StatementLineRecord>().Select(l => l.Amount));
        Assert.Equal("6222000033334444", Assert.Single(rows.Records<StatementBalanceRecord>()).Account);
    }

    [Fact]
    public async Task A_generic_gbk_download_with_signed_tab_padded_amounts_newest_first_foots_by_its_balance_chain()
    {
        var rows = await Fixture.ReadAsync(Adapter, "cnbank-generic-signed-gbk.csv");
        var lines = rows.Records<StatementLineRecord>();

        Assert.Empty(rows.Errors());
        Assert.Equal([-1_200.00m, 3_000.00m, 0m], lines.Select(l => l.Amount));
        Assert.Equal(["V0003", "V0002", "V0001"], lines.Select(l => l.VoucherNumber!));
        Assert.All(lines, l => Assert.Null(l.SourceId));
        Assert.All(lines, l => Assert.Equal("6230580000012345678", l.Account));
        Assert.Equal("李四", lines[0].CounterpartyName);
        Assert.Equal("6212260000098765432", lines[0].CounterpartyAccount);
        Assert.Equal("转账支出", lines[0].Text);

        // Oldest is last: 2,000.00 after a line of 0.00; newest leaves 3,800.00. 2,000.00 + 1,800.00 = 3,800.00.
        var balance = Assert.Single(rows.Records<StatementBalanceRecord>());
        Assert.Equal(2_000.00m, balance.OpeningBalance);
        Assert.Equal(3_800.00m, balance.ClosingBalance);
        Assert.Equal(new DateOnly(2024, 3, 1), balance.OpeningDate);
        Assert.Equal(new DateOnly(2024, 3, 20), balance.ClosingDate);
    }

    [Fact]
    public async Task The_generic_profile_forced_on_a_cmb_download_keeps_the_counterparty_cell_whole()
    {
        if (RealFiles.Folder is null)
        {
            return;
        }

        var rows = await Fixture.ReadBytesAsync(Adapter, RealFiles.Bytes("cn-bank/deg-cmb-debit.csv"), "deg-cmb-debit.csv", ("profile", "generic"));

        var first = rows.Records<StatementLineRecord>()[0];
        Assert.Equal("北京住房公积金管理中心1111111111", first.CounterpartyName);
        Assert.Null(first.CounterpartyAccount);
    }

    [Fact]
    public void The_descriptor_names_the_profile_account_encoding_and_sheet_options()
    {
        var descriptor = Adapter.Descriptor;

        Assert.Equal("cn-bank", descriptor.Id);
        Assert.Equal(RecordKind.StatementLines, descriptor.Produces);
        Assert.Equal(["profile", "account", "encoding", "sheet"], descriptor.Options.Select(o => o.Name));
        Assert.Equal(["auto", "icbc", "cmb", "boc", "ccb", "generic"], descriptor.Options[0].Choices);
        Assert.Empty(descriptor.ValidateOptions(new Dictionary<string, string> { ["profile"] = "ccb", ["encoding"] = "gbk" }));
    }
}
