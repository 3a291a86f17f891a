using System.Globalization;
using System.Reflection;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using ReconGrpc.Cli.Infrastructure;
using ReconGrpc.Contracts.V1;

namespace ReconGrpc.Cli.Commands;

/// <summary>How the reconciliation commands read and print dates, amounts, enums and results.</summary>
internal static class ReconFormat
{
    public sealed record ItemJson(string Side, long Id, string? Date, string? Amount, string? OriginalAmount, string Currency,
        string? DocumentNumber, string? Reference, string? Text);

    public sealed record MatchJson(int Sequence, string Rule, string Status, string Currency, string? OurAmount, string? TheirAmount,
        string? Difference, IReadOnlyList<ItemJson> Ours, IReadOnlyList<ItemJson> Theirs, long? AdjustmentEntryId, string? DecidedBy,
        DateTimeOffset? DecideTime, string? Note, long? AdjustmentReversalEntryId = null, string? DecidedFor = null, string? Why = null);

    /// <summary>An exception with its item's fields flattened: reason, side, amount, documentNumber, date first.</summary>
    public sealed record ExceptionJson(int Sequence, string Reason, string Side, long Id, string? Date, string? Amount, string? OriginalAmount,
        string Currency, string? DocumentNumber, string? Reference, string? Text, ItemJson? Counterpart, string? Difference, string Explanation,
        int? ResolvedByMatch);

    public sealed record AdjustmentJson(string Reason, bool Debit, int Count, string? Amount);

    public sealed record BalanceJson(string Currency, string? Ours, string? Theirs, string? TheirsAsStated, bool ClosingBalancesGiven,
        IReadOnlyList<AdjustmentJson> OurAdjustments, IReadOnlyList<AdjustmentJson> TheirAdjustments, string? AcceptedMatchDifference,
        string? ProposedMatchDifference, string? AdjustedOurs, string? AdjustedTheirs, string? Unexplained);

    public sealed record RuleOutcomeJson(string Rule, int Matches, int OurItems, int TheirItems);

    public sealed record SummaryJson(int OurItems, int TheirItems, int Matches, int AcceptedMatches, int ProposedMatches, int MatchedOurItems,
        int MatchedTheirItems, IReadOnlyDictionary<string, int> Exceptions, IReadOnlyList<RuleOutcomeJson> Rules, IReadOnlyList<BalanceJson> Balances,
        long MatchingMillis, int ManualMatches);

    public sealed record RunJson(long Id, string? CustomerCode, string? From, string? To, IReadOnlyList<long> StatementIds, string RuleSet,
        int RuleSetVersion, string Status, string? Error, string StartedBy, DateTimeOffset? CreateTime, DateTimeOffset? EndTime,
        string? TheirClosingBalance, int StoredMatches, int StoredExceptions, SummaryJson? Summary, string? CategoryCode,
        IReadOnlyList<string>? Warnings = null, bool DryRun = false, RunOutput.ComparisonJson? Comparison = null);

    public sealed record PeriodJson(string CustomerCode, string? From, string? To, string Kind, bool Locked, string? ConfirmedBy, DateTimeOffset? Time,
        string RecordedBy, long? RunId, string? ConfirmedBalance, string? Note, long Id, DateTimeOffset? UnlockTime, string? UnlockedBy, string? UnlockReason,
        string? RecordedFor, string? UnlockedFor);

    /// <summary>A date given on the command line (see <see cref="CliInput.Date"/>), for the wire.</summary>
    public static Date? ToDate(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        var date = CliInput.Date(text, option);
        return new Date { Year = date.Year, Month = date.Month, Day = date.Day };
    }

    public static string? Text(Date? date) => date is null ? null : $"{date.Year:0000}-{date.Month:00}-{date.Day:00}";

