using System.Diagnostics;
using System.Globalization;
using System.Text;
using Grpc.Core;
using ReconGrpc.Contracts.V1;

namespace ReconGrpc.Benchmarks;

/// <summary>
/// The archive a load reads, seeded through the API as a user would fill it: a category tree (six regions of four
/// leaves), N customers created one by one (names such as 上海华联贸易有限公司, so their 助记码 differ), a
/// quarter of their ledger (2026-01..03, four invoices and four receipts a month each) imported from a template file,
/// a customer statement for March mirroring our entries (one line in 25 at another amount, one in 40 missing), viewer
/// keys for the reads, and one reconciliation of March over every customer, which GetRun reads. Codes carry a tag of
/// their own, so that seeding given servers twice does not collide.
/// </summary>
internal sealed class LoadArchive
{
    public static readonly DateOnly RunStart = new(2026, 3, 1);
    public static readonly DateOnly RunEnd = new(2026, 3, 31);

    private static readonly string[] Regions = ["华东", "华北", "华南", "华中", "西南", "西北"];
    private static readonly string[] Channels = ["经销商", "零售", "电商", "直营"];
    private static readonly string[] Cities = ["上海", "北京", "广州", "深圳", "杭州", "南京", "成都", "武汉", "天津", "重庆"];
    private static readonly string[] Brands = ["华联", "恒通", "永安", "宏达", "金鹏", "瑞丰", "鑫源", "联创", "东方", "天成",
        "嘉禾", "盛世", "新宇", "百信", "国泰", "光明", "长城", "海润", "信诚", "中和"];
    private static readonly string[] Trades = ["贸易", "商贸", "科技", "实业", "物流", "电子", "食品", "建材", "医药", "服饰"];

    private LoadArchive(string tag) => Tag = tag;

    /// <summary>The prefix of every code this seeding made.</summary>
    public string Tag { get; }

    public List<string> CustomerCodes { get; } = [];

    /// <summary>Four-letter 助记码 prefixes of the seeded customers (city and brand initials, about ten customers each).</summary>
    public List<string> MnemonicPrefixes { get; } = [];

    public List<string> LeafCategories { get; } = [];

    public List<string> ViewerKeys { get; } = [];

    public long StatementId { get; private set; }

    public long RunId { get; private set; }

