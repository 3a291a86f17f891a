namespace ReconGrpc.Plugins.Abstractions;

/// <summary>订单 — a shop or platform order, matched against invoices and receipts.</summary>
public sealed record OrderRecord : ImportRecord
{
    /// <summary>Creates an order record.</summary>
    /// <param name="orderNumber">订单号 — the order number as the shop or platform shows it.</param>
    /// <param name="date">The order date.</param>
    /// <param name="amount">The order total the customer pays; a refund is negative.</param>
    /// <exception cref="ArgumentException">The order number is blank.</exception>
    public OrderRecord(string orderNumber, DateOnly date, decimal amount)
    {
        OrderNumber = Guard.Required(orderNumber, nameof(orderNumber));
        Date = date;
        Amount = amount;
    }

    /// <summary>订单号 — the order number.</summary>
    public string OrderNumber { get; }

    /// <summary>The order date.</summary>
    public DateOnly Date { get; }

    /// <summary>The order total the customer pays, in <see cref="Currency"/>; a refund is negative.</summary>
    public decimal Amount { get; }

    /// <summary>客户编码 — the customer's code, when the source gives one.</summary>
    public string? CustomerCode { get; init => field = Guard.Optional(value); }

    /// <summary>客户名称 — the customer's (buyer's or shop's) name, when the source gives one.</summary>
    public string? CustomerName { get; init => field = Guard.Optional(value); }

    /// <summary>
    /// 统一社会信用代码 — the buyer's unified social credit code (购方税号 on an invoiced order), when the source gives
    /// one (SDK 1.1). The host finds the customer by <see cref="CustomerCode"/>, then by this, then by
    /// <see cref="CustomerName"/>, and rejects an order whose code and credit code belong to two different customers.
    /// Pass it as the text stands; the host trims and upper-cases it.
    /// </summary>
    public string? CustomerCreditCode { get; init => field = Guard.Optional(value); }

    /// <summary>币种 — the ISO 4217 currency code; <see langword="null"/> means the base currency.</summary>
    public string? Currency { get; init => field = Guard.Currency(value, nameof(Currency)); }

    /// <summary>订单状态 — the order status as the source names it (已发货, 已完成, 已退款 …).</summary>
    public string? Status { get; init => field = Guard.Optional(value); }

    /// <summary>A reference shared with the other side (payment or platform transaction number).</summary>
    public string? Reference { get; init => field = Guard.Optional(value); }

    /// <summary>备注 — the order's remark.</summary>
    public string? Memo { get; init => field = Guard.Optional(value); }

    /// <summary>
    /// 退款金额 — how much of <see cref="Amount"/> the order says was refunded (SDK 1.4), positive; <see langword="null"/>
    /// when the source does not say. The buyer's net payment is <see cref="Amount"/> less it.
    /// </summary>
    public decimal? RefundedAmount { get; init => field = Guard.NotNegative(value, nameof(RefundedAmount)); }

    /// <summary>运费 / shipping — the shipping charged, included in <see cref="Amount"/> (SDK 1.4).</summary>
    public decimal? ShippingAmount { get; init; }

    /// <summary>优惠 / discount — the discount given, already taken off <see cref="Amount"/>, positive (SDK 1.4).</summary>
    public decimal? DiscountAmount { get; init; }

    /// <summary>税额 / taxes — the tax included in <see cref="Amount"/> (SDK 1.4).</summary>
    public decimal? TaxAmount { get; init; }

    /// <summary>到期日 — when the buyer must pay, from the order's payment terms (SDK 1.4).</summary>
    public DateOnly? DueDate { get; init; }

    /// <summary>
    /// 支付平台 / payment gateway — the platform the buyer paid through (支付宝, 微信支付, shopify_payments), as the
    /// source names it (SDK 1.4).
    /// </summary>
    public string? PaymentMethod { get; init => field = Guard.Optional(value); }

    /// <inheritdoc />
    public override RecordKind Kind => RecordKind.Orders;
}
