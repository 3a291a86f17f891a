using Google.Protobuf.Collections;
using ReconGrpc.Application.Reconciliation;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Reconciliation;
using ReconGrpc.Matching;
using V1 = ReconGrpc.Contracts.V1;

namespace ReconGrpc.Server.Mapping;

/// <summary>The reconciliation contract against the engine's rules and the stored runs: the one place they meet.</summary>
public static class ReconciliationMapping
{
    // ---- rules ----

    public static IReadOnlyList<MatchRule> ToEngine(this IEnumerable<V1.MatchRule> rules) => [.. rules.Select((r, i) => r.ToEngine(i))];

    private static MatchRule ToEngine(this V1.MatchRule r, int index)
    {
        var label = string.IsNullOrWhiteSpace(r.Name) ? $"rule {index + 1}" : $"rule '{r.Name}'";
        var tolerance = r.Tolerance.ToDomain($"{label} tolerance") ?? 0m;
        var amount = r.AmountCondition switch
        {
            V1.AmountConditionKind.Exact or V1.AmountConditionKind.Unspecified => new AmountCondition(AmountConditionKind.Exact, tolerance),
            V1.AmountConditionKind.Absolute => AmountCondition.Within(tolerance),
            V1.AmountConditionKind.Percentage => AmountCondition.WithinPercent(tolerance),
            _ => throw RuleViolation.Invalid("ruleset.amount_condition", $"{label} has an unknown amount condition."),
        };
        var window = r.DateWindow switch
        {
            V1.DateWindowKind.Days => DateWindow.Between(r.DaysBefore, r.DaysAfter),
            V1.DateWindowKind.SameMonth => DateWindow.SameMonth,
            V1.DateWindowKind.Any or V1.DateWindowKind.Unspecified => DateWindow.Any,
            _ => throw RuleViolation.Invalid("ruleset.date_window", $"{label} has an unknown date window."),
        };
        return new MatchRule
        {
            Name = r.Name,
            Keys = [.. r.Keys.Select(k => new KeyPair(k.Ours.ToEngine(label), k.Theirs.ToEngine(label)))],
            Amount = amount,
            Window = window,
            Cardinality = r.Cardinality switch
            {
                V1.Cardinality.OneToOne or V1.Cardinality.Unspecified => Cardinality.OneToOne,
                V1.Cardinality.OneToMany => Cardinality.OneToMany,
                V1.Cardinality.ManyToOne => Cardinality.ManyToOne,
                V1.Cardinality.ManyToMany => Cardinality.ManyToMany,
                _ => throw RuleViolation.Invalid("ruleset.cardinality", $"{label} has an unknown cardinality."),
            },
            Decision = r.Decision == V1.RuleDecision.Proposed ? MatchDecision.Proposed : MatchDecision.Accepted,
            MaxGroupSize = r.MaxGroupSize > 0 ? r.MaxGroupSize : 5,
            MaxCandidates = r.MaxCandidates > 0 ? r.MaxCandidates : 16,
            Currency = r.CurrencyMode == V1.CurrencyMode.Across
                ? CurrencyCondition.Across(r.RateTolerancePercent.ToDomain($"{label} rate_tolerance_percent") ?? 0m)
                : CurrencyCondition.SameOnly,
        };
    }

    private static KeyField ToEngine(this V1.KeyField field, string label) => field switch
    {
        V1.KeyField.DocumentNumber => KeyField.DocumentNumber,
        V1.KeyField.Reference => KeyField.Reference,
        V1.KeyField.Customer => KeyField.Customer,
        V1.KeyField.TextToken => KeyField.TextToken,
        _ => throw RuleViolation.Invalid("ruleset.key_field", $"{label} has a key without a field; use KEY_FIELD_DOCUMENT_NUMBER, _REFERENCE, _CUSTOMER or _TEXT_TOKEN."),
    };

    public static V1.RuleSet ToProto(this RuleSetVersion set) => new()
    {
        Name = set.Stored.Name,
        Version = set.Stored.Version,
        Rules = { set.Rules.Rules.Select(ToProto) },
        Description = set.Stored.Description ?? "",
        CreatedBy = set.Stored.CreatedBy,
        CreateTime = set.Stored.CreatedAt.ToProto(),
    };

