using ReconGrpc.Adapters.Shared.Text;

namespace ReconGrpc.Adapters.Taobao;

/// <summary>The columns of a 订单报表 (and of the 宝贝报表 joined to it) this adapter reads.</summary>
internal enum TaobaoField
{
    OrderNumber,
    Buyer,
    GoodsDue,
    ShippingDue,
    Total,
    Paid,
    Status,
    Created,
    PaidAt,
    Title,
    Refund,
    PaymentNumber,
    CloseReason,
    ItemTitle,
    ItemPrice,
    ItemQuantity,
}

/// <summary>Where each field's column is in the header row, and the heading the file gives it (for messages).</summary>
internal sealed class TaobaoColumns
{
    /// <summary>The headings of each field, in order of preference, as <see cref="ValueParser.HeaderKey"/> writes them.</summary>
    private static readonly (TaobaoField Field, string[] Headings)[] Headings =
    [
        (TaobaoField.OrderNumber, ["订单编号", "主订单编号"]),
        (TaobaoField.Buyer, ["买家会员名", "买家昵称"]),
        (TaobaoField.GoodsDue, ["买家应付货款"]),
        (TaobaoField.ShippingDue, ["买家应付邮费"]),
        (TaobaoField.Total, ["总金额"]),
        (TaobaoField.Paid, ["买家实际支付金额", "实际支付金额"]),
        (TaobaoField.Status, ["订单状态"]),
        (TaobaoField.Created, ["订单创建时间"]),
        (TaobaoField.PaidAt, ["订单付款时间"]),
        (TaobaoField.Title, ["宝贝标题"]),
        (TaobaoField.Refund, ["退款金额"]),
        (TaobaoField.PaymentNumber, ["支付单号", "支付宝交易号", "交易号"]),
        (TaobaoField.CloseReason, ["订单关闭原因"]),
        (TaobaoField.ItemTitle, ["标题", "商品标题"]),
        (TaobaoField.ItemPrice, ["价格"]),
        (TaobaoField.ItemQuantity, ["购买数量"]),
    ];

    private readonly int[] _index;
    private readonly string[] _heading;

    private TaobaoColumns(int[] index, string[] heading, int width)
    {
        _index = index;
        _heading = heading;
        Width = width;
    }

    /// <summary>How many columns the header has: a row with fewer cells was cut short.</summary>
    public int Width { get; }

    public int this[TaobaoField field] => _index[(int)field];

    public bool Has(TaobaoField field) => _index[(int)field] >= 0;

    public string Heading(TaobaoField field) => _heading[(int)field];

    /// <summary>True when the header is that of a 订单报表 (or its join with the 宝贝报表): an order number, a total and a date.</summary>
    public bool IsOrderReport =>
        Has(TaobaoField.OrderNumber) && (Has(TaobaoField.Paid) || Has(TaobaoField.Total)) && (Has(TaobaoField.Created) || Has(TaobaoField.PaidAt));

    /// <summary>True when the header is the 宝贝报表 alone: order numbers and items, but no order totals.</summary>
    public bool IsItemReportOnly =>
        Has(TaobaoField.OrderNumber) && Has(TaobaoField.ItemTitle) && Has(TaobaoField.ItemQuantity) && !Has(TaobaoField.Paid) && !Has(TaobaoField.Total);

    /// <summary>True when each row is one SKU of an order (the 宝贝报表 joined to the 订单报表).</summary>
    public bool IsPerItem => Has(TaobaoField.ItemTitle) || Has(TaobaoField.ItemQuantity);

    /// <summary>Maps a row's cells as headings; the first column of a heading wins when a join repeats it.</summary>
    public static TaobaoColumns From(string?[] texts)
    {
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        var width = 0;
        for (var i = 0; i < texts.Length; i++)
        {
            var key = ValueParser.HeaderKey(TaobaoCells.StripTextMark(texts[i]));
            if (key.Length > 0)
            {
                keys.TryAdd(key, i);
                width = i + 1;
            }
        }

        var fields = Enum.GetValues<TaobaoField>().Length;
        var index = new int[fields];
        var heading = new string[fields];
        foreach (var (field, names) in Headings)
        {
            index[(int)field] = -1;
            heading[(int)field] = names[0];
            foreach (var name in names)
            {
                if (keys.TryGetValue(name, out var at))
                {
                    index[(int)field] = at;
                    heading[(int)field] = TaobaoCells.StripTextMark(texts[at]) ?? name;
                    break;
                }
            }
        }

        return new TaobaoColumns(index, heading, width);
    }
}
