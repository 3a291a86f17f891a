using System.Text;
using ReconGrpc.Adapters.Camt053;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Camt053;

/// <summary>A statement is read one entry at a time: lines arrive while the file is still arriving, whatever its size.</summary>
public sealed class Camt053StreamingTests
{
    [Fact]
    public async Task Lines_arrive_from_a_statement_that_never_ends_with_only_a_bounded_read_ahead()
    {
        await using var endless = EndlessStatement.Open();
        var lines = new List<ImportRow>();

        await foreach (var row in new Camt053Adapter().ReadAsync(endless, new ImportContext { FileName = "endless.xml" }, Support.TestContext.Cancellation))
        {
            lines.Add(row);
            if (lines.Count == 20_000)
            {
                break;
            }
        }

        var last = (StatementLineRecord)((RecordRow)lines[^1]).Record;
        Assert.Equal(("E19999", 19_999.01m, "Customer 19999"), (last.SourceId, last.Amount, last.CounterpartyName));
        Assert.Equal(EndlessStatement.HeaderLines + 1 + (19_999L * EndlessStatement.EntryLines), lines[^1].Line);
        var consumed = Encoding.UTF8.GetByteCount(EndlessStatement.Header) + Enumerable.Range(0, 20_000).Sum(i => (long)Encoding.UTF8.GetByteCount(EndlessStatement.Entry(i)));
        Assert.InRange(endless.BytesServed - consumed, 0, 2L * 1024 * 1024);
    }

    [Fact]
    public async Task A_cancelled_read_stops()
    {
        await using var endless = EndlessStatement.Open();
        using var cancel = new CancellationTokenSource();
        var count = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in new Camt053Adapter().ReadAsync(endless, ImportContext.Empty, cancel.Token))
            {
                if (++count == 100)
                {
                    await cancel.CancelAsync();
                }
            }
        });
        Assert.Equal(100, count);
    }

    /// <summary>A camt.053 upload with a header and credit entries without end.</summary>
    private static class EndlessStatement
    {
        public const int HeaderLines = 8;
        public const int EntryLines = 13;

        public const string Header = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
            <BkToCstmrStmt>
            <GrpHdr><MsgId>ENDLESS</MsgId></GrpHdr>
            <Stmt>
            <Id>ENDLESS-1</Id>
            <Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id><Ccy>EUR</Ccy></Acct>
            <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-01-01</Dt></Dt></Bal>

            """;

        public static EndlessUpload Open() => new(Header, Entry);

        public static string Entry(int i) => $"""
            <Ntry>
            <Amt Ccy="EUR">{i}.01</Amt>
            <CdtDbtInd>CRDT</CdtDbtInd>
            <Sts><Cd>BOOK</Cd></Sts>
            <BookgDt><Dt>2024-01-02</Dt></BookgDt>
            <AcctSvcrRef>E{i}</AcctSvcrRef>
            <NtryDtls><TxDtls>
            <Refs><EndToEndId>INV-{i}</EndToEndId></Refs>
            <RltdPties><Dbtr><Pty><Nm>Customer {i}</Nm></Pty></Dbtr>
            <DbtrAcct><Id><IBAN>DE02120300000000202051</IBAN></Id></DbtrAcct></RltdPties>
            <RmtInf><Ustrd>Invoice INV-{i}</Ustrd></RmtInf>
            </TxDtls></NtryDtls>
            </Ntry>

            """;
    }
}
