using Grpc.Core;
using ReconGrpc.Application;
using ReconGrpc.Application.Bank;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Server.Auth;
using ReconGrpc.Server.Errors;
using ReconGrpc.Server.Mapping;
using DomainRole = ReconGrpc.Domain.Access.Role;

namespace ReconGrpc.Server.Services;

[BindServiceMethod(typeof(BankGrpcService), nameof(Bind))]
public sealed class BankGrpcService(BankDesk desk, BankRuns runs, PageTokens tokens) : BankService.BankServiceBase
{
    /// <summary>Binds the RPCs so a request that is not a valid message is refused as INVALID_ARGUMENT.</summary>
    public static void Bind(ServiceBinderBase binder, BankService.BankServiceBase service) =>
        BankService.BindService(new WireCheckingBinder(binder), service);

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<ListStatementBalancesResponse> ListStatementBalances(ListStatementBalancesRequest request, ServerCallContext context)
    {
        var balances = await desk.ListBalancesAsync(request.StatementId, context.CancellationToken);
        return new ListStatementBalancesResponse { Balances = { balances.Select(b => b.ToProto()) } };
    }

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<ListUnresolvedLinesResponse> ListUnresolvedLines(ListUnresolvedLinesRequest request, ServerCallContext context)
    {
        var after = tokens.AfterId(context.Method, request.PageToken);
        var page = await desk.ListUnresolvedAsync(request.StatementId, request.PageSize, after, context.CancellationToken);
        return new ListUnresolvedLinesResponse
        {
            Lines = { page.Items.Select(l => l.ToProto(context.Caller().Role)) },
            NextPageToken = tokens.Token(context.Method, page.NextAfter),
        };
    }

    [RequiresRole(DomainRole.Accountant)]
    public override async Task<AssignStatementLinesResponse> AssignStatementLines(AssignStatementLinesRequest request, ServerCallContext context)
    {
        var done = await desk.AssignAsync(context.Actor(), request.LineIds, request.CustomerCode, request.Remember, context.CancellationToken);
        return new AssignStatementLinesResponse
        {
            LinesAssigned = done.Lines, Aliases = { done.Aliases.Select(a => a.ToProto()) }, NotRemembered = { done.NotRemembered },
        };
    }

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<ListCounterpartyAliasesResponse> ListCounterpartyAliases(ListCounterpartyAliasesRequest request, ServerCallContext context)
    {
        var aliases = await desk.ListAliasesAsync(request.CustomerCode, context.CancellationToken);
        return new ListCounterpartyAliasesResponse { Aliases = { aliases.Select(a => a.ToProto()) } };
    }

    [RequiresRole(DomainRole.Accountant)]
    public override async Task<AddCounterpartyAliasResponse> AddCounterpartyAlias(AddCounterpartyAliasRequest request, ServerCallContext context)
    {
        var aliases = await desk.AddAliasAsync(context.Actor(), request.CustomerCode, request.Name, request.Account, context.CancellationToken);
        return new AddCounterpartyAliasResponse { Aliases = { aliases.Select(a => a.ToProto()) } };
    }

    [RequiresRole(DomainRole.Accountant)]
    public override async Task<RemoveCounterpartyAliasResponse> RemoveCounterpartyAlias(RemoveCounterpartyAliasRequest request, ServerCallContext context)
    {
        await desk.RemoveAliasAsync(context.Actor(), request.Id, context.CancellationToken);
        return new RemoveCounterpartyAliasResponse();
    }

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<ListUnbookedReceiptsResponse> ListUnbookedReceipts(ListUnbookedReceiptsRequest request, ServerCallContext context)
    {
        // The token holds a position in the run's list, which a completed run does not change.
        var after = (int)Math.Min(tokens.AfterId(context.Method, request.PageToken) ?? 0, int.MaxValue);
        var page = await runs.ListUnbookedAsync(request.RunId, request.PageSize, after, context.CancellationToken);
        return new ListUnbookedReceiptsResponse
        {
            Receipts = { page.Items.Select(r => r.ToProto(context.Caller().Role)) },
            NextPageToken = tokens.Token(context.Method, page.NextAfter),
        };
    }

    [RequiresRole(DomainRole.Accountant)]
    public override async Task<PostUnbookedReceiptsResponse> PostUnbookedReceipts(PostUnbookedReceiptsRequest request, ServerCallContext context)
    {
        var posted = await runs.PostAsync(context.Actor(), request.RunId, request.LineIds, context.CancellationToken);
        return new PostUnbookedReceiptsResponse { Entries = { posted.Select(e => e.ToProto()) } };
    }

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<GetBankReconciliationResponse> GetBankReconciliation(GetBankReconciliationRequest request, ServerCallContext context)
    {
        var books = request.BookBalances.ToDictionary(b => b.Key, b => b.Value.ToDomain($"book_balances[{b.Key}]") ?? 0m);
        var currencies = await runs.ReconcileAsync(request.RunId, books, context.CancellationToken);
        return new GetBankReconciliationResponse { Currencies = { currencies.Select(c => c.ToProto()) } };
    }
}
