using System.Text;
using Grpc.Core;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>Imports through a real server with the bundled adapters loaded from its plugin folder.</summary>
public sealed class ImportServiceTests(ServerPool servers) : IClassFixture<ServerPool>
{
    private static async Task Customer(TestServer server, string category, string code, string name, int paymentTerms = 0, string? creditCode = null)
    {
        var categories = server.Categories(server.AdminKey);
        try
        {
            await categories.CreateCategoryAsync(new CreateCategoryRequest { Code = category, Name = "分类" + category });
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
            // Shared by several tests of this class.
        }

        await server.Customers(server.AdminKey).CreateCustomerAsync(new CreateCustomerRequest
        {
            Fields = new CustomerFields { Code = code, Name = name, CategoryCode = category, PaymentTermsDays = paymentTerms, CreditCode = creditCode ?? "" },
        });
    }

    private static byte[] Csv(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_corrected_export_booking_a_document_again_at_another_amount_is_stored_with_a_warning(string provider)
    {
        var server = await servers.For(provider);
        await Customer(server, "77", "W7701", "温州正泰贸易有限公司");
        var imports = server.Imports(server.AdminKey);
        ImportHeader Header() => new() { AdapterId = "template", FileName = "w7701.csv", Options = { ["kind"] = "ledger" } };

        var (first, _) = await ImportClient.UploadAsync(imports, Header(), Csv(
            "客户编码,日期,单据类型,单据号,金额", "W7701,2024-05-20,销售发票,FP0520,2260.00", "W7701,2024-05-21,销售发票,FP0521,100.00"));
        var (corrected, _) = await ImportClient.UploadAsync(imports, Header(), Csv(
            "客户编码,日期,单据类型,单据号,金额", "W7701,2024-05-20,销售发票,FP0520,2259.50", "W7701,2024-05-21,销售发票,FP0521,100.00",
            "W7701,2024-05-22,收款,SK0522,500.00"));

        Assert.Empty(first.Warnings);
        Assert.Equal((2L, 1L), (corrected.Imported, corrected.Duplicates));
        var warning = Assert.Single(corrected.Warnings);
        Assert.Equal((2, "amount"), (warning.Line, warning.Field));
        Assert.Equal($"FP0520 of W7701 on 2024-05-20 was booked before at 2260.00 (import batch {first.Id}, line 2); this row books it again at 2259.50. " +
                     "If the file corrects the earlier figure, reverse the old entry (recon ledger post … --amount -2260.00).", warning.Message);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_bundled_adapters_are_listed_and_detected(string provider)
    {
        var server = await servers.For(provider);
        var imports = server.Imports(server.AdminKey);

        var adapters = await imports.ListAdaptersAsync(new ListAdaptersRequest());
        var detected = await imports.DetectAdapterAsync(new DetectAdapterRequest
        {
            FileName = "ledger.csv",
            Head = Google.Protobuf.ByteString.CopyFrom(Csv("客户编码,客户名称,日期,单据类型,单据号,金额,摘要", "A,甲,2024-04-02,销售发票,1,1.00,x")),
        });

        var template = Assert.Single(adapters.Adapters, a => a.Id == "template");
        Assert.True(template.Available, template.UnavailableReason);
        Assert.Contains(template.Options, o => o.Name == "columns");
        Assert.Equal(ReconGrpc.Plugins.Abstractions.PluginSdk.VersionText, template.SdkVersion);
        Assert.False(string.IsNullOrWhiteSpace(template.Description));
        Assert.Contains(detected.Candidates, c => c.AdapterId == "template" && c.Confidence > 0 && c.Reason.Length > 0);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_batch_names_the_adapter_version_and_the_plugin_build_that_read_it(string provider)
    {
        var server = await servers.For(provider);
        await Customer(server, "A4", "LA401", "成都瑞丰科技有限公司七四");
        var imports = server.Imports(server.AdminKey);
        var file = Csv("客户编码,日期,单据类型,单据号,金额", "LA401,2024-04-02,销售发票,INV-7401,100.00");
        var expectedHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            File.ReadAllBytes(Path.Combine(server.PluginFolder, "ReconGrpc.Adapters.Template", "ReconGrpc.Adapters.Template.dll"))));

        var (summary, _) = await ImportClient.UploadAsync(imports, new ImportHeader { AdapterId = "template", FileName = "ledger.csv" }, file);
        var stored = (await imports.GetImportBatchAsync(new GetImportBatchRequest { Id = summary.Id })).Batch;
        var adapter = (await imports.ListAdaptersAsync(new ListAdaptersRequest())).Adapters.Single(a => a.Id == "template");

        Assert.Equal(1, summary.Imported);
        Assert.Equal(adapter.Version, stored.AdapterVersion);
        Assert.Equal(expectedHash, stored.PluginSha256);
        Assert.Equal(TestServer.Person, stored.ImportedFor);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Lines_with_the_sources_own_ids_are_not_stored_again_when_a_later_reader_maps_their_text_differently(string provider)
    {
        var server = await servers.For(provider);
        await Customer(server, "A6", "LA601", "成都瑞丰科技有限公司七六");
        var imports = server.Imports(server.AdminKey);
        var file = Csv(
            "日期,金额,摘要,备注,来源标识",
            "2024-04-02,1000.00,货款,四月第一笔,TX-20240402-001",
            "2024-04-09,-200.00,退款,四月退货,TX-20240409-007",
            "2024-04-09,-200.00,退款,四月退货,TX-20240409-008");
        ImportHeader Header(string? columns) => new()
        {
            AdapterId = "template", FileName = "bank.csv",
            Options = { ["kind"] = "statement", ["convention"] = "cash-flow" },
            Target = new ImportTarget { StatementName = "工行 2024-04 七六", StatementKind = StatementKind.BankStatement, CustomerCode = "LA601" },
        };
        var second = Header(null);
        second.Options["columns"] = "text=备注";

        var (first, _) = await ImportClient.UploadAsync(imports, Header(null), file);
        var (again, _) = await ImportClient.UploadAsync(imports, second, file);
        var statements = await server.Ledger(server.AdminKey).ListStatementsAsync(new ListStatementsRequest { CustomerCode = "LA601" });

        // Two refunds alike in every field but their ids are two lines.
        Assert.Equal((3, 0), (first.Imported, first.Duplicates));
        Assert.Equal((0, 3), (again.Imported, again.Duplicates));
        Assert.Equal(3, Assert.Single(statements.Statements).LineCount);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_import_whose_every_line_is_refused_leaves_no_statement_and_an_empty_statement_can_be_deleted(string provider)
    {
        var server = await servers.For(provider);
        await Customer(server, "A5", "LA501", "成都瑞丰科技有限公司七五");
        var imports = server.Imports(server.AdminKey);
        var ledger = server.Ledger(server.AdminKey);
        ImportHeader Header(string name) => new()
        {
            AdapterId = "template", FileName = "bank.csv", Options = { ["kind"] = "statement", ["convention"] = "cash-flow" },
            Target = new ImportTarget { StatementName = name, StatementKind = StatementKind.BankStatement, CustomerCode = "LA501" },
        };

        // Both rows name a currency of more decimals than it has: the template reads them, the ledger rules refuse them.
        var (refused, _) = await ImportClient.UploadAsync(imports, Header("工行 2024-04 七五 (作废)"),
            Csv("日期,金额,摘要,单据号", "2024-04-02,1000.001,货款,PAY-1", "2024-04-09,-200.009,退款,PAY-2"));
        var afterRefusal = await ledger.ListStatementsAsync(new ListStatementsRequest { CustomerCode = "LA501" });
        var (kept, _) = await ImportClient.UploadAsync(imports, Header("工行 2024-04 七五"), Csv("日期,金额,摘要,单据号", "2024-04-02,1000.00,货款,PAY-1"));
        var withLines = await Expect.Status(StatusCode.FailedPrecondition,
            () => ledger.DeleteStatementAsync(new DeleteStatementRequest { Id = kept.StatementId }).ResponseAsync);

        Assert.Equal(0, refused.Imported);
        Assert.Equal(2, refused.Rejected);
        Assert.Equal(0, refused.StatementId);
        Assert.Empty(afterRefusal.Statements);
        Assert.Contains("1 lines", withLines);
        await Expect.Status(StatusCode.NotFound, () => ledger.DeleteStatementAsync(new DeleteStatementRequest { Id = kept.StatementId + 1000 }).ResponseAsync);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_ledger_file_imports_once_and_a_second_import_adds_nothing(string provider)
    {
        var server = await servers.For(provider);
        await Customer(server, "70", "L7001", "上海华联超市有限公司七", paymentTerms: 30);
        var file = Csv(
            "客户编码,客户名称,日期,单据类型,单据号,金额,摘要",
            "L7001,上海华联超市有限公司七,2024-04-02,销售发票,INV-7001,\"18,720.00\",销售商品",
            "L7001,上海华联超市有限公司七,2024/04/15,收款,RC-7001,10000.00,收到货款",
            "L7001,,2024年4月20日,销售发票,INV-7002,２５０.５０元,全角金额");
        var header = new ImportHeader { AdapterId = "template", FileName = "ledger-7001.csv", Options = { ["kind"] = "ledger" } };

        var (first, progress) = await ImportClient.UploadAsync(server.Imports(server.AdminKey), header, file);
        var (second, _) = await ImportClient.UploadAsync(server.Imports(server.AdminKey), header, file);
        var entries = await server.LedgerEntriesAsync("L7001");
        var balance = await server.Ledger(server.AdminKey).GetCustomerBalanceAsync(new GetCustomerBalanceRequest { CustomerCode = "L7001" });

        Assert.True(first.Committed);
        Assert.Equal((3, 3, 0, 0), (first.RowsRead, first.Imported, first.Duplicates, first.Rejected));
        Assert.Equal((3, 0, 3, 0), (second.RowsRead, second.Imported, second.Duplicates, second.Rejected));
        Assert.Equal(RecordKind.LedgerEntries, first.RecordKind);
        Assert.Equal(3, entries.Count);
        Assert.Equal("18720.00", entries[0].Amount.Value);
        Assert.Equal(new Date { Year = 2024, Month = 5, Day = 2 }, entries[0].DueDate);
        Assert.Equal(first.Id, entries[0].ImportBatchId);
        Assert.Equal("template", entries[0].AdapterId);
        Assert.Equal(2, entries[0].SourceLine);
        Assert.Equal("8970.50", balance.Balance.Value);
        // Rows still on their way to the database count as accepted: the storing phase starts with all three.
        Assert.Contains(progress, p => p is { Phase: "storing", RowsRead: 3, RowsAccepted: 3, RowsRejected: 0 });
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Customers_first_named_late_in_a_long_file_are_found_while_earlier_rows_are_being_stored(string provider)
    {
        // Rows are stored on a writer of their own while the next are read: looking up a customer must not share the
        // writer's connection (on PostgreSQL that failed as soon as a new customer appeared after the first hand-off).
        var server = await servers.For(provider);
        const int customers = 40, rowsEach = 150;
        for (var c = 0; c < customers; c++)
        {
            await Customer(server, "83", $"L83{c:D2}", $"温州瓯江五金有限公司八三{c:D2}");
        }

        var rows = new List<string> { "客户编码,客户名称,日期,单据类型,单据号,金额,摘要" };
        for (var i = 0; i < customers * rowsEach; i++)
        {
            rows.Add($"L83{i / rowsEach:D2},,2024-04-{1 + i % 28:D2},销售发票,INV-83-{i},{i + 1}.00,x");
        }

        var (summary, _) = await ImportClient.UploadAsync(server.Imports(server.AdminKey),
            new ImportHeader { AdapterId = "template", FileName = "late-customers.csv", Options = { ["kind"] = "ledger" } }, Csv([.. rows]));

        Assert.Equal((customers * rowsEach, customers * rowsEach, 0), (summary.RowsRead, summary.Imported, summary.Rejected));
        Assert.Equal(rowsEach, (await server.LedgerEntriesAsync($"L83{customers - 1:D2}")).Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Bad_rows_are_reported_by_line_and_the_good_rows_are_stored(string provider)
    {
        var server = await servers.For(provider);
        await Customer(server, "71", "L7101", "杭州鑫源食品有限公司七一");
        var file = Csv(
            "客户编码,客户名称,日期,单据类型,单据号,金额,摘要",
            "L7101,杭州鑫源食品有限公司七一,2024-04-02,销售发票,INV-7101,100.00,好",
            "L7101,杭州鑫源食品有限公司七一,2024-04-03,销售发票,INV-7102,一万二,金额是文字",
            "L7101,杭州鑫源食品有限公司七一,2024-04-31,销售发票,INV-7103,500.00,没有4月31日",
            "NOSUCH,不存在的公司,2024-04-05,销售发票,INV-7104,800.00,没有客户",
            "L7101,杭州鑫源食品有限公司七一,2024-04-06,销售发票,INV-7105,200.00,好");

        var (summary, progress) = await ImportClient.UploadAsync(server.Imports(server.AdminKey), new ImportHeader { AdapterId = "template", FileName = "bad.csv", Options = { ["kind"] = "ledger" } }, file);
        var errors = await server.Imports(server.AdminKey).ListImportErrorsAsync(new ListImportErrorsRequest { BatchId = summary.Id });

        Assert.True(summary.Committed);
        Assert.Equal((5, 2, 3), (summary.RowsRead, summary.Imported, summary.Rejected));
        Assert.Equal([3, 4, 5], errors.Errors.Select(e => e.Line));
        Assert.Contains("NOSUCH", errors.Errors[2].Message);
        Assert.Equal(2, (await server.LedgerEntriesAsync("L7101")).Count);
        Assert.Contains(progress, p => p is { Phase: "storing", RowsRead: 5, RowsAccepted: 2, RowsRejected: 3 });
    }

    // Category 86 and customers L86xx belong to the credit-code tests below; their 统一社会信用代码 are valid GB 32100 codes.
    private const string Credit8601 = "91330200MA2H86A01Y", Credit8602 = "91330200MA2H86B02P", Credit8603 = "91330200MA2H86C03G",
        Credit8605 = "91330200MA2H86E052";

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Ledger_rows_naming_their_customer_by_credit_code_are_booked_to_it(string provider)
    {
        var server = await servers.For(provider);
        await Customer(server, "86", "L8601", "宁波甬江机械有限公司八六", paymentTerms: 30, creditCode: Credit8601);
        // The names are another spelling than the archive's, so only the credit code can find the customer; a code
        // that does not exist gives way to the credit code, which is matched trimmed and case-blind.
        var file = Csv(
            "客户编码,客户名称,统一社会信用代码,日期,单据类型,单据号,金额,摘要",
            $",甬江机械（宁波）八六,{Credit8601},2024-04-02,销售发票,INV-8601,100.00,只有信用代码",
            $"NOSUCH86,甬江机械八六,\" {Credit8601.ToLowerInvariant()} \",2024-04-03,销售发票,INV-8602,200.00,编码不存在",
            $"L8601,,{Credit8601},2024-04-04,收款,RC-8601,50.00,编码与信用代码一致");

        var (summary, _) = await ImportClient.UploadAsync(server.Imports(server.AdminKey),
            new ImportHeader { AdapterId = "template", FileName = "ledger-8601.csv", Options = { ["kind"] = "ledger" } }, file);
        var entries = await server.LedgerEntriesAsync("L8601");

        Assert.Equal((3, 3, 0), (summary.RowsRead, summary.Imported, summary.Rejected));
        Assert.Equal(["INV-8601", "INV-8602", "RC-8601"], entries.Select(e => e.DocumentNumber).ToList());
        Assert.Equal(new Date { Year = 2024, Month = 5, Day = 2 }, entries[0].DueDate);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_ledger_row_whose_code_and_credit_code_name_different_customers_is_rejected_with_its_line(string provider)
    {
        var server = await servers.For(provider);
        await Customer(server, "86", "L8602", "温州东海电器有限公司八六", creditCode: Credit8602);
        await Customer(server, "86", "L8603", "台州椒江塑料有限公司八六", creditCode: Credit8603);
        var file = Csv(
            "客户编码,客户名称,日期,单据类型,单据号,金额,摘要,纳税人识别号",
            "L8602,温州东海电器有限公司八六,2024-04-02,销售发票,INV-8621,100.00,好,",
            $"L8602,温州东海电器有限公司八六,2024-04-03,销售发票,INV-8622,300.00,自相矛盾,{Credit8603}",
            $"L8603,台州椒江塑料有限公司八六,2024-04-04,销售发票,INV-8631,400.00,好,{Credit8603}",
            "L8699,查无此户八六,2024-04-05,销售发票,INV-8699,500.00,没有客户,91330200MA2H86D049");

        var (summary, _) = await ImportClient.UploadAsync(server.Imports(server.AdminKey),
            new ImportHeader { AdapterId = "template", FileName = "ledger-8602.csv", Options = { ["kind"] = "ledger" } }, file);
        var errors = await server.Imports(server.AdminKey).ListImportErrorsAsync(new ListImportErrorsRequest { BatchId = summary.Id });

        Assert.Equal((4, 2, 2), (summary.RowsRead, summary.Imported, summary.Rejected));
        Assert.Equal([3, 5], errors.Errors.Select(e => e.Line));
        var contradiction = errors.Errors[0].Message;
        Assert.Contains("L8602", contradiction);
        Assert.Contains("L8603", contradiction);
        Assert.Contains(Credit8603, contradiction);
        Assert.Contains("credit code '91330200MA2H86D049'", errors.Errors[1].Message);
        Assert.Equal(["INV-8621"], (await server.LedgerEntriesAsync("L8602")).Select(e => e.DocumentNumber));
        Assert.Equal(["INV-8631"], (await server.LedgerEntriesAsync("L8603")).Select(e => e.DocumentNumber));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_statement_line_is_matched_to_its_counterparty_by_credit_code(string provider)
    {
        var server = await servers.For(provider);
        await Customer(server, "86", "L8604", "嘉兴南湖物流有限公司八六");
        await Customer(server, "86", "L8605", "湖州吴兴建材有限公司八六", creditCode: Credit8605);
        var file = Csv(
            "日期,金额,摘要,对方户名,对方编码,对方信用代码",
            $"2024-04-02,1000.00,货款,吴兴建材八六,,{Credit8605}",
            "2024-04-03,500.00,货款,不认识的人,,",
            $"2024-04-04,700.00,自相矛盾,嘉兴南湖物流,L8604,{Credit8605}");

        var (summary, _) = await ImportClient.UploadAsync(server.Imports(server.AdminKey),
            StatementHeader("bank-8604.csv", "工行 2024-04 八六", StatementKind.BankStatement, "L8604", convention: "cash-flow"), file);
        var errors = await server.Imports(server.AdminKey).ListImportErrorsAsync(new ListImportErrorsRequest { BatchId = summary.Id });
        var lines = await Lines(server, summary.StatementId);

        Assert.Equal((3, 2, 1), (summary.RowsRead, summary.Imported, summary.Rejected));
        Assert.Equal(["L8605", "L8604"], lines.Select(l => l.CustomerCode));
        var contradiction = Assert.Single(errors.Errors);
        Assert.Equal(4, contradiction.Line);
        Assert.Contains("L8604", contradiction.Message);
        Assert.Contains("L8605", contradiction.Message);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Strict_mode_refuses_the_whole_batch_when_a_row_is_bad(string provider)
    {
        var server = await servers.For(provider);
        await Customer(server, "72", "L7201", "南京恒通物流有限公司七二");
        var file = Csv(
            "客户编码,客户名称,日期,单据类型,单据号,金额,摘要",
            "L7201,南京恒通物流有限公司七二,2024-04-02,销售发票,INV-7201,100.00,好",
            "L7201,南京恒通物流有限公司七二,2024-04-03,销售发票,INV-7202,abc,坏");

        var (summary, _) = await ImportClient.UploadAsync(server.Imports(server.AdminKey),
            new ImportHeader { AdapterId = "template", FileName = "strict.csv", Strict = true, Options = { ["kind"] = "ledger" } }, file);
        var stored = await server.Imports(server.AdminKey).GetImportBatchAsync(new GetImportBatchRequest { Id = summary.Id });

        Assert.False(summary.Committed);
        Assert.Equal(0, summary.Imported);
        Assert.Equal(1, summary.Rejected);
        Assert.False(stored.Batch.Committed);
        Assert.Equal(3, Assert.Single(stored.Batch.Errors).Line);
        Assert.Empty(await server.LedgerEntriesAsync("L7201"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Statement_lines_go_into_a_named_statement_in_our_sign_convention(string provider)
    {
        var server = await servers.For(provider);
        await Customer(server, "73", "L7301", "成都瑞丰科技有限公司七三");
        var file = Csv(
            "日期,金额,摘要,单据号",
            "2024-04-02,1000.00,货款,PAY-1",
            "2024-04-09,-200.00,退款,PAY-2");
        var imports = server.Imports(server.AdminKey);

        var missingTarget = await Expect.Status(StatusCode.InvalidArgument, () => ImportClient.UploadAsync(imports,
            new ImportHeader { AdapterId = "template", FileName = "bank.csv", Options = { ["kind"] = "statement", ["convention"] = "cash-flow" } }, file));
        var (summary, _) = await ImportClient.UploadAsync(imports, new ImportHeader
        {
            AdapterId = "template",
            FileName = "bank.csv",
            Options = { ["kind"] = "statement", ["convention"] = "cash-flow" },
            Target = new ImportTarget { StatementName = "工行 2024-04 七三", StatementKind = StatementKind.BankStatement, CustomerCode = "L7301" },
        }, file);
        var statements = await server.Ledger(server.AdminKey).ListStatementsAsync(new ListStatementsRequest { CustomerCode = "L7301" });
        var lines = new List<StatementLine>();
        using (var call = server.Ledger(server.AdminKey).ListStatementLines(new ListStatementLinesRequest { StatementId = summary.StatementId }))
        {
            await foreach (var batch in call.ResponseStream.ReadAllAsync())
            {
                lines.AddRange(batch.Lines);
            }
        }

        Assert.Contains("statement", missingTarget);
        Assert.Equal(2, summary.Imported);
        var statement = Assert.Single(statements.Statements);
        Assert.Equal(StatementKind.BankStatement, statement.Kind);
        Assert.Equal("-800.00", statement.TotalAmount.Value);
        Assert.Equal(["-1000.00", "200.00"], lines.Select(l => l.Amount.Value));
        Assert.Equal(["1000.00", "-200.00"], lines.Select(l => l.OriginalAmount.Value));
        Assert.All(lines, l => Assert.Equal("L7301", l.CustomerCode));
    }

    private static async Task<List<StatementLine>> Lines(TestServer server, long statementId)
    {
        var lines = new List<StatementLine>();
        using var call = server.Ledger(server.AdminKey).ListStatementLines(new ListStatementLinesRequest { StatementId = statementId });
        await foreach (var batch in call.ResponseStream.ReadAllAsync())
        {
            lines.AddRange(batch.Lines);
        }

        return lines;
    }

    private static ImportHeader StatementHeader(string fileName, string statement, StatementKind kind, string customer, string? convention = null)
    {
        // No kind option: the statement target says the rows are statement lines, as `recon import --statement` does.
        var header = new ImportHeader
        {
            AdapterId = "template",
            FileName = fileName,
            Target = new ImportTarget { StatementName = statement, StatementKind = kind, CustomerCode = customer },
        };
        if (convention is not null)
        {
            header.Options["convention"] = convention;
        }

        return header;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_bank_statement_without_a_convention_stores_money_in_as_our_receipt_and_keeps_the_banks_amount(string provider)
    {
        var server = await servers.For(provider);
        await Customer(server, "77", "L7701", "杭州西湖贸易有限公司七七");
        var imports = server.Imports(server.AdminKey);
        await ImportClient.UploadAsync(imports, new ImportHeader { AdapterId = "template", FileName = "ledger-7701.csv", Options = { ["kind"] = "ledger" } }, Csv(
            "客户编码,客户名称,日期,单据类型,单据号,金额,摘要",
            "L7701,,2024-04-01,销售发票,INV-7701,1000.00,销售",
            "L7701,,2024-04-02,收款,PAY-7701,1000.00,收到货款"));
        var bank = Csv(
            "日期,金额,摘要,单据号",
            "2024-04-02,1000.00,货款,PAY-7701",
            "2024-04-09,-200.00,退款,PAY-7702");

        var (summary, _) = await ImportClient.UploadAsync(imports, StatementHeader("bank-7701.csv", "工行 2024-04 七七", StatementKind.BankStatement, "L7701"), bank);
        // A second file added to the same statement without saying its kind: the statement's own kind decides.
        var (more, _) = await ImportClient.UploadAsync(imports, StatementHeader("bank-7701-b.csv", "工行 2024-04 七七", StatementKind.Unspecified, "L7701"),
            Csv("日期,金额,摘要,单据号", "2024-04-20,500.00,货款,PAY-7703"));
        // A bank file with 借方 (money out) and 贷方 (money in) columns.
        var (columns, _) = await ImportClient.UploadAsync(imports, StatementHeader("bank-7701-c.csv", "工行 2024-04 七七 借贷", StatementKind.BankStatement, "L7701"),
            Csv("日期,借方,贷方,摘要,单据号", "2024-04-02,,1000.00,货款,PAY-7701", "2024-04-09,200.00,,退款,PAY-7702"));
        var lines = await Lines(server, summary.StatementId);
        var columnLines = await Lines(server, columns.StatementId);
        var receipt = Assert.Single(await server.LedgerEntriesAsync("L7701"), e => e.DocumentType == DocumentType.Receipt);

        Assert.Equal((2, 0, 1, summary.StatementId), (summary.Imported, summary.Rejected, more.Imported, more.StatementId));
        // Money in (a bank credit) is our receipt: the sign our ledger gives a receipt, so the two can match.
        Assert.Equal("-1000.00", receipt.Amount.Value);
        Assert.Equal(["-1000.00", "200.00", "-500.00"], lines.Select(l => l.Amount.Value));
        Assert.Equal(receipt.Amount.Value, lines[0].Amount.Value);
        // As the bank shows it.
        Assert.Equal(["1000.00", "-200.00", "500.00"], lines.Select(l => l.OriginalAmount.Value));
        Assert.Equal(["-1000.00", "200.00"], columnLines.Select(l => l.Amount.Value));
        Assert.Equal(["1000.00", "-200.00"], columnLines.Select(l => l.OriginalAmount.Value));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_convention_option_still_wins_over_the_statement_kind(string provider)
    {
        var server = await servers.For(provider);
        await Customer(server, "78", "L7801", "苏州园区电子有限公司七八");
        var file = Csv(
            "日期,金额,摘要,单据号",
            "2024-04-02,1000.00,发票,INV-7801",
            "2024-04-09,-300.00,收款,PAY-7801");
        var imports = server.Imports(server.AdminKey);

        // A bank-kind statement the user says is written as our ledger writes it.
        var (summary, _) = await ImportClient.UploadAsync(imports,
            StatementHeader("bank-7801.csv", "工行 2024-04 七八", StatementKind.BankStatement, "L7801", convention: "our-ledger"), file);
        var lines = await Lines(server, summary.StatementId);

        Assert.Equal(2, summary.Imported);
        Assert.Equal(["1000.00", "-300.00"], lines.Select(l => l.Amount.Value));
        Assert.Equal(["1000.00", "-300.00"], lines.Select(l => l.OriginalAmount.Value));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_customer_statement_without_a_convention_is_read_as_the_customers_payable_ledger(string provider)
    {
        var server = await servers.For(provider);
        await Customer(server, "79", "L7901", "南京秦淮百货有限公司七九");
        // The customer's 应付账款: its 贷方 is our invoice, its 借方 its payment to us.
        var file = Csv(
            "日期,借方,贷方,摘要,单据号",
            "2024-04-03,,1000.00,购货,INV-7901",
            "2024-04-16,600.00,,付款,PAY-7901");
        var imports = server.Imports(server.AdminKey);

        var (summary, _) = await ImportClient.UploadAsync(imports,
            StatementHeader("statement-7901.csv", "南京秦淮 2024-04 对账单", StatementKind.CustomerStatement, "L7901"), file);
        // A new statement named without a kind is made a customer statement, and read as one.
        var (unnamedKind, _) = await ImportClient.UploadAsync(imports,
            StatementHeader("statement-7901-b.csv", "南京秦淮 2024-05 对账单", StatementKind.Unspecified, "L7901"), file);
        var statements = await server.Ledger(server.AdminKey).ListStatementsAsync(new ListStatementsRequest { CustomerCode = "L7901" });

        Assert.Equal((2, 2), (summary.Imported, unnamedKind.Imported));
        Assert.Equal(2, statements.Statements.Count);
        Assert.All(statements.Statements, s => Assert.Equal(StatementKind.CustomerStatement, s.Kind));
        foreach (var statementId in new[] { summary.StatementId, unnamedKind.StatementId })
        {
            var lines = await Lines(server, statementId);
            // Into ours: the invoice raises what they owe us, the payment lowers it.
            Assert.Equal(["1000.00", "-600.00"], lines.Select(l => l.Amount.Value));
            // As the customer's books show it: debit minus credit.
            Assert.Equal(["-1000.00", "600.00"], lines.Select(l => l.OriginalAmount.Value));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_row_repeated_far_from_its_first_copy_is_found_too(string provider)
    {
        // Far enough apart that the two copies are stored by different statements (PostgreSQL sends 100+ rows a command).
        var server = await servers.For(provider);
        await Customer(server, "76", "L7602", "长沙湘江电器有限公司七六二");
        var rows = Enumerable.Range(1, 300).Select(i => $"L7602,,2024-04-02,销售发票,INV-7602-{i},{i}.00,x").ToList();
        rows.Add(rows[0]);
        rows.Add(rows[150]);
        var (summary, _) = await ImportClient.UploadAsync(server.Imports(server.AdminKey),
            new ImportHeader { AdapterId = "template", FileName = "ledger-7602.csv", Options = { ["kind"] = "ledger" } },
            Csv(["客户编码,客户名称,日期,单据类型,单据号,金额,摘要", .. rows]));
        var errors = await server.Imports(server.AdminKey).ListImportErrorsAsync(new ListImportErrorsRequest { BatchId = summary.Id });

        Assert.Equal((302, 300, 0, 2), (summary.RowsRead, summary.Imported, summary.Duplicates, summary.Rejected));
        Assert.Equal([302, 303], errors.Errors.Select(e => e.Line));
        Assert.Equal(300, (await server.LedgerEntriesAsync("L7602")).Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_figure_with_more_decimals_than_its_currency_is_a_row_error_naming_the_amount(string provider)
    {
        var server = await servers.For(provider);
        await Customer(server, "98", "L9801", "厦门鹭岛食品有限公司九八");

        var (summary, _) = await ImportClient.UploadAsync(server.Imports(server.AdminKey),
            new ImportHeader { AdapterId = "template", FileName = "scale.csv", Options = { ["kind"] = "ledger" } },
            Csv("客户编码,日期,单据类型,单据号,金额", "L9801,2024-04-02,销售发票,INV-9801,12.345", "L9801,2024-04-03,销售发票,INV-9802,12.34"));
        var errors = await server.Imports(server.AdminKey).ListImportErrorsAsync(new ListImportErrorsRequest { BatchId = summary.Id });

        Assert.Equal((1, 1), (summary.Imported, summary.Rejected));
        var error = Assert.Single(errors.Errors);
        Assert.Equal((2, "amount"), (error.Line, error.Field));
        Assert.Contains("Amount 12.345 has more decimals than CNY has (2)", error.Message);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_row_repeated_within_a_file_is_stored_once_and_reported_with_its_line_and_a_re_import_finds_both_present(string provider)
    {
        var server = await servers.For(provider);
        await Customer(server, "76", "L7601", "长沙湘江电器有限公司七六");
        var ledger = Csv(
            "客户编码,客户名称,日期,单据类型,单据号,金额,摘要",
            "L7601,,2024-04-02,销售发票,INV-7601,100.00,x",
            "L7601,,2024-04-02,销售发票,INV-7601,100.00,x",
            "L7601,,2024-04-03,销售发票,INV-7602,100.00,x");
        var bank = Csv("日期,金额,摘要,单据号", "2024-04-02,50.00,货款,PAY-1", "2024-04-02,50.00,货款,PAY-1", "2024-04-02,50.00,货款,PAY-2");
        var imports = server.Imports(server.AdminKey);
        var ledgerHeader = new ImportHeader { AdapterId = "template", FileName = "ledger-7601.csv", Options = { ["kind"] = "ledger" } };

        var (entries, _) = await ImportClient.UploadAsync(imports, ledgerHeader, ledger);
        var entryErrors = await imports.ListImportErrorsAsync(new ListImportErrorsRequest { BatchId = entries.Id });
        var (entriesAgain, _) = await ImportClient.UploadAsync(imports, ledgerHeader, ledger);
        var statementHeader = new ImportHeader
        {
            AdapterId = "template",
            FileName = "bank-7601.csv",
            Options = { ["kind"] = "statement", ["convention"] = "cash-flow" },
            Target = new ImportTarget { StatementName = "建行 2024-04 七六", StatementKind = StatementKind.BankStatement, CustomerCode = "L7601" },
        };
        var (lines, _) = await ImportClient.UploadAsync(imports, statementHeader, bank);
        var lineErrors = await imports.ListImportErrorsAsync(new ListImportErrorsRequest { BatchId = lines.Id });
        // The same lines in another statement are that statement's own, not duplicates.
        statementHeader.Target.StatementName = "建行 2024-04 七六 副本";
        var (copy, _) = await ImportClient.UploadAsync(imports, statementHeader, bank);
        // Strict mode refuses a file with a repeated row, like any rejected row.
        statementHeader.Target.StatementName = "建行 2024-04 七六 严格";
        statementHeader.Strict = true;
        var (strict, _) = await ImportClient.UploadAsync(imports, statementHeader, bank);

        Assert.Equal((3, 2, 0, 1), (entries.RowsRead, entries.Imported, entries.Duplicates, entries.Rejected));
        var repeat = Assert.Single(entryErrors.Errors);
        Assert.Equal(3, repeat.Line);
        Assert.Contains("repeats", repeat.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await server.LedgerEntriesAsync("L7601")).Count);
        // Again: every row, the repeat included, is already present.
        Assert.Equal((3, 0, 3, 0), (entriesAgain.RowsRead, entriesAgain.Imported, entriesAgain.Duplicates, entriesAgain.Rejected));
        Assert.Equal((3, 2, 0, 1), (lines.RowsRead, lines.Imported, lines.Duplicates, lines.Rejected));
        Assert.Equal([3], lineErrors.Errors.Select(e => e.Line));
        Assert.Equal((3, 2, 0, 1), (copy.RowsRead, copy.Imported, copy.Duplicates, copy.Rejected));
        // Stored, but the summary says the file went into another statement before.
        Assert.Empty(lines.Warnings);
        var resent = Assert.Single(copy.Warnings);
        Assert.Equal(0, resent.Line);
        Assert.Contains($"was imported before as batch {lines.Id} ('bank-7601.csv') into statement {lines.StatementId} '建行 2024-04 七六'", resent.Message);
        Assert.False(strict.Committed);
        Assert.Equal((0, 1), (strict.Imported, strict.Rejected));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_cancelled_upload_leaves_nothing_behind(string provider)
    {
        var server = await servers.For(provider);
        await Customer(server, "74", "L7401", "西安宏达建材有限公司七四");
        using var cancel = new CancellationTokenSource();
        using var call = server.Imports(server.AdminKey).Import(cancellationToken: cancel.Token);
        await call.RequestStream.WriteAsync(new ImportRequest { Header = new ImportHeader { AdapterId = "template", FileName = "cut.csv" } });
        await call.RequestStream.WriteAsync(new ImportRequest
        {
            Chunk = Google.Protobuf.ByteString.CopyFrom(Csv("客户编码,客户名称,日期,单据类型,单据号,金额,摘要", "L7401,,2024-04-02,销售发票,INV-7401,100.00,x")),
        });

        cancel.Cancel();
        await Assert.ThrowsAnyAsync<Exception>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Empty(await server.LedgerEntriesAsync("L7401"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_file_the_adapter_cannot_read_is_refused_with_its_line_and_stores_nothing(string provider)
    {
        var server = await servers.For(provider);
        await Customer(server, "75", "L7501", "武汉金鼎五金有限公司七五");
        var file = Csv(
            "客户编码,客户名称,日期,单据类型,单据号,金额,摘要",
            "L7501,,2024-04-02,销售发票,INV-7501,100.00,好",
            "L7501,,2024-04-03,销售发票,INV-7502,200.00,\"被截断的备注");

        var detail = await Expect.Status(StatusCode.InvalidArgument, () =>
            ImportClient.UploadAsync(server.Imports(server.AdminKey), new ImportHeader { AdapterId = "template", FileName = "truncated.csv", Options = { ["kind"] = "ledger" } }, file));

        Assert.Contains("template", detail);
        Assert.Empty(await server.LedgerEntriesAsync("L7501"));
    }

    public static TheoryData<string, string, string> BadFiles => new()
    {
        { TestDatabases.Sqlite, "zip-bomb", "zip bomb" },
        { TestDatabases.Sqlite, "cut-utf8", "UTF-8" },
        { TestDatabases.Sqlite, "missing-amount", "金额" },
        { TestDatabases.Sqlite, "not-a-table", "header" },
        { TestDatabases.Sqlite, "gbk-said-utf8", "UTF-8" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_file_gets_a_clear_error_stores_nothing_and_the_server_keeps_serving(string provider, string kind, string expected)
    {
        var server = await servers.For(provider);
        var code = "B" + Math.Abs(kind.GetHashCode(StringComparison.Ordinal) % 100000).ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
        await Customer(server, "76", code, "坏文件测试公司" + code);
        var good = $"{code},,2024-04-02,销售发票,INV-1,100.00,好";
        var (fileName, bytes) = kind switch
        {
            "zip-bomb" => ("bomb.xlsx", ZipBomb()),
            // A GBK-or-UTF-8 mix-up caught where it shows: the file stops one byte into a three-byte character.
            "cut-utf8" => ("cut.csv", Csv("客户编码,客户名称,日期,单据类型,单据号,金额,摘要", good, $"{code},,2024-04-03,销售发票,INV-2,200.00,好")[..^3]),
            "gbk-said-utf8" => ("gbk.csv", Encoding.GetEncoding("GB18030").GetBytes($"客户编码,客户名称,日期,单据类型,单据号,金额,摘要\n{good}\n")),
            "missing-amount" => ("missing.csv", Csv("客户编码,客户名称,日期,单据类型,单据号,摘要", $"{code},,2024-04-02,销售发票,INV-1,好")),
            _ => ("noise.csv", Encoding.UTF8.GetBytes("这不是一个表格\n只是一些文字\n")),
        };

        var detail = await Expect.Status(StatusCode.InvalidArgument, () => ImportClient.UploadAsync(server.Imports(server.AdminKey),
            new ImportHeader
            {
                AdapterId = "template", FileName = fileName,
                Options = { kind == "gbk-said-utf8" ? new Dictionary<string, string> { ["kind"] = "ledger", ["encoding"] = "utf-8" } : new Dictionary<string, string> { ["kind"] = "ledger" } },
            }, bytes));
        var (after, _) = await ImportClient.UploadAsync(server.Imports(server.AdminKey),
            new ImportHeader { AdapterId = "template", FileName = "good.csv", Options = { ["kind"] = "ledger" } }, Csv("客户编码,客户名称,日期,单据类型,单据号,金额,摘要", good));

        Assert.Contains(expected, detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, after.Imported);
        Assert.Single(await server.LedgerEntriesAsync(code));
    }

    /// <summary>An .xlsx whose one sheet inflates from a few kilobytes to 64 MiB of blanks.</summary>
    private static byte[] ZipBomb()
    {
        var bomb = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(bomb, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry("[Content_Types].xml").Open().Dispose();
            using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", System.IO.Compression.CompressionLevel.SmallestSize).Open();
            var blank = new byte[1024 * 1024];
            Array.Fill(blank, (byte)' ');
            for (var i = 0; i < 64; i++)
            {
                sheet.Write(blank);
            }
        }

        return bomb.ToArray();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Unknown_options_and_unknown_adapters_are_refused_before_reading(string provider)
    {
        var server = await servers.For(provider);
        var imports = server.Imports(server.AdminKey);
        var file = Csv("a,b", "1,2");

        var badOption = await Expect.Status(StatusCode.InvalidArgument, () =>
            ImportClient.UploadAsync(imports, new ImportHeader { AdapterId = "template", FileName = "x.csv", Options = { ["colour"] = "red" } }, file));
        await Expect.Status(StatusCode.NotFound, () =>
            ImportClient.UploadAsync(imports, new ImportHeader { AdapterId = "no-such-adapter", FileName = "x.csv" }, file));
        await Expect.Status(StatusCode.PermissionDenied, async () =>
            await ImportClient.UploadAsync(server.Imports(await server.CreateKeyAsync(Role.Viewer)), new ImportHeader { AdapterId = "template", FileName = "x.csv" }, file));

        Assert.Contains("colour", badOption);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_template_is_offered_for_each_record_kind(string provider)
    {
        var server = await servers.For(provider);

        var template = await server.Imports(server.AdminKey).GetImportTemplateAsync(new GetImportTemplateRequest { RecordKind = RecordKind.Customers });

        Assert.Equal("template", template.AdapterId);
        Assert.Contains(template.Columns, c => c.Contains("客户编码", StringComparison.Ordinal));
        Assert.NotEmpty(template.Content);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_imported_category_under_a_category_that_holds_customers_is_rejected_with_its_line_as_the_api_refuses_it(string provider)
    {
        var server = await servers.For(provider);
        await Customer(server, "R2", "LR201", "宁波海曙贸易有限公司二一");
        var file = Csv("类别编码,类别名称", "R201,子类一", "R4,其他客户");

        var (summary, _) = await ImportClient.UploadAsync(server.Imports(server.AdminKey),
            new ImportHeader { AdapterId = "template", FileName = "categories.csv", Options = { ["kind"] = "categories" } }, file);
        var errors = await server.Imports(server.AdminKey).ListImportErrorsAsync(new ListImportErrorsRequest { BatchId = summary.Id });
        var refused = await Expect.Status(StatusCode.FailedPrecondition, async () =>
            await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = "R201", Name = "子类一" }));

        Assert.Equal((2, 1, 1), (summary.RowsRead, summary.Imported, summary.Rejected));
        var error = Assert.Single(errors.Errors);
        Assert.Equal((2, "code"), (error.Line, error.Field));
        Assert.Equal(refused, error.Message);
        Assert.Contains("'R2' holds 1 customer(s)", error.Message);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_imported_customer_keeps_its_settlement_method_and_ship_to_address(string provider)
    {
        var server = await servers.For(provider);
        await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = "R5", Name = "分类R5" });
        var file = Csv("客户编码,客户名称,所属分类码,账期天数,结算方式,发货地址",
            "LR501,宁波鄞州贸易有限公司二五,R5,45,承兑汇票,宁波市鄞州区首南街道 8 号仓库");

        var (summary, _) = await ImportClient.UploadAsync(server.Imports(server.AdminKey),
            new ImportHeader { AdapterId = "template", FileName = "customers.csv", Options = { ["kind"] = "customers" } }, file);
        var stored = (await server.Customers(server.AdminKey).GetCustomerAsync(new GetCustomerRequest { Code = "LR501" })).Customer.Fields;

        Assert.Equal((1, 1, 0), (summary.RowsRead, summary.Imported, summary.Rejected));
        Assert.Equal((45, "承兑汇票", "宁波市鄞州区首南街道 8 号仓库"), (stored.PaymentTermsDays, stored.SettlementMethod, stored.ShipToAddress));
    }
}


/// <summary>Servers of their own: these tests change the plugin folder or the limits.</summary>
public sealed class PluginLoadingTests
{
    [Fact]
    public async Task An_upload_over_the_size_limit_is_refused_and_the_server_keeps_serving()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite, new Dictionary<string, string?> { ["Imports:MaxFileBytes"] = "1000" });
        var file = Encoding.UTF8.GetBytes("客户编码,金额\n" + string.Concat(Enumerable.Repeat("A,1.00\n", 400)));

        var detail = await Expect.Status(StatusCode.ResourceExhausted, () =>
            ImportClient.UploadAsync(server.Imports(server.AdminKey), new ImportHeader { AdapterId = "template", FileName = "big.csv" }, file, chunkSize: 512));
        var adapters = await server.Imports(server.AdminKey).ListAdaptersAsync(new ListAdaptersRequest());

        Assert.Contains("larger than", detail);
        Assert.NotEmpty(adapters.Adapters);
    }

    [Fact]
    public async Task A_broken_plugin_is_listed_as_unavailable_with_the_reason_and_the_others_still_work()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        var broken = Path.Combine(server.PluginFolder, "Acme.Broken");
        Directory.CreateDirectory(broken);
        await File.WriteAllTextAsync(Path.Combine(broken, "Acme.Broken.dll"), "this is not an assembly");
        Directory.CreateDirectory(Path.Combine(server.PluginFolder, "Acme.Empty"));

        var reloaded = await server.Imports(server.AdminKey).ReloadPluginsAsync(new ReloadPluginsRequest());

        var brokenAdapter = Assert.Single(reloaded.Adapters, a => a.Plugin == "Acme.Broken");
        Assert.False(brokenAdapter.Available);
        Assert.Contains("failed to load", brokenAdapter.UnavailableReason);
        Assert.Contains("no Acme.Empty.dll", Assert.Single(reloaded.Adapters, a => a.Plugin == "Acme.Empty").UnavailableReason);
        Assert.True(Assert.Single(reloaded.Adapters, a => a.Id == "template").Available);
    }

    [Fact]
    public async Task Removing_a_plugin_folder_is_picked_up_without_a_restart()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        var imports = server.Imports(server.AdminKey);
        Assert.Contains((await imports.ListAdaptersAsync(new ListAdaptersRequest())).Adapters, a => a.Id == "template");

        Directory.Delete(Path.Combine(server.PluginFolder, "ReconGrpc.Adapters.Template"), recursive: true);
        var gone = false;
        for (var attempt = 0; attempt < 50 && !gone; attempt++)
        {
            await Task.Delay(200);
            gone = (await imports.ListAdaptersAsync(new ListAdaptersRequest())).Adapters.All(a => a.Id != "template");
        }

        Assert.True(gone, "the watcher did not drop the removed plugin within 10 s");
        await Expect.Status(StatusCode.PermissionDenied, async () =>
            await server.Imports(await server.CreateKeyAsync(Role.Accountant)).ReloadPluginsAsync(new ReloadPluginsRequest()));
    }
}
