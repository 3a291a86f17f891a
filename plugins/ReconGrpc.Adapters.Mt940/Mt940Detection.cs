using System.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Mt940;

/// <summary>Recognises MT940 by its tags at the start of lines and its envelope, from the first 64 KiB.</summary>
internal static class Mt940Detection
{
    public static DetectionResult Detect(FileProbe probe)
    {
        var head = probe.Head.Span;
        if (head.IndexOf((byte)0) >= 0)
        {
            return DetectionResult.No("The file is binary or UTF-16, not MT940 text.");
        }

        // Tags and the envelope are ASCII, whatever the encoding of names in :86:.
        var text = Encoding.Latin1.GetString(head);
        var envelope = text.Contains("{2:I940", StringComparison.Ordinal) || text.Contains("{2:O940", StringComparison.Ordinal);
        var reference = HasTag(text, ":20:");
        var account = HasTag(text, ":25:");
        var number = HasTag(text, ":28C:") || HasTag(text, ":28:");
        var opening = HasTag(text, ":60F:") || HasTag(text, ":60M:");
        var line = HasTag(text, ":61:");
        var closing = HasTag(text, ":62F:") || HasTag(text, ":62M:");
        var extension = probe.Extension is ".940" or ".sta" or ".mt940" or ".swi";
        var found = Named((":20:", reference), (":25:", account), (":28C:", number), (":60F:", opening), (":61:", line), (":62F:", closing));
        var result = (reference, account, opening || closing, line || closing) switch
        {
            _ when envelope && reference && account => new DetectionResult(0.97, "A SWIFT envelope of message type 940 with the tags " + found + "."),
            (true, true, true, _) => new DetectionResult(number ? 0.95 : 0.9, "Lines start with the MT940 tags " + found + "."),
            (true, true, false, true) => new DetectionResult(0.85, "Lines start with the MT940 tags " + found + "."),
            (true, true, false, false) when number => new DetectionResult(0.8, "Lines start with the MT940 tags " + found + "."),
            _ when reference || account || line || opening => new DetectionResult(extension ? 0.5 : 0.4, "Some MT940 tags (" + found + "), not enough of them for a statement."),
            _ when extension => new DetectionResult(0.2, $"The name ends in {probe.Extension}, used for MT940 files, but the start holds no MT940 tag."),
            _ => DetectionResult.No("No MT940 tag (:20:, :25:, :60F:, :61:) starts a line."),
        };
        return result with { Kind = result.Confidence > 0 ? RecordKind.StatementLines : RecordKind.None };
    }

    /// <summary>True when a line starts with the tag (or the text does).</summary>
    private static bool HasTag(string text, string tag)
    {
        if (text.StartsWith(tag, StringComparison.Ordinal))
        {
            return true;
        }

        var at = 0;
        while ((at = text.IndexOf(tag, at, StringComparison.Ordinal)) > 0)
        {
            if (text[at - 1] is '\n' or '\r' or ':')
            {
                return true;
            }

            at += tag.Length;
        }

        return false;
    }

    private static string Named(params (string Tag, bool Present)[] tags) =>
        string.Join(", ", tags.Where(t => t.Present).Select(t => t.Tag)) is { Length: > 0 } names ? names : "none";
}
