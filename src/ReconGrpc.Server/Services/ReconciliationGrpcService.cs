using System.Globalization;
using Grpc.Core;
using ReconGrpc.Application;
using ReconGrpc.Application.Reconciliation;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Domain;
using ReconGrpc.Server.Auth;
using ReconGrpc.Server.Errors;
using ReconGrpc.Server.Mapping;
using DomainRole = ReconGrpc.Domain.Access.Role;

namespace ReconGrpc.Server.Services;

[BindServiceMethod(typeof(ReconciliationGrpcService), nameof(Bind))]
public sealed class ReconciliationGrpcService(
    RuleSetStore ruleSets,
    WriteOffModelStore writeOffs,
    RunCoordinator coordinator,
    RunReader reader,
    MatchDesk desk,
    PeriodBook periods,
    ExchangeRateBook exchangeRates,
    ReconGrpc.Application.Queries.MonthEndBoardQuery board,
    PageTokens tokens) : ReconciliationService.ReconciliationServiceBase
{
    /// <summary>Binds the RPCs so a request that is not a valid message is refused as INVALID_ARGUMENT.</summary>
    public static void Bind(ServiceBinderBase binder, ReconciliationService.ReconciliationServiceBase service) =>
        ReconciliationService.BindService(new WireCheckingBinder(binder), service);

    private const int BatchSize = 500;

    [RequiresRole(DomainRole.Admin)]
    public override async Task<CreateRuleSetResponse> CreateRuleSet(CreateRuleSetRequest request, ServerCallContext context) =>
        new() { RuleSet = (await ruleSets.CreateAsync(context.Actor(), request.Name, request.Rules.ToEngine(), request.Description, context.CancellationToken)).ToProto() };

    [RequiresRole(DomainRole.Admin)]
    public override async Task<UpdateRuleSetResponse> UpdateRuleSet(UpdateRuleSetRequest request, ServerCallContext context) =>
        new()
        {
            RuleSet = (await ruleSets.UpdateAsync(context.Actor(), request.Name, request.ExpectedVersion, request.Rules.ToEngine(), request.Description,
                context.CancellationToken)).ToProto(),
        };

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<ListRuleSetsResponse> ListRuleSets(ListRuleSetsRequest request, ServerCallContext context) =>
        new() { RuleSets = { (await ruleSets.ListLatestAsync(context.CancellationToken)).Select(r => r.ToProto()) } };

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<GetRuleSetResponse> GetRuleSet(GetRuleSetRequest request, ServerCallContext context) =>
        new() { RuleSet = (await ruleSets.GetAsync(request.Name, request.Version, context.CancellationToken)).ToProto() };

    [RequiresRole(DomainRole.Accountant)]
    public override async Task StartRun(StartRunRequest request, IServerStreamWriter<StartRunResponse> responseStream, ServerCallContext context)
    {
        var run = await coordinator.StartAsync(context.Actor(), request.ToScope(), context.CancellationToken);
        await StreamAsync(run.Id, 0, request.MatchItems, e => responseStream.WriteAsync(new StartRunResponse { Event = e }, context.CancellationToken), context.CancellationToken);
    }

    [RequiresRole(DomainRole.Viewer)]
    public override Task WatchRun(WatchRunRequest request, IServerStreamWriter<WatchRunResponse> responseStream, ServerCallContext context) =>
        StreamAsync(request.RunId, request.Offset, request.MatchItems, e => responseStream.WriteAsync(new WatchRunResponse { Event = e }, context.CancellationToken), context.CancellationToken);

    [RequiresRole(DomainRole.Accountant)]
    public override async Task RestartRun(RestartRunRequest request, IServerStreamWriter<RestartRunResponse> responseStream, ServerCallContext context)
    {
        var run = await coordinator.RestartAsync(context.Actor(), request.RunId, context.CancellationToken);
        await StreamAsync(run.Id, 0, request.MatchItems, e => responseStream.WriteAsync(new RestartRunResponse { Event = e }, context.CancellationToken), context.CancellationToken);
    }

    [RequiresRole(DomainRole.Accountant)]
    public override async Task<CancelRunResponse> CancelRun(CancelRunRequest request, ServerCallContext context) =>
        new() { Run = (await coordinator.CancelAsync(context.Actor(), request.RunId, context.CancellationToken)).ToProto() };

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<GetRunResponse> GetRun(GetRunRequest request, ServerCallContext context) =>
        new() { Run = (await reader.GetAsync(request.RunId, context.CancellationToken)).ToProto() };

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<ListRunsResponse> ListRuns(ListRunsRequest request, ServerCallContext context)
    {
        var after = tokens.AfterId(context.Method, request.PageToken);
        var found = await reader.ListAsync(request.CustomerCode, request.Status.ToDomain(), Paging.Size(request.PageSize), after, context.CancellationToken,
            request.Kind.ToDomain());
        var page = Paging.FitTo(new Page<Run>(found.Items.Select(r => r.ToProto()).ToList(), found.NextAfter),
            r => r.CalculateSize(), r => r.Id.ToString(CultureInfo.InvariantCulture));
        return new ListRunsResponse { Runs = { page.Items }, NextPageToken = tokens.Token(context.Method, page.NextAfter) };
    }

    [RequiresRole(DomainRole.Viewer)]
    public override async Task ListMatches(ListMatchesRequest request, IServerStreamWriter<ListMatchesResponse> responseStream, ServerCallContext context)
    {
        var filter = new MatchFilter([.. request.Statuses.Select(s => s.ToDomain())], request.RuleName, request.Text);
        var batch = new ListMatchesResponse();
        await foreach (var match in reader.ListMatchesAsync(request.RunId, filter, context.CancellationToken))
        {
            batch.Matches.Add(match.ToProto());
            if (batch.Matches.Count == BatchSize)
            {
                await responseStream.WriteAsync(batch, context.CancellationToken);
                batch = new ListMatchesResponse();
            }
        }

        if (batch.Matches.Count > 0)
        {
            await responseStream.WriteAsync(batch, context.CancellationToken);
        }
    }

    [RequiresRole(DomainRole.Viewer)]
    public override async Task ListExceptions(ListExceptionsRequest request, IServerStreamWriter<ListExceptionsResponse> responseStream, ServerCallContext context)
    {
        var filter = new ExceptionFilter([.. request.Reasons.Select(r => r.ToDomain())], request.Side.ToDomain(), request.IncludeResolved);
        var batch = new ListExceptionsResponse();
        await foreach (var exception in reader.ListExceptionsAsync(request.RunId, filter, context.CancellationToken))
        {
            batch.Exceptions.Add(exception.ToProto());
            if (batch.Exceptions.Count == BatchSize)
            {
                await responseStream.WriteAsync(batch, context.CancellationToken);
                batch = new ListExceptionsResponse();
            }
        }

        if (batch.Exceptions.Count > 0)
        {
            await responseStream.WriteAsync(batch, context.CancellationToken);
        }
    }

    [RequiresRole(DomainRole.Accountant)]
    public override async Task<ConfirmMatchResponse> ConfirmMatch(ConfirmMatchRequest request, ServerCallContext context)
    {
        var decided = await desk.ConfirmAsync(context.Actor(), request.RunId, request.MatchSequence, request.Note, request.WriteOffModel, context.CancellationToken);
        return new ConfirmMatchResponse { Match = decided.Match.ToProto(), WriteOff = decided.WriteOff.ToProto() };
    }

    [RequiresRole(DomainRole.Accountant)]
    public override async Task<RejectMatchResponse> RejectMatch(RejectMatchRequest request, ServerCallContext context)
    {
        var change = await desk.RejectAsync(context.Actor(), request.RunId, request.MatchSequence, request.Reason, context.CancellationToken);
        return new RejectMatchResponse { Match = change.Match.ToProto(), Exceptions = { change.Released.Select(e => e.ToProto()) } };
    }

    [RequiresRole(DomainRole.Accountant)]
    public override async Task<CreateManualMatchResponse> CreateManualMatch(CreateManualMatchRequest request, ServerCallContext context)
    {
        var adjustment = request.Adjustment is { } a ? new AdjustmentRequest(a.Account, a.Reason) : null;
        var decided = await desk.CreateManualAsync(context.Actor(), request.RunId, [.. request.OurItemIds], [.. request.TheirItemIds], request.Reason, adjustment,
            request.WriteOffModel, context.CancellationToken);
        return new CreateManualMatchResponse { Match = decided.Match.ToProto(), WriteOff = decided.WriteOff.ToProto() };
    }

    [RequiresRole(DomainRole.Accountant)]
    public override async Task<UnmatchResponse> Unmatch(UnmatchRequest request, ServerCallContext context)
    {
        var change = await desk.UnmatchAsync(context.Actor(), request.RunId, request.MatchSequence, request.Reason, context.CancellationToken);
        return new UnmatchResponse { Match = change.Match.ToProto(), Exceptions = { change.Released.Select(e => e.ToProto()) } };
    }

    [RequiresRole(DomainRole.Accountant)]
    public override async Task<ConfirmPeriodResponse> ConfirmPeriod(ConfirmPeriodRequest request, ServerCallContext context)
    {
        var record = await periods.ConfirmAsync(context.Actor(), request.CustomerCode,
            request.StartDate.ToDomain("start_date").Required("start_date"), request.EndDate.ToDomain("end_date").Required("end_date"),
            request.ConfirmedBy, request.ConfirmTime.ToDomain(), request.RunId > 0 ? request.RunId : null,
            request.ConfirmedBalance.ToDomain("confirmed_balance"), request.Note, (string.IsNullOrWhiteSpace(request.DifferenceReason) ? null : request.DifferenceReason), context.CancellationToken);
        return new ConfirmPeriodResponse { Record = record.ToProto() };
    }

    [RequiresRole(DomainRole.Admin)]
    public override async Task<LockPeriodResponse> LockPeriod(LockPeriodRequest request, ServerCallContext context)
    {
        var record = await periods.LockAsync(context.Actor(), request.CustomerCode,
            request.StartDate.ToDomain("start_date").Required("start_date"), request.EndDate.ToDomain("end_date").Required("end_date"),
            request.Reason, context.CancellationToken);
        return new LockPeriodResponse { Record = record.ToProto() };
    }

    [RequiresRole(DomainRole.Admin)]
    public override async Task<UnlockPeriodResponse> UnlockPeriod(UnlockPeriodRequest request, ServerCallContext context) =>
        new() { Record = (await periods.UnlockAsync(context.Actor(), request.CustomerCode, request.Id, request.Reason, context.CancellationToken)).ToProto() };

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<ListPeriodsResponse> ListPeriods(ListPeriodsRequest request, ServerCallContext context) =>
        new() { Records = { (await periods.ListAsync(request.CustomerCode, context.CancellationToken)).Select(p => p.ToProto()) } };

    [RequiresRole(DomainRole.Accountant)]
    public override async Task<RecordStatementReplyResponse> RecordStatementReply(RecordStatementReplyRequest request, ServerCallContext context)
    {
        var recorded = await periods.RecordReplyAsync(context.Actor(), new StatementReplyRequest(request.CustomerCode,
            request.StartDate.ToDomain("start_date").Required("start_date"), request.EndDate.ToDomain("end_date").Required("end_date"),
            request.Verdict.ToDomain(), request.Differences.ToDomain(), request.RepliedBy, request.ReplyTime.ToDomain(), request.Balance.ToDomain("balance"),
            request.Note, request.ConfirmPeriod, request.RunId > 0 ? request.RunId : null, (string.IsNullOrWhiteSpace(request.DifferenceReason) ? null : request.DifferenceReason)), context.CancellationToken);
        return new RecordStatementReplyResponse
        {
            Reply = recorded.Reply.ToProto(), Confirmation = recorded.Confirmation?.ToProto(), Sending = recorded.Sending?.ToProto(),
        };
    }

    [RequiresRole(DomainRole.Accountant)]
    public override async Task<RecordStatementSentResponse> RecordStatementSent(RecordStatementSentRequest request, ServerCallContext context) =>
        new()
        {
            Sending = (await periods.RecordStatementSentAsync(context.Actor(), request.CustomerCode,
                request.StartDate.ToDomain("start_date").Required("start_date"), request.EndDate.ToDomain("end_date").Required("end_date"),
                request.Format, request.FileName, context.CancellationToken)).ToProto(),
        };

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<ListStatementRepliesResponse> ListStatementReplies(ListStatementRepliesRequest request, ServerCallContext context)
    {
        var (replies, sendings) = await periods.ListRepliesAsync(request.CustomerCode, context.CancellationToken);
        return new ListStatementRepliesResponse { Replies = { replies.Select(r => r.ToProto()) }, Sendings = { sendings.Select(s => s.ToProto()) } };
    }

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<GetMonthEndBoardResponse> GetMonthEndBoard(GetMonthEndBoardRequest request, ServerCallContext context)
    {
        var found = await board.GetAsync(request.StartDate.ToDomain("start_date").Required("start_date"), request.EndDate.ToDomain("end_date").Required("end_date"),
            request.CategoryCode, Paging.Size(request.PageSize), tokens.After(context.Method, request.PageToken), context.CancellationToken);
        var page = Paging.FitTo(new Page<MonthEndBoardRow>(found.Page.Items.Select(r => r.ToProto()).ToList(), found.Page.NextAfter),
            r => r.CalculateSize(), r => r.CustomerCode);
        return new GetMonthEndBoardResponse { Rows = { page.Items }, NextPageToken = tokens.Token(context.Method, page.NextAfter), Summary = found.Summary.ToProto() };
    }

    [RequiresRole(DomainRole.Admin)]
    public override async Task<CreateWriteOffModelResponse> CreateWriteOffModel(CreateWriteOffModelRequest request, ServerCallContext context) =>
        new() { Model = (await writeOffs.CreateAsync(context.Actor(), request.Model?.Name ?? "", request.Model.ToSpec(), context.CancellationToken)).ToProto() };

    [RequiresRole(DomainRole.Admin)]
    public override async Task<UpdateWriteOffModelResponse> UpdateWriteOffModel(UpdateWriteOffModelRequest request, ServerCallContext context) =>
        new()
        {
            Model = (await writeOffs.UpdateAsync(context.Actor(), request.Model?.Name ?? "", request.ExpectedVersion, request.Model.ToSpec(),
                context.CancellationToken)).ToProto(),
        };

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<ListWriteOffModelsResponse> ListWriteOffModels(ListWriteOffModelsRequest request, ServerCallContext context) =>
        new() { Models = { (await writeOffs.ListAsync(context.CancellationToken)).Select(m => m.ToProto()) } };

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<GetWriteOffModelResponse> GetWriteOffModel(GetWriteOffModelRequest request, ServerCallContext context) =>
        new() { Model = (await writeOffs.GetAsync(request.Name, context.CancellationToken)).ToProto() };

    [RequiresRole(DomainRole.Admin)]
    public override async Task<DeleteWriteOffModelResponse> DeleteWriteOffModel(DeleteWriteOffModelRequest request, ServerCallContext context) =>
        new() { Model = (await writeOffs.DeleteAsync(context.Actor(), request.Name, request.ExpectedVersion, context.CancellationToken)).ToProto() };

    [RequiresRole(DomainRole.Accountant)]
    public override async Task<SetExchangeRatesResponse> SetExchangeRates(SetExchangeRatesRequest request, ServerCallContext context) =>
        new()
        {
            Rates = { (await exchangeRates.SetAsync(context.Actor(), request.Rates.ToDomain(), context.CancellationToken)).Select(r => r.ToProto()) },
            BaseCurrency = exchangeRates.BaseCurrency,
        };

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<ListExchangeRatesResponse> ListExchangeRates(ListExchangeRatesRequest request, ServerCallContext context) =>
        new()
        {
            Rates =
            {
                (await exchangeRates.ListAsync(request.Currency, request.FromDate.ToDomain("from_date"), request.ToDate.ToDomain("to_date"), context.CancellationToken))
                    .Select(r => r.ToProto()),
            },
            BaseCurrency = exchangeRates.BaseCurrency,
        };

    /// <summary>
    /// Streams a run from storage. Each write waits for the client's flow-control window, so a slow client holds
    /// back only its own stream; a client that goes away stops the stream, never the run.
    /// </summary>
    private async Task StreamAsync(long runId, long offset, MatchItemDetail matchItems, Func<RunEvent, Task> write, CancellationToken cancellationToken)
    {
        await foreach (var update in reader.WatchAsync(runId, offset, withMatchItems: matchItems != MatchItemDetail.Ids, cancellationToken))
        {
            await write(update.ToProto(runId, matchItems));
        }
    }
}
