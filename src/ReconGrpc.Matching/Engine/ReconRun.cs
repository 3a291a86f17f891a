using System.Buffers;

namespace ReconGrpc.Matching;

/// <summary>One reconciliation run: the pool, the rules run in order, the explanation and the summary.</summary>
internal sealed class ReconRun
{
    private readonly RuleSet _rules;
    private readonly ReconcileOptions _options;
    private readonly Pool _pool;
    private readonly MatchStore _store;
    private readonly Int128[,] _matchDifferences;
    private readonly List<RuleStatistics> _statistics = [];
    private readonly long _started;
    private readonly TimeSpan _intakeElapsed;
    private Explainer? _explainer;
    private List<ReconException>? _exceptions;
    private TimeSpan _explainElapsed;
    private int _matchedOurs;
    private int _matchedTheirs;
    private int _accepted;
    private int _toCheck;
    // The day a rule's search horizon counts back from, computed when a rule first needs it.
    private int? _referenceDay;

    public ReconRun(RuleSet rules, ReconcileOptions options, IEnumerable<ReconItem> ours, IEnumerable<ReconItem> theirs, CancellationToken cancellationToken)
    {
        _rules = rules;
        _options = options;
        _started = options.TimeProvider.GetTimestamp();
        // The first rule's keys are hashed while the items are read anyway.
        var first = rules.Rules[0].Keys;
        _pool = Pool.Build(ours, theirs, first.Select(k => k.Ours).ToArray(), first.Select(k => k.Theirs).ToArray(),
            options.MaxDegreeOfParallelism, cancellationToken);
        _store = new MatchStore(rules, _pool.Ours.Items, _pool.Theirs.Items);
        _matchDifferences = new Int128[_pool.Currencies.Length, 2];
        _intakeElapsed = options.TimeProvider.GetElapsedTime(_started);
    }

    public MatchStore Store => _store;

    public int RuleCount => _rules.Rules.Count;

