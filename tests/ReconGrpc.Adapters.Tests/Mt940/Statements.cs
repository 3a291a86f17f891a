using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Mt940;

/// <summary>One statement as the host sees it: the lines read since the previous balance record, and its balance record.</summary>
internal sealed record ReadStatement(List<StatementLineRecord> Lines, StatementBalanceRecord Balance, long BalanceLine)
{
    /// <summary>Opening balance plus the lines' amounts, the host's check.</summary>
    public decimal Computed => Balance.OpeningBalance!.Value + Lines.Sum(l => l.Amount);

    /// <summary>What the file's closing balance says minus what the lines add up to (0 when the statement foots).</summary>
    public decimal Difference => Balance.ClosingBalance!.Value - Computed;

    public static List<ReadStatement> Of(IEnumerable<ImportRow> rows)
    {
        var statements = new List<ReadStatement>();
        var lines = new List<StatementLineRecord>();
        foreach (var row in rows.OfType<RecordRow>())
        {
            switch (row.Record)
            {
                case StatementLineRecord line:
                    lines.Add(line);
                    break;
                case StatementBalanceRecord balance:
                    statements.Add(new ReadStatement(lines, balance, row.Line));
                    lines = [];
                    break;
            }
        }

        Assert.Empty(lines);
        return statements;
    }
}
