using System.Globalization;
using System.Text;

namespace ReconGrpc.Benchmarks;

/// <summary>
/// Synthetic bank files for the bank benchmarks. Payment <c>i</c> is a pure function of <c>i</c> (customer, amount,
/// date, our receipt's number), so a bank file and the ledger receipts it pays can be written apart and still agree.
/// </summary>
internal static class BankFiles
{
    /// <summary>Customers seeded for the bank benchmarks, <see cref="SeededSqliteDatabase.CustomerCode"/> 0 to 999.</summary>
    public const int Customers = 1000;

    /// <summary>One payment in this many comes from a payer the archive does not know (200 distinct payers).</summary>
    public const int UnknownEvery = 20;

    public const int UnknownPayers = 200;

    public static readonly DateOnly FirstDate = new(2024, 1, 1);

    private static readonly UTF8Encoding Utf8 = new(false);

    /// <summary>The name the customer archive gives customer <paramref name="index"/> (as <see cref="ImportBenchmark"/> seeds it).</summary>
    public static string CustomerName(int index) => $"基准客户{index:D5}号贸易有限公司";

    public static string UnknownName(int index) => $"外部单位{index:D4}号物流有限公司";

    public readonly record struct Payment(int Index, int Customer, bool Known, decimal Amount, DateOnly Date)
    {
        /// <summary>Our receipt's number, which the payer quotes.</summary>
        public string Document => "RC" + Index.ToString("D8", CultureInfo.InvariantCulture);

        public string CustomerCode => SeededSqliteDatabase.CustomerCode(Customer);

        public string PayerName => Known ? CustomerName(Customer) : UnknownName(Customer % UnknownPayers);

        public string PayerAccount => "6222" + (Known ? Customer : 50_000 + Customer % UnknownPayers).ToString("D12", CultureInfo.InvariantCulture);
    }