    /// <summary>Runs one rule over the items still free; returns the range of matches it added.</summary>
    public (int Start, int Count) RunRule(int index, CancellationToken cancellationToken)
    {
        var started = _options.TimeProvider.GetTimestamp();
        var rule = _rules.Rules[index];
        var context = new RuleContext(rule, index);
        var dop = _options.MaxDegreeOfParallelism;
        var ours = _pool.Ours;
        var theirs = _pool.Theirs;
        var ourKeys = rule.Keys.Select(k => ours.EnsureKey(k.Ours, includeMatched: false, dop, cancellationToken)).ToArray();
        var theirKeys = rule.Keys.Select(k => theirs.EnsureKey(k.Theirs, includeMatched: false, dop, cancellationToken)).ToArray();
        var across = rule.Currency?.Mode == CurrencyMode.Across;
        // Exact one-to-one rules put the amount into the block key: blocks then hold only equal amounts (not across
        // currencies, whose converted amounts agree within a tolerance only).
        var withAmount = rule.Amount.Kind == AmountConditionKind.Exact && rule.Cardinality == Cardinality.OneToOne && !across;

        // A rule with conditions on single items offers the rule only the free items that satisfy them (and, for an
        // amount read from text or a conversion, their amounts as the rule compares them); others take the free lists.
        var conditions = ItemConditions.Create(rule, _pool, _options, ref _referenceDay);
        var ourPositions = ours.FreeArray;
        var theirPositions = theirs.FreeArray;
        var ourCount = ours.FreeCount;
        var theirCount = theirs.FreeCount;
        long[]? ourUnits = null, theirUnits = null;
        var ourEntries = ArrayPool<Entry>.Shared.Rent(Math.Max(1, ours.FreeCount));
        var theirEntries = ArrayPool<Entry>.Shared.Rent(Math.Max(1, theirs.FreeCount));
        List<BlockWorker> workers;
        try
        {
            if (conditions is not null)
            {
                if (conditions.ChangesUnits(Side.Ours))
                {
                    ourPositions = ArrayPool<int>.Shared.Rent(Math.Max(1, ourCount));
                    ourUnits = ArrayPool<long>.Shared.Rent(Math.Max(1, ours.Count));
                    ourCount = conditions.Filter(ours, ourPositions, ourUnits, dop, cancellationToken);
                }

                if (conditions.ChangesUnits(Side.Theirs))
                {
                    theirPositions = ArrayPool<int>.Shared.Rent(Math.Max(1, theirCount));
                    theirUnits = ArrayPool<long>.Shared.Rent(Math.Max(1, theirs.Count));
                    theirCount = conditions.Filter(theirs, theirPositions, theirUnits, dop, cancellationToken);
                }
            }

            var no = EntryBuilder.Build(ours, ourPositions, ourCount, ourKeys, _pool.CurrencyHashes, withAmount, withCurrency: !across, ourEntries, dop, cancellationToken, ourUnits);
            var nt = EntryBuilder.Build(theirs, theirPositions, theirCount, theirKeys, _pool.CurrencyHashes, withAmount, withCurrency: !across, theirEntries, dop, cancellationToken, theirUnits);
            Func<BlockWorker> create = rule.Cardinality switch
            {
                _ when across => () => new CrossCurrencyWorker(context, new MatchSink(ours.Matched, theirs.Matched), ours.Currency, theirs.Currency),
                Cardinality.OneToOne => () => new PairWorker(context, new MatchSink(ours.Matched, theirs.Matched)),
                Cardinality.OneToMany or Cardinality.ManyToOne => () => new GroupWorker(context, new MatchSink(ours.Matched, theirs.Matched)),
                _ => () => new ManyToManyWorker(context, new MatchSink(ours.Matched, theirs.Matched)),
            };
            if (conditions is { HasPredicates: true })
            {
                // Text, partner and horizon conditions narrow each block before its worker sees it.
                var worker = create;
                var ourCustomers = conditions.CustomerKeys(ours, dop, cancellationToken);
                var theirCustomers = conditions.CustomerKeys(theirs, dop, cancellationToken);
                create = () => conditions.Wrap(worker(), ours, theirs, ourCustomers, theirCustomers);
            }

            workers = BlockJoin.Run(ourEntries, no, theirEntries, nt, create, dop, cancellationToken);
        }
        finally
        {
            ArrayPool<Entry>.Shared.Return(ourEntries);
            ArrayPool<Entry>.Shared.Return(theirEntries);
            if (ourUnits is not null)
            {
                ArrayPool<int>.Shared.Return(ourPositions);
                ArrayPool<long>.Shared.Return(ourUnits);
            }

            if (theirUnits is not null)
            {
                ArrayPool<int>.Shared.Return(theirPositions);
                ArrayPool<long>.Shared.Return(theirUnits);
            }
        }

        // Workers come back in partition order; taking their matches in that order keeps the run deterministic.
        var first = _store.Count;
        int ourItems = 0, theirItems = 0;
        // Matches to check are accepted: the 余额调节表 takes their differences with the accepted ones.
        var decision = rule.Decision == MatchDecision.Proposed ? (int)MatchDecision.Proposed : (int)MatchDecision.Accepted;
        var trueDifferences = rule.AmountFromText is not null;
        foreach (var worker in workers)
        {
            var sink = ((IMatchProducer)worker).Sink;
            var start = _store.AddAll(index, sink);
            foreach (var (match, difference) in sink.Exchange)
            {
                _store.SetExchange(start + match, difference);
            }

            if (trueDifferences)
            {
                // The rule compared amounts with a fee added back; the books differ by the amounts as booked.
                for (var m = start; m < start + sink.Count; m++)
                {
                    var (ourPositions2, theirPositions2) = _store.PositionsOf(m);
                    Int128 difference = 0;
                    foreach (var j in theirPositions2.Span)
                    {
                        difference += theirs.Units[j];
                    }

                    foreach (var i in ourPositions2.Span)
                    {
                        difference -= ours.Units[i];
                    }

                    _matchDifferences[ours.Currency[_store.FirstOurPosition(m)], decision] += difference;
                }
            }

            foreach (var (match, difference) in trueDifferences ? [] : sink.Differences)
            {
                // Only a rule's matches (items of both sides) have differences; a reversal pair has none.
                System.Diagnostics.Debug.Assert(_store.OursOf(start + match).Count > 0, "a match with a difference holds items of ours");
                _matchDifferences[ours.Currency[_store.FirstOurPosition(start + match)], decision] += difference;
            }

            foreach (var n in sink.OurCounts)
            {
                ourItems += n;
            }

            theirItems += sink.MemberCount;
        }

        theirItems -= ourItems;
        Work.ForRanges(2, dop, cancellationToken, side => (side == 0 ? ours : theirs).CompactFree());
        _matchedOurs += ourItems;
        _matchedTheirs += theirItems;
        var count = _store.Count - first;
        _accepted += rule.Decision == MatchDecision.Accepted ? count : 0;
        _toCheck += rule.Decision == MatchDecision.ToCheck ? count : 0;
        _statistics.Add(new RuleStatistics(index, rule.Name, count, ourItems, theirItems, _options.TimeProvider.GetElapsedTime(started))
        {
            Decision = rule.Decision,
        });
        return (first, count);
    }

