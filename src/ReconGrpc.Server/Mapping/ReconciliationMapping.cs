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
            Decision = r.Decision switch
            {
                V1.RuleDecision.Proposed => MatchDecision.Proposed,
                V1.RuleDecision.ToCheck => MatchDecision.ToCheck,
                V1.RuleDecision.Accepted or V1.RuleDecision.Unspecified => MatchDecision.Accepted,
                _ => throw RuleViolation.Invalid("ruleset.decision", $"{label} has an unknown decision."),
            },
            MaxGroupSize = r.MaxGroupSize > 0 ? r.MaxGroupSize : 5,
            MaxCandidates = r.MaxCandidates > 0 ? r.MaxCandidates : 16,
            Conditions = [.. r.Conditions.Select(c => new TextCondition(c.Side.ToEngineSide(label), c.Field.ToEngine(label), c.Operator switch
            {
                V1.TextOperator.Contains => TextOperator.Contains,
                V1.TextOperator.NotContains => TextOperator.NotContains,
                V1.TextOperator.Regex => TextOperator.Regex,
                _ => throw RuleViolation.Invalid("ruleset.text_operator", $"{label} has a text condition without an operator; use TEXT_OPERATOR_CONTAINS, _NOT_CONTAINS or _REGEX."),
            }, c.Pattern))],
            AmountFromText = r.AmountFromText is { } fromText ? new TextAmount(fromText.Side.ToEngineSide(label), fromText.Field.ToEngine(label), fromText.Pattern) : null,
            Partners = r.Partners is { } partners ? new PartnerCondition { Customers = [.. partners.CustomerCodes], Categories = [.. partners.CategoryCodes] } : null,
            Currency = r.CurrencyMode switch
            {
                V1.CurrencyMode.Across => CurrencyCondition.Across(r.RateTolerancePercent.ToDomain($"{label} rate tolerance") ?? 0m),
                V1.CurrencyMode.SameOnly or V1.CurrencyMode.Unspecified => CurrencyCondition.SameOnly,
                _ => throw RuleViolation.Invalid("ruleset.currency_mode", $"{label} has an unknown currency mode."),
            },
            HorizonMonths = r.HorizonMonths != 0 ? r.HorizonMonths : null,
            Allocation = r.Allocation switch
            {
                V1.Allocation.OldestFirst => Allocation.OldestFirst,
                V1.Allocation.NewestFirst => Allocation.NewestFirst,
                V1.Allocation.Nearest or V1.Allocation.Unspecified => Allocation.Nearest,
                _ => throw RuleViolation.Invalid("ruleset.allocation", $"{label} has an unknown allocation order."),
            },
            ReasonCode = string.IsNullOrWhiteSpace(r.ReasonCode) ? null : r.ReasonCode.Trim(),
            WriteOff = string.IsNullOrWhiteSpace(r.WriteOffModel) ? null : r.WriteOffModel.Trim(),
        };
    }

    private static Side ToEngineSide(this V1.Side side, string label) => side switch
    {
        V1.Side.Ours => Side.Ours,
        V1.Side.Theirs => Side.Theirs,
        _ => throw RuleViolation.Invalid("ruleset.condition_side", $"{label} has a condition without a side; use SIDE_OURS or SIDE_THEIRS."),
    };

    private static TextField ToEngine(this V1.TextField field, string label) => field switch
    {
        V1.TextField.Text => TextField.Text,
        V1.TextField.Reference => TextField.Reference,
        V1.TextField.CounterpartyName => TextField.CounterpartyName,
        V1.TextField.DocumentNumber => TextField.DocumentNumber,
        _ => throw RuleViolation.Invalid("ruleset.text_field", $"{label} has a condition without a field; use TEXT_FIELD_TEXT, _REFERENCE, _COUNTERPARTY_NAME or _DOCUMENT_NUMBER."),
    };

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
        Decision = r.Decision switch
        {
            MatchDecision.Proposed => V1.RuleDecision.Proposed,
            MatchDecision.ToCheck => V1.RuleDecision.ToCheck,
            _ => V1.RuleDecision.Accepted,
        },
        MaxGroupSize = r.IsGrouped ? r.MaxGroupSize : 0,
        MaxCandidates = r.IsGrouped ? r.MaxCandidates : 0,
        Conditions = { r.Conditions.Select(c => new V1.TextCondition { Side = ToProto(c.Side), Field = ToProto(c.Field), Operator = (V1.TextOperator)((int)c.Operator + 1), Pattern = c.Pattern }) },
        AmountFromText = r.AmountFromText is { } amount ? new V1.TextAmount { Side = ToProto(amount.Side), Field = ToProto(amount.Field), Pattern = amount.Pattern } : null,
        Partners = r.Partners is { } partners ? new V1.PartnerCondition { CustomerCodes = { partners.Customers }, CategoryCodes = { partners.Categories } } : null,
        CurrencyMode = r.Currency.Mode == CurrencyMode.Across ? V1.CurrencyMode.Across : V1.CurrencyMode.SameOnly,
        RateTolerancePercent = r.Currency.Mode == CurrencyMode.Across ? r.Currency.RateTolerancePercent.ToProto() : null,
        HorizonMonths = r.HorizonMonths ?? 0,
        Allocation = (V1.Allocation)((int)r.Allocation + 1),
        ReasonCode = r.ReasonCode ?? "",
        WriteOffModel = r.WriteOff ?? "",
    };

    private static V1.TextField ToProto(TextField field) => (V1.TextField)((int)field + 1);

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
        string.IsNullOrWhiteSpace(r.CategoryCode) ? null : r.CategoryCode.Trim(),
        r.DryRun);

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

        proto.DryRun = run.DryRun;
        if (RunComparison.FromJson(run.ComparisonJson) is { } comparison)
        {
            proto.Comparison = comparison.ToProto();
        }

        return proto;
    }

    public static V1.RunComparison ToProto(this RunComparison c) => new()
    {
        BaseRunId = c.BaseRunId ?? 0,
        Basis = c.Basis switch
        {
            ComparisonBasis.SameScope => V1.ComparisonBasis.SameScope,
            ComparisonBasis.OverlappingDates => V1.ComparisonBasis.OverlappingDates,
            _ => V1.ComparisonBasis.Unspecified,
        },
        Gained = c.Gained,
        Lost = c.Lost,
        Changed = c.Changed,
        Unchanged = c.Unchanged,
        GainedMatches = { c.GainedMatches.Select(ToProto) },
        LostMatches = { c.LostMatches.Select(ToProto) },
        ChangedMatches = { c.ChangedMatches.Select(ToProto) },
    };

    private static V1.ComparedMatch ToProto(ComparedMatch m) => new()
    {
        OurItemIds = { m.OurIds },
        TheirItemIds = { m.TheirIds },
        RuleBefore = m.RuleBefore ?? "",
        StatusBefore = m.StatusBefore?.ToProto() ?? V1.MatchStatus.Unspecified,
        RuleAfter = m.RuleAfter ?? "",
        StatusAfter = m.StatusAfter?.ToProto() ?? V1.MatchStatus.Unspecified,
        BaseMatchSequences = { m.BaseSequences },
        BeforeOurItemIds = { m.BeforeOurIds },
        BeforeTheirItemIds = { m.BeforeTheirIds },
        Why = m.Why ?? "",
    };

    /// <summary>Which runs a listing keeps: real (false), dry (true) or both (null).</summary>
    public static bool? ToDomain(this V1.RunKind kind) => kind switch
    {
        V1.RunKind.Unspecified => null,
        V1.RunKind.Real => false,
        V1.RunKind.Dry => true,
        _ => throw RuleViolation.Invalid("run.kind", $"{kind} is not a kind of run; use RUN_KIND_REAL or RUN_KIND_DRY."),
    };

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
        ToCheckMatches = f.ToCheckMatches,
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
        new() { Reason = ReasonOf(a.Reason), Debit = a.Debit, Count = a.Count, Amount = a.Amount.ToProto(), AcrossCurrencies = a.AcrossCurrencies };

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
            ReasonCode = view.Match.ReasonCode ?? "",
            SuggestedWriteOffModel = view.Match.SuggestedWriteOff ?? "",
            ExchangeDifference = view.Match.ExchangeDifference.ToProto(),
            TheirCurrency = view.Match.TheirCurrency ?? "",
            WriteOffModel = view.Match.WriteOffModel ?? "",
            TaxEntryId = view.Match.TaxEntryId ?? 0,
            TaxReversalEntryId = view.Match.TaxReversalEntryId ?? 0,
            Why = view.Match.Why ?? "",
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
        V1.MatchStatus.ToCheck => MatchStatus.ToCheck,
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
        MatchStatus.ToCheck => V1.MatchStatus.ToCheck,
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

    // ---- write-off models ----

    public static WriteOffSpec ToSpec(this V1.WriteOffModel? m)
    {
        m ??= new V1.WriteOffModel();
        return new WriteOffSpec(m.Account, m.ReasonCode,
            m.AmountKind switch
            {
                V1.WriteOffAmountKind.Fixed => WriteOffAmountKind.Fixed,
                V1.WriteOffAmountKind.Percentage => WriteOffAmountKind.Percentage,
                V1.WriteOffAmountKind.WholeDifference => WriteOffAmountKind.WholeDifference,
                _ => 0,
            },
            m.Amount.ToDomain("amount"), m.TaxRate.ToDomain("tax_rate"), m.TaxAccount, m.Description);
    }

    public static V1.WriteOffModel ToProto(this WriteOffModel m) => new()
    {
        Name = m.Name,
        Account = m.Account,
        ReasonCode = m.ReasonCode,
        AmountKind = m.AmountKind switch
        {
            WriteOffAmountKind.Fixed => V1.WriteOffAmountKind.Fixed,
            WriteOffAmountKind.Percentage => V1.WriteOffAmountKind.Percentage,
            _ => V1.WriteOffAmountKind.WholeDifference,
        },
        Amount = m.Amount.ToProto(),
        TaxRate = m.TaxRate.ToProto(),
        TaxAccount = m.TaxAccount ?? "",
        Description = m.Description ?? "",
        Version = m.Version,
        CreatedBy = m.CreatedBy,
        CreateTime = m.CreatedAt.ToProto(),
        UpdatedBy = m.UpdatedBy,
        UpdateTime = m.UpdatedAt.ToProto(),
    };

    public static V1.WriteOffPosting? ToProto(this WriteOffPosting? p) => p is null ? null : new V1.WriteOffPosting
    {
        Model = p.Model,
        ReasonCode = p.ReasonCode,
        Entries =
        {
            p.Entries.Select(e => new V1.WriteOffEntry
            {
                LedgerEntryId = e.EntryId, DocumentNumber = e.DocumentNumber, Date = e.Date.ToProto(), Amount = e.Amount.ToProto(),
                Currency = e.Currency, Account = e.Account, Tax = e.Tax,
            }),
        },
        Posted = p.Posted.ToProto(),
        RemainingDifference = p.Remaining.ToProto(),
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
