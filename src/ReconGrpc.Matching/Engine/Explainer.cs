namespace ReconGrpc.Matching;

/// <summary>
/// Gives every item left unmatched after the rules one reason: first duplicates on the same side, then pairs
/// across sides that share a key (currency mismatch, date outside window, amount differs), then missing.
/// </summary>
internal sealed class Explainer
{
    /// <summary>A key shared by more pairs than this in one block does not identify a document; it pairs nothing.</summary>
    public const long BlockPairLimit = 10_000_000;

    private readonly Pool _pool;
    private readonly RuleSet _rules;
    private readonly int _parallelism;
    private readonly MatchStore _store;
    private readonly byte[][] _reason;
    private readonly int[][] _counterpart;

    // For a duplicate: the key it shares with its original, by side and position (only read for duplicates).
    private readonly Dictionary<(Side Side, int Position), DuplicateKeyKind> _duplicateKeys = [];

    public Explainer(Pool pool, RuleSet rules, MatchStore store, int parallelism)
    {
        _pool = pool;
        _rules = rules;
        _store = store;
        _parallelism = parallelism;
        _reason = [new byte[pool.Ours.Count], new byte[pool.Theirs.Count]];
        _counterpart = [new int[pool.Ours.Count], new int[pool.Theirs.Count]];
    }

    /// <summary>The reason of each item by side and position; 0 for matched items.</summary>
    public byte[] ReasonsOf(Side side) => _reason[(int)side];

    public List<ReconException> Explain(CancellationToken cancellationToken)
    {
        FindDuplicates(_pool.Ours, cancellationToken);
        FindDuplicates(_pool.Theirs, cancellationToken);
        FindRepeatsOfMatched(_pool.Ours, cancellationToken);
        FindRepeatsOfMatched(_pool.Theirs, cancellationToken);
        foreach (var keys in ExplanationKeys())
        {
            PairByKeys(keys, cancellationToken);
        }

        var ourMissing = Unexplained(_pool.Ours);
        var theirMissing = Unexplained(_pool.Theirs);
        // Missing items come out below in the order Unexplained listed them, so the hints are taken in step.
        int[][] closest =
        [
            ClosestUnmatched.Find(_pool.Ours, ourMissing, _pool.Theirs, theirMissing),
            ClosestUnmatched.Find(_pool.Theirs, theirMissing, _pool.Ours, ourMissing),
        ];
        var exceptions = new List<ReconException>();
        var originalMatches = MatchesOfOriginals();
        foreach (var side in (ReadOnlySpan<SideColumns>)[_pool.Ours, _pool.Theirs])
        {
            var reasons = _reason[(int)side.Side];
            var counterparts = _counterpart[(int)side.Side];
            var other = _pool[Other(side.Side)];
            var hints = closest[(int)side.Side];
            var missing = 0;
            foreach (var i in side.Free)
            {
                if (reasons[i] == 0)
                {
                    reasons[i] = (byte)(side.Side == Side.Ours ? ExceptionReason.MissingOnTheirSide : ExceptionReason.MissingOnOurSide);
                    var hint = hints[missing++];
                    exceptions.Add(new ReconException((ExceptionReason)reasons[i], side.Items[i], null) { Closest = hint >= 0 ? other.Items[hint] : null });
                    continue;
                }

                var reason = (ExceptionReason)reasons[i];
                if (reason == ExceptionReason.Duplicate)
                {
                    var original = counterparts[i];
                    exceptions.Add(new ReconException(reason, side.Items[i], side.Items[original])
                    {
                        DuplicateKey = _duplicateKeys.GetValueOrDefault((side.Side, i)),
                        OriginalMatch = originalMatches.TryGetValue((side.Side, original), out var m) ? new ReconMatch(_store, m) : null,
                    });
                    continue;
                }

                exceptions.Add(new ReconException(reason, side.Items[i], other.Items[counterparts[i]]));
            }
        }

        return exceptions;
    }

