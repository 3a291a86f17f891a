using ReconGrpc.Adapters.ChineseBanks;
using ReconGrpc.Adapters.Template;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Adapters.YonyouT3;
using ReconGrpc.Plugins.Abstractions;
using ReconGrpc.Samples.SimpleBankCsv;

namespace ReconGrpc.Adapters.Tests.ChineseBanks;

/// <summary>Given a bank download's name and head, the cn-bank adapter ranks first; other files it leaves to their adapters.</summary>
public sealed class CnBankDetectionTests
{
    private static readonly IImportAdapter[] Adapters = [new TemplateAdapter(), new YonyouT3Adapter(), new SimpleBankCsvAdapter(), new ChineseBankAdapter()];

    public static TheoryData<string> OwnFixtures => new()
    {
        "cnbank-ccb-personal.xls",
        "cnbank-ccb-personal-html.xls",
        "cnbank-cmb-corporate.xlsx",
        "cnbank-icbc-corporate-gbk.csv",
        "cnbank-generic-two-accounts.csv",
        "cnbank-generic-signed-gbk.csv",
        "cnbank-bad-rows.csv",
        "cnbank-truncated.csv",
    };

    public static TheoryData<string> RealDownloads =>
        RealFiles.Cases("cn-bank/deg-icbc-debit-v2.csv", "cn-bank/deg-cmb-debit.csv", "cn-bank/deg-boc-debit.csv");

    public static TheoryData<string> OtherFixtures => new()
    {
        "t3-ledger-hualian-2024q1.csv",
        "t3-ledger-hualian-2024q1.xls",
        "t3-ledger-hualian-2024q1.xlsx",
        "t3-ledger-hualian-2024q1-html.xls",
        "t3-ledger-hualian-2024q1.txt",
        "t3-ledger-all-customers-2024-03.xlsx",
        "t3-payable-from-hualian-2024q1.xls",
        "t3-categories.xls",
        "t3-customers.xlsx",
        "t3-customers.csv",
        "template-customers-utf8.csv",
        "template-customers-gbk.csv",
        "template-customers-own-headings.csv",
        "template-ledger.xlsx",
        "template-statement-semicolon.csv",
        "template-categories.csv",
        "template-orders.tsv",
    };

    [Theory]
    [MemberData(nameof(OwnFixtures))]
    public void Our_bank_fixtures_rank_the_cn_bank_adapter_first(string file)
    {
        AssertRanksFirst(Fixture.Probe(file));
    }

    [Theory]
    [MemberData(nameof(RealDownloads))]
    public void The_real_downloads_rank_the_cn_bank_adapter_first(string path)
    {
        if (RealFiles.Skip(path))
        {
            return;
        }

        var bytes = RealFiles.Bytes(path);
        AssertRanksFirst(new FileProbe(Path.GetFileName(path), bytes.AsMemory(0, Math.Min(bytes.Length, FileProbe.HeadLength)), bytes.Length));
    }

    [Theory]
    [MemberData(nameof(OtherFixtures))]
    public void Ledger_template_and_sample_files_get_at_most_a_weak_offer(string file)
    {
        var result = new ChineseBankAdapter().Detect(Fixture.Probe(file));

        Assert.True(result.Confidence <= 0.3, $"{file}: {result.Confidence} {result.Reason}");
    }

    [Fact]
    public void The_simple_bank_sample_keeps_its_own_adapter_first_though_its_headings_are_bank_headings()
    {
        var probe = Fixture.Probe("sample-bank-statement.csv");

        var ours = new ChineseBankAdapter().Detect(probe);

        Assert.InRange(ours.Confidence, 0.3, 0.7);
        Assert.True(new SimpleBankCsvAdapter().Detect(probe).Confidence > ours.Confidence);
    }

    [Theory]
    [InlineData("cnbank-icbc-corporate-gbk.csv")]
    [InlineData("cnbank-ccb-personal.xls")]
    [InlineData("cnbank-cmb-corporate.xlsx")]
    public void A_bank_layout_is_recognised_by_markers_only_it_carries(string file)
    {
        Assert.True(new ChineseBankAdapter().Detect(Fixture.Probe(file)).Confidence >= 0.8);
    }

    [Fact]
    public void Detection_never_throws_on_garbage()
    {
        var bytes = new byte[] { 0x50, 0x4B, 0x03, 0x04, 0xFF, 0xFF, 0x00, 0x01 };

        var result = new ChineseBankAdapter().Detect(new FileProbe("x.xlsx", bytes, bytes.Length));

        Assert.Equal(0, result.Confidence);
    }

    private static void AssertRanksFirst(FileProbe probe)
    {
        var ranked = Adapters.Select(a => (a.Descriptor.Id, Result: a.Detect(probe))).OrderByDescending(r => r.Result.Confidence).ToList();

        Assert.Equal(ChineseBankAdapter.Id, ranked[0].Id);
        Assert.True(ranked[0].Result.Confidence > ranked[1].Result.Confidence,
            $"{ranked[0].Id} {ranked[0].Result.Confidence} vs {ranked[1].Id} {ranked[1].Result.Confidence}");
        Assert.Equal(RecordKind.StatementLines, ranked[0].Result.Kind);
    }
}
