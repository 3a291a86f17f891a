using ReconGrpc.Domain;

namespace ReconGrpc.Application.Reports;

/// <summary>A column of the statement's movement table.</summary>
public enum StatementColumn
{
    /// <summary>日期.</summary>
    Date,
    /// <summary>单据类型.</summary>
    DocumentType,
    /// <summary>单据号.</summary>
    DocumentNumber,
    /// <summary>凭证号.</summary>
    VoucherNumber,
    /// <summary>摘要.</summary>
    Memo,
    /// <summary>到期日.</summary>
    DueDate,
    /// <summary>借方 — what raised the balance.</summary>
    Debit,
    /// <summary>贷方 — what lowered it.</summary>
    Credit,
    /// <summary>余额 — the running balance.</summary>
    Balance,
}

/// <summary>
/// The statement of account's template (<c>Reports:Statement</c> section): the company it comes from, an optional
/// logo, a footer line, and which movement columns appear in which order.
/// </summary>
public sealed class StatementOptions
{
    /// <summary>The columns when none are configured.</summary>
    public static readonly IReadOnlyList<StatementColumn> DefaultColumns =
    [
        StatementColumn.Date, StatementColumn.DocumentType, StatementColumn.DocumentNumber, StatementColumn.Memo,
        StatementColumn.Debit, StatementColumn.Credit, StatementColumn.Balance,
    ];

    /// <summary>Our company's name, at the head of every statement and in the confirmation block.</summary>
    public string CompanyName { get; set; } = "";

    /// <summary>A PNG or JPEG printed at the top left of the PDF; none when unset.</summary>
    public string? LogoPath { get; set; }

    /// <summary>A line at the foot of every PDF page and at the end of the CSV and XLSX (e.g. who to call about it).</summary>
    public string? FooterText { get; set; }

    /// <summary>
    /// The movement columns in order, by name (Date, DocumentType, DocumentNumber, VoucherNumber, Memo, DueDate, Debit,
    /// Credit, Balance); unset means Date, DocumentType, DocumentNumber, Memo, Debit, Credit, Balance. Left null by
    /// default: the configuration binder adds configured items to a list that already has some.
    /// </summary>
    public List<string>? Columns { get; set; }

    /// <summary>The configured columns, read and checked; the defaults when none are configured.</summary>
    public IReadOnlyList<StatementColumn> EffectiveColumns()
    {
        if (Columns is not { Count: > 0 })
        {
            return DefaultColumns;
        }

        var columns = new List<StatementColumn>();
        foreach (var name in Columns)
        {
            if (!Enum.TryParse<StatementColumn>(name?.Trim(), ignoreCase: true, out var column) || !Enum.IsDefined(column))
            {
                throw RuleViolation.Invalid("reports.statement_column",
                    $"Reports:Statement:Columns names '{name}', which is no column; use {string.Join(", ", Enum.GetNames<StatementColumn>())}.");
            }

            if (!columns.Contains(column))
            {
                columns.Add(column);
            }
        }

        return columns;
    }

    /// <summary>Refuses a template that cannot work, when the server starts rather than at the first statement.</summary>
    public void Validate()
    {
        EffectiveColumns();
        if (!string.IsNullOrWhiteSpace(LogoPath))
        {
            var extension = Path.GetExtension(LogoPath).ToLowerInvariant();
            if (extension is not (".png" or ".jpg" or ".jpeg"))
            {
                throw RuleViolation.Invalid("reports.statement_logo", $"Reports:Statement:LogoPath '{LogoPath}' is not a PNG or JPEG file (.png, .jpg, .jpeg).");
            }
        }
    }
}