    public static string? Empty(string value) => value.Length == 0 ? null : value;

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The sign of an amount as the server sends it (-1, 0 or 1); 0 when it is missing.</summary>
    public static int SignOf(DecimalValue? amount) =>
        amount is not null && decimal.TryParse(amount.Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? Math.Sign(value)
            : 0;

    /// <summary>A wire amount with its sign turned (400.00 → -400.00); zero stays 0.00.</summary>
    public static string Negated(string amount) =>
        decimal.Parse(amount, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) is var value && value != 0
            ? (-value).ToString(CultureInfo.InvariantCulture)
            : amount.TrimStart('-');

    /// <summary>An amount given on the command line (see <see cref="CliInput.Amount"/>), for the wire.</summary>
    public static DecimalValue? ToDecimal(string? text, string option) => text is null ? null : new DecimalValue { Value = CliInput.Amount(text, option) };

    public static Timestamp? ToTimestamp(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? Timestamp.FromDateTimeOffset(time)
            : throw new CliUsageException($"{option} '{text}' is not a time; write e.g. 2026-11-05T10:00:00Z or 2026-11-05T18:00:00+08:00.");
    }

    public static DateTimeOffset? Time(Timestamp? time) => time?.ToDateTimeOffset();

    public static string TimeText(Timestamp? time) => time is null ? "" : time.ToDateTimeOffset().ToString("u", CultureInfo.InvariantCulture);

    /// <summary>The proto name of an enum value without its prefix, e.g. MISSING_ON_THEIR_SIDE for ExceptionReason.MissingOnTheirSide.</summary>
    public static string ProtoName<T>(T value)
        where T : struct, System.Enum
    {
        var name = typeof(T).GetField(value.ToString())?.GetCustomAttribute<OriginalNameAttribute>()?.Name;
        if (name is null)
        {
            return value.ToString();
        }

        var prefix = PrefixOf<T>();
        return name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name;
    }

    /// <summary>
    /// Reads an enum value by its proto name without prefix, in any case, with '-' for '_' (e.g. missing-on-their-side); the
    /// UNSPECIFIED value is never accepted.
    /// </summary>
    public static T ParseProtoName<T>(string text, string option)
        where T : struct, System.Enum
    {
        var wanted = text.Trim().Replace('-', '_').ToUpperInvariant();
        var prefix = PrefixOf<T>();
        if (wanted.StartsWith(prefix, StringComparison.Ordinal))
        {
            wanted = wanted[prefix.Length..];
        }

        var values = System.Enum.GetValues<T>().Where(v => Convert.ToInt32(v, CultureInfo.InvariantCulture) != 0).ToList();
        // sales-invoice, SALES_INVOICE and SalesInvoice (as the tables show it) all name one value.
        var squeezed = wanted.Replace("_", "", StringComparison.Ordinal);
        foreach (var value in values)
        {
            if (ProtoName(value) == wanted || ProtoName(value).Replace("_", "", StringComparison.Ordinal) == squeezed)
            {
                return value;
            }
        }

        throw new CliUsageException($"{option} '{text}' is not one of {string.Join(", ", values.Select(v => ProtoName(v).ToLowerInvariant().Replace('_', '-')))}.");
    }

    /// <summary>A document type as the CLI takes it: its name in any of the forms above, or its Chinese name (销售发票, 收款 …).</summary>
    public static DocumentType ParseDocumentType(string text, string option) =>
        ChineseDocumentTypes.TryGetValue(text.Trim(), out var type) ? type : ParseProtoName<DocumentType>(text, option);

    private static readonly Dictionary<string, DocumentType> ChineseDocumentTypes = new(StringComparer.Ordinal)
    {
        ["销售发票"] = DocumentType.SalesInvoice, ["发票"] = DocumentType.SalesInvoice, ["退货"] = DocumentType.Return,
        ["换货"] = DocumentType.Exchange, ["收款"] = DocumentType.Receipt, ["贷项通知"] = DocumentType.CreditNote,
        ["红字发票"] = DocumentType.CreditNote, ["调整"] = DocumentType.Adjustment, ["期初余额"] = DocumentType.OpeningBalance,
    };

    private static string PrefixOf<T>()
        where T : struct, System.Enum
    {
        var unspecified = typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetCustomAttribute<OriginalNameAttribute>()?.Name)
            .FirstOrDefault(n => n is not null && n.EndsWith("_UNSPECIFIED", StringComparison.Ordinal));
        return unspecified is null ? "" : unspecified[..^"UNSPECIFIED".Length];
    }