    /// <summary>The free items of a side no reason was found for: they will be missing on the other side.</summary>
    private List<int> Unexplained(SideColumns side)
    {
        var reasons = _reason[(int)side.Side];
        var missing = new List<int>();
        foreach (var i in side.Free)
        {
            if (reasons[i] == 0)
            {
                missing.Add(i);
            }
        }

        return missing;
    }

    /// <summary>
    /// The key sets of the rules that identify a document (customer keys alone do not), first use first. A rule's
    /// keys stay together: under a rule on document and customer, two items with the same document number but
    /// different customers are not the same document, so they are not paired (and each is missing on the other
    /// side) rather than paired and given a difference they do not have.
    /// </summary>
    private IEnumerable<KeyPair[]> ExplanationKeys()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in _rules.Rules)
        {
            var keys = rule.Keys.Distinct().ToArray();
            if (keys.Any(IdentifiesDocument) && seen.Add(string.Join(';', keys.Select(k => k.ToString()).Order(StringComparer.Ordinal))))
            {
                yield return keys;
            }
        }

        static bool IdentifiesDocument(KeyPair key) => key.Ours != KeyField.Customer && key.Theirs != KeyField.Customer;
    }

    private void FindDuplicates(SideColumns side, CancellationToken cancellationToken)
    {
        var free = FreePositions(side, _reason[(int)side.Side]);
        if (free.Length == 0)
        {
            return;
        }

        // The free items' blocks, then every item of the side (matched or not) that falls in one of them. A bit
        // per block key's low bits lets almost every item of the side be passed over with one test.
        var freeEntries = new Entry[free.Length];
        var nFree = 0;
        var blocks = new HashSet<ulong>();
        var filter = new ulong[1 << 14];
        foreach (var i in free)
        {
            var key = DuplicateKey(side, i);
            if (key != 0)
            {
                freeEntries[nFree++] = new Entry(key, side.Units[i], i, side.Days[i]);
                blocks.Add(key);
                filter[(key >> 6) & 0x3FFF] |= 1UL << (int)(key & 63);
            }
        }

        if (nFree == 0)
        {
            return;
        }

        var allEntries = new List<Entry>(nFree * 2);
        for (var i = 0; i < side.Count; i++)
        {
            if ((i & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var key = DuplicateKey(side, i);
            if (key != 0 && (filter[(key >> 6) & 0x3FFF] & (1UL << (int)(key & 63))) != 0 && blocks.Contains(key))
            {
                allEntries.Add(new Entry(key, side.Units[i], i, side.Days[i]));
            }
        }

        var all = allEntries.ToArray();
        var reasons = _reason[(int)side.Side];
        var counterparts = _counterpart[(int)side.Side];
        var matched = side.Matched;
        BlockJoin.Run(freeEntries, nFree, all, all.Length, () => new DuplicateWorker(matched, reasons, counterparts), _parallelism, cancellationToken);
        foreach (var i in free)
        {
            if (reasons[i] == (byte)ExceptionReason.Duplicate)
            {
                _duplicateKeys[(side.Side, i)] = side.KeyOf(KeyField.DocumentNumber, i) != 0 ? DuplicateKeyKind.DocumentNumber : DuplicateKeyKind.Reference;
            }
        }
    }

    /// <summary>
    /// An unmatched item that repeats, under any key the rule set reads on its side (document number, reference, the
    /// document token of the text), an item of its side that a match already holds, at the same amount and currency:
    /// the counterparty booked one document twice. T3 ledgers name our invoice in the 摘要 and put their own voucher
    /// number in the document field, so the second line of such a pair shares no document number with the first and
    /// would otherwise be explained as missing on our side.
    /// </summary>
    /// <remarks>
    /// Left after the rules are a few items; matched are most. So the matched items are first screened by amount and
    /// currency against the few (a bit per hashed amount), and only those that pass have their keys read.
    /// </remarks>
    private void FindRepeatsOfMatched(SideColumns side, CancellationToken cancellationToken)
    {
        var fields = RepeatKeyFields(side.Side);
        var free = FreePositions(side, _reason[(int)side.Side]);
        if (fields.Length == 0 || free.Length == 0)
        {
            return;
        }

        var amounts = new HashSet<(int Currency, long Units)>();
        var filter = new ulong[1 << 12];
        foreach (var i in free)
        {
            amounts.Add((side.Currency[i], side.Units[i]));
            var bit = AmountBit(side.Currency[i], side.Units[i]);
            filter[(bit >> 6) & 0xFFF] |= 1UL << (int)(bit & 63);
        }

        // The first matched item (lowest position, so lowest id) under each key, amount and currency is the original.
        var originals = new Dictionary<(KeyField Field, ulong Key, int Currency, long Units), int>();
        var matched = side.Matched;
        for (var i = 0; i < side.Count; i++)
        {
            if ((i & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (!matched[i])
            {
                continue;
            }

            var bit = AmountBit(side.Currency[i], side.Units[i]);
            if ((filter[(bit >> 6) & 0xFFF] & (1UL << (int)(bit & 63))) == 0 || !amounts.Contains((side.Currency[i], side.Units[i])))
            {
                continue;
            }

            foreach (var field in fields)
            {
                var key = side.KeyOfFew(field, i);
                if (key != 0)
                {
                    originals.TryAdd((field, key, side.Currency[i], side.Units[i]), i);
                }
            }
        }

        if (originals.Count == 0)
        {
            return;
        }

        var reasons = _reason[(int)side.Side];
        var counterparts = _counterpart[(int)side.Side];
        foreach (var i in free)
        {
            foreach (var field in fields)
            {
                var key = side.KeyOfFew(field, i);
                if (key != 0 && originals.TryGetValue((field, key, side.Currency[i], side.Units[i]), out var original))
                {
                    reasons[i] = (byte)ExceptionReason.Duplicate;
                    counterparts[i] = original;
                    _duplicateKeys[(side.Side, i)] = field switch
                    {
                        KeyField.DocumentNumber => DuplicateKeyKind.DocumentNumber,
                        KeyField.Reference => DuplicateKeyKind.Reference,
                        _ => DuplicateKeyKind.TextToken,
                    };
                    break;
                }
            }
        }
    }

    /// <summary>The fields the rules read on a side that name a document (a customer does not), in the order the rules first read them.</summary>
    private KeyField[] RepeatKeyFields(Side side) =>
    [
        .. _rules.Rules.SelectMany(r => r.Keys).Select(k => side == Side.Ours ? k.Ours : k.Theirs)
            .Where(f => f != KeyField.Customer).Distinct(),
    ];

    private static ulong AmountBit(int currency, long units) => MatchingKey.Finish(MatchingKey.Combine((ulong)currency + 1, (ulong)units));

    /// <summary>For each original of a duplicate that a match holds, the match's index in the run.</summary>
    private Dictionary<(Side Side, int Position), int> MatchesOfOriginals()
    {
        var wanted = new HashSet<(Side Side, int Position)>();
        foreach (var side in (ReadOnlySpan<SideColumns>)[_pool.Ours, _pool.Theirs])
        {
            var reasons = _reason[(int)side.Side];
            foreach (var i in side.Free)
            {
                if (reasons[i] == (byte)ExceptionReason.Duplicate && side.Matched[_counterpart[(int)side.Side][i]])
                {
                    wanted.Add((side.Side, _counterpart[(int)side.Side][i]));
                }
            }
        }

        return wanted.Count == 0 ? [] : _store.MatchesHolding(wanted);
    }

    /// <summary>
    /// A document's identity on its side: its number (or its reference when it has none), amount and currency;
    /// 0 when it has neither number nor reference.
    /// </summary>
    private ulong DuplicateKey(SideColumns side, int i)
    {
        var document = side.KeyOf(KeyField.DocumentNumber, i);
        var identity = document != 0 ? MatchingKey.Combine(1, document) : side.KeyOf(KeyField.Reference, i) is var r and not 0 ? MatchingKey.Combine(2, r) : 0;
        if (identity == 0)
        {
            return 0;
        }

        var h = MatchingKey.Combine(_pool.CurrencyHashes[side.Currency[i]], identity);
        return MatchingKey.Finish(MatchingKey.Combine(h, (ulong)side.Units[i]));
    }

    /// <summary>Free items not explained yet, ascending.</summary>
    private static int[] FreePositions(SideColumns side, byte[] reasons)
    {
        var positions = new List<int>(side.FreeCount);
        foreach (var i in side.Free)
        {
            if (reasons[i] == 0)
            {
                positions.Add(i);
            }
        }

        return positions.ToArray();
    }

    private void PairByKeys(KeyPair[] keys, CancellationToken cancellationToken)
    {
        var ours = _pool.Ours;
        var theirs = _pool.Theirs;
        var ourFree = FreePositions(ours, _reason[0]);
        var theirFree = FreePositions(theirs, _reason[1]);
        if (ourFree.Length == 0 || theirFree.Length == 0)
        {
            return;
        }

        var ourKeys = keys.Select(k => ours.EnsureKey(k.Ours, includeMatched: false, _parallelism, cancellationToken)).ToArray();
        var theirKeys = keys.Select(k => theirs.EnsureKey(k.Theirs, includeMatched: false, _parallelism, cancellationToken)).ToArray();
        var ourEntries = new Entry[ourFree.Length];
        var theirEntries = new Entry[theirFree.Length];
        var no = EntryBuilder.Build(ours, ourFree, ourFree.Length, ourKeys, _pool.CurrencyHashes, withAmount: false, withCurrency: false, ourEntries, _parallelism, cancellationToken);
        var nt = EntryBuilder.Build(theirs, theirFree, theirFree.Length, theirKeys, _pool.CurrencyHashes, withAmount: false, withCurrency: false, theirEntries, _parallelism, cancellationToken);
        var workers = BlockJoin.Run(ourEntries, no, theirEntries, nt, () => new ExplainPairWorker(ours.Currency, theirs.Currency), _parallelism, cancellationToken);
        foreach (var worker in workers)
        {
            foreach (var (o, t) in worker.Pairs)
            {
                var reason = ours.Currency[o] != theirs.Currency[t] ? ExceptionReason.CurrencyMismatch
                    : ours.Units[o] == theirs.Units[t] ? ExceptionReason.DateOutsideWindow
                    : ExceptionReason.AmountDiffers;
                _reason[0][o] = _reason[1][t] = (byte)reason;
                _counterpart[0][o] = t;
                _counterpart[1][t] = o;
            }
        }
    }

    private static Side Other(Side side) => side == Side.Ours ? Side.Theirs : Side.Ours;

    /// <summary>In each block of one identity: the first matched item (else the first item) is the original.</summary>
    private sealed class DuplicateWorker(bool[] matched, byte[] reasons, int[] counterparts) : BlockWorker
    {
        public override void Process(Span<Entry> free, Span<Entry> all)
        {
            if (all.Length < 2)
            {
                return;
            }

            var original = all[0].Index;
            foreach (ref var e in all)
            {
                if (matched[e.Index])
                {
                    original = e.Index;
                    break;
                }
            }

            foreach (ref var f in free)
            {
                if (f.Index != original)
                {
                    reasons[f.Index] = (byte)ExceptionReason.Duplicate;
                    counterparts[f.Index] = original;
                }
            }
        }
    }

    /// <summary>Pairs by key alone: same currency first, then nearest date, nearest amount, ids.</summary>
    private sealed class ExplainPairWorker(int[] ourCurrency, int[] theirCurrency) : PairingWorker
    {
        public List<(int Ours, int Theirs)> Pairs { get; } = [];

        protected override bool ScanByAmount => false;

        public override void Process(Span<Entry> ours, Span<Entry> theirs)
        {
            if ((long)ours.Length * theirs.Length <= BlockPairLimit)
            {
                base.Process(ours, theirs);
            }
        }

        protected override bool Allowed(in Entry ours, in Entry theirs, out int rank)
        {
            rank = ourCurrency[ours.Index] == theirCurrency[theirs.Index] ? 0 : 1;
            return true;
        }

        protected override (long Center, long From, long To) ScanWindow(in Entry ours) => (ours.Day, long.MinValue, long.MaxValue);

        protected override void Accept(in Entry ours, in Entry theirs) => Pairs.Add((ours.Index, theirs.Index));
    }
}
