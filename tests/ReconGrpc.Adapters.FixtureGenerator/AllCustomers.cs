namespace ReconGrpc.Adapters.FixtureGenerator;

/// <summary>
/// T3's 往来科目明细账 for all customers of 1122 应收账款 in March 2024: customer columns, each customer's opening
/// balance, postings, 本月合计 and 本年累计 (which include January and February), and a grand total.
/// </summary>
internal static class AllCustomers
{
    private sealed record Party(string Code, string Name, decimal Opening, decimal PriorDebit, decimal PriorCredit, (int Day, string Voucher, string Summary, decimal Debit, decimal Credit)[] Postings);

    private static readonly Party[] Parties =
    [
        new("0101001", "上海华联超市有限公司", 56_160.00m, 79_560.00m, 81_400.00m,
        [
            (8, "记-0011", "收到货款", 0m, 9_360.00m),
            (15, "记-0020", "销售折让", 0m, 1_000.00m),
            (28, "记-0041", "销售商品 发票号00012533", 15_210.00m, 0m),
        ]),
        new("0102001", "南京苏果商贸有限公司", 12_500.00m, 30_000.00m, 17_500.00m,
        [
            (2, "记-0002", "销售商品 发票号00012470", 8_190.00m, 0m),
            (19, "记-0027", "收到货款", 0m, 12_500.00m),
        ]),
        new("0201001", "北京京客隆商业集团股份有限公司", 0m, 0m, 0m,
        [
            (22, "记-0035", "销售商品 发票号00012521", 5_850.00m, 0m),
        ]),
    ];

    public static Sheet Layout()
    {
        var sheet = new Sheet("往来科目明细账", 10);
        sheet.Add(new Cell("往来科目明细账", 10));
        sheet.Add(new Cell("科目：1122 应收账款", 5), new Cell("期间：2024.03-2024.03", 5));
        sheet.Add("月", "日", "凭证号", "客户编码", "客户名称", "摘要", "借方", "贷方", "方向", "余额");
        decimal totalDebit = 0, totalCredit = 0, totalBalance = 0;
        foreach (var party in Parties)
        {
            var balance = party.Opening;
            sheet.Add(null, null, null, party.Code, party.Name, "期初余额", null, null, Direction(balance), new Cell(Math.Abs(balance)));
            decimal debit = 0, credit = 0;
            foreach (var p in party.Postings)
            {
                balance += p.Debit - p.Credit;
                debit += p.Debit;
                credit += p.Credit;
                sheet.Add(new Cell(3), new Cell(p.Day), p.Voucher, party.Code, party.Name, p.Summary,
                    p.Debit == 0 ? null : new Cell(p.Debit), p.Credit == 0 ? null : new Cell(p.Credit), Direction(balance), new Cell(Math.Abs(balance)));
            }

            sheet.Add(new Cell(3), null, null, party.Code, party.Name, "本月合计", new Cell(debit), new Cell(credit), Direction(balance), new Cell(Math.Abs(balance)));
            sheet.Add(new Cell(3), null, null, party.Code, party.Name, "本年累计", new Cell(party.PriorDebit + debit), new Cell(party.PriorCredit + credit), Direction(balance), new Cell(Math.Abs(balance)));
            totalDebit += debit;
            totalCredit += credit;
            totalBalance += balance;
        }

        sheet.Add(null, null, null, null, null, "合计", new Cell(totalDebit), new Cell(totalCredit), Direction(totalBalance), new Cell(Math.Abs(totalBalance)));
        return sheet;
    }

    private static string Direction(decimal balance) => balance > 0 ? "借" : balance < 0 ? "贷" : "平";
}
