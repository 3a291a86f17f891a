namespace ReconGrpc.Domain.Reconciliation;

/// <summary>What a customer's reply to a statement of account says.</summary>
public enum ReplyVerdict
{
    /// <summary>相符: the customer agrees with the statement.</summary>
    Agrees = 1,

    /// <summary>不符: the customer disagrees and lists the differences.</summary>
    Disagrees = 2,
}

/// <summary>One difference a disagreeing customer lists: what, how much (in our convention), and the document when named.</summary>
public sealed record StatementDifference(string Description, decimal Amount, string? DocumentNumber)
{
    public const int MaxDocumentNumberLength = 100;

    /// <summary>Its place in the reply's list, from 1, as the customer listed them.</summary>
    public int Position { get; init; }
}

/// <summary>
/// 对账回函 — the customer's reply to a statement of account for a period. An agreeing reply can become the period's
/// confirmation (<see cref="PeriodRecord"/>); a disagreeing one keeps the differences the customer listed, so the
/// month-end board shows what is still argued about and how much.
/// </summary>
public sealed class StatementReply
{
    public const int MaxTextLength = 200;

    /// <summary>Enough for any reply read out of a letter or a spreadsheet; more is a file imported by mistake.</summary>
    public const int MaxDifferences = 100;

    private List<StatementDifference> _differences = [];

    private StatementReply()
    {
    }

    public long Id { get; private set; }

    public string CustomerCode { get; private set; } = "";

    public DateOnly StartDate { get; private set; }

    public DateOnly EndDate { get; private set; }

    public ReplyVerdict Verdict { get; private set; }

    /// <summary>The differences listed, in the order given; empty for an agreeing reply.</summary>
    public IReadOnlyList<StatementDifference> Differences => _differences;

    /// <summary>The differences' total, kept with the reply so the board reads it without the list.</summary>
    public decimal DifferenceTotal { get; private set; }

    /// <summary>The balance the reply names, in our convention.</summary>
    public decimal? Balance { get; private set; }

    /// <summary>The person at the customer who replied.</summary>
    public string RepliedBy { get; private set; } = "";

    public DateTimeOffset RepliedAt { get; private set; }

    public string? Note { get; private set; }

    /// <summary>The API key that recorded it.</summary>
    public string RecordedBy { get; private set; } = "";

    /// <summary>The person the recording key acted for.</summary>
    public string? RecordedFor { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    /// <summary>The confirmation the reply was turned into, if it was.</summary>
    public long? ConfirmationId { get; private set; }

    public static StatementReply Record(string customerCode, DateOnly start, DateOnly end, ReplyVerdict verdict, IReadOnlyList<StatementDifference> differences,
        decimal? balance, string repliedBy, DateTimeOffset repliedAt, string? note, Access.Actor recordedBy, DateTimeOffset now)
    {
        AccountingPeriod.Check(start, end, "reply");
        if (verdict is not (ReplyVerdict.Agrees or ReplyVerdict.Disagrees))
        {
            throw RuleViolation.Invalid("reply.verdict", "Say whether the customer agrees or disagrees with the statement (verdict AGREES or DISAGREES).");
        }

        if (verdict == ReplyVerdict.Agrees && differences.Count > 0)
        {
            throw RuleViolation.Invalid("reply.agrees_with_differences",
                $"An agreeing reply lists no differences, and {differences.Count} were given: record it as disagreeing, or leave the differences out.");
        }

        if (verdict == ReplyVerdict.Disagrees && differences.Count == 0)
        {
            throw RuleViolation.Invalid("reply.differences_required",
                "A disagreeing reply lists the differences the customer names (a description and an amount each, e.g. \"未达账 INV-9=200.00\").");
        }

        if (differences.Count > MaxDifferences)
        {
            throw RuleViolation.Invalid("reply.differences_count", $"A reply lists at most {MaxDifferences} differences; {differences.Count} were given.");
        }

        var cleaned = new List<StatementDifference>(differences.Count);
        var total = 0m;
        for (var i = 0; i < differences.Count; i++)
        {
            var d = differences[i];
            var which = $"Difference {i + 1}";
            var description = RequiredText(d.Description, "reply.difference_description", $"{which}'s description");
            Amounts.Check(d.Amount, "reply.difference_amount", $"{which}'s amount");
            if (d.Amount == 0)
            {
                throw RuleViolation.Invalid("reply.difference_amount", $"{which} ('{InputText.Echo(description)}') has amount 0; a difference has an amount.");
            }

            var document = OptionalText(d.DocumentNumber, StatementDifference.MaxDocumentNumberLength, "reply.difference_document", $"{which}'s document number");
            cleaned.Add(new StatementDifference(description, d.Amount, document) { Position = i + 1 });
            total = Amounts.Add(total, d.Amount);
        }

        Amounts.Check(total, "reply.difference_total", "The differences' total");
        if (balance is { } b)
        {
            Amounts.Check(b, "reply.balance_range", "The balance the reply names");
        }

        return new StatementReply
        {
            CustomerCode = customerCode,
            StartDate = start,
            EndDate = end,
            Verdict = verdict,
            _differences = cleaned,
            DifferenceTotal = total,
            Balance = balance,
            RepliedBy = RequiredText(repliedBy, "reply.replied_by", "Who at the customer replied"),
            RepliedAt = repliedAt,
            Note = OptionalText(note, MaxTextLength, "reply.note", "The note"),
            RecordedBy = recordedBy.KeyId,
            RecordedFor = recordedBy.Person,
            RecordedAt = now,
        };
    }

    /// <summary>Notes the confirmation this agreeing reply became.</summary>
    public void ConfirmedAs(long confirmationId)
    {
        if (Verdict != ReplyVerdict.Agrees)
        {
            throw RuleViolation.Invalid("reply.confirm_disagreeing",
                "Only an agreeing reply confirms the period; a disagreeing one keeps its differences until they are settled and the customer agrees.");
        }

        ConfirmationId = confirmationId;
    }

    internal static string RequiredText(string? text, string rule, string what)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length is 0 or > MaxTextLength)
        {
            throw RuleViolation.Invalid(rule, $"{what} is required, 1 to {MaxTextLength} characters.");
        }