    private static V1.MatchRule ToProto(MatchRule r) => new()
    {
        Name = r.Name,
        Keys = { r.Keys.Select(k => new V1.MatchKey { Ours = ToProto(k.Ours), Theirs = ToProto(k.Theirs) }) },
        AmountCondition = r.Amount.Kind switch
        {
            AmountConditionKind.Absolute => V1.AmountConditionKind.Absolute,
            AmountConditionKind.Percentage => V1.AmountConditionKind.Percentage,
            _ => V1.AmountConditionKind.Exact,
        },
        Tolerance = r.Amount.Tolerance.ToProto(),
        DateWindow = r.Window.Kind switch
        {
            DateWindowKind.Days => V1.DateWindowKind.Days,
            DateWindowKind.SameMonth => V1.DateWindowKind.SameMonth,
            _ => V1.DateWindowKind.Any,
        },
        DaysBefore = r.Window.DaysBefore,
        DaysAfter = r.Window.DaysAfter,
        Cardinality = (V1.Cardinality)((int)r.Cardinality + 1),
        Decision = r.Decision == MatchDecision.Proposed ? V1.RuleDecision.Proposed : V1.RuleDecision.Accepted,
        MaxGroupSize = r.IsGrouped ? r.MaxGroupSize : 0,
        MaxCandidates = r.IsGrouped ? r.MaxCandidates : 0,
        CurrencyMode = r.Currency?.Mode == CurrencyMode.Across ? V1.CurrencyMode.Across : V1.CurrencyMode.Unspecified,
        RateTolerancePercent = r.Currency?.Mode == CurrencyMode.Across ? r.Currency.RateTolerancePercent.ToProto() : null,
    };

    private static V1.KeyField ToProto(KeyField field) => (V1.KeyField)((int)field + 1);

    // ---- runs ----

    public static RunScope ToScope(this V1.StartRunRequest r) => new(
        string.IsNullOrWhiteSpace(r.CustomerCode) ? null : r.CustomerCode.Trim(),
        r.StartDate.ToDomain("start_date").Required("start_date"),
        r.EndDate.ToDomain("end_date").Required("end_date"),
        [.. r.StatementIds],
        string.IsNullOrWhiteSpace(r.RuleSetName) ? null : r.RuleSetName.Trim(),
        r.RuleSetVersion > 0 ? r.RuleSetVersion : null,
        r.TheirClosingBalance.ToDomain("their_closing_balance"),
        string.IsNullOrWhiteSpace(r.CategoryCode) ? null : r.CategoryCode.Trim());

    public static V1.Run ToProto(this ReconciliationRun run)
    {
        var proto = new V1.Run
        {
            Id = run.Id,
            CustomerCode = run.CustomerCode ?? "",
            CategoryCode = run.CategoryCode ?? "",
            StartDate = run.StartDate.ToProto(),
            EndDate = run.EndDate.ToProto(),
            StatementIds = { run.StatementIdList },
            RuleSetName = run.RuleSetName,
            RuleSetVersion = run.RuleSetVersion,
            Status = run.Status.ToProto(),
            Error = run.Error ?? "",
            StartedBy = run.StartedBy,
            CreateTime = run.CreatedAt.ToProto(),
            EndTime = run.EndedAt.ToProto(),
            TheirClosingBalance = run.TheirClosingBalance.ToProto(),
            StoredMatches = run.StoredMatches,
            StoredExceptions = run.StoredExceptions,
            Warnings = { run.WarningList },
        };
        if (RunFigures.FromJson(run.SummaryJson) is { } figures)
        {
            proto.Summary = figures.ToProto();
        }

        return proto;
    }

    private static V1.RunSummary ToProto(this RunFigures f) => new()
    {
        OurItems = f.OurItems,
        TheirItems = f.TheirItems,
        Matches = f.Matches,
        AcceptedMatches = f.AcceptedMatches,
        ManualMatches = f.ManualMatches,
        ProposedMatches = f.ProposedMatches,
        MatchedOurItems = f.MatchedOurItems,
        MatchedTheirItems = f.MatchedTheirItems,
        Exceptions = { f.ExceptionsByReason.OrderBy(p => ReasonOf(p.Key)).Select(p => new V1.ReasonCount { Reason = ReasonOf(p.Key), Count = p.Value }) },
        Rules = { f.Rules.Select(r => new V1.RuleOutcome { RuleName = r.RuleName, Matches = r.Matches, OurItems = r.OurItems, TheirItems = r.TheirItems }) },
        Balances = { f.Balances.Select(ToProto) },
        MatchingMillis = f.MatchingMillis,
        LoadingMillis = f.LoadingMillis,
        StoringMillis = f.StoringMillis,
    };

