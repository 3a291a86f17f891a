using System.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Camt053;

/// <summary>
/// How sure the camt.053 adapter is, from a file's head: the <c>BkToCstmrStmt</c> message element and the
/// <c>camt.053</c> namespace are found in no other format.
/// </summary>
internal static class CamtDetection
{
    public static DetectionResult Detect(FileProbe probe)
    {
        var text = Decode(probe.Head.Span);
        var statement = text.Contains("BkToCstmrStmt", StringComparison.Ordinal);
        var ns = text.Contains("camt.053.001.", StringComparison.OrdinalIgnoreCase);
        var xmlName = probe.Extension is ".xml" or ".053" or ".camt";
        if (statement)
        {
            var confidence = (ns ? 0.97 : 0.92) + (xmlName ? 0.02 : 0);
            return new DetectionResult(confidence, $"An ISO 20022 camt.053 bank statement: a <BkToCstmrStmt> message{(ns ? " in the camt.053 namespace" : string.Empty)}.")
            {
                Kind = RecordKind.StatementLines,
            };
        }

        if (ns)
        {
            return new DetectionResult(0.85, "The camt.053 namespace, though the <BkToCstmrStmt> element is not in the file's head.") { Kind = RecordKind.StatementLines };
        }

        if (text.Contains("BkToCstmrAcctRpt", StringComparison.Ordinal) || text.Contains("BkToCstmrDbtCdtNtfctn", StringComparison.Ordinal))
        {
            return new DetectionResult(0.1, "An ISO 20022 camt.052 report or camt.054 notification, not a camt.053 statement.");
        }

        return DetectionResult.No("No camt.053 markers (a <BkToCstmrStmt> element, the urn:iso:std:iso:20022:tech:xsd:camt.053 namespace) in the file's head.");
    }

    /// <summary>The head as text: UTF-16 when it says so by its mark or its zero bytes, otherwise bytes as Latin-1 (the markers are ASCII).</summary>
    private static string Decode(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == '<' && head[1] == 0)))
        {
            return Encoding.Unicode.GetString(head[..(head.Length & ~1)]);
        }

        if (head.Length >= 2 && ((head[0] == 0xFE && head[1] == 0xFF) || (head[0] == 0 && head[1] == '<')))
        {
            return Encoding.BigEndianUnicode.GetString(head[..(head.Length & ~1)]);
        }

        return Encoding.Latin1.GetString(head);
    }
}
