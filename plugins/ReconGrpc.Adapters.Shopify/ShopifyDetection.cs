using ReconGrpc.Adapters.Shared.Detection;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Shopify;

/// <summary>
/// How sure the adapter is, from the text in a file's head: <c>Financial Status</c> beside <c>Lineitem …</c> columns
/// is Shopify's orders export and nothing else's.
/// </summary>
internal static class ShopifyDetection
{
    private static readonly string[] OrderHeadings = ["Name", "Email", "Paid at", "Fulfillment Status", "Subtotal", "Total", "Created at", "Billing Name"];
    private static readonly string[] LineHeadings = ["Lineitem quantity", "Lineitem name", "Lineitem price", "Lineitem sku"];

    public static DetectionResult Detect(ProbeText text)
    {
        if (!text.Contains("Financial Status"))
        {
            return DetectionResult.No("No Shopify orders export headings (Name, Financial Status, Lineitem quantity, Total) in the file's head.");
        }

        var lines = text.CountOf(LineHeadings);
        var order = text.CountOf(OrderHeadings);
        if (lines >= 3 && order >= 6)
        {
            return Orders(0.95, $"Looks like a Shopify orders export: Financial Status, {lines} Lineitem columns and {order} of its order columns.");
        }

        if (lines >= 1 && order >= 3)
        {
            return Orders(0.8, "Looks like a Shopify orders export, some of its columns left out: Financial Status and Lineitem columns.");
        }

        return DetectionResult.No("Financial Status alone, without Shopify's Lineitem and order columns, is not a Shopify orders export.");
    }

    private static DetectionResult Orders(double confidence, string reason) => new(confidence, reason) { Kind = RecordKind.Orders };
}
