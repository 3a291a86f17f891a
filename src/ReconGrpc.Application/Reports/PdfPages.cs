using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ReconGrpc.Application.Reports;

/// <summary>What every PDF report draws the same way: text cut to a cell, and the foot of each page.</summary>
internal static class PdfPages
{
    /// <summary>The text cut to fit the width, with an ellipsis where it was cut.</summary>
    public static string Fit(XGraphics g, string text, XFont font, double width)
    {
        if (text.Length == 0 || g.MeasureString(text, font).Width <= width)
        {
            return text;
        }

        var (low, high) = (0, text.Length);
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (g.MeasureString(text[..mid] + "…", font).Width <= width)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        return text[..low] + "…";
    }

    /// <summary>
    /// A rule, the footer text (if any) and "第 N 页，共 M 页" at the foot of every page: drawn once the document is
    /// complete, as only then is the number of pages known.
    /// </summary>
    public static void WriteFeet(PdfDocument document, double margin, XFont font, XBrush brush, XPen rule, string? footer)
    {
        var count = document.PageCount;
        for (var i = 0; i < count; i++)
        {
            var page = document.Pages[i];
            using var g = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            var y = page.Height.Point - margin - 10;
            g.DrawLine(rule, margin, y - 4, page.Width.Point - margin, y - 4);
            if (footer is not null)
            {
                g.DrawString(footer, font, brush, new XRect(margin, y, page.Width.Point - (2 * margin) - 90, 10), XStringFormats.TopLeft);
            }

            g.DrawString($"第 {i + 1} 页，共 {count} 页", font, brush, new XRect(margin, y, page.Width.Point - (2 * margin), 10), XStringFormats.TopRight);
        }
    }
}
