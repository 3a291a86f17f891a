using System.Globalization;
using System.Xml.Linq;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Camt053;

/// <summary>The statement an entry belongs to: our account and the statement's currency.</summary>
internal sealed record StatementInfo(string? Account, string? Currency);

/// <summary>What reading one entry gave: how many lines it yielded, and whether it was left out for not being booked.</summary>
internal readonly record struct EntryOutcome(int Lines, bool NotBooked);

/// <summary>
/// Turns one <c>Ntry</c> into statement lines: one line for an entry of one transaction, one line per
/// <c>TxDtls</c> for a batch whose details carry amounts that add up to the entry.
/// </summary>
internal static class EntryReader
{
    private const string ReversalMark = "冲正/Reversal";

    public static EntryOutcome Read(XElement ntry, long line, StatementInfo statement, List<ImportRow> output)
    {
        var status = ntry.Text("Sts");
        if (status is not null && !status.Equals("BOOK", StringComparison.OrdinalIgnoreCase))
        {
            return new EntryOutcome(0, NotBooked: true);
        }

        var amountElement = ntry.Child("Amt");
        if (amountElement is null)
        {
            output.Add(new RowError(line, "Amt", "The entry (Ntry) has no Amt element; expected its amount, e.g. <Amt Ccy=\"EUR\">12.34</Amt>. The entry was not imported."));
            return default;
        }

        var amountText = amountElement.Value.Trim();
        if (!Elements.TryAmount(amountText, out var amount))
        {
            output.Add(new RowError(line, "Amt",
                $"The entry's amount '{amountText}' is not a number; expected digits with a decimal point such as 1405.31 (the sign is given by CdtDbtInd). The entry was not imported."));
            return default;
        }

        var direction = ntry.Text("CdtDbtInd");
        if (Credit(direction) is not { } credit)
        {
            output.Add(new RowError(line, "CdtDbtInd",
                $"The entry's CdtDbtInd is {(direction is null ? "missing" : $"'{direction}'")}; expected CRDT (money in) or DBIT (money out). The entry was not imported."));
            return default;
        }

        var currency = amountElement.Attribute("Ccy")?.Value.Trim() is { Length: > 0 } ccy ? ccy : statement.Currency;
        if (currency is not null && !Elements.IsCurrency(currency))
        {
            output.Add(new RowError(line, "Ccy", $"The entry's currency '{currency}' is not an ISO 4217 code such as EUR or CNY. The entry was not imported."));
            return default;
        }

        if (!Elements.TryDate(ntry.Child("BookgDt"), out var date, out var written) && !Elements.TryDate(ntry.Child("ValDt"), out date, out _))
        {
            output.Add(new RowError(line, "BookgDt", written is null
                ? "The entry has no booking date (BookgDt/Dt or BookgDt/DtTm) and no value date; expected one such as 2014-01-05. The entry was not imported."
                : $"The entry's booking date '{written}' is not a date; expected yyyy-MM-dd or an ISO date-time such as 2014-01-05T10:00:00. The entry was not imported."));
            return default;
        }

        var entry = new Entry(line, date, amount, credit, currency, ntry.Text("RvslInd") is "true" or "1",
            ntry.Text("AcctSvcrRef"), ntry.Text("NtryRef"), ntry.Text("AddtlNtryInf"), BankCode(ntry.Child("BkTxCd")), statement);
        var details = ntry.Children("NtryDtls").SelectMany(d => d.Children("TxDtls")).ToList();
        if (details.Count < 2)
        {
            var single = details.Count == 1 ? details[0] : null;
            output.Add(new RecordRow(line, Build(entry, single, amount, credit, currency, entry.ServicerRef ?? single.Text("Refs", "AcctSvcrRef"))));
            return new EntryOutcome(1, false);
        }

        if (Split(entry, details, output) is { } lines)
        {
            return new EntryOutcome(lines, false);
        }

        // Not itemised, or itemised wrongly: the entry as the bank booked it, with what the batch says of itself.
        var batch = ntry.Children("NtryDtls").Select(d => d.Text("Btch", "NbOfTxs")).FirstOrDefault(n => n is not null) ?? details.Count.ToString(CultureInfo.InvariantCulture);
        output.Add(new RecordRow(line, Build(entry, null, amount, credit, currency, entry.ServicerRef, $"Batch of {batch} transactions")));
        return new EntryOutcome(1, false);
    }

