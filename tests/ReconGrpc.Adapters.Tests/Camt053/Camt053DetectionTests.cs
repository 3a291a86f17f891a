using ReconGrpc.Adapters.Camt053;
using ReconGrpc.Adapters.Template;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Adapters.YonyouT3;
using ReconGrpc.Plugins.Abstractions;
using ReconGrpc.Samples.SimpleBankCsv;

namespace ReconGrpc.Adapters.Tests.Camt053;

/// <summary>A camt.053 file is recognised by its BkToCstmrStmt message, ahead of every other adapter; other files are not taken for one.</summary>
public sealed class Camt053DetectionTests
{
    private static readonly IImportAdapter[] Adapters = [new TemplateAdapter(), new YonyouT3Adapter(), new SimpleBankCsvAdapter(), new Camt053Adapter()];

    public static TheoryData<string> OwnFixtures => new()
    {
        "camt053-v13-statement.xml",
        "camt053-two-accounts.xml",
        "camt053-batch.xml",
        "camt053-pending-reversal.xml",
        "camt053-bad-entries.xml",
        "camt053-truncated.xml",
        "camt053-wrong-encoding.xml",
    };

    public static TheoryData<string> RealFixtures => RealFiles.Cases(
        "camt053/oca-test-camt053.xml", "camt053/oca-test-camt053-txdtls.xml", "camt053/genkgo-camt053.v2.multi.statement.xml");

    public static TheoryData<string> OtherFiles => new()
    {
        "t3-ledger-hualian-2024q1.csv",
        "t3-ledger-hualian-2024q1.xlsx",
        "template-customers-utf8.csv",
        "template-customers-gbk.csv",
        "template-ledger.xlsx",
        "template-statement-semicolon.csv",
        "template-categories.csv",
        "template-orders.tsv",
        "sample-bank-statement.csv",
    };

    [Theory]
    [MemberData(nameof(OwnFixtures))]
    public void The_camt053_adapter_ranks_first_for_each_of_its_fixtures(string name) => AssertFirst(Fixture.Probe(name));

    [Theory]
    [MemberData(nameof(RealFixtures))]
    public void The_camt053_adapter_ranks_first_for_each_real_file(string path)
    {
        if (RealFiles.Skip(path))
        {
            return;
        }

        var bytes = RealFiles.Bytes(path);
        AssertFirst(new FileProbe(Path.GetFileName(path), bytes.AsMemory(0, Math.Min(bytes.Length, FileProbe.HeadLength)), bytes.Length));
    }

    [Theory]
    [MemberData(nameof(OtherFiles))]
    public void Files_of_other_adapters_get_at_most_a_generic_confidence(string name)
    {
        Assert.True(new Camt053Adapter().Detect(Fixture.Probe(name)).Confidence <= 0.3);
    }

    [Fact]
    public void A_camt_054_notification_is_not_taken_for_a_statement()
    {
        Assert.True(new Camt053Adapter().Detect(Fixture.Probe("camt053-camt054-notification.xml")).Confidence <= 0.3);
    }

    [Fact]
    public void A_utf_16_statement_is_recognised_from_its_head()
    {
        var bytes = System.Text.Encoding.Unicode.GetPreamble().Concat(System.Text.Encoding.Unicode.GetBytes(Fixture.Text("camt053-batch.xml", System.Text.Encoding.UTF8))).ToArray();

        Assert.True(new Camt053Adapter().Detect(new FileProbe("stmt.xml", bytes, bytes.Length)).Confidence >= 0.9);
    }

    [Fact]
    public void Garbage_gives_no_confidence_and_no_exception()
    {
        var bytes = new byte[] { 0xFF, 0xFE, 0x00, 0xD8, 0x3C };

        Assert.Equal(0, new Camt053Adapter().Detect(new FileProbe(null, bytes)).Confidence);
    }

    private static void AssertFirst(FileProbe probe)
    {
        var ranked = Adapters.Select(a => (a.Descriptor.Id, Result: a.Detect(probe))).OrderByDescending(r => r.Result.Confidence).ToList();

        Assert.Equal(Camt053Adapter.Id, ranked[0].Id);
        Assert.True(ranked[0].Result.Confidence >= 0.9, ranked[0].Result.Reason);
        Assert.True(ranked[0].Result.Confidence > ranked[1].Result.Confidence, $"{ranked[1].Id} {ranked[1].Result.Confidence}");
        Assert.Equal(RecordKind.StatementLines, ranked[0].Result.Kind);
    }
}
