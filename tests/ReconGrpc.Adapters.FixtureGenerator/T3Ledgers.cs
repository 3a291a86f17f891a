namespace ReconGrpc.Adapters.FixtureGenerator;

/// <summary>One posting in a T3 detail ledger: debit and credit as the book shows them (a negative is red ink).</summary>
internal sealed record Movement(int Month, int Day, string Voucher, string Summary, decimal Debit, decimal Credit, string? TicketNo = null);

/// <summary>A T3 三栏式 detail ledger of one account for one party over some months of one year.</summary>
internal sealed record Ledger(
    string Title,
    string Account,
    string PartyLabel,
    string PartyCode,
    string PartyName,
    int Year,
    int FromMonth,
    int ToMonth,
    decimal Opening,
    IReadOnlyList<Movement> Movements)
{
    /// <summary>Debit and credit totals of the year's months before <see cref="FromMonth"/>, for 本年累计.</summary>
    public (decimal Debit, decimal Credit) PriorInYear { get; init; }
}

/// <summary>How the date columns are headed.</summary>
internal enum DateHeader
{
    /// <summary>"2024年" over two columns 月 | 日 — the usual T3 layout.</summary>
    YearOverMonthDay,

    /// <summary>One 日期 column with full dates (2024.01.05).</summary>
    DateColumn,
}

/// <summary>Lays out T3 detail ledgers as T3 prints and exports them.</summary>
internal static class T3Ledgers
{
    /// <summary>
    /// 上海华联超市 in our books (应收账款), January to March 2024: an opening balance, invoices, receipts, a red-ink
    /// return and a discount; the balance closes at 61,010.00 debit.
    /// </summary>
    public static Ledger HualianReceivable { get; } = new(
        "应收账款明细账", "1122 应收账款", "客户", "0101001", "上海华联超市有限公司", 2024, 1, 3, 58_000.00m,
        [
            new(1, 5, "记-0003", "销售商品 发票号00012345", 23_400.00m, 0m, "00012345"),
            new(1, 12, "记-0015", "收到货款", 0m, 58_000.00m),
            new(1, 20, "记-0028", "销售商品 发票号00012388", 11_700.00m, 0m, "00012388"),
            new(2, 3, "记-0004", "销售退货 冲发票00012388", -2_340.00m, 0m, "00012388"),
            new(2, 18, "记-0019", "收到货款", 0m, 23_400.00m),
            new(2, 26, "记-0033", "销售商品 发票号00012460", 46_800.00m, 0m, "00012460"),
            new(3, 8, "记-0011", "收到货款", 0m, 9_360.00m),
            new(3, 15, "记-0020", "销售折让", 0m, 1_000.00m),
            new(3, 28, "记-0041", "销售商品 发票号00012533", 15_210.00m, 0m, "00012533"),
        ]);

    /// <summary>
    /// The same relationship in 上海华联超市's own T3 books (应付账款, supplier G0032 = us): the mirror of ours.
    /// It has not yet booked our invoice 00012533 of 28 March, a timing difference a reconciliation must show.
    /// </summary>
    public static Ledger HualianPayableMirror { get; } = new(
        "应付账款明细账", "2202 应付账款", "供应商", "G0032", "杭州明远商贸有限公司", 2024, 1, 3, -58_000.00m,
        [
            new(1, 6, "记-0007", "采购商品 发票00012345", 0m, 23_400.00m, "00012345"),
            new(1, 12, "记-0013", "支付货款 网银", 58_000.00m, 0m),
            new(1, 21, "记-0030", "采购商品 发票00012388", 0m, 11_700.00m, "00012388"),
            new(2, 4, "记-0006", "采购退货 红字发票00012388", 0m, -2_340.00m, "00012388"),
            new(2, 18, "记-0021", "支付货款 网银", 23_400.00m, 0m),
            new(2, 27, "记-0035", "采购商品 发票00012460", 0m, 46_800.00m, "00012460"),
            new(3, 8, "记-0012", "支付货款 网银", 9_360.00m, 0m),
            new(3, 16, "记-0022", "供应商折让", 1_000.00m, 0m),
        ]);

