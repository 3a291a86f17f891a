using System.Globalization;
using Grpc.Core;
using ReconGrpc.Application;
using ReconGrpc.Application.Ledger;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Server.Auth;
using ReconGrpc.Server.Errors;
using ReconGrpc.Server.Mapping;
using DomainRole = ReconGrpc.Domain.Access.Role;

namespace ReconGrpc.Server.Services;

[BindServiceMethod(typeof(LedgerGrpcService), nameof(Bind))]
public sealed class LedgerGrpcService(LedgerBook book, PageTokens tokens) : LedgerService.LedgerServiceBase
{
    /// <summary>Binds the RPCs so a request that is not a valid message is refused as INVALID_ARGUMENT.</summary>
    public static void Bind(ServiceBinderBase binder, LedgerService.LedgerServiceBase service) =>
        LedgerService.BindService(new WireCheckingBinder(binder), service);

    /// <summary>Rows per streamed message: small enough to start at once, large enough to keep overhead low.</summary>
    private const int BatchSize = 500;

    [RequiresRole(DomainRole.Viewer)]
    public override async Task ListLedgerEntries(ListLedgerEntriesRequest request, IServerStreamWriter<ListLedgerEntriesResponse> responseStream, ServerCallContext context)
    {
        var batch = new ListLedgerEntriesResponse();
        await foreach (var entry in book.ListAsync(request.ToDomain(), context.CancellationToken))
        {
            batch.Entries.Add(entry.ToProto());
            if (batch.Entries.Count == BatchSize)
            {
                await responseStream.WriteAsync(batch, context.CancellationToken);
                batch = new ListLedgerEntriesResponse();
            }
        }

        if (batch.Entries.Count > 0)
        {
            await responseStream.WriteAsync(batch, context.CancellationToken);
        }
    }

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<GetCustomerBalanceResponse> GetCustomerBalance(GetCustomerBalanceRequest request, ServerCallContext context) =>
        (await book.GetBalanceAsync(request.CustomerCode, request.AsOfDate.ToDomain("as_of_date"), context.CancellationToken)).ToProto();

    [RequiresRole(DomainRole.Accountant)]
    public override async Task<PostLedgerEntryResponse> PostLedgerEntry(PostLedgerEntryRequest request, ServerCallContext context)
    {
        var posted = await book.PostAsync(context.Actor(), request.ToDraft(), request.Reason, context.CancellationToken);
        return new() { Entry = posted.Entry.ToProto(), CreditAlerts = { posted.CreditAlerts.Select(a => a.ToProto()) } };
    }

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<ListStatementsResponse> ListStatements(ListStatementsRequest request, ServerCallContext context)
    {
        var after = tokens.AfterId(context.Method, request.PageToken);
        var found = await book.ListStatementsAsync(request.CustomerCode, request.Kind.ToDomain(), Paging.Size(request.PageSize), after, context.CancellationToken);
        var page = Paging.FitTo(new Page<Statement>(found.Items.Select(s => s.ToProto()).ToList(), found.NextAfter),
            s => s.CalculateSize(), s => s.Id.ToString(CultureInfo.InvariantCulture));
        return new ListStatementsResponse
        {
            Statements = { page.Items },
            NextPageToken = tokens.Token(context.Method, page.NextAfter),
        };
    }

    [RequiresRole(DomainRole.Accountant)]
    public override async Task<DeleteStatementResponse> DeleteStatement(DeleteStatementRequest request, ServerCallContext context)
    {
        await book.DeleteStatementAsync(context.Actor(), request.Id, context.CancellationToken);
        return new DeleteStatementResponse();
    }

    [RequiresRole(DomainRole.Viewer)]
    public override async Task ListStatementLines(ListStatementLinesRequest request, IServerStreamWriter<ListStatementLinesResponse> responseStream, ServerCallContext context)
    {
        var role = context.Caller().Role;
        var batch = new ListStatementLinesResponse();
        await foreach (var line in book.ListLinesAsync(request.StatementId, context.CancellationToken))
        {
            batch.Lines.Add(line.ToProto(role));
            if (batch.Lines.Count == BatchSize)
            {
                await responseStream.WriteAsync(batch, context.CancellationToken);
                batch = new ListStatementLinesResponse();
            }
        }

        if (batch.Lines.Count > 0)
        {
            await responseStream.WriteAsync(batch, context.CancellationToken);
        }
    }
}
