namespace ReconGrpc.Adapters.Mt940;

/// <summary>
/// One <c>:61:</c> statement line: value date YYMMDD, optional entry date MMDD, mark C, D, RC or RD, optional
/// funds code letter, amount with a decimal comma, transaction type (N, F or S and three characters), the
/// customer reference up to <c>//</c>, the bank reference after it, and supplementary details on the next line.
/// </summary>
internal sealed record TransactionLine
{
    public required DateOnly ValueDate { get; init; }

    public DateOnly? EntryDate { get; init; }

    /// <summary>C, D, RC or RD as the file writes it.</summary>
    public required string Mark { get; init; }

    /// <summary>The amount as written, unsigned.</summary>
    public required decimal Amount { get; init; }

    /// <summary>Money into the account: a credit, or the reversal of a debit (RD).</summary>
    public bool IsMoneyIn => Mark is "C" or "RD";

    /// <summary>The amount signed as cash flow: money in positive, money out (D, and RC, the reversal of a credit) negative.</summary>
    public decimal SignedAmount => IsMoneyIn ? Amount : -Amount;

    public required string TypeCode { get; init; }

    /// <summary>The customer reference, or null when it is NONREF or a placeholder pointing at <c>:86:</c> (EREF, PREF, KREF+).</summary>
    public string? CustomerReference { get; init; }

    /// <summary>The bank's reference after <c>//</c>, or null when absent or NONREF.</summary>
    public string? BankReference { get; init; }

    public string? Supplementary { get; init; }

    /// <summary>Reads the field; its lines are separated by '\n', the first being the text after <c>:61:</c>.</summary>
    /// <returns>Null when it reads; otherwise what is wrong, naming what was expected.</returns>
    public static string? TryParse(string field, out TransactionLine? line)
    {
        line = null;
        var newline = field.IndexOf('\n');
        var first = (newline < 0 ? field : field[..newline]).AsSpan().TrimEnd();
        var pos = 0;
        if (!Mt940Values.TryDate(first, out var valueDate))
        {
            return $"expected the value date YYMMDD at the start of :61:; found '{Head(first, 6)}'";
        }

        pos = 6;
        DateOnly? entryDate = null;
        if (first.Length >= pos + 4 && AllDigits(first.Slice(pos, 4)))
        {
            if (!Mt940Values.TryEntryDate(first.Slice(pos, 4), valueDate, out var entry))
            {
                return $"the entry date MMDD '{first.Slice(pos, 4)}' after the value date is not a date";
            }

            entryDate = entry;
            pos += 4;
        }

        string mark;
        if (first.Length > pos + 1 && first[pos] == 'R' && first[pos + 1] is 'C' or 'D')
        {
            mark = first[pos + 1] == 'C' ? "RC" : "RD";
            pos += 2;
        }
        else if (first.Length > pos && first[pos] is 'C' or 'D')
        {
            mark = first[pos] == 'C' ? "C" : "D";
            pos++;
        }
        else
        {
            return $"expected the debit/credit mark C, D, RC or RD after the date(s); found '{Head(first[pos..], 4)}'";
        }

        // A letter after the mark is the funds code (the third character of the currency code): CR is credit, funds R.
        if (first.Length > pos && char.IsAsciiLetterUpper(first[pos]))
        {
            pos++;
        }

        var amountEnd = pos;
        while (amountEnd < first.Length && (char.IsAsciiDigit(first[amountEnd]) || first[amountEnd] is ',' or '.'))
        {
            amountEnd++;
        }

        if (amountEnd == pos)
        {
            return $"expected the amount (digits with a decimal comma) after the mark {mark}; found '{Head(first[pos..], 8)}'";
        }

        if (Mt940Values.TryAmount(first[pos..amountEnd], out var amount) is { } problem)
        {
            return problem;
        }

        pos = amountEnd;
        if (first.Length < pos + 4 || first[pos] is not ('N' or 'F' or 'S'))
        {
            return $"expected the transaction type (N, F or S and three characters, as NTRF) after the amount; found '{Head(first[pos..], 4)}'";
        }

        var typeCode = first.Slice(pos, 4).ToString();
        pos += 4;
        var rest = first[pos..];
        var slashes = rest.IndexOf("//");
        var customer = (slashes < 0 ? rest : rest[..slashes]).Trim();
        var bank = slashes < 0 ? null : rest[(slashes + 2)..].Trim().ToString();
        string? supplementary = null;
        if (newline >= 0)
        {
            var more = field[(newline + 1)..].Split('\n');
            var skip = 0;

            // A field wrapped at a narrow width (the standard allows one line of details, so two or more mean
            // wrapping) can break the bank reference: a first continuation without '/' or blanks that keeps it
            // within 16 characters belongs to it.
            if (more.Length >= 2 && bank is { Length: > 0 } && bank.Length + more[0].Length <= 16 && more[0].Length > 0 && more[0].All(char.IsAsciiLetterOrDigit))
            {
                bank += more[0];
                skip = 1;
            }

            supplementary = string.Concat(more.Skip(skip)).Trim();
        }

        line = new TransactionLine
        {
            ValueDate = valueDate,
            EntryDate = entryDate,
            Mark = mark,
            Amount = amount,
            TypeCode = typeCode,
            CustomerReference = IsPlaceholder(customer) ? null : customer.ToString(),
            BankReference = bank is null || bank.Length == 0 || bank.Equals("NONREF", StringComparison.OrdinalIgnoreCase) ? null : bank,
            Supplementary = string.IsNullOrEmpty(supplementary) ? null : supplementary,
        };
        return null;
    }

    private static bool IsPlaceholder(ReadOnlySpan<char> reference) =>
        reference.IsEmpty
        || reference.Equals("NONREF", StringComparison.OrdinalIgnoreCase)
        || reference.Equals("NOTPROVIDED", StringComparison.OrdinalIgnoreCase)
        || reference.Equals("EREF", StringComparison.OrdinalIgnoreCase)
        || reference.Equals("PREF", StringComparison.OrdinalIgnoreCase)
        || reference[^1] == '+';

    private static bool AllDigits(ReadOnlySpan<char> text) => !text.ContainsAnyExceptInRange('0', '9');

    private static string Head(ReadOnlySpan<char> text, int length) =>
        text.IsEmpty ? "nothing" : text[..Math.Min(text.Length, length)].ToString();
}
