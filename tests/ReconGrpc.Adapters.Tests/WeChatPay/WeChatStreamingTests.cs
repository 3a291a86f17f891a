using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Adapters.WeChatPay;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.WeChatPay;

/// <summary>The bills stream: an upload arriving a byte at a time reads the same, and rows come out long before a never-ending bill ends.</summary>
public sealed class WeChatStreamingTests
{
    private static readonly WeChatPayAdapter Adapter = new();

    [Theory]
    [InlineData("wechatpay-personal.csv")]
    [InlineData("wechatpay-personal-gbk.csv")]
    [InlineData("wechatpay-trade-all.csv")]
    public async Task A_bill_arriving_one_byte_at_a_time_reads_the_same_as_in_chunks(string file)
    {
        var bytes = Fixture.Bytes(file);
        var whole = await Fixture.ReadAsync(Adapter, file);

        var trickled = new List<ImportRow>();
        await using (var stream = new TrickleStream(bytes))
        {
            await foreach (var row in Adapter.ReadAsync(stream, new ImportContext { FileName = file }, TestContext.Cancellation))
            {
                trickled.Add(row);
            }
        }

        Assert.Equal(whole, trickled);
    }

    [Fact]
    public async Task Rows_of_an_endless_trade_bill_come_out_while_only_a_bounded_part_of_it_was_read()
    {
        const string Header = "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,"
                              + "微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注\r\n";
        var upload = new EndlessUpload(Header, i =>
            $"`2024-03-05 10:15:30,`wx1,`1900000109,`0,`,`42000020012024030{i:D10},`SO-{i},`openid,`JSAPI,`SUCCESS,`OTHERS,`CNY,`10.00,`0.00,`0,`0,`0.00,`0.00,`,`,`货品,`,`0.06000,`0.60%,`10.00,`0.00,`\r\n");
        var lines = 0;
        await foreach (var row in Adapter.ReadAsync(upload, new ImportContext { FileName = "bill.csv" }, TestContext.Cancellation))
        {
            if (row is RecordRow { Record: StatementLineRecord })
            {
                lines++;
            }

            if (lines == 20_000)
            {
                break;
            }
        }

        Assert.Equal(20_000, lines);
        Assert.InRange(upload.BytesServed, 1, 8L * 1024 * 1024);
    }

    /// <summary>An upload that hands over one byte a read.</summary>
    private sealed class TrickleStream(byte[] bytes) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position == bytes.Length || count == 0)
            {
                return 0;
            }

            buffer[offset] = bytes[_position++];
            return 1;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