        return InputText.EnsureOneLine(trimmed, rule, what);
    }

    internal static string? OptionalText(string? text, int maxLength, string rule, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        if (trimmed.Length > maxLength)
        {
            throw RuleViolation.Invalid(rule, $"{what} is {trimmed.Length} characters; at most {maxLength}.");
        }

        return InputText.EnsureFreeText(trimmed, rule, what);
    }
}

/// <summary>
/// A statement of account recorded as sent to a customer for a period: by an export, or implied by a reply that came
/// with none recorded before it.
/// </summary>
public sealed class StatementSending
{
    /// <summary>The format a reply records when it came with no sending recorded: the statement went out some other way.</summary>
    public const string ImpliedByReply = "reply";

    public const int MaxFormatLength = 10;

    private static readonly string[] Formats = ["xlsx", "pdf", "csv"];

    private StatementSending()
    {
    }

    public long Id { get; private set; }

    public string CustomerCode { get; private set; } = "";

    public DateOnly StartDate { get; private set; }

    public DateOnly EndDate { get; private set; }

    /// <summary>"xlsx", "pdf", "csv", or <see cref="ImpliedByReply"/>.</summary>
    public string Format { get; private set; } = "";

    public string? FileName { get; private set; }

    /// <summary>The API key that recorded it.</summary>
    public string SentBy { get; private set; } = "";

    /// <summary>The person the key acted for.</summary>
    public string? SentFor { get; private set; }

    public DateTimeOffset SentAt { get; private set; }

    public static StatementSending Record(string customerCode, DateOnly start, DateOnly end, string format, string? fileName, Access.Actor sentBy, DateTimeOffset now)
    {
        AccountingPeriod.Check(start, end, "statement_sent");
        var clean = format?.Trim().ToLowerInvariant() ?? "";
        if (!Formats.Contains(clean))
        {
            throw RuleViolation.Invalid("statement_sent.format", $"The format '{InputText.Echo(format)}' is not one a statement is sent in; use xlsx, pdf or csv.");
        }

        return Create(customerCode, start, end, clean, fileName, sentBy, now);
    }

    /// <summary>The sending a reply implies when none was recorded: the statement reached the customer somehow.</summary>
    public static StatementSending ImpliedBy(StatementReply reply, Access.Actor actor) =>
        Create(reply.CustomerCode, reply.StartDate, reply.EndDate, ImpliedByReply, null, actor, reply.RecordedAt);

    private static StatementSending Create(string customerCode, DateOnly start, DateOnly end, string format, string? fileName, Access.Actor sentBy, DateTimeOffset now) => new()
    {
        CustomerCode = customerCode,
        StartDate = start,
        EndDate = end,
        Format = format,
        FileName = StatementReply.OptionalText(fileName, StatementReply.MaxTextLength, "statement_sent.file_name", "The file name"),
        SentBy = sentBy.KeyId,
        SentFor = sentBy.Person,
        SentAt = now,
    };
}

/// <summary>The checks every record about a customer's period makes of its dates.</summary>
public static class AccountingPeriod
{
    /// <param name="start">First day.</param>
    /// <param name="end">Last day.</param>
    /// <param name="rulePrefix">The record's rule prefix ("reply"), so an error names what refused it.</param>
    public static void Check(DateOnly start, DateOnly end, string rulePrefix)
    {
        AccountingDates.Check(start, rulePrefix + ".date_range", "The start date");
        AccountingDates.Check(end, rulePrefix + ".date_range", "The end date");
        if (end < start)
        {
            throw RuleViolation.Invalid(rulePrefix + ".dates", $"The period ends ({end:yyyy-MM-dd}) before it starts ({start:yyyy-MM-dd}).");
        }
    }
}
