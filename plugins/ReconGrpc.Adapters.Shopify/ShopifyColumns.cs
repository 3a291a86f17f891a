using ReconGrpc.Adapters.Shared.Text;

namespace ReconGrpc.Adapters.Shopify;

/// <summary>The columns of Shopify's orders export this adapter reads.</summary>
internal enum ShopifyField
{
    Name,
    Email,
    FinancialStatus,
    PaidAt,
    Currency,
    Subtotal,
    Shipping,
    Taxes,
    Total,
    DiscountAmount,
    CreatedAt,
    LineQuantity,
    LineName,
    LinePrice,
    BillingName,
    CancelledAt,
    PaymentMethod,
    PaymentReference,
    RefundedAmount,
    OutstandingBalance,
    Id,
    Duties,
    PaymentId,
    PaymentTermsName,
    NextPaymentDueAt,
    PaymentReferences,
}

/// <summary>Where each field's column is in the header row.</summary>
internal sealed class ShopifyColumns
{
    private static readonly (ShopifyField Field, string Heading)[] Headings =
    [
        (ShopifyField.Name, "Name"),
        (ShopifyField.Email, "Email"),
        (ShopifyField.FinancialStatus, "Financial Status"),
        (ShopifyField.PaidAt, "Paid at"),
        (ShopifyField.Currency, "Currency"),
        (ShopifyField.Subtotal, "Subtotal"),
        (ShopifyField.Shipping, "Shipping"),
        (ShopifyField.Taxes, "Taxes"),
        (ShopifyField.Total, "Total"),
        (ShopifyField.DiscountAmount, "Discount Amount"),
        (ShopifyField.CreatedAt, "Created at"),
        (ShopifyField.LineQuantity, "Lineitem quantity"),
        (ShopifyField.LineName, "Lineitem name"),
        (ShopifyField.LinePrice, "Lineitem price"),
        (ShopifyField.BillingName, "Billing Name"),
        (ShopifyField.CancelledAt, "Cancelled at"),
        (ShopifyField.PaymentMethod, "Payment Method"),
        (ShopifyField.PaymentReference, "Payment Reference"),
        (ShopifyField.RefundedAmount, "Refunded Amount"),
        (ShopifyField.OutstandingBalance, "Outstanding Balance"),
        (ShopifyField.Id, "Id"),
        (ShopifyField.Duties, "Duties"),
        (ShopifyField.PaymentId, "Payment ID"),
        (ShopifyField.PaymentTermsName, "Payment Terms Name"),
        (ShopifyField.NextPaymentDueAt, "Next Payment Due At"),
        (ShopifyField.PaymentReferences, "Payment References"),
    ];

    /// <summary>
    /// The order's own fields: Shopify writes them on an order's first row only (Name, Email and Created at on every
    /// row). A later row that carries one must carry the same value.
    /// </summary>
    public static readonly ShopifyField[] OrderLevel =
    [
        ShopifyField.Email, ShopifyField.FinancialStatus, ShopifyField.PaidAt, ShopifyField.Currency, ShopifyField.Subtotal, ShopifyField.Shipping,
        ShopifyField.Taxes, ShopifyField.Total, ShopifyField.DiscountAmount, ShopifyField.CreatedAt, ShopifyField.BillingName, ShopifyField.CancelledAt,
        ShopifyField.PaymentMethod, ShopifyField.PaymentReference, ShopifyField.RefundedAmount, ShopifyField.OutstandingBalance, ShopifyField.Id,
        ShopifyField.Duties, ShopifyField.PaymentId, ShopifyField.PaymentTermsName, ShopifyField.NextPaymentDueAt, ShopifyField.PaymentReferences,
    ];

    /// <summary>The order-level fields that are amounts, compared by value (10 and 10.00 agree).</summary>
    public static bool IsAmount(ShopifyField field) => field is ShopifyField.Subtotal or ShopifyField.Shipping or ShopifyField.Taxes or ShopifyField.Total
        or ShopifyField.DiscountAmount or ShopifyField.RefundedAmount or ShopifyField.OutstandingBalance or ShopifyField.Duties;

    private readonly int[] _index;

    private ShopifyColumns(int[] index, int width)
    {
        _index = index;
        Width = width;
    }

    /// <summary>How many columns the header has: a row with fewer cells was cut short.</summary>
    public int Width { get; }

    public int this[ShopifyField field] => _index[(int)field];

    public bool Has(ShopifyField field) => _index[(int)field] >= 0;

    public static string Heading(ShopifyField field) => Headings[(int)field].Heading;

    /// <summary>The required headings the row lacks: Name, Total and Created at (or Paid at).</summary>
    public IEnumerable<string> Missing()
    {
        foreach (var field in (ShopifyField[])[ShopifyField.Name, ShopifyField.Total])
        {
            if (!Has(field))
            {
                yield return Heading(field);
            }
        }

        if (!Has(ShopifyField.CreatedAt) && !Has(ShopifyField.PaidAt))
        {
            yield return Heading(ShopifyField.CreatedAt);
        }
    }

    /// <summary>How many of the export's own headings the row holds (for telling a header from a title line).</summary>
    public int Found => _index.Count(i => i >= 0);

    public static ShopifyColumns From(string?[] texts)
    {
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        var width = 0;
        for (var i = 0; i < texts.Length; i++)
        {
            var key = ValueParser.HeaderKey(texts[i]);
            if (key.Length > 0)
            {
                keys.TryAdd(key, i);
                width = i + 1;
            }
        }

        var index = new int[Headings.Length];
        foreach (var (field, heading) in Headings)
        {
            index[(int)field] = keys.TryGetValue(ValueParser.HeaderKey(heading), out var at) ? at : -1;
        }

        return new ShopifyColumns(index, width);
    }
}
