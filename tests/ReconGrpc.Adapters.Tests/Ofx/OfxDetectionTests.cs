using ReconGrpc.Adapters.Ofx;
using ReconGrpc.Adapters.Template;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Adapters.YonyouT3;
using ReconGrpc.Plugins.Abstractions;
using ReconGrpc.Samples.SimpleBankCsv;

namespace ReconGrpc.Adapters.Tests.Ofx;

/// <summary>Given an OFX file's name and first bytes, the OFX adapter ranks first; given anything else, it stays out of the way.</summary>
public sealed class OfxDetectionTests
{
    private static readonly IImportAdapter[] Adapters = [new TemplateAdapter(), new YonyouT3Adapter(), new SimpleBankCsvAdapter(), new OfxAdapter()];

    public static TheoryData<string> OwnFixtures => new()
    {
        "ofx-sgml-tabs-cp1252.ofx",
        "ofx-sgml-utf8.ofx",
        "ofx-sgml-one-line.ofx",
        "ofx-xml-utf8.ofx",
        "ofx-dates-with-zones.ofx",
        "ofx-bad-rows.ofx",
        "ofx-truncated.ofx",
        "ofx-signon-error.ofx",
        "ofx-statement-error.ofx",
        "ofx-utf8-header-cp1252-bytes.ofx",
        "ofx-unclosed-stmttrn.ofx",
    };

    public static TheoryData<string> RealOfxFiles => RealFiles.Cases("ofx/oca-test_ofx.ofx", "ofx/ofxparse-checking.ofx", "ofx/ofxparse-bank_medium.ofx");

    public static TheoryData<string> OtherFormats => new()
    {
        "t3-ledger-hualian-2024q1.csv",
        "t3-ledger-hualian-2024q1.xls",
        "t3-customers.xlsx",
        "template-customers-utf8.csv",
        "template-ledger.xlsx",
        "template-statement-semicolon.csv",
        "template-orders.tsv",
        "sample-bank-statement.csv",
    };

    [Theory]
    [MemberData(nameof(OwnFixtures))]
    public void Every_own_ofx_fixture_ranks_the_ofx_adapter_first(string file) => AssertRanksFirst(Fixture.Probe(file));

    [Theory]
    [MemberData(nameof(RealOfxFiles))]
    public void Every_real_ofx_file_ranks_the_ofx_adapter_first(string path)
    {
        if (RealFiles.Skip(path))
        {
            return;
        }

        var bytes = RealFiles.Bytes(path);
        AssertRanksFirst(new FileProbe(Path.GetFileName(path), bytes.AsMemory(0, Math.Min(bytes.Length, FileProbe.HeadLength)), bytes.Length));
    }

    [Theory]
    [MemberData(nameof(OtherFormats))]
    public void Other_formats_get_at_most_a_weak_offer(string file)
    {
        Assert.InRange(new OfxAdapter().Detect(Fixture.Probe(file)).Confidence, 0, 0.3);
    }

    [Fact]
    public void A_csv_named_ofx_gets_only_the_weak_offer_of_its_extension()
    {
        var result = new OfxAdapter().Detect(Fixture.Probe("ofx-not-ofx.ofx"));

        Assert.InRange(result.Confidence, 0.1, 0.3);
        Assert.Contains(".ofx", result.Reason);
    }

    [Fact]
    public void An_ofx_file_is_recognised_whatever_its_name()
    {
        var bytes = Fixture.Bytes("ofx-xml-utf8.ofx");

        var result = new OfxAdapter().Detect(new FileProbe("statement.xml", bytes, bytes.Length));

        Assert.True(result.Confidence >= 0.9, result.Reason);
        Assert.Contains("OFX 2.x", result.Reason);
    }

    [Fact]
    public void Detection_never_throws_on_garbage()
    {
        var garbage = Enumerable.Range(0, 5000).Select(i => (byte)(i * 37)).ToArray();

        var result = new OfxAdapter().Detect(new FileProbe(null, garbage));

        Assert.Equal(0, result.Confidence);
    }

    private static void AssertRanksFirst(FileProbe probe)
    {
        var ranked = Adapters.Select(a => (a.Descriptor.Id, Result: a.Detect(probe))).OrderByDescending(r => r.Result.Confidence).ToList();

        Assert.Equal(OfxAdapter.Id, ranked[0].Id);
        Assert.True(ranked[0].Result.Confidence >= 0.8, ranked[0].Result.Reason);
        Assert.True(ranked[0].Result.Confidence > ranked[1].Result.Confidence, $"{ranked[0].Id} {ranked[0].Result.Confidence} vs {ranked[1].Id} {ranked[1].Result.Confidence}");
        Assert.Equal(RecordKind.StatementLines, ranked[0].Result.Kind);
    }
}