    /// <summary>
    /// After the rules: pairs each side's leftover items with the items that reverse them in the same books
    /// (<see cref="MatchRule.ReversalPair"/>); returns the range of matches it added.
    /// </summary>
    public (int Start, int Count) PairReversals(CancellationToken cancellationToken)
    {
        var started = _options.TimeProvider.GetTimestamp();
        var ours = _pool.Ours;
        var theirs = _pool.Theirs;
        var sink = new MatchSink(ours.Matched, theirs.Matched);
        var ourPairs = ReversalPairing.Pair(ours, _pool.CurrencyHashes, sink, cancellationToken);
        var theirPairs = ReversalPairing.Pair(theirs, _pool.CurrencyHashes, sink, cancellationToken);
        var first = _store.AddAll(-1, sink);
        ours.CompactFree();
        theirs.CompactFree();
        _matchedOurs += 2 * ourPairs;
        _matchedTheirs += 2 * theirPairs;
        _accepted += sink.Count;
        _statistics.Add(new RuleStatistics(-1, MatchRule.ReversalPairName, sink.Count, 2 * ourPairs, 2 * theirPairs,
            _options.TimeProvider.GetElapsedTime(started)));
        return (first, sink.Count);
    }

    public List<ReconException> Explain(CancellationToken cancellationToken)
    {
        var started = _options.TimeProvider.GetTimestamp();
        _explainer = new Explainer(_pool, _rules, _store, _options.MaxDegreeOfParallelism);
        _exceptions = _explainer.Explain(cancellationToken);
        _explainElapsed = _options.TimeProvider.GetElapsedTime(started);
        return _exceptions;
    }

    public ReconSummary Summarize(IReadOnlyList<ClosingBalance>? closingBalances)
    {
        if (_explainer is null || _exceptions is null)
        {
            throw new InvalidOperationException("Explain the unmatched items before summarising the run.");
        }

        var balances = BalanceCalculator.Build(_pool, _explainer.ReasonsOf(Side.Ours), _explainer.ReasonsOf(Side.Theirs), _matchDifferences, closingBalances, _store);
        var byReason = Enum.GetValues<ExceptionReason>().ToDictionary(r => r, _ => 0);
        foreach (var e in _exceptions)
        {
            byReason[e.Reason]++;
        }

        return new ReconSummary(_rules.Name, _pool.Ours.Count, _pool.Theirs.Count, _store.Count, _accepted, _store.Count - _accepted - _toCheck,
            _matchedOurs, _matchedTheirs, byReason, _statistics.ToArray(), balances, _intakeElapsed, _explainElapsed,
            _options.TimeProvider.GetElapsedTime(_started))
        {
            ToCheckMatches = _toCheck,
        };
    }

    public ReconProgress Progress(ReconStage stage, int ruleIndex) =>
        new(stage, ruleIndex, _rules.Rules.Count, _pool.Ours.Count, _pool.Theirs.Count, _matchedOurs, _matchedTheirs, _store.Count);
}
