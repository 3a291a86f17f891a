using Grpc.Core;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>A decision names the person who made it, next to the key it came with: a shared key alone loses that.</summary>
public sealed class DecisionPersonTests
{
    private static readonly Date April1 = new() { Year = 2024, Month = 4, Day = 1 };
    private static readonly Date April30 = new() { Year = 2024, Month = 4, Day = 30 };

    private static async Task CustomerAsync(TestServer server, string code)
    {
        await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = "31", Name = "华南区" });
        await server.Customers(server.AdminKey).CreateCustomerAsync(new CreateCustomerRequest
        {
            Fields = new CustomerFields { Code = code, Name = "广州天河百货有限公司", CategoryCode = "31" },
        });
    }

    private static LockPeriodRequest Lock(string code, Date start, Date end) =>
        new() { CustomerCode = code, StartDate = start, EndDate = end, Reason = "4月已结账" };

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_decision_through_a_service_key_names_the_person_in_the_record_and_the_audit_log(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        await CustomerAsync(server, "G3101");
        var anonymous = new ReconciliationService.ReconciliationServiceClient(server.Invoker(server.AdminKey, person: null));
        var named = new ReconciliationService.ReconciliationServiceClient(server.Invoker(server.AdminKey, person: "财务部 李娜"));

        var refused = await Expect.Status(StatusCode.InvalidArgument, () => anonymous.LockPeriodAsync(Lock("G3101", April1, April30)).ResponseAsync);
        var locked = (await named.LockPeriodAsync(Lock("G3101", April1, April30))).Record;
        var audit = await server.Audit(server.AdminKey).ListAuditEntriesAsync(new ListAuditEntriesRequest { ActionPrefix = "period.lock" });
        var verdict = await server.Audit(server.AdminKey).VerifyAuditChainAsync(new VerifyAuditChainRequest());

        Assert.Contains("x-recon-user", refused);
        Assert.Contains("RECON_USER", refused);
        Assert.Equal("财务部 李娜", locked.RecordedFor);
        Assert.False(string.IsNullOrEmpty(locked.RecordedBy));
        var entry = Assert.Single(audit.Entries);
        Assert.Equal("财务部 李娜", entry.Person);
        Assert.Equal(locked.RecordedBy, entry.Actor);
        Assert.True(verdict.Intact, verdict.Problem);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_key_issued_to_a_person_acts_for_that_person_only(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        await CustomerAsync(server, "G3102");
        var issued = await server.Admin(server.AdminKey).CreateApiKeyAsync(new CreateApiKeyRequest { Name = "wang-fang", Role = Role.Admin, Holder = "王芳" });
        var own = new ReconciliationService.ReconciliationServiceClient(server.Invoker(issued.Secret, person: null));
        var posing = new ReconciliationService.ReconciliationServiceClient(server.Invoker(issued.Secret, person: "张伟"));
        var garbled = new ReconciliationService.ReconciliationServiceClient(server.Invoker(server.AdminKey, person: new string('x', 101)));

        var locked = (await own.LockPeriodAsync(Lock("G3102", April1, April30))).Record;
        var posed = await Expect.Status(StatusCode.PermissionDenied, () => posing.LockPeriodAsync(Lock("G3102", April1, April30)).ResponseAsync);
        await Expect.Status(StatusCode.InvalidArgument, () => garbled.LockPeriodAsync(Lock("G3102", April1, April30)).ResponseAsync);

        Assert.Equal("王芳", issued.ApiKey.Holder);
        Assert.Equal("王芳", locked.RecordedFor);
        Assert.Contains("issued to 王芳", posed);
    }
}