    public static async Task<LoadArchive> SeedAsync(CallInvoker admin, LoadOptions options, string folder)
    {
        var archive = new LoadArchive("LD" + Convert.ToHexString(Guid.NewGuid().ToByteArray())[..4] + "-");
        var watch = Stopwatch.StartNew();
        await archive.CreateCategoriesAsync(admin);
        var imports = new ImportService.ImportServiceClient(admin);

        await archive.CreateCustomersAsync(admin, options.Customers);
        var steps = new List<string> { $"customers {watch.Elapsed.TotalSeconds:F1} s" };

        var ledger = Path.Combine(folder, "ledger.csv");
        var entries = archive.WriteLedger(ledger);
        var batch = await ImportBenchmark.UploadAsync(imports, ledger,
            new ImportHeader { AdapterId = "template", FileName = "ledger.csv", Options = { ["kind"] = "ledger" } });
        Check(batch, "ledger");
        steps.Add($"ledger {watch.Elapsed.TotalSeconds:F1} s");

        var statement = Path.Combine(folder, "statement.csv");
        var lines = archive.WriteStatement(statement);
        batch = await ImportBenchmark.UploadAsync(imports, statement, new ImportHeader
        {
            AdapterId = "template",
            FileName = "statement.csv",
            Target = new ImportTarget { StatementName = archive.Tag + "2026-03 对账单", StatementKind = StatementKind.CustomerStatement },
            Options = { ["kind"] = "statement", ["convention"] = "our-ledger" },
        });
        Check(batch, "statement");
        archive.StatementId = batch.StatementId;
        steps.Add($"statement {watch.Elapsed.TotalSeconds:F1} s");

        await archive.ReadMnemonicsAsync(admin);
        var keys = new AdminService.AdminServiceClient(admin);
        for (var i = 0; i < options.Keys; i++)
        {
            var key = await keys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = $"load reader {archive.Tag}{i + 1}", Role = Role.Viewer });
            archive.ViewerKeys.Add(key.Secret);
        }

        steps.Add($"keys {watch.Elapsed.TotalSeconds:F1} s");

        var run = await LoadWriters.RunOnceAsync(admin, archive, CancellationToken.None);
        archive.RunId = run.RunId;
        Console.WriteLine($"seeded through the API in {watch.Elapsed.TotalSeconds:F1} s: {archive.LeafCategories.Count} leaf categories, {archive.CustomerCodes.Count:N0} customers, " +
                          $"{entries:N0} ledger entries, a statement of {lines:N0} lines, {options.Keys} viewer keys; a first run of March over every customer: " +
                          $"{run.Describe()} (done at: {string.Join(", ", steps)})");
        return archive;
    }

    private static void Check(ImportBatch batch, string what)
    {
        if (batch is null || batch.Rejected > 0 || !batch.Committed)
        {
            throw new InvalidOperationException($"seeding the {what} failed: " +
                (batch is null ? "no summary" : $"{batch.Rejected} rejected: " + string.Join("; ", batch.Errors.Take(5).Select(e => $"{e.Line}: {e.Message}"))));
        }
    }

    private async Task CreateCategoriesAsync(CallInvoker admin)
    {
        var categories = new CategoryService.CategoryServiceClient(admin);
        for (var r = 0; r < Regions.Length; r++)
        {
            var region = $"{r + 1:D2}";
            await CreateAsync(categories, region, Regions[r]);
            for (var c = 0; c < Channels.Length; c++)
            {
                var leaf = $"{region}{c + 1:D2}";
                await CreateAsync(categories, leaf, Regions[r] + Channels[c]);
                LeafCategories.Add(leaf);
            }
        }
    }

    /// <summary>Creates a category; one that a seeding before made (given servers) is used as it is.</summary>
    private static async Task CreateAsync(CategoryService.CategoryServiceClient categories, string code, string name)
    {
        try
        {
            await categories.CreateCategoryAsync(new CreateCategoryRequest { Code = code, Name = name });
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
        {
        }
    }

    /// <summary>
    /// The customers, created with CreateCustomer eight at a time (a template import of 2,000 customers takes minutes:
    /// each row's duplicate check and save run in the one transaction of the batch).
    /// </summary>
    private async Task CreateCustomersAsync(CallInvoker admin, int count)
    {
        var client = new CustomerService.CustomerServiceClient(admin);
        for (var i = 0; i < count; i++)
        {
            CustomerCodes.Add(Tag + i.ToString("D5", CultureInfo.InvariantCulture));
        }

        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            // 2,000 names from the three lists; beyond, branches of them.
            var name = Cities[i % Cities.Length] + Brands[i / Cities.Length % Brands.Length] + Trades[i / (Cities.Length * Brands.Length) % Trades.Length] + "有限公司" +
                       (i >= 2000 ? $"第{i / 2000}分公司" : "");
            var request = new CreateCustomerRequest
            {
                Fields = new CustomerFields
                {
                    Code = CustomerCodes[i],
                    Name = name,
                    CategoryCode = LeafCategories[i % LeafCategories.Count],
                    PaymentTermsDays = 30,
                    CreditLimit = new DecimalValue { Value = ((i % 7 + 1) * 100_000).ToString(CultureInfo.InvariantCulture) },
                },
            };
            while (true)
            {
                try
                {
                    await client.CreateCustomerAsync(request, cancellationToken: ct);
                    break;
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
                {
                    // The admin key's rate limit (appsettings.json applies): wait as the server says, as a client would.
                    var pushback = e.Trailers.GetValue("grpc-retry-pushback-ms") is { } ms ? int.Parse(ms, CultureInfo.InvariantCulture) : 1000;
                    await Task.Delay(pushback, ct);
                }
            }
        });
    }

    private static decimal Amount(int customer, int month, int k) =>
        (int)(Mix((ulong)(customer * 97 + month * 13 + k)) % 2_000_000 + 1_000) / 100m;

    private string InvoiceNumber(int customer, int month, int k) => $"INV{Tag}{customer:D5}{month:D2}{k}";

    private string ReceiptNumber(int customer, int month, int k) => $"RC{Tag}{customer:D5}{month:D2}{k}";

    /// <summary>Each customer's quarter: four invoices a month and a receipt paying each, in the document convention.</summary>
    private int WriteLedger(string path)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.WriteLine("客户编码,客户名称,日期,单据类型,单据号,金额,摘要");
        var rows = 0;
        for (var c = 0; c < CustomerCodes.Count; c++)
        {
            for (var month = 1; month <= 3; month++)
            {
                for (var k = 0; k < 4; k++)
                {
                    var amount = Amount(c, month, k).ToString("0.00", CultureInfo.InvariantCulture);
                    writer.WriteLine($"{CustomerCodes[c]},,2026-{month:D2}-{3 + k * 6:D2},销售发票,{InvoiceNumber(c, month, k)},{amount},销售商品");
                    writer.WriteLine($"{CustomerCodes[c]},,2026-{month:D2}-{5 + k * 6:D2},收款,{ReceiptNumber(c, month, k)},{amount},收到货款");
                    rows += 2;
                }
            }
        }

        return rows;
    }

    /// <summary>The customers' statement for March in our sign convention: our entries, one in 25 at another amount, one in 40 left out.</summary>
    private int WriteStatement(string path)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.WriteLine("日期,金额,单据类型,对方编码,单据号,摘要");
        var lines = 0;
        for (var c = 0; c < CustomerCodes.Count; c++)
        {
            for (var k = 0; k < 4; k++)
            {
                foreach (var invoice in new[] { true, false })
                {
                    var n = lines++;
                    if (n % 40 == 39)
                    {
                        continue;
                    }

                    var amount = Amount(c, 3, k) + (n % 25 == 24 ? 3.5m : 0m);
                    var signed = (invoice ? amount : -amount).ToString("0.00", CultureInfo.InvariantCulture);
                    writer.WriteLine(invoice
                        ? $"2026-03-{3 + k * 6:D2},{signed},销售发票,{CustomerCodes[c]},{InvoiceNumber(c, 3, k)},采购商品"
                        : $"2026-03-{5 + k * 6:D2},{signed},收款,{CustomerCodes[c]},{ReceiptNumber(c, 3, k)},支付货款");
                }
            }
        }

        return lines - lines / 40;
    }

    /// <summary>A ledger file of new rows for April (each repetition's numbers its own), imported alongside the reads.</summary>
    public void WriteImport(string path, int rows, int repetition)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.WriteLine("客户编码,客户名称,日期,单据类型,单据号,金额,摘要");
        for (var i = 0; i < rows; i++)
        {
            var customer = (int)(Mix((ulong)(repetition * 1_000_003 + i)) % (ulong)CustomerCodes.Count);
            var receipt = i % 2 == 1;
            var amount = ((int)(Mix((ulong)i) % 1_000_000 + 100) / 100m).ToString("0.00", CultureInfo.InvariantCulture);
            writer.WriteLine($"{CustomerCodes[customer]},,2026-04-{1 + i % 28:D2},{(receipt ? "收款" : "销售发票")},IMP{Tag}{repetition:D4}{i:D6},{amount},{(receipt ? "收到货款" : "销售商品")}");
        }
    }

    /// <summary>The 助记码 the server generated for the seeded customers, read back page by page.</summary>
    private async Task ReadMnemonicsAsync(CallInvoker admin)
    {
        var customers = new CustomerService.CustomerServiceClient(admin);
        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        var token = "";
        do
        {
            var page = await customers.SearchCustomersAsync(new SearchCustomersRequest { Prefix = Tag, PageSize = 1000, PageToken = token });
            foreach (var customer in page.Customers)
            {
                var mnemonic = customer.Fields.Mnemonic;
                if (mnemonic.Length >= 4)
                {
                    prefixes.Add(mnemonic[..4]);
                }
            }

            token = page.NextPageToken;
        }
        while (token.Length > 0);

        MnemonicPrefixes.AddRange(prefixes.Order(StringComparer.Ordinal));
        if (MnemonicPrefixes.Count == 0)
        {
            throw new InvalidOperationException("the seeded customers have no 助记码 of four letters or more");
        }
    }

    internal static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EB;
        return x ^ (x >> 31);
    }
}
