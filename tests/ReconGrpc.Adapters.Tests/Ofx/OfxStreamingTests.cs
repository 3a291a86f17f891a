using System.Text;
using ReconGrpc.Adapters.Ofx;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Ofx;

/// <summary>Large OFX files stream: rows arrive as they are read, and the read can be stopped.</summary>
public sealed class OfxStreamingTests
{
    private readonly OfxAdapter _adapter = new();

    [Fact]
    public async Task A_large_tab_indented_sgml_file_is_read_whole()
    {
        // Its rate is measured in tests/ReconGrpc.Benchmarks (docs/benchmarks.md), never here.
        const int transactions = 60_000;
        var bytes = LargeSgml(transactions, out _);

        var (lines, balances) = await Count(bytes);

        Assert.Equal((transactions, 1), (lines, balances));
    }

    [Fact]
    public async Task Rows_arrive_before_the_whole_file_is_read_and_a_cancelled_read_stops()
    {
        var bytes = LargeSgml(20_000, out _);
        using var cancel = new CancellationTokenSource();
        var stream = new UploadStream(bytes);
        var seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var row in _adapter.ReadAsync(stream, new ImportContext { FileName = "big.ofx" }, cancel.Token))
            {
                if (++seen == 10)
                {
                    Assert.True(stream.BytesRead < bytes.Length / 4, $"{stream.BytesRead} of {bytes.Length} bytes read before the tenth row");
                    cancel.Cancel();
                }
            }
        });
        Assert.True(stream.BytesRead < bytes.Length, "the whole file was read");
    }

    private async Task<(int Lines, int Balances)> Count(byte[] bytes)
    {
        var lines = 0;
        var balances = 0;
        await using var stream = new UploadStream(bytes);
        await foreach (var row in _adapter.ReadAsync(stream, new ImportContext { FileName = "big.ofx" }, TestContext.Cancellation))
        {
            switch (row)
            {
                case RecordRow { Record: StatementLineRecord }:
                    lines++;
                    break;
                case RecordRow { Record: StatementBalanceRecord }:
                    balances++;
                    break;
                default:
                    throw new InvalidOperationException(row.ToString());
            }
        }

        return (lines, balances);
    }

    private static byte[] LargeSgml(int transactions, out int lineCount)
    {
        var text = new StringBuilder();
        text.Append("OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\nCHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n");
        text.Append("<OFX>\r\n\t<BANKMSGSRSV1>\r\n\t\t<STMTTRNRS>\r\n\t\t\t<TRNUID>0\r\n\t\t\t<STMTRS>\r\n\t\t\t\t<CURDEF>USD\r\n\t\t\t\t<BANKACCTFROM>\r\n\t\t\t\t\t<ACCTID>123\r\n\t\t\t\t</BANKACCTFROM>\r\n\t\t\t\t<BANKTRANLIST>\r\n");
        for (var i = 0; i < transactions; i++)
        {
            text.Append("\t\t\t\t\t<STMTTRN>\r\n\t\t\t\t\t\t<TRNTYPE>DEBIT\r\n\t\t\t\t\t\t<DTPOSTED>20240105120000.000[-5:EST]\r\n\t\t\t\t\t\t<TRNAMT>-")
                .Append(i % 1000).Append('.').Append((i % 100).ToString("00", System.Globalization.CultureInfo.InvariantCulture))
                .Append("\r\n\t\t\t\t\t\t<FITID>").Append(i)
                .Append("\r\n\t\t\t\t\t\t<NAME>PAYEE NUMBER ").Append(i % 97)
                .Append("\r\n\t\t\t\t\t\t<MEMO>PAYMENT REFERENCE ").Append(i).Append(" FOR SERVICES RENDERED")
                .Append("\r\n\t\t\t\t\t</STMTTRN>\r\n");
        }

        text.Append("\t\t\t\t</BANKTRANLIST>\r\n\t\t\t\t<LEDGERBAL>\r\n\t\t\t\t\t<BALAMT>0.00\r\n\t\t\t\t\t<DTASOF>20240131\r\n\t\t\t\t</LEDGERBAL>\r\n\t\t\t</STMTRS>\r\n\t\t</STMTTRNRS>\r\n\t</BANKMSGSRSV1>\r\n</OFX>\r\n");
        var result = Encoding.ASCII.GetBytes(text.ToString());
        lineCount = result.AsSpan().Count((byte)'\n');
        return result;
    }
}
