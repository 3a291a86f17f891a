using System.Text;

namespace ReconGrpc.Adapters.Mt940;

/// <summary>
/// What a <c>:86:</c> information field says about its line, in any of its three forms: German sub-fields
/// (<c>166?00GUTSCHRIFT?20…?32name</c>), slash-keyed SEPA fields (<c>/EREF/…//CNTP/iban/bic/name/city//REMI/USTD//text/</c>)
/// or free text.
/// </summary>
internal sealed record Details
{
    private static readonly string[] SlashKeys =
    [
        "EREF", "PREF", "KREF", "IREF", "RTRN", "CNTP", "REMI", "MARF", "CSID", "ORDP", "BENM", "ULTC", "ULTD", "ULTB", "PURP",
        "BUSP", "TRCD", "TRTP", "IBAN", "BIC", "NAME", "ADDR", "SVCL", "EXCH", "OCMT", "CHGS", "ISDT", "RTYP", "CDTRREFTP", "CDTRREF",
    ];

    private static readonly string[] SepaKeys = ["EREF+", "KREF+", "MREF+", "CRED+", "DEBT+", "COAM+", "OAMT+", "SVWZ+", "ABWA+", "ABWE+", "IBAN+", "BIC+"];

    public static Details None { get; } = new();

    /// <summary>The remittance text (Verwendungszweck, REMI, or the free text).</summary>
    public string? Text { get; init; }

    /// <summary>The booking text (<c>?00</c>).</summary>
    public string? BookingText { get; init; }

    /// <summary>The end-to-end reference (EREF), not NOTPROVIDED.</summary>
    public string? EndToEnd { get; init; }

    /// <summary>Another reference the field gives: KREF, PREF or a structured creditor reference.</summary>
    public string? OtherReference { get; init; }

    public string? CounterpartyName { get; init; }

    public string? CounterpartyAccount { get; init; }

    /// <summary>Reads the field; its lines are separated by '\n'.</summary>
    public static Details Parse(string field)
    {
        var joined = field.Replace("\n", string.Empty, StringComparison.Ordinal);
        if (SubFieldSeparator(joined) is { } separator)
        {
            return FromSubFields(joined, separator);
        }

        if (joined.StartsWith('/') && KeyAt(joined, 0) is not null)
        {
            return FromSlashKeys(joined);
        }

        return new Details { Text = Clean(field.Replace('\n', ' ')) };
    }

    /// <summary>
    /// The statement-level <c>/SUM/debits/credits/debit total/credit total/</c> ING writes after <c>:62F:</c>:
    /// counts of debit and credit lines and their totals.
    /// </summary>
    public static bool TrySum(string field, out int count, out decimal debits, out decimal credits)
    {
        count = 0;
        debits = credits = 0;
        var text = field.Replace("\n", string.Empty, StringComparison.Ordinal).Trim();
        if (!text.StartsWith("/SUM/", StringComparison.Ordinal))
        {
            return false;
        }

        var parts = text[5..].TrimEnd('/').Split('/');
        if (parts.Length != 4 || !int.TryParse(parts[0], out var debitCount) || !int.TryParse(parts[1], out var creditCount)
            || Mt940Values.TryAmount(parts[2], out debits) is not null || Mt940Values.TryAmount(parts[3], out credits) is not null)
        {
            return false;
        }

        count = debitCount + creditCount;
        return true;
    }

    /// <summary>The sub-field separator when the field starts with a three-digit business code and one (<c>166?00</c>).</summary>
    private static char? SubFieldSeparator(string text)
    {
        if (text.Length < 6 || !char.IsAsciiDigit(text[0]) || !char.IsAsciiDigit(text[1]) || !char.IsAsciiDigit(text[2]))
        {
            return null;
        }

        var separator = text[3];
        return !char.IsAsciiLetterOrDigit(separator) && separator != ' ' && char.IsAsciiDigit(text[4]) && char.IsAsciiDigit(text[5]) ? separator : null;
    }

    private static Details FromSubFields(string text, char separator)
    {
        var remittance = new StringBuilder();
        var name = new StringBuilder();
        string? booking = null;
        string? account = null;
        var at = text.IndexOf(separator);
        while (at >= 0 && at + 2 < text.Length)
        {
            var next = at + 3;
            while ((next = text.IndexOf(separator, next)) >= 0 && !(next + 2 < text.Length && char.IsAsciiDigit(text[next + 1]) && char.IsAsciiDigit(text[next + 2])))
            {
                next++;
            }

            var code = ((text[at + 1] - '0') * 10) + (text[at + 2] - '0');
            var value = next < 0 ? text.AsSpan(at + 3) : text.AsSpan(at + 3, next - at - 3);
            switch (code)
            {
                case 0:
                    booking = value.ToString();
                    break;
                case >= 20 and <= 29:
                case >= 60 and <= 63:
                    remittance.Append(value);
                    break;
                case 31:
                    account = value.ToString();
                    break;
                case 32:
                case 33:
                    name.Append(value);
                    break;
            }

            at = next;
        }

        var (sepaText, endToEnd, other) = SepaParts(remittance.ToString());
        return new Details
        {
            Text = Clean(sepaText),
            BookingText = Clean(booking),
            EndToEnd = endToEnd,
            OtherReference = other,
            CounterpartyName = Clean(name.ToString()),
            CounterpartyAccount = Clean(account),
        };
    }