    private static V1.BalanceReconciliation ToProto(BalanceFigures b) => new()
    {
        Currency = b.Currency,
        Ours = b.Ours.ToProto(),
        Theirs = b.Theirs.ToProto(),
        TheirsAsStated = b.TheirsAsStated.ToProto(),
        ClosingBalancesGiven = b.ClosingBalancesGiven,
        OurAdjustments = { b.OurAdjustments.Select(ToProto) },
        TheirAdjustments = { b.TheirAdjustments.Select(ToProto) },
        AcceptedMatchDifference = b.AcceptedMatchDifference.ToProto(),
        ProposedMatchDifference = b.ProposedMatchDifference.ToProto(),
        AdjustedOurs = b.AdjustedOurs.ToProto(),
        AdjustedTheirs = b.AdjustedTheirs.ToProto(),
        Unexplained = b.Unexplained.ToProto(),
    };

    private static V1.BalanceAdjustment ToProto(AdjustmentFigures a) =>
        new() { Reason = ReasonOf(a.Reason), Debit = a.Debit, Count = a.Count, Amount = a.Amount.ToProto() };

    private static V1.ExceptionReason ReasonOf(string name) =>
        Enum.TryParse<ExceptionReason>(name, out var reason) ? reason.ToProto() : V1.ExceptionReason.Unspecified;

    public static V1.RunEvent ToProto(this RunUpdate update, long runId, V1.MatchItemDetail matchItems = V1.MatchItemDetail.Full)
    {
        var proto = new V1.RunEvent { RunId = runId, Offset = update.Offset };
        switch (update)
        {
            case RunStarted s:
                proto.Started = s.Run.ToProto();
                break;
            case RunProgressed p:
                proto.Progress = new V1.RunProgress
                {
                    Stage = p.Progress.Stage,
                    RuleName = p.Progress.RuleName ?? "",
                    RulesDone = p.Progress.RulesDone,
                    RuleCount = p.Progress.RuleCount,
                    OurItems = p.Progress.OurItems,
                    TheirItems = p.Progress.TheirItems,
                    MatchedOurItems = p.Progress.MatchedOurItems,
                    MatchedTheirItems = p.Progress.MatchedTheirItems,
                };
                break;
            case MatchesStored m:
                var idsOnly = matchItems == V1.MatchItemDetail.Ids;
                proto.Matches = new V1.MatchBatch();
                proto.Matches.Matches.Capacity = m.Matches.Count;
                foreach (var view in m.Matches)
                {
                    proto.Matches.Matches.Add(view.ToProto(idsOnly));
                }
                break;
            case ExceptionsStored e:
                proto.Exceptions = new V1.ExceptionBatch { Exceptions = { e.Exceptions.Select(ToProto) } };
                break;
            case RunEnded f:
                proto.Finished = f.Run.ToProto();
                break;
        }

        return proto;
    }

    // ---- results ----

    /// <param name="view">The match and its items.</param>
    /// <param name="idsOnly">Whether its items carry only their side and id (<see cref="V1.MatchItemDetail.Ids"/>).</param>
    public static V1.Match ToProto(this MatchView view, bool idsOnly = false)
    {
        var match = new V1.Match
        {
            Sequence = view.Match.Sequence,
            RuleName = view.Match.RuleName,
            Status = view.Match.Status.ToProto(),
            Currency = view.Match.Currency,
            OurAmount = view.Match.OurAmount.ToProto(),
            TheirAmount = view.Match.TheirAmount.ToProto(),
            Difference = view.Match.Difference.ToProto(),
            AdjustmentEntryId = view.Match.AdjustmentEntryId ?? 0,
            AdjustmentReversalEntryId = view.Match.ReversalEntryId ?? 0,
            DecidedBy = view.Match.DecidedBy ?? "",
            DecidedFor = view.Match.DecidedFor ?? "",
            DecideTime = view.Match.DecidedAt.ToProto(),
            Note = view.Match.Note ?? "",
        };
        if (idsOnly)
        {
            AddIds(match.Ours, V1.Side.Ours, view.Match.OurIdList);
            AddIds(match.Theirs, V1.Side.Theirs, view.Match.TheirIdList);
        }
        else
        {
            AddItems(match.Ours, view.Ours);
            AddItems(match.Theirs, view.Theirs);
        }

        return match;
    }