    public static string SideName(Side side) => side switch
    {
        Side.Ours => "ours",
        Side.Theirs => "theirs",
        _ => "unspecified",
    };

    public static Side ParseSide(string? text) => text switch
    {
        null => Side.Unspecified,
        "ours" or "our" => Side.Ours,
        "theirs" or "their" => Side.Theirs,
        _ => throw new CliUsageException($"--side '{text}' is not a side; use ours or theirs."),
    };

    /// <summary>A statement's id given as its id or its name (see <see cref="ResolveStatementsAsync"/>).</summary>
    public static async Task<long> ResolveStatementAsync(CliSession session, string given, CancellationToken ct) =>
        (await ResolveStatementsAsync(session, [given], ct))[0];

    /// <summary>Statement ids given as ids or names; a name is looked up among the statements the server has.</summary>
    public static async Task<List<long>> ResolveStatementsAsync(CliSession session, IEnumerable<string> given, CancellationToken ct)
    {
        var result = new List<long>();
        List<Statement>? all = null;
        foreach (var text in given)
        {
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                result.Add(id);
                continue;
            }

            if (all is null)
            {
                all = [];
                var token = "";
                do
                {
                    var page = await new LedgerService.LedgerServiceClient(session.Invoker).ListStatementsAsync(
                        new ListStatementsRequest { PageSize = 1000, PageToken = token }, session.Call(ct));
                    all.AddRange(page.Statements);
                    token = page.NextPageToken;
                }
                while (token.Length > 0);
            }

            var named = all.Where(s => string.Equals(s.Name, text, StringComparison.Ordinal)).ToList();
            if (named.Count == 0)
            {
                named = all.Where(s => string.Equals(s.Name.Trim(), text.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
            }

            result.Add(named.Count switch
            {
                1 => named[0].Id,
                0 => throw new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.NotFound,
                    $"there is no statement named '{text}'; 'recon statements list' shows them, with their ids.")),
                _ => throw new CliUsageException(
                    $"several statements are named '{text}' (ids {string.Join(", ", named.Select(s => s.Id))}); give the id instead."),
            });
        }