    /// <summary>
    /// Splits remittance text at the SEPA keys (EREF+, SVWZ+, …) German banks put in it. The text is the SVWZ+ part
    /// when there is one, else all of it.
    /// </summary>
    private static (string Text, string? EndToEnd, string? Other) SepaParts(string remittance)
    {
        var found = new List<(int At, string Key)>();
        foreach (var key in SepaKeys)
        {
            var at = remittance.IndexOf(key, StringComparison.Ordinal);
            if (at >= 0)
            {
                found.Add((at, key));
            }
        }

        if (found.Count == 0)
        {
            return (remittance, null, null);
        }

        found.Sort((a, b) => a.At.CompareTo(b.At));
        string? text = null;
        string? endToEnd = null;
        string? other = null;
        for (var i = 0; i < found.Count; i++)
        {
            var start = found[i].At + found[i].Key.Length;
            var end = i + 1 < found.Count ? found[i + 1].At : remittance.Length;
            var value = Clean(remittance[start..end]);
            switch (found[i].Key)
            {
                case "SVWZ+":
                    text = value;
                    break;
                case "EREF+":
                    endToEnd = Reference(value);
                    break;
                case "KREF+":
                    other = Reference(value);
                    break;
            }
        }

        return (text ?? remittance, endToEnd, other);
    }

    private static Details FromSlashKeys(string text)
    {
        string? remittance = null;
        string? endToEnd = null;
        string? other = null;
        string? name = null;
        string? account = null;
        var at = 0;
        while (at < text.Length)
        {
            var key = KeyAt(text, at)!;
            var start = at + key.Length + 2;
            var next = start;
            string? nextKey = null;
            while ((next = text.IndexOf('/', next)) >= 0 && (nextKey = KeyAt(text, next)) is null)
            {
                next++;
            }

            var end = next < 0 ? text.Length : next;
            var value = text[start..end];
            if (value.EndsWith('/'))
            {
                value = value[..^1];
            }

            switch (key)
            {
                case "EREF":
                    endToEnd = Reference(value);
                    break;
                case "PREF" or "KREF":
                    other ??= Reference(value);
                    break;
                case "REMI":
                    (remittance, var structured) = Remittance(value);
                    other = structured ?? other;
                    break;
                case "CNTP":
                    var parts = value.Split('/');
                    account = parts.Length > 0 ? Clean(parts[0]) : null;
                    name = parts.Length > 2 ? Clean(parts[2]) : null;
                    break;
                case "IBAN":
                    account ??= Clean(value);
                    break;
                case "NAME":
                    name ??= Clean(value);
                    break;
            }

            if (next < 0 || nextKey is null)
            {
                break;
            }

            at = next;
        }

        return new Details { Text = Clean(remittance), EndToEnd = endToEnd, OtherReference = other, CounterpartyName = name, CounterpartyAccount = account };
    }

    /// <summary><c>USTD//text</c> (unstructured) or <c>STRD/CUR/reference</c> (a structured creditor reference).</summary>
    private static (string? Text, string? Structured) Remittance(string value)
    {
        if (value.StartsWith("USTD/", StringComparison.Ordinal))
        {
            return (value.AsSpan(5).TrimStart('/').ToString(), null);
        }

        if (value.StartsWith("STRD/", StringComparison.Ordinal))
        {
            var reference = value[(value.LastIndexOf('/') + 1)..];
            return (reference, Reference(reference));
        }

        return (value, null);
    }

    /// <summary>The key at a '/' (<c>/EREF/</c>), or null.</summary>
    private static string? KeyAt(string text, int at)
    {
        if (text[at] != '/')
        {
            return null;
        }

        foreach (var key in SlashKeys)
        {
            if (at + key.Length + 1 < text.Length && text[at + key.Length + 1] == '/' && string.CompareOrdinal(text, at + 1, key, 0, key.Length) == 0)
            {
                return key;
            }
        }

        return null;
    }

    private static string? Reference(string? value)
    {
        var text = Clean(value);
        return text is null || text.Equals("NOTPROVIDED", StringComparison.OrdinalIgnoreCase) || text.Equals("NONREF", StringComparison.OrdinalIgnoreCase) ? null : text;
    }

    /// <summary>Trims and folds runs of blanks into one; null when nothing is left.</summary>
    internal static string? Clean(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var span = value.AsSpan().Trim();
        if (span.IndexOf("  ") < 0)
        {
            return span.Length == value.Length ? value : span.ToString();
        }

        var builder = new StringBuilder(span.Length);
        var blank = false;
        foreach (var c in span)
        {
            if (c == ' ')
            {
                if (!blank)
                {
                    builder.Append(c);
                }

                blank = true;
                continue;
            }

            blank = false;
            builder.Append(c);
        }

        return builder.ToString();
    }
}