    public static V1.ReconException ToProto(this ExceptionView view) => new()
    {
        Sequence = view.Exception.Sequence,
        Reason = view.Exception.Reason.ToProto(),
        Item = ToProto(view.Item),
        Counterpart = view.Counterpart is { } c ? ToProto(c) : null,
        Difference = view.Exception.Difference.ToProto(),
        Explanation = view.Exception.Explanation,
        ResolvedByMatch = view.Exception.ResolvedByMatch ?? -1,
    };

    // Loops into lists sized once: a run streams about two million items, and a LINQ projection per match (its
    // closure, delegate and iterator) and a list grown from the default capacity cost more than the items themselves.
    private static void AddIds(RepeatedField<V1.ReconItem> items, V1.Side side, IReadOnlyList<long> ids)
    {
        items.Capacity = ids.Count;
        for (var i = 0; i < ids.Count; i++)
        {
            items.Add(new V1.ReconItem { Side = side, Id = ids[i] });
        }
    }

    private static void AddItems(RepeatedField<V1.ReconItem> items, IReadOnlyList<ItemView> views)
    {
        items.Capacity = views.Count;
        for (var i = 0; i < views.Count; i++)
        {
            items.Add(ToProto(views[i]));
        }
    }

    private static V1.ReconItem ToProto(ItemView item) => new()
    {
        Side = item.Side.ToProto(),
        Id = item.Id,
        Date = item.Date.ToProto(),
        Amount = item.Amount.ToProto(),
        OriginalAmount = item.OriginalAmount.ToProto(),
        Currency = item.Currency,
        DocumentNumber = item.DocumentNumber ?? "",
        Reference = item.Reference ?? "",
        Text = item.Text ?? "",
    };

    // Sides and reasons: the wire's copies of the engine's types (which the domain stores), member for member.

    public static V1.Side ToProto(this Side side) => side switch
    {
        Side.Ours => V1.Side.Ours,
        Side.Theirs => V1.Side.Theirs,
        _ => throw new ArgumentOutOfRangeException(nameof(side), side, $"Unknown side {side}."),
    };

    /// <summary>The side asked for; none when unspecified.</summary>
    public static Side? ToDomain(this V1.Side side) => side switch
    {
        V1.Side.Unspecified => null,
        V1.Side.Ours => Side.Ours,
        V1.Side.Theirs => Side.Theirs,
        _ => throw RuleViolation.Invalid("exception.side", $"{side} is not a side."),
    };

