namespace ReconGrpc.Adapters.Shared.Tabular;

/// <summary>The container a table arrives in.</summary>
internal enum TabularFormat
{
    /// <summary>Delimited text: CSV, semicolon- or tab-separated (TSV, T3's 文本文件 output).</summary>
    Delimited,

    /// <summary>A binary workbook: .xls (BIFF8, an OLE2 compound file) or .xlsx (a zip of XML parts).</summary>
    Workbook,

    /// <summary>An HTML table, as many Chinese tools write ".xls" exports and as Excel saves a web page.</summary>
    HtmlTable,
}

/// <summary>Recognises the container from the first bytes; the file name breaks no ties the bytes can settle.</summary>
internal static class FormatSniffer
{
    private static ReadOnlySpan<byte> Ole2Signature => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private static ReadOnlySpan<byte> ZipSignature => [0x50, 0x4B, 0x03, 0x04];

    public static bool IsOle2(ReadOnlySpan<byte> head) => head.StartsWith(Ole2Signature);

    public static bool IsZip(ReadOnlySpan<byte> head) => head.StartsWith(ZipSignature);

    public static TabularFormat Sniff(ReadOnlySpan<byte> head)
    {
        if (IsOle2(head) || IsZip(head))
        {
            return TabularFormat.Workbook;
        }

        return LooksLikeHtml(head) ? TabularFormat.HtmlTable : TabularFormat.Delimited;
    }

    /// <summary>Markup starts the file (after any byte-order mark and blank space) and a table or page element appears.</summary>
    private static bool LooksLikeHtml(ReadOnlySpan<byte> head)
    {
        var start = head;
        if (start.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            start = start[3..];
        }

        start = start.TrimStart((ReadOnlySpan<byte>)[(byte)' ', (byte)'\t', (byte)'\r', (byte)'\n']);
        if (start.IsEmpty || start[0] != (byte)'<')
        {
            return false;
        }

        var window = System.Text.Encoding.ASCII.GetString(start[..Math.Min(start.Length, 4096)]);
        return window.Contains("<table", StringComparison.OrdinalIgnoreCase)
               || window.Contains("<html", StringComparison.OrdinalIgnoreCase)
               || window.Contains("<!doctype html", StringComparison.OrdinalIgnoreCase);
    }
}