        return result;
    }

    public static ItemJson ToJson(ReconItem i) => new(SideName(i.Side), i.Id, Text(i.Date), i.Amount?.Value, i.OriginalAmount?.Value, i.Currency,
        Empty(i.DocumentNumber), Empty(i.Reference), Empty(i.Text));

    public static MatchJson ToJson(Match m) => new(m.Sequence, m.RuleName, ProtoName(m.Status), m.Currency, m.OurAmount?.Value, m.TheirAmount?.Value,
        m.Difference?.Value, m.Ours.Select(ToJson).ToList(), m.Theirs.Select(ToJson).ToList(), m.AdjustmentEntryId == 0 ? null : m.AdjustmentEntryId,
        Empty(m.DecidedBy), Time(m.DecideTime), Empty(m.Note), m.AdjustmentReversalEntryId == 0 ? null : m.AdjustmentReversalEntryId, Empty(m.DecidedFor),
        Empty(m.Why));

    public static ExceptionJson ToJson(ReconException e)
    {
        var i = e.Item ?? new ReconItem();
        return new ExceptionJson(e.Sequence, ProtoName(e.Reason), SideName(i.Side), i.Id, Text(i.Date), i.Amount?.Value, i.OriginalAmount?.Value,
            i.Currency, Empty(i.DocumentNumber), Empty(i.Reference), Empty(i.Text), e.Counterpart is null ? null : ToJson(e.Counterpart),
            e.Difference?.Value, e.Explanation, e.ResolvedByMatch < 0 ? null : e.ResolvedByMatch);
    }

    public static BalanceJson ToJson(BalanceReconciliation b) => new(b.Currency, b.Ours?.Value, b.Theirs?.Value, b.TheirsAsStated?.Value,
        b.ClosingBalancesGiven, b.OurAdjustments.Select(ToJson).ToList(), b.TheirAdjustments.Select(ToJson).ToList(), b.AcceptedMatchDifference?.Value,
        b.ProposedMatchDifference?.Value, b.AdjustedOurs?.Value, b.AdjustedTheirs?.Value, b.Unexplained?.Value);

    private static AdjustmentJson ToJson(BalanceAdjustment a) => new(ProtoName(a.Reason), a.Debit, a.Count, a.Amount?.Value);

    public static SummaryJson ToJson(RunSummary s) => new(s.OurItems, s.TheirItems, s.Matches, s.AcceptedMatches, s.ProposedMatches,
        s.MatchedOurItems, s.MatchedTheirItems, s.Exceptions.ToDictionary(e => ProtoName(e.Reason), e => e.Count),
        s.Rules.Select(r => new RuleOutcomeJson(r.RuleName, r.Matches, r.OurItems, r.TheirItems)).ToList(), s.Balances.Select(ToJson).ToList(),
        s.MatchingMillis, s.ManualMatches);

    public static RunJson ToJson(Run r) => new(r.Id, Empty(r.CustomerCode), Text(r.StartDate), Text(r.EndDate), r.StatementIds.ToList(),
        r.RuleSetName, r.RuleSetVersion, ProtoName(r.Status), Empty(r.Error), r.StartedBy, Time(r.CreateTime), Time(r.EndTime),
        r.TheirClosingBalance?.Value, r.StoredMatches, r.StoredExceptions, r.Summary is null ? null : ToJson(r.Summary), Empty(r.CategoryCode),
        r.Warnings.Count == 0 ? null : [.. r.Warnings], r.DryRun, r.Comparison is null ? null : RunOutput.ToJson(r.Comparison));

    public static PeriodJson ToJson(PeriodRecord p) => new(p.CustomerCode, Text(p.StartDate), Text(p.EndDate), p.Locked ? "lock" : "confirmation",
        p.Locked && p.UnlockTime is null, Empty(p.ConfirmedBy), Time(p.Time), p.RecordedBy, p.RunId == 0 ? null : p.RunId, p.ConfirmedBalance?.Value, Empty(p.Note),
        p.Id, Time(p.UnlockTime), Empty(p.UnlockedBy), Empty(p.UnlockReason), Empty(p.RecordedFor), Empty(p.UnlockedFor));

    /// <summary>A key id with the person it acted for, as the tables show who did something: k_3f9a2c1d (王芳).</summary>
    public static string KeyAndPerson(string key, string person) => person.Length == 0 ? key : $"{key} ({person})";

    /// <summary>
    /// Each item on its own line as an accountant finds it in the books: date, amount (our convention), document number
    /// (else reference, else the item's id) and the start of its text — a bank line has no document, and "#12" alone
    /// says nothing.
    /// </summary>
    public static string ItemLines(IEnumerable<ReconItem> items) => string.Join("\n", items.Select(ItemLine));

    private static string ItemLine(ReconItem i)
    {
        var key = i.DocumentNumber.Length > 0 ? i.DocumentNumber : i.Reference.Length > 0 ? i.Reference : "#" + Number(i.Id);
        var text = i.Text.Trim();
        text = text.Length > 30 ? text[..29] + "…" : text;
        return $"{Text(i.Date)} {i.Amount?.Value} {key}{(text.Length == 0 ? "" : " " + text)}";
    }

    /// <summary>The document numbers of items, or their ids when they have none.</summary>
    public static string Documents(IEnumerable<ReconItem> items) =>
        string.Join(", ", items.Select(i => i.DocumentNumber.Length > 0 ? i.DocumentNumber : i.Reference.Length > 0 ? i.Reference : "#" + Number(i.Id)));
}
