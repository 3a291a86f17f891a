namespace ReconGrpc.Matching;

/// <summary>
/// One-to-one matching across currencies (<see cref="CurrencyMode.Across"/>): entries carry amounts converted into
/// the base currency and blocks are formed without the currency, so a pair must be in different currencies, in the
/// window, and agree within the rule's rate tolerance of our converted amount. Candidates are ranked and taken as in
/// <see cref="PairWorker"/> (the nearest converted amount before the ids).
/// </summary>
internal sealed class CrossCurrencyWorker(RuleContext rule, MatchSink sink, int[] ourCurrency, int[] theirCurrency) : PairingWorker, IMatchProducer
{
    private readonly AmountTolerance _tolerance = new(AmountCondition.WithinPercent(rule.Rule.Currency.RateTolerancePercent));
    private readonly Allocation _allocation = rule.Rule.Allocation;

    public MatchSink Sink { get; } = sink;

    protected override bool ScanByAmount => true;

    protected override bool Allowed(in Entry ours, in Entry theirs, out int rank)
    {
        rank = PairWorker.AllocationRank(_allocation, ours.Day, theirs.Day);
        return ourCurrency[ours.Index] != theirCurrency[theirs.Index]
            && rule.WindowAllows(ours.Day, theirs.Day)
            && _tolerance.Allows(ours.Units, theirs.Units);
    }

    protected override (long Center, long From, long To) ScanWindow(in Entry ours)
    {
        var bound = _tolerance.Bound(ours.Units);
        return (ours.Units, ours.Units - bound, ours.Units + bound);
    }

    protected override void Accept(in Entry ours, in Entry theirs)
    {
        // The amounts are in different currencies: no match difference in either; the exchange difference instead.
        Sink.Exchange.Add((Sink.Count, theirs.Units - ours.Units));
        Sink.Add(ours.Index, theirs.Index, 0);
    }
}
