using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using ReconGrpc.Domain.Ledger;

namespace ReconGrpc.Application.Reports;

/// <summary>
/// The statement as CSV: UTF-8 with a byte-order mark (without it Excel reads the Chinese as the ANSI code page), one
/// section after another as a person reads it, amounts as plain numbers.
/// </summary>
public sealed class CsvStatementWriter : IStatementWriter
{
    public string Extension => ".csv";

    public string MediaType => "text/csv";

    public async Task WriteAsync(StatementOfAccount s, IAsyncEnumerable<StatementMovement> movements, StatementLayout layout, Stream output,
        CancellationToken cancellationToken)
    {
        await using var text = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024, leaveOpen: true);
        await using var csv = new CsvWriter(text, new CsvConfiguration(CultureInfo.InvariantCulture));

        async Task Row(params string?[] fields)
        {
            foreach (var field in fields)
            {
                csv.WriteField(field ?? "");
            }

            await csv.NextRecordAsync();
        }

        var title = StatementText.TitleOf(s);
        await Row(string.IsNullOrEmpty(s.CompanyName) ? title : $"{Safe(s.CompanyName)} {title}");
        await Row("客户名称", Safe(s.Customer.Name));
        await Row("客户编码", Safe(s.Customer.Code));
        await Row("地址", Safe(s.Customer.Address));
        await Row("联系人", Safe(s.Customer.Contact));
        await Row("电话", Safe(s.Customer.Phone));
        if (s.Reminder)
        {
            await Row("截至日期", StatementText.Date(s.EndDate));
        }
        else
        {
            await Row("期间", StatementText.Date(s.StartDate), StatementText.Date(s.EndDate));
        }

        await Row("币种", s.Currency);
        await Row();
        if (s.Reminder)
        {
            await Row(StatementText.ReminderSalutation(s));
            await Row(StatementText.ReminderIntro(s));
            await Row([.. StatementText.ReminderHeaders]);
            foreach (var item in s.OverdueItems)
            {
                await Row(Safe(item.DocumentNumber), item.DocumentType.ChineseName(), StatementText.Date(item.Date), StatementText.Date(item.DueDate),
                    item.DaysOverdue.ToString(CultureInfo.InvariantCulture), StatementText.Plain(item.Amount));
            }

            await Row(StatementText.ReminderOverdueTotal, "", "", "", "", StatementText.Plain(s.OverdueTotal));
            await Row();
            foreach (var line in StatementText.ReminderDemand)
            {
                await Row(line);
            }

            await Row();
            await Row(Safe(StatementText.ReminderSender(s)));
            await Row(StatementText.LetterDate(s.EndDate));
            if (s.FooterText is { } note)
            {
                await Row();
                await Row(Safe(note));
            }

            await csv.FlushAsync();
            return;
        }

        await Row("期初余额", StatementText.Plain(s.OpeningBalance));

        if (!s.OpenItemsOnly)
        {
            await Row([.. layout.Columns.Select(StatementText.ColumnName)]);
            await foreach (var m in movements.WithCancellation(cancellationToken))
            {
                foreach (var column in layout.Columns)
                {
                    csv.WriteField(StatementText.Amount(m, column) is { } amount ? StatementText.Plain(amount)
                        : StatementText.IsAmount(column) ? "" : Safe(StatementText.Cell(m, column)));
                }

                await csv.NextRecordAsync();
            }
        }

        await Row("本期借方合计", StatementText.Plain(s.DebitTotal));
        await Row("本期贷方合计", StatementText.Plain(s.CreditTotal));
        await Row("期末余额", StatementText.Plain(s.ClosingBalance));
        await Row();

        await Row($"未结项目（截至 {StatementText.Date(s.EndDate)}）");
        await Row([.. StatementText.OpenItemHeaders]);
        foreach (var item in s.OpenItems)
        {
            await Row(StatementText.Date(item.Date), item.DocumentType.ChineseName(), Safe(item.DocumentNumber), Safe(item.Memo),
                StatementText.Plain(item.OriginalAmount), StatementText.Plain(item.Amount), StatementText.Date(item.DueDate),
                item.DueDate is null ? "" : item.DaysOverdue.ToString(CultureInfo.InvariantCulture));
        }

        if (s.Aging is { } aging)
        {
            await Row();
            await Row("账龄分析（逾期天数）");
            await Row([.. StatementText.AgingHeaders]);
            await Row([.. aging.Buckets.Select(StatementText.Plain), StatementText.Plain(aging.UnappliedCredits), StatementText.Plain(aging.Total)]);
        }

        if (s.Reconciliation is { } run)
        {
            await Row();
            await Row("本期对账结果");
            await Row("对账任务", run.RunId.ToString(CultureInfo.InvariantCulture));
            await Row("已匹配笔数", run.Matches.ToString(CultureInfo.InvariantCulture));
            await Row("差异项笔数", run.Exceptions.ToString(CultureInfo.InvariantCulture));
            await Row("未解释差额", StatementText.Plain(run.Unexplained));
        }

        await Row();
        await Row(StatementText.ConfirmationTitle);
        await Row(StatementText.Confirmation(s));
        await Row(StatementText.ConfirmationAgrees);
        await Row(StatementText.ConfirmationDiffers);
        await Row(StatementText.ConfirmationRequest);
        await Row($"{StatementText.ConfirmationOurs}{Safe(s.CompanyName)}", "", StatementText.ConfirmationTheirs + Safe(s.Customer.Name));
        await Row(StatementText.SignatureLine, "", StatementText.SignatureLine);
        await Row(StatementText.DateLine, "", StatementText.DateLine);
        if (s.FooterText is { } footer)
        {
            await Row();
            await Row(Safe(footer));
        }

        await csv.FlushAsync();
    }

    /// <summary>
    /// Text that a spreadsheet would run as a formula (=, +, -, @ first) is kept as text with a leading apostrophe:
    /// memos and names come from imported files. Amounts are written by us and never pass through here.
    /// </summary>
    private static string Safe(string? text) =>
        string.IsNullOrEmpty(text) ? "" : text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;
}