    /// <summary>One line per transaction detail, or null (after a row error when the details are wrong) to import the entry whole.</summary>
    private static int? Split(Entry entry, List<XElement> details, List<ImportRow> output)
    {
        if (details.All(d => d.At("AmtDtls", "TxAmt", "Amt") is null && d.Child("Amt") is null))
        {
            return null; // A batch whose details name the transactions without their amounts: the entry stays one line.
        }

        var parts = new List<(XElement Tx, decimal Amount, bool Credit, string? Currency)>(details.Count);
        var problems = new List<string>();
        foreach (var tx in details)
        {
            var txLine = tx.LineOf(entry.Line);
            var amountElement = tx.At("AmtDtls", "TxAmt", "Amt") ?? tx.Child("Amt");
            if (amountElement is null)
            {
                problems.Add($"the detail on line {txLine} has no amount");
                continue;
            }

            var text = amountElement.Value.Trim();
            if (!Elements.TryAmount(text, out var amount))
            {
                problems.Add($"the detail on line {txLine} has the amount '{text}', which is not a number");
                continue;
            }

            var direction = tx.Text("CdtDbtInd");
            var credit = direction is null ? entry.Credit : Credit(direction);
            if (credit is null)
            {
                problems.Add($"the detail on line {txLine} has CdtDbtInd '{direction}' instead of CRDT or DBIT");
                continue;
            }

            var currency = amountElement.Attribute("Ccy")?.Value.Trim() is { Length: > 0 } ccy ? ccy : entry.Currency;
            if (!string.Equals(currency, entry.Currency, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"the detail on line {txLine} is in {currency}, not in the entry's {entry.Currency}");
                continue;
            }

            parts.Add((tx, amount, credit.Value, entry.Currency));
        }

        var signedEntry = entry.Credit ? entry.Amount : -entry.Amount;
        var sum = parts.Sum(p => p.Credit ? p.Amount : -p.Amount);
        if (problems.Count > 0 || sum != signedEntry)
        {
            var why = problems.Count > 0
                ? string.Join("; ", problems)
                : $"their amounts add up to {Money(sum)}, not to the entry's {Money(signedEntry)}";
            output.Add(new RowError(entry.Line, "TxDtls",
                $"The entry of {Money(signedEntry)} {entry.Currency} holds {details.Count} transaction details (TxDtls) that cannot be split from it: {why}. "
                + "The entry is imported as one line."));
            return null;
        }

        var references = parts.Select(p => p.Tx.Text("Refs", "AcctSvcrRef")).ToList();
        var distinct = references.All(r => r is not null) && references.Distinct(StringComparer.Ordinal).Count() == references.Count;
        for (var i = 0; i < parts.Count; i++)
        {
            var own = distinct ? references[i] : (i + 1).ToString(CultureInfo.InvariantCulture);
            var sourceId = entry.ServicerRef is not null ? $"{entry.ServicerRef}/{own}" : distinct ? own : null;
            var (tx, amount, credit, currency) = parts[i];
            output.Add(new RecordRow(tx.LineOf(entry.Line), Build(entry, tx, amount, credit, currency, sourceId)));
        }

        return parts.Count;
    }

    private static StatementLineRecord Build(Entry entry, XElement? tx, decimal amount, bool credit, string? currency, string? sourceId, string? note = null)
    {
        var refs = tx.Child("Refs");
        var remittance = tx.Child("RmtInf");
        var structured = remittance.Children("Strd").ToList();
        var endToEnd = Meaningful(refs.Text("EndToEndId"));
        var creditorReference = structured.Select(s => Meaningful(s.Text("CdtrRefInf", "Ref"))).FirstOrDefault(r => r is not null);
        var instruction = refs.Text("InstrId");
        var voucher = refs.Text("AcctSvcrRef") ?? entry.ServicerRef ?? entry.EntryRef ?? instruction ?? refs.Text("TxId");
        var (name, account) = Counterparty(tx.Child("RltdPties"), credit, entry.Reversal, entry.Statement.Account);

        var parts = new List<string>(8);
        Add(parts, Join(" ", remittance.Children("Ustrd").Select(u => u.Value.Trim())));
        Add(parts, Join(" ", structured.SelectMany(s => s.Children("AddtlRmtInf")).Select(a => a.Value.Trim())));
        Add(parts, tx.Text("AddtlTxInf"));
        Add(parts, entry.AdditionalInfo);
        Add(parts, note);
        if (tx.Child("RtrInf") is { } returned)
        {
            var reason = returned.Text("Rsn", "Cd") ?? returned.Text("Rsn", "Prtry");
            var info = Join(" ", returned.Children("AddtlInf").Select(a => a.Value.Trim()));
            Add(parts, reason is null && info is null ? "退票/Return" : Join(" ", ["退票/Return reason", reason, info]));
        }

        if (refs.Text("MndtId") is { } mandate)
        {
            parts.Add("Mandate " + mandate);
        }

        if (instruction is not null && instruction != voucher && instruction != endToEnd)
        {
            parts.Add("InstrId " + instruction);
        }

        Add(parts, BankCode(tx.Child("BkTxCd")) ?? entry.BankCode);
        var text = parts.Count == 0 ? null : string.Join("; ", parts);
        if (entry.Reversal)
        {
            text = text is null ? ReversalMark : $"{ReversalMark}: {text}";
        }

        return new StatementLineRecord(entry.Date, credit ? amount : -amount, AmountConvention.CashFlow)
        {
            Currency = currency,
            Account = entry.Statement.Account,
            CounterpartyName = name,
            CounterpartyAccount = account,
            Text = text,
            Reference = endToEnd ?? creditorReference,
            VoucherNumber = voucher,
            DocumentNumber = structured.Select(s => s.Text("RfrdDocInf", "Nb")).FirstOrDefault(n => n is not null),
            Credit = credit ? amount : null,
            Debit = credit ? null : amount,
            DocumentType = credit && !entry.Reversal ? DocumentType.Receipt : null,
            SourceId = sourceId,
        };
    }