    public static V1.ExceptionReason ToProto(this ExceptionReason reason) => reason switch
    {
        ExceptionReason.MissingOnTheirSide => V1.ExceptionReason.MissingOnTheirSide,
        ExceptionReason.MissingOnOurSide => V1.ExceptionReason.MissingOnOurSide,
        ExceptionReason.AmountDiffers => V1.ExceptionReason.AmountDiffers,
        ExceptionReason.DateOutsideWindow => V1.ExceptionReason.DateOutsideWindow,
        ExceptionReason.Duplicate => V1.ExceptionReason.Duplicate,
        ExceptionReason.CurrencyMismatch => V1.ExceptionReason.CurrencyMismatch,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, $"Unknown exception reason {reason}."),
    };

    public static ExceptionReason ToDomain(this V1.ExceptionReason reason) => reason switch
    {
        V1.ExceptionReason.MissingOnTheirSide => ExceptionReason.MissingOnTheirSide,
        V1.ExceptionReason.MissingOnOurSide => ExceptionReason.MissingOnOurSide,
        V1.ExceptionReason.AmountDiffers => ExceptionReason.AmountDiffers,
        V1.ExceptionReason.DateOutsideWindow => ExceptionReason.DateOutsideWindow,
        V1.ExceptionReason.Duplicate => ExceptionReason.Duplicate,
        V1.ExceptionReason.CurrencyMismatch => ExceptionReason.CurrencyMismatch,
        _ => throw RuleViolation.Invalid("exception.reason", $"{reason} is not an exception reason."),
    };

    public static MatchStatus ToDomain(this V1.MatchStatus status) => status switch
    {
        V1.MatchStatus.Accepted => MatchStatus.Accepted,
        V1.MatchStatus.Proposed => MatchStatus.Proposed,
        V1.MatchStatus.Confirmed => MatchStatus.Confirmed,
        V1.MatchStatus.Manual => MatchStatus.Manual,
        V1.MatchStatus.Rejected => MatchStatus.Rejected,
        V1.MatchStatus.Unmatched => MatchStatus.Unmatched,
        _ => throw RuleViolation.Invalid("match.status", $"{status} is not a match status."),
    };

    public static V1.MatchStatus ToProto(this MatchStatus status) => status switch
    {
        MatchStatus.Accepted => V1.MatchStatus.Accepted,
        MatchStatus.Proposed => V1.MatchStatus.Proposed,
        MatchStatus.Confirmed => V1.MatchStatus.Confirmed,
        MatchStatus.Manual => V1.MatchStatus.Manual,
        MatchStatus.Rejected => V1.MatchStatus.Rejected,
        MatchStatus.Unmatched => V1.MatchStatus.Unmatched,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a match status."),
    };

    public static RunStatus? ToDomain(this V1.RunStatus status) => status switch
    {
        V1.RunStatus.Unspecified => null,
        V1.RunStatus.Pending => RunStatus.Pending,
        V1.RunStatus.Running => RunStatus.Running,
        V1.RunStatus.Completed => RunStatus.Completed,
        V1.RunStatus.Cancelled => RunStatus.Cancelled,
        V1.RunStatus.Failed => RunStatus.Failed,
        V1.RunStatus.Interrupted => RunStatus.Interrupted,
        _ => throw RuleViolation.Invalid("run.status", $"{status} is not a run status."),
    };

    public static V1.RunStatus ToProto(this RunStatus status) => status switch
    {
        RunStatus.Pending => V1.RunStatus.Pending,
        RunStatus.Running => V1.RunStatus.Running,
        RunStatus.Completed => V1.RunStatus.Completed,
        RunStatus.Cancelled => V1.RunStatus.Cancelled,
        RunStatus.Failed => V1.RunStatus.Failed,
        RunStatus.Interrupted => V1.RunStatus.Interrupted,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a run status."),
    };

    public static V1.PeriodRecord ToProto(this PeriodRecord p) => new()
    {
        CustomerCode = p.CustomerCode,
        StartDate = p.StartDate.ToProto(),
        EndDate = p.EndDate.ToProto(),
        Locked = p.Locked,
        ConfirmedBy = p.ConfirmedBy ?? "",
        Time = p.Time.ToProto(),
        RecordedBy = p.RecordedBy,
        RecordedFor = p.RecordedFor ?? "",
        RunId = p.RunId ?? 0,
        Note = p.Note ?? "",
        ConfirmedBalance = p.ConfirmedBalance.ToProto(),
        Id = p.Id,
        UnlockTime = p.UnlockedAt?.ToProto(),
        UnlockedBy = p.UnlockedBy ?? "",
        UnlockedFor = p.UnlockedFor ?? "",
        UnlockReason = p.UnlockReason ?? "",
    };

    // ---- exchange rates ----

    public static IReadOnlyList<ExchangeRateInput> ToDomain(this RepeatedField<V1.ExchangeRate> rates) =>
    [
        .. rates.Select((r, i) => new ExchangeRateInput(r.Currency,
            r.Date.ToDomain($"rates[{i}].date").Required($"rates[{i}].date ({InputText.Echo(r.Currency)})"),
            r.Rate.ToDomain($"rates[{i}].rate") ?? throw RuleViolation.Invalid("exchange_rate.rate",
                $"rates[{i}] ({InputText.Echo(r.Currency)}) has no rate; give base-currency units per one unit, e.g. 7.1032."))),
    ];

    public static V1.ExchangeRate ToProto(this Domain.Ledger.StoredExchangeRate r) => new()
    {
        Currency = r.Currency,
        Date = r.Date.ToProto(),
        Rate = r.Rate.ToProto(),
        RecordedBy = r.RecordedBy,
        RecordedFor = r.RecordedFor ?? "",
        RecordTime = r.RecordedAt.ToProto(),
    };
}
