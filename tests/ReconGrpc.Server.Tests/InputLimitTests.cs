using System.Diagnostics;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>The limits every request meets before any work (docs/api.md, "Input limits"), one defect at a time.</summary>
public sealed class InputLimitTests(ServerPool pool) : IClassFixture<ServerPool>
{
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(b => b, b => b);

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_huge_value_is_refused_at_once_with_a_short_message_and_the_connection_keeps_serving(string provider)
    {
        var server = await pool.For(provider);
        var viewer = await server.CreateKeyAsync(Role.Viewer);
        var huge = new string('X', 3_000_000);
        var clock = Stopwatch.StartNew();

        var currency = await Expect.Status(StatusCode.InvalidArgument, () => server.Ledger(server.AdminKey).PostLedgerEntryAsync(
            new PostLedgerEntryRequest { CustomerCode = "C1", Currency = huge }, deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync);
        var code = await Expect.Status(StatusCode.InvalidArgument, () => server.Customers(viewer).GetCustomerAsync(
            new GetCustomerRequest { Code = huge }, deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync);
        var health = await new Grpc.Health.V1.Health.HealthClient(server.Invoker(null)).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5));

        Assert.Contains("currency has 3000000 characters; at most 256", currency, StringComparison.Ordinal);
        Assert.Contains("code has 3000000 characters", code, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(currency) < 1024 && Encoding.UTF8.GetByteCount(code) < 1024);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"refusals took {clock.Elapsed}");
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task The_server_log_repeats_no_more_of_a_huge_value_than_the_status_does()
    {
        var log = new CapturedLog();
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite,
            new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace" },
            services => services.AddSingleton<ILoggerProvider>(log));

        await Expect.Status(StatusCode.InvalidArgument, () => server.Ledger(server.AdminKey).PostLedgerEntryAsync(
            new PostLedgerEntryRequest { CustomerCode = "C1", Currency = new string('X', 3_000_000) }).ResponseAsync);
        await Expect.Status(StatusCode.NotFound, () => server.Customers(server.AdminKey).GetCustomerAsync(
            new GetCustomerRequest { Code = new string('Y', 250) }).ResponseAsync);