    /// <summary>Lays a ledger out as T3's detail-ledger export: title, filter row, header, 期初余额, detail, 本月合计 and 本年累计.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="header">How the date columns are headed.</param>
    /// <param name="withTicket">Whether a 票号 column is shown (when the account keeps 票据 auxiliary data).</param>
    /// <param name="cutAfter">Stop after this many movements, as a file cut off in transfer would.</param>
    /// <param name="tamper">Changes a summary row's debit total: (month, kind, new value).</param>
    /// <param name="badCells">Replaces cells of detail rows by movement index: (index, column heading, text).</param>
    public static Sheet Layout(
        Ledger ledger,
        DateHeader header = DateHeader.YearOverMonthDay,
        bool withTicket = false,
        int? cutAfter = null,
        (int Month, string Kind, decimal Debit)? tamper = null,
        IReadOnlyList<(int Index, string Column, string Text)>? badCells = null)
    {
        string[] amounts = ["借方", "贷方", "方向", "余额"];
        string[] middle = withTicket ? ["凭证号", "摘要", "票号"] : ["凭证号", "摘要"];
        var dateColumns = header == DateHeader.YearOverMonthDay ? 2 : 1;
        var width = dateColumns + middle.Length + amounts.Length;
        var sheet = new Sheet(ledger.Title, width);
        sheet.Add(new Cell(ledger.Title, width));
        var period = $"期间：{ledger.Year}.{ledger.FromMonth:00}-{ledger.Year}.{ledger.ToMonth:00}";
        var third = width / 3;
        sheet.Add(new Cell($"科目：{ledger.Account}", third), new Cell($"{ledger.PartyLabel}：{ledger.PartyCode} {ledger.PartyName}", third), new Cell(period, width - (2 * third)));

        if (header == DateHeader.YearOverMonthDay)
        {
            sheet.Add([new Cell($"{ledger.Year}年", 2), .. middle.Concat(amounts).Select(h => new Cell(h, 1, 2))]);
            sheet.Add("月", "日");
        }
        else
        {
            sheet.Add([new Cell("日期"), .. middle.Concat(amounts).Select(h => new Cell(h))]);
        }

        Cell?[] Row(string? month, string? day, string? voucher, string summary, string? ticket, decimal? debit, decimal? credit, decimal balance)
        {
            var direction = balance > 0 ? "借" : balance < 0 ? "贷" : "平";
            List<Cell?> cells = header == DateHeader.YearOverMonthDay
                ? [month, day]
                : [month is null ? null : $"{ledger.Year}.{month}.{day}"];
            cells.Add(voucher);
            cells.Add(summary);
            if (withTicket)
            {
                cells.Add(ticket);
            }

            cells.Add(debit is { } d ? new Cell(d) : null);
            cells.Add(credit is { } c ? new Cell(c) : null);
            cells.Add(direction);
            cells.Add(new Cell(Math.Abs(balance)));
            return [.. cells];
        }

        var balance = ledger.Opening;
        sheet.Add(Row(null, null, null, "期初余额", null, null, null, balance));
        var yearDebit = ledger.PriorInYear.Debit;
        var yearCredit = ledger.PriorInYear.Credit;
        var written = 0;
        for (var month = ledger.FromMonth; month <= ledger.ToMonth; month++)
        {
            decimal monthDebit = 0, monthCredit = 0;
            var index = 0;
            foreach (var m in ledger.Movements)
            {
                if (m.Month != month)
                {
                    index++;
                    continue;
                }

                if (written == cutAfter)
                {
                    return sheet;
                }

                balance += m.Debit - m.Credit;
                monthDebit += m.Debit;
                monthCredit += m.Credit;
                var row = Row($"{m.Month:00}", $"{m.Day:00}", m.Voucher, m.Summary, m.TicketNo, m.Debit == 0 ? null : m.Debit, m.Credit == 0 ? null : m.Credit, balance);
                foreach (var (badIndex, column, text) in badCells ?? [])
                {
                    if (badIndex == index)
                    {
                        row[ColumnOf(sheet, column)] = text;
                    }
                }

                sheet.Add(row);
                written++;
                index++;
            }

            yearDebit += monthDebit;
            yearCredit += monthCredit;
            var shownMonthDebit = tamper is { Kind: "本月合计" } t && t.Month == month ? t.Debit : monthDebit;
            var shownYearDebit = tamper is { Kind: "本年累计" } y && y.Month == month ? y.Debit : yearDebit;
            sheet.Add(Row(null, null, null, "本月合计", null, shownMonthDebit, monthCredit, balance));
            sheet.Add(Row(null, null, null, "本年累计", null, shownYearDebit, yearCredit, balance));
        }

        return sheet;
    }

    /// <summary>The column index of a heading in the laid-out header (the row holding 摘要).</summary>
    private static int ColumnOf(Sheet sheet, string heading)
    {
        var grid = sheet.Grid();
        foreach (var row in grid)
        {
            var at = Array.FindIndex(row, c => c?.Value as string == heading);
            if (at >= 0)
            {
                return at;
            }
        }

        throw new ArgumentException($"No column {heading}.", nameof(heading));
    }
}