    /// <summary>
    /// The party the money came from (on a credit) or went to (on a debit). A reversal's parties are those of the
    /// transaction it undoes, so there the other side is taken. When that side is absent, or is our own account,
    /// the opposite side stands in if it names an account that is not ours.
    /// </summary>
    private static (string? Name, string? Account) Counterparty(XElement? parties, bool credit, bool reversal, string? ours)
    {
        if (parties is null)
        {
            return (null, null);
        }

        var debtorSide = credit != reversal;
        var first = Party(parties, debtorSide ? "Dbtr" : "Cdtr");
        var other = Party(parties, debtorSide ? "Cdtr" : "Dbtr");
        if ((first.Name is not null || first.Account is not null) && !IsOurs(first.Account, ours))
        {
            return first;
        }

        return other.Account is not null && !IsOurs(other.Account, ours) ? other : (null, null);
    }

    /// <summary>A party's name (<c>Dbtr/Nm</c> up to 001.07, <c>Dbtr/Pty/Nm</c> from 001.08, the ultimate party's as a fallback) and account.</summary>
    private static (string? Name, string? Account) Party(XElement parties, string role)
    {
        var name = parties.Text(role, "Nm") ?? parties.Text(role, "Pty", "Nm") ?? parties.Text("Ultmt" + role, "Nm") ?? parties.Text("Ultmt" + role, "Pty", "Nm");
        var account = parties.Text(role + "Acct", "Id", "IBAN") ?? parties.Text(role + "Acct", "Id", "Othr", "Id");
        return (name, account);
    }

    private static bool IsOurs(string? account, string? ours) =>
        account is not null && ours is not null && string.Equals(account.Replace(" ", string.Empty), ours.Replace(" ", string.Empty), StringComparison.OrdinalIgnoreCase);

    /// <summary>The bank transaction code as <c>[PMNT/RCDT/ESCT EI]</c>: the ISO domain, family and sub-family, then the bank's own code.</summary>
    private static string? BankCode(XElement? code)
    {
        if (code is null)
        {
            return null;
        }

        var iso = Join("/", [code.Text("Domn", "Cd"), code.Text("Domn", "Fmly", "Cd"), code.Text("Domn", "Fmly", "SubFmlyCd")]);
        var all = Join(" ", [iso, code.Text("Prtry", "Cd")]);
        return all is null ? null : $"[{all}]";
    }

    private static bool? Credit(string? direction) => direction switch
    {
        "CRDT" => true,
        "DBIT" => false,
        _ => null,
    };

    /// <summary>A reference the payer gave, or null for the placeholders banks write when there is none.</summary>
    private static string? Meaningful(string? reference) =>
        reference is null || reference.Equals("NOTPROVIDED", StringComparison.OrdinalIgnoreCase) || reference.Equals("NONREF", StringComparison.OrdinalIgnoreCase)
            ? null
            : reference;

    private static string? Join(string separator, IEnumerable<string?> values)
    {
        var joined = string.Join(separator, values.Where(v => !string.IsNullOrWhiteSpace(v)));
        return joined.Length == 0 ? null : joined;
    }

    private static void Add(List<string> parts, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value) && !parts.Contains(value))
        {
            parts.Add(value);
        }
    }

    private static string Money(decimal value) => value.ToString("0.00##", CultureInfo.InvariantCulture);

    /// <summary>What an entry says of itself, shared by the lines it is split into.</summary>
    private sealed record Entry(
        long Line,
        DateOnly Date,
        decimal Amount,
        bool Credit,
        string? Currency,
        bool Reversal,
        string? ServicerRef,
        string? EntryRef,
        string? AdditionalInfo,
        string? BankCode,
        StatementInfo Statement);
}