    public static Payment PaymentAt(int index)
    {
        var h = Mix((ulong)index);
        var customer = (int)(h % Customers);
        var cents = 100 + (long)(h >> 20 & 0xFFFFFF) % 5_000_000;
        return new Payment(index, customer, index % UnknownEvery != UnknownEvery - 1, cents / 100m, FirstDate.AddDays(index % 365));
    }

    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EB;
        return x ^ (x >> 31);
    }

    private static string Amount(decimal value, char separator) =>
        value.ToString("0.00", CultureInfo.InvariantCulture).Replace('.', separator);

    /// <summary>
    /// An MT940 file of about <paramref name="lines"/> physical lines: statements of 500 credits each, every credit a
    /// <c>:61:</c> line with its <c>:86:</c> details in German ?-sub-fields (?20 end-to-end reference, ?21 remittance,
    /// ?31 account, ?32 payer name) over three lines. Returns the transactions written.
    /// </summary>
    public static int WriteMt940(Stream stream, int lines)
    {
        using var writer = new StreamWriter(stream, Utf8, 1 << 16, leaveOpen: true) { NewLine = "\r\n" };
        var written = 0;
        var transactions = 0;
        var statement = 0;
        var balance = 100_000m;
        while (written < lines)
        {
            statement++;
            var first = PaymentAt(transactions).Date;
            writer.WriteLine($":20:STMT{statement:D8}");
            writer.WriteLine(":25:10020030/1234567890");
            writer.WriteLine($":28C:{statement % 100_000:D5}/001");
            writer.WriteLine($":60F:C{first:yyMMdd}CNY{Amount(balance, ',')}");
            written += 4;
            for (var t = 0; t < 500 && written < lines - 2; t++, transactions++)
            {
                var p = PaymentAt(transactions);
                balance += p.Amount;
                writer.WriteLine($":61:{p.Date:yyMMdd}{p.Date:MMdd}C{Amount(p.Amount, ',')}NTRFNONREF//B{p.Index:D10}");
                writer.WriteLine($":86:166?00GUTSCHRIFT?20EREF+{p.Document}?21SVWZ+货款 {p.Document}");
                writer.WriteLine($"?31{p.PayerAccount}?32{p.PayerName}");
                written += 3;
            }

            writer.WriteLine($":62F:C{PaymentAt(Math.Max(0, transactions - 1)).Date:yyMMdd}CNY{Amount(balance, ',')}");
            writer.WriteLine("-");
            written += 2;
        }

        return transactions;
    }

    /// <summary>
    /// A camt.053.001.08 file of about <paramref name="lines"/> physical lines: one statement whose entries (16
    /// lines each) are credits with one transaction's details — end-to-end id, debtor name and account, remittance.
    /// Returns the entries written.
    /// </summary>
    public static int WriteCamt053(Stream stream, int lines)
    {
        using var writer = new StreamWriter(stream, Utf8, 1 << 16, leaveOpen: true) { NewLine = "\n" };
        var entries = Math.Max(1, (lines - 30) / 16);
        var opening = 100_000m;
        var closing = opening;
        for (var i = 0; i < entries; i++)
        {
            closing += PaymentAt(i).Amount;
        }

        writer.WriteLine("""
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
              <BkToCstmrStmt>
                <GrpHdr><MsgId>BENCH-1</MsgId><CreDtTm>2024-12-31T20:00:00</CreDtTm></GrpHdr>
                <Stmt>
                  <Id>BENCH-2024</Id>
                  <Acct>
                    <Id><Othr><Id>1234567890</Id></Othr></Id>
                    <Ccy>CNY</Ccy>
                  </Acct>
            """);
        WriteBalance(writer, "OPBD", opening, FirstDate);
        WriteBalance(writer, "CLBD", closing, PaymentAt(entries - 1).Date);
        for (var i = 0; i < entries; i++)
        {
            var p = PaymentAt(i);
            var amount = Amount(p.Amount, '.');
            writer.WriteLine("      <Ntry>");
            writer.WriteLine($"        <Amt Ccy=\"CNY\">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>");
            writer.WriteLine($"        <BookgDt><Dt>{p.Date:yyyy-MM-dd}</Dt></BookgDt>");
            writer.WriteLine($"        <ValDt><Dt>{p.Date:yyyy-MM-dd}</Dt></ValDt>");
            writer.WriteLine($"        <AcctSvcrRef>B{p.Index:D10}</AcctSvcrRef>");
            writer.WriteLine("        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>");
            writer.WriteLine("        <NtryDtls>");
            writer.WriteLine("          <TxDtls>");
            writer.WriteLine($"            <Refs><AcctSvcrRef>B{p.Index:D10}</AcctSvcrRef><EndToEndId>{p.Document}</EndToEndId></Refs>");
            writer.WriteLine($"            <Amt Ccy=\"CNY\">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd>");
            writer.WriteLine($"            <RltdPties><Dbtr><Pty><Nm>{p.PayerName}</Nm></Pty></Dbtr>");
            writer.WriteLine($"              <DbtrAcct><Id><Othr><Id>{p.PayerAccount}</Id></Othr></Id></DbtrAcct></RltdPties>");
            writer.WriteLine($"            <RmtInf><Ustrd>货款 {p.Document}</Ustrd></RmtInf>");
            writer.WriteLine("          </TxDtls>");
            writer.WriteLine("        </NtryDtls>");
            writer.WriteLine("      </Ntry>");
        }

        writer.WriteLine("    </Stmt>");
        writer.WriteLine("  </BkToCstmrStmt>");
        writer.WriteLine("</Document>");
        return entries;
    }

    private static void WriteBalance(StreamWriter writer, string code, decimal amount, DateOnly date)
    {
        writer.WriteLine("      <Bal>");
        writer.WriteLine($"        <Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp>");
        writer.WriteLine($"        <Amt Ccy=\"CNY\">{Amount(amount, '.')}</Amt><CdtDbtInd>CRDT</CdtDbtInd>");
        writer.WriteLine($"        <Dt><Dt>{date:yyyy-MM-dd}</Dt></Dt>");
        writer.WriteLine("      </Bal>");
    }

    /// <summary>
    /// A Chinese bank 交易明细 CSV (the generic ICBC-like layout) of <paramref name="lines"/> lines: the heading, then
    /// one credit per line with a running balance. Returns the transactions written.
    /// </summary>
    public static int WriteChineseBankCsv(Stream stream, int lines)
    {
        using var writer = new StreamWriter(stream, Utf8, 1 << 16, leaveOpen: true) { NewLine = "\r\n" };
        writer.WriteLine("交易日期,摘要,收入,支出,余额,对方户名,对方账号,流水号");
        var balance = 100_000m;
        var transactions = Math.Max(1, lines - 1);
        for (var i = 0; i < transactions; i++)
        {
            var p = PaymentAt(i);
            balance += p.Amount;
            writer.WriteLine($"{p.Date:yyyy-MM-dd},货款 {p.Document},{Amount(p.Amount, '.')},,{Amount(balance, '.')},{p.PayerName},{p.PayerAccount},B{p.Index:D10}");
        }

        return transactions;
    }

    /// <summary>
    /// The template adapter's statement CSV of bank credits: the payer by name and account (resolved by the server), or,
    /// with <paramref name="customersGiven"/>, by customer code (对方编码) where the payer is a customer. Payments
    /// <paramref name="first"/> to <paramref name="first"/> + <paramref name="rows"/> − 1, dated
    /// <paramref name="yearShift"/> years from their own dates. Without <paramref name="accounts"/> a payer named goes without its account.
    /// </summary>
    public static void WriteTemplateStatement(string path, int first, int rows, bool customersGiven, int yearShift = 0, bool accounts = true)
    {
        using var writer = new StreamWriter(path, false, Utf8, 1 << 16);
        writer.WriteLine("日期,金额,对方编码,对方户名,对方账号,参考号,流水号,摘要");
        for (var i = first; i < first + rows; i++)
        {
            var p = PaymentAt(i);
            var code = customersGiven && p.Known ? p.CustomerCode : "";
            var name = customersGiven && p.Known ? "" : p.PayerName;
            var account = (customersGiven && p.Known) || !accounts ? "" : p.PayerAccount;
            writer.WriteLine($"{p.Date.AddYears(yearShift):yyyy-MM-dd},{Amount(p.Amount, '.')},{code},{name},{account},{p.Document},B{p.Index:D10},货款 {p.Document}");
        }
    }
}
