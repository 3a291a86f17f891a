using ReconGrpc.Adapters.Mt940;
using ReconGrpc.Adapters.Template;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Adapters.YonyouT3;
using ReconGrpc.Plugins.Abstractions;
using ReconGrpc.Samples.SimpleBankCsv;

namespace ReconGrpc.Adapters.Tests.Mt940;

/// <summary>Given an MT940 file's name and first bytes, the MT940 adapter ranks first; other files it leaves alone.</summary>
public sealed class Mt940DetectionTests
{
    private static readonly IImportAdapter[] Adapters = [new TemplateAdapter(), new YonyouT3Adapter(), new SimpleBankCsvAdapter(), new Mt940Adapter()];

    public static TheoryData<string> OwnFixtures =>
    [
        "mt940-envelope-two-statements.sta", "mt940-plain-crlf.sta", "mt940-german-subfields.sta", "mt940-bad-lines.sta", "mt940-truncated.sta",
        "mt940-missing-closing.sta", "mt940-latin1.sta", "mt940-gbk.sta",
    ];

    public static TheoryData<string> RealOnes => RealFiles.Cases(
        "mt940/oca-test-ing.940", "mt940/mt940lib-jejik-abnamro.sta", "mt940/mt940lib-betterplace-sepa_snippet.sta", "mt940/mt940lib-sberbank-171011_01234945.sta");

    public static TheoryData<string> OtherFixtures =>
    [
        "t3-ledger-hualian-2024q1.csv", "t3-ledger-hualian-2024q1.xls", "t3-customers.csv", "template-customers-utf8.csv", "template-ledger.xlsx",
        "template-statement-semicolon.csv", "template-orders.tsv", "sample-bank-statement.csv", "mt940-not-mt940.txt", "mt940-utf16-nobom.sta",
    ];

    [Theory]
    [MemberData(nameof(OwnFixtures))]
    public void Our_mt940_fixtures_rank_the_mt940_adapter_first(string file) => AssertRanksFirst(Fixture.Probe(file));

    [Theory]
    [MemberData(nameof(RealOnes))]
    public void Real_mt940_files_rank_the_mt940_adapter_first(string file)
    {
        if (RealFiles.Skip(file))
        {
            return;
        }

        var bytes = RealFiles.Bytes(file);
        AssertRanksFirst(new FileProbe(Path.GetFileName(file), bytes.AsMemory(0, Math.Min(bytes.Length, FileProbe.HeadLength)), bytes.Length));
    }

    [Theory]
    [MemberData(nameof(OtherFixtures))]
    public void Other_files_get_at_most_0_3(string file)
    {
        var result = new Mt940Adapter().Detect(Fixture.Probe(file));

        Assert.InRange(result.Confidence, 0, 0.3);
    }

    [Fact]
    public void Markers_only_mt940_carries_give_at_least_0_8_whatever_the_name()
    {
        var bytes = Fixture.Bytes("mt940-german-subfields.sta");

        var result = new Mt940Adapter().Detect(new FileProbe("export.txt", bytes, bytes.Length));

        Assert.True(result.Confidence >= 0.8, result.Reason);
        Assert.Equal(RecordKind.StatementLines, result.Kind);
    }

    [Fact]
    public void Detection_never_throws_on_empty_or_random_bytes()
    {
        var adapter = new Mt940Adapter();
        var random = new byte[4096];
        new Random(940).NextBytes(random);

        Assert.Equal(0, adapter.Detect(new FileProbe(null, ReadOnlyMemory<byte>.Empty, 0)).Confidence);
        Assert.InRange(adapter.Detect(new FileProbe("x.bin", random, random.Length)).Confidence, 0, 0.3);
    }

    private static void AssertRanksFirst(FileProbe probe)
    {
        var ranked = Adapters.Select(a => (a.Descriptor.Id, Result: a.Detect(probe))).OrderByDescending(r => r.Result.Confidence).ToList();

        Assert.Equal(Mt940Adapter.Id, ranked[0].Id);
        Assert.True(ranked[0].Result.Confidence >= 0.8, ranked[0].Result.Reason);
        Assert.True(ranked[0].Result.Confidence > ranked[1].Result.Confidence, $"{ranked[0].Id} {ranked[0].Result.Confidence} vs {ranked[1].Id} {ranked[1].Result.Confidence}");
        Assert.Equal(RecordKind.StatementLines, ranked[0].Result.Kind);
    }
}