        Assert.Contains(log.Lines, l => l.Contains("currency has 3000000 characters", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, l => l.Contains(new string('X', 100), StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, l => l.Contains(new string('Y', 100), StringComparison.Ordinal));
    }

    /// <summary>Every line the server logs, at every level.</summary>
    private sealed class CapturedLog : ILoggerProvider, ILogger
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _lines.Enqueue(formatter(state, exception) + " " + exception);

        public void Dispose()
        {
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_value_within_the_field_limit_is_still_echoed_only_as_a_short_prefix(string provider)
    {
        var server = await pool.For(provider);
        var code = new string('Q', 250);

        var detail = await Expect.Status(StatusCode.NotFound,
            () => server.Customers(server.AdminKey).GetCustomerAsync(new GetCustomerRequest { Code = code }).ResponseAsync);

        Assert.Contains(new string('Q', 64) + "…(250 chars)", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('Q', 65), detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Control_characters_are_refused_in_codes_and_names_alike(string provider)
    {
        var server = await pool.For(provider);
        var categories = server.Categories(server.AdminKey);
        var customers = server.Customers(server.AdminKey);

        var categoryCode = await Expect.Status(StatusCode.InvalidArgument,
            () => categories.CreateCategoryAsync(new CreateCategoryRequest { Code = "0\u0000", Name = "零" }).ResponseAsync);
        var nul = await Expect.Status(StatusCode.InvalidArgument, () => customers.CreateCustomerAsync(new CreateCustomerRequest
        {
            Fields = new CustomerFields { Code = "CTL1", Name = "上海\u0000贸易有限公司", CategoryCode = "01" },
        }).ResponseAsync);
        var ansi = await Expect.Status(StatusCode.InvalidArgument, () => customers.CreateCustomerAsync(new CreateCustomerRequest
        {
            Fields = new CustomerFields { Code = "CTL2", Name = "\u001b[31m红色有限公司", CategoryCode = "01" },
        }).ResponseAsync);
        var listed = await categories.ListCategoriesAsync(new ListCategoriesRequest());

        Assert.Contains("code contains a control character", categoryCode, StringComparison.Ordinal);
        Assert.Contains("fields.name contains a control character", nul, StringComparison.Ordinal);
        Assert.Contains("fields.name contains a control character", ansi, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", ansi, StringComparison.Ordinal);
        Assert.DoesNotContain(listed.Categories, c => c.Code.Contains('\0', StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_reason_is_bounded_and_may_hold_line_breaks(string provider)
    {
        var server = await pool.For(provider);
        var ledger = server.Ledger(server.AdminKey);

        var huge = await Expect.Status(StatusCode.InvalidArgument,
            () => ledger.PostLedgerEntryAsync(new PostLedgerEntryRequest { Reason = new string('r', 3_000_000) }).ResponseAsync);
        var justOver = await Expect.Status(StatusCode.InvalidArgument,
            () => ledger.PostLedgerEntryAsync(new PostLedgerEntryRequest { Reason = new string('r', 1001) }).ResponseAsync);
        // A two-line reason passes the limits and is refused later for the missing customer, not for its line break.
        var twoLines = await Expect.Status(StatusCode.InvalidArgument,
            () => ledger.PostLedgerEntryAsync(new PostLedgerEntryRequest { Reason = "first line\nsecond line" }).ResponseAsync);

        Assert.Contains("reason has 3000000 characters; at most 1000", huge, StringComparison.Ordinal);
        Assert.Contains("reason has 1001 characters", justOver, StringComparison.Ordinal);
        Assert.DoesNotContain("reason", twoLines, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_request_that_is_not_a_valid_message_is_invalid_argument(string provider)
    {
        var server = await pool.For(provider);
        var invoker = server.Invoker(server.AdminKey);
        var method = new Method<byte[], byte[]>(MethodType.Unary, "recon.v1.CategoryService", "GetCategory", Raw, Raw);
        // Field 1 (code), length 2, bytes that are no UTF-8.
        byte[] invalidUtf8 = [0x0a, 0x02, 0xff, 0xfe];
        byte[] truncated = [0x0a, 0x05, 0x30];

        var utf8 = await Expect.Status(StatusCode.InvalidArgument, () => invoker.AsyncUnaryCall(method, null, default, invalidUtf8).ResponseAsync);
        var cut = await Expect.Status(StatusCode.InvalidArgument, () => invoker.AsyncUnaryCall(method, null, default, truncated).ResponseAsync);

        Assert.Contains("not a valid /recon.v1.CategoryService/GetCategory request", utf8, StringComparison.Ordinal);
        Assert.Contains("not a valid", cut, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_run_over_too_many_statements_is_refused_before_any_query(string provider)
    {
        var server = await pool.For(provider);
        var request = new StartRunRequest { CustomerCode = "C1" };
        request.StatementIds.Add(Enumerable.Range(1, 200_000).Select(i => (long)i));
        var clock = Stopwatch.StartNew();

        var detail = await Expect.Status(StatusCode.InvalidArgument, async () =>
        {
            using var call = server.Reconciliation(server.AdminKey).StartRun(request);
            await call.ResponseStream.MoveNext();
        });

        Assert.Contains("statement_ids has 200000 elements; at most 50", detail, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"refusal took {clock.Elapsed}");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_page_token_works_only_on_the_list_that_issued_it_and_unchanged(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        var categories = server.Categories(server.AdminKey);
        await categories.CreateCategoryAsync(new CreateCategoryRequest { Code = "71", Name = "甲" });
        await categories.CreateCategoryAsync(new CreateCategoryRequest { Code = "72", Name = "乙" });
        var first = await categories.ListCategoriesAsync(new ListCategoriesRequest { PageSize = 1 });
        var token = first.NextPageToken;
        var edited = (token[0] == 'A' ? "B" : "A") + token[1..];

        var second = await categories.ListCategoriesAsync(new ListCategoriesRequest { PageSize = 1, PageToken = token });
        var otherList = await Expect.Status(StatusCode.InvalidArgument,
            () => categories.ListDimensionsAsync(new ListDimensionsRequest { PageToken = token }).ResponseAsync);
        var changed = await Expect.Status(StatusCode.InvalidArgument,
            () => categories.ListCategoriesAsync(new ListCategoriesRequest { PageToken = edited }).ResponseAsync);
        var madeUp = await Expect.Status(StatusCode.InvalidArgument,
            () => categories.ListCategoriesAsync(new ListCategoriesRequest { PageToken = "NzE" }).ResponseAsync);
        var huge = await Expect.Status(StatusCode.InvalidArgument,
            () => categories.ListCategoriesAsync(new ListCategoriesRequest { PageToken = new string('A', 1_000_000) }).ResponseAsync);

        Assert.Equal("72", Assert.Single(second.Categories).Code);
        Assert.Contains("not one this list issued", otherList, StringComparison.Ordinal);
        Assert.Contains("not one this list issued", changed, StringComparison.Ordinal);
        Assert.Contains("not one this list issued", madeUp, StringComparison.Ordinal);
        Assert.Contains("page_token has 1000000 characters; at most 200", huge, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_token_outlives_a_restart_of_the_server_and_not_a_change_of_audit_key()
    {
        var folder = Directory.CreateTempSubdirectory("recon-page-token-").FullName;
        var settings = new Dictionary<string, string?> { ["Storage:DataDirectory"] = folder, ["Auth:BootstrapAdminKey"] = "rk_test_admin_" + Guid.NewGuid().ToString("N") };
        try
        {
            string token;
            await using (var first = await TestServer.StartAsync(TestDatabases.Sqlite, settings))
            {
                var categories = first.Categories(first.AdminKey);
                await categories.CreateCategoryAsync(new CreateCategoryRequest { Code = "71", Name = "甲" });
                await categories.CreateCategoryAsync(new CreateCategoryRequest { Code = "72", Name = "乙" });
                token = (await categories.ListCategoriesAsync(new ListCategoriesRequest { PageSize = 1 })).NextPageToken;
            }

            await using (var restarted = await TestServer.StartAsync(TestDatabases.Sqlite, settings))
            {
                var second = await restarted.Categories(restarted.AdminKey).ListCategoriesAsync(new ListCategoriesRequest { PageSize = 1, PageToken = token });
                Assert.Equal("72", Assert.Single(second.Categories).Code);
            }

            settings["Audit:Key"] = "another-audit-key-" + new string('k', 40);
            await using var rekeyed = await TestServer.StartAsync(TestDatabases.Sqlite, settings);
            var refused = await Expect.Status(StatusCode.InvalidArgument,
                () => rekeyed.Categories(rekeyed.AdminKey).ListCategoriesAsync(new ListCategoriesRequest { PageSize = 1, PageToken = token }).ResponseAsync);
            Assert.Contains("not one this list issued", refused, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Enum_values_out_of_range_and_an_entity_id_without_its_type_are_refused(string provider)
    {
        var server = await pool.For(provider);

        var depth = await Expect.Status(StatusCode.InvalidArgument, () => server.Categories(server.AdminKey)
            .ListCategoriesAsync(new ListCategoriesRequest { Depth = (CategoryListDepth)99 }).ResponseAsync);
        var entity = await Expect.Status(StatusCode.InvalidArgument, () => server.Audit(server.AdminKey)
            .ListAuditEntriesAsync(new ListAuditEntriesRequest { EntityId = "01" }).ResponseAsync);
        var time = await Expect.Status(StatusCode.InvalidArgument, () => server.Audit(server.AdminKey)
            .ListAuditEntriesAsync(new ListAuditEntriesRequest { StartTime = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = long.MaxValue } }).ResponseAsync);

        Assert.Contains("depth is 99, which is not a value of CategoryListDepth", depth, StringComparison.Ordinal);
        Assert.Contains("give entity_type too", entity, StringComparison.Ordinal);
        Assert.Contains("start_time is outside", time, StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_of_large_items_is_cut_to_fit_the_message_limit_and_continues_after_the_last_kept()
    {
        var items = Enumerable.Range(1, 10).Select(i => (Id: i, Size: 1_000_000)).ToList();

        var page = ReconGrpc.Application.Paging.FitTo(new ReconGrpc.Application.Page<(int Id, int Size)>(items, null), i => i.Size, i => i.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(3, page.Items.Count);
        Assert.Equal("3", page.NextAfter);
    }

    [Fact]
    public void A_page_that_fits_is_left_whole()
    {
        var items = new List<int> { 1, 2, 3 };

        var page = ReconGrpc.Application.Paging.FitTo(new ReconGrpc.Application.Page<int>(items, "3"), _ => 100, i => i.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Same(items, page.Items);
        Assert.Equal("3", page.NextAfter);
    }
}
