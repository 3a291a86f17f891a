using System.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Ofx;

/// <summary>Recognises OFX from a file's name and first bytes.</summary>
internal static class OfxDetection
{
    private static readonly string[] BodyMarkers = ["<SIGNONMSGSRSV1>", "<BANKMSGSRSV1>", "<CREDITCARDMSGSRSV1>", "<STMTRS>", "<CCSTMTRS>", "<STMTTRN>"];

    public static DetectionResult Detect(FileProbe probe)
    {
        var head = probe.Head.Span;
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            head = head[3..];
        }

        var text = head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) ? Encoding.Unicode.GetString(head[2..])
            : head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) ? Encoding.BigEndianUnicode.GetString(head[2..])
            : Encoding.Latin1.GetString(head);
        var named = probe.Extension is ".ofx" or ".qfx" or ".qbo";
        var syntax = OfxHeader.SyntaxOf(text);
        var body = BodyMarkers.FirstOrDefault(m => text.Contains(m, StringComparison.OrdinalIgnoreCase));
        var hasOfx = text.Contains("<OFX>", StringComparison.OrdinalIgnoreCase);
        switch (syntax)
        {
            case OfxSyntax.Sgml when hasOfx || text.Contains("DATA:OFXSGML", StringComparison.OrdinalIgnoreCase):
                return Found(0.95, "an OFX 1.x header (OFXHEADER:100, DATA:OFXSGML)");
            case OfxSyntax.Xml when text.Contains("OFXHEADER=", StringComparison.OrdinalIgnoreCase):
                return Found(0.95, "an OFX 2.x processing instruction (<?OFX OFXHEADER=\"200\" …?>)");
            case OfxSyntax.Xml or OfxSyntax.Bare when body is not null:
                return Found(0.9, $"an <OFX> element holding {body}, without an OFX header");
        }

        return named
            ? new DetectionResult(0.2, $"The name ends in {probe.Extension}, but the first bytes hold no OFX header and no <OFX> element.")
            : DetectionResult.No("No OFX header (OFXHEADER:100 or <?OFX …?>) and no <OFX> element in the first bytes.");

        static DetectionResult Found(double confidence, string what) =>
            new(confidence, $"The file holds {what}.") { Kind = RecordKind.StatementLines };
    }
}
