using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace ReconGrpc.Adapters.Camt053;

/// <summary>Finding camt elements by local name, whatever the namespace of the message version.</summary>
internal static class Elements
{
    /// <summary>The first child element with the local name, or null.</summary>
    public static XElement? Child(this XElement? element, string name)
    {
        if (element is null)
        {
            return null;
        }

        for (var node = element.FirstNode; node is not null; node = node.NextNode)
        {
            if (node is XElement child && child.Name.LocalName == name)
            {
                return child;
            }
        }

        return null;
    }

    /// <summary>The element at a path of local names below this one, or null.</summary>
    public static XElement? At(this XElement? element, params ReadOnlySpan<string> path)
    {
        foreach (var name in path)
        {
            element = element.Child(name);
            if (element is null)
            {
                return null;
            }
        }

        return element;
    }

    /// <summary>The children with the local name.</summary>
    public static IEnumerable<XElement> Children(this XElement? element, string name) =>
        element is null ? [] : element.Elements().Where(e => e.Name.LocalName == name);

    /// <summary>All elements below with the local name, in document order.</summary>
    public static IEnumerable<XElement> Below(this XElement? element, string name) =>
        element is null ? [] : element.Descendants().Where(e => e.Name.LocalName == name);

    /// <summary>The trimmed text at a path, or null when absent or blank.</summary>
    public static string? Text(this XElement? element, params ReadOnlySpan<string> path)
    {
        var found = element.At(path);
        if (found is null)
        {
            return null;
        }

        var value = found.Value.Trim();
        return value.Length == 0 ? null : value;
    }

    /// <summary>The element's 1-based line in the file (it was loaded with line information).</summary>
    public static long LineOf(this XElement element, long fallback) =>
        element is IXmlLineInfo info && info.HasLineInfo() && info.LineNumber > 0 ? info.LineNumber : fallback;

    /// <summary>A camt amount: digits with a decimal point, no sign (the sign is in CdtDbtInd).</summary>
    public static bool TryAmount(string? text, out decimal amount) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite,
            CultureInfo.InvariantCulture, out amount);

    /// <summary>A date from a <c>Dt</c> (2014-01-05, perhaps with a zone) or <c>DtTm</c> (2014-01-05T10:00:00+01:00) element: the date as the bank wrote it.</summary>
    public static bool TryDate(XElement? dateChoice, out DateOnly date, out string? written)
    {
        written = dateChoice.Text("Dt") ?? dateChoice.Text("DtTm");
        date = default;
        return written is { Length: >= 10 }
               && DateOnly.TryParseExact(written.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
               && (written.Length == 10 || written[10] is 'T' or 'Z' or '+' or '-' or ' ');
    }

    /// <summary>An ISO 4217 code: three ASCII letters.</summary>
    public static bool IsCurrency(string? code) => code is { Length: 3 } && code.All(char.IsAsciiLetter);
}
