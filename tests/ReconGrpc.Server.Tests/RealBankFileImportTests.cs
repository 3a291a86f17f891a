using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>
/// Every bank file written by others imports through a real server with the adapter detection picks: its lines
/// stored, and a warning for each statement that does not add up, as SOURCES.md says of it.
/// </summary>
public sealed class RealBankFileImportTests
{
    /// <summary>The adapter detection must pick, the lines the file holds, and the warnings its statements call for.</summary>
    private static readonly Dictionary<string, (string Adapter, int Lines, int Warnings)> Expected = new()
    {
        ["mt940/oca-test-ing.940"] = ("mt940", 8, 0),
        // Neither of its two statements adds up.
        ["mt940/mt940lib-jejik-abnamro.sta"] = ("mt940", 10, 2),
        // The second statement is 300.08 off.
        ["mt940/mt940lib-betterplace-sepa_snippet.sta"] = ("mt940", 11, 1),
        ["mt940/mt940lib-sberbank-171011_01234945.sta"] = ("mt940", 3, 0),
        // Its entries come to −12.99 against a fall of 447.15.
        ["camt053/oca-test-camt053.xml"] = ("camt053", 4, 1),
        ["camt053/oca-test-camt053-txdtls.xml"] = ("camt053", 2, 0),
        ["camt053/genkgo-camt053.v2.multi.statement.xml"] = ("camt053", 2, 0),
        // OFX states no opening balance: nothing to check the lines against.
        ["ofx/oca-test_ofx.ofx"] = ("ofx", 4, 0),
        ["ofx/ofxparse-checking.ofx"] = ("ofx", 3, 0),
        ["ofx/ofxparse-bank_medium.ofx"] = ("ofx", 3, 0),
        // The anonymised 人民币合计 row states totals of money in and out that are not its lines'.
        ["cn-bank/deg-icbc-debit-v2.csv"] = ("cn-bank", 11, 2),
        ["cn-bank/deg-cmb-debit.csv"] = ("cn-bank", 5, 1),
        ["cn-bank/deg-boc-debit.csv"] = ("cn-bank", 17, 0),
    };

    public static TheoryData<string> Files => RealFiles.Cases([.. Expected.Keys]);

    [Theory]
    [MemberData(nameof(Files))]
    public async Task A_real_bank_file_imports_with_a_warning_for_each_statement_that_does_not_add_up(string relative)
    {
        if (RealFiles.Skip(relative))
        {
            return;
        }

        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        var expected = Expected[relative];

        var (summary, _) = await ImportClient.UploadAsync(server.Imports(server.AdminKey), new ImportHeader
        {
            AdapterId = "auto", FileName = Path.GetFileName(relative),
            Target = new ImportTarget { StatementName = relative, StatementKind = StatementKind.BankStatement },
        }, RealFiles.Bytes(relative));
        var balances = await server.Bank(server.AdminKey).ListStatementBalancesAsync(new ListStatementBalancesRequest { StatementId = summary.StatementId });

        Assert.True(summary.Committed);
        Assert.Equal(expected.Adapter, summary.AdapterId);
        Assert.Empty(summary.Errors);
        Assert.Equal((expected.Lines, 0L), (summary.Imported, summary.Rejected));
        Assert.Equal(expected.Warnings, summary.Warnings.Count);
        Assert.All(summary.Warnings, w => Assert.Equal("balance", w.Field));
        Assert.Equal(expected.Warnings, balances.Balances.Sum(b => b.Problems.Count));
    }
}
