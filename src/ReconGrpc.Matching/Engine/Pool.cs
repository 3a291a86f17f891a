namespace ReconGrpc.Matching;

/// <summary>Both sides of a run, taken in once: validated, ordered by id, amounts as integers, currencies as indices.</summary>
internal sealed class Pool
{
    // Items read, a batch at a time, before their keys are hashed (see SideColumns.HashRange).
    private const int ReadBatch = 256;

    private Pool(SideColumns ours, SideColumns theirs, string[] currencies)
    {
        Ours = ours;
        Theirs = theirs;
        Currencies = currencies;
        CurrencyHashes = currencies.Select(c => MatchingKey.Hash(c)).ToArray();
    }

    public SideColumns Ours { get; }

    public SideColumns Theirs { get; }

    /// <summary>Normalised currency codes, in ordinal order.</summary>
    public string[] Currencies { get; }

    public ulong[] CurrencyHashes { get; }

    public SideColumns this[Side side] => side == Side.Ours ? Ours : Theirs;

    /// <param name="ours">Our items.</param>
    /// <param name="theirs">Their items.</param>
    /// <param name="ourKeys">Key fields of ours to hash while the items are read anyway (the first rule's).</param>
    /// <param name="theirKeys">Key fields of theirs to hash while reading.</param>
    public static Pool Build(IEnumerable<ReconItem> ours, IEnumerable<ReconItem> theirs, IReadOnlyList<KeyField> ourKeys,
        IReadOnlyList<KeyField> theirKeys, int parallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(theirs);
        var ourSide = new SideIntake(Side.Ours, ours.ToArray(), ourKeys, parallelism);
        var theirSide = new SideIntake(Side.Theirs, theirs.ToArray(), theirKeys, parallelism);
        // Both sides' ranges in one loop, so no thread waits at the end of one side for the other's last range.
        Work.ForRanges(ourSide.Ranges + theirSide.Ranges, parallelism, cancellationToken, r =>
        {
            if (r < ourSide.Ranges)
            {
                ourSide.ReadRange(r);
            }
            else
            {
                theirSide.ReadRange(r - ourSide.Ranges);
            }
        });
        ourSide.ThrowIfAnyItemIsBad();
        theirSide.ThrowIfAnyItemIsBad();

        var currencies = ourSide.Codes.Concat(theirSide.Codes).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var index = currencies.Select((code, i) => (code, i)).ToDictionary(x => x.code, x => x.i, StringComparer.Ordinal);
        return new Pool(ourSide.ToColumns(index, parallelism, cancellationToken), theirSide.ToColumns(index, parallelism, cancellationToken), currencies);
    }

    /// <summary>
    /// Reads one side in a single pass over the items (each item object is touched once: at a million items the
    /// memory traffic, not the arithmetic, is the cost), then puts it in id order if it was not already.
    /// </summary>
    private sealed class SideIntake
    {
        private readonly Side _side;
        private ReconItem[] _items;
        private bool[] _rangeOrdered;
        private long[] _rangeFirstId;
        private long[] _rangeLastId;
        private int[] _days;
        private long[] _units;
        private int[] _currency;
        private readonly KeyField[] _keyFields;
        private ulong[][] _keys;
        private readonly int _ranges;
        private readonly List<string>[] _rangeCodes;
        private readonly int[] _firstBad;

        public SideIntake(Side side, ReconItem[] items, IReadOnlyList<KeyField> keyFields, int parallelism)
        {
            _side = side;
            _items = items;
            // Every element is written while reading (or the run fails), so the columns need not be zeroed first.
            _days = GC.AllocateUninitializedArray<int>(items.Length);
            _units = GC.AllocateUninitializedArray<long>(items.Length);
            _currency = GC.AllocateUninitializedArray<int>(items.Length);
            _keyFields = keyFields.Distinct().ToArray();
            _keys = _keyFields.Select(_ => GC.AllocateUninitializedArray<ulong>(items.Length)).ToArray();
            // Several ranges a thread: one that finishes early takes another instead of waiting.
            _ranges = Work.RangeCount(items.Length, parallelism * 4);
            _rangeCodes = new List<string>[_ranges];
            _rangeOrdered = new bool[_ranges];
            _rangeFirstId = new long[_ranges];
            _rangeLastId = new long[_ranges];
            _firstBad = new int[_ranges];
        }

        public IEnumerable<string> Codes => _rangeCodes.SelectMany(c => c);

        public int Ranges => _ranges;

        /// <summary>Renumbers currencies from each range's own numbering to the run's, then orders by id.</summary>
        public SideColumns ToColumns(Dictionary<string, int> currencyIndex, int parallelism, CancellationToken cancellationToken)
        {
            var maps = _rangeCodes.Select(codes => codes.Select(c => currencyIndex[c]).ToArray()).ToArray();
            if (maps.Any(map => map.Where((global, local) => global != local).Any()))
            {
                Work.ForRanges(_ranges, parallelism, cancellationToken, r =>
                {
                    var (start, end) = Work.Range(_items.Length, _ranges, r);
                    var map = maps[r];
                    for (var i = start; i < end; i++)
                    {
                        _currency[i] = map[_currency[i]];
                    }
                });
            }

            OrderById();
            var columns = new SideColumns(_side, _items, _days, _units, _currency);
            for (var k = 0; k < _keyFields.Length; k++)
            {
                columns.SetKey(_keyFields[k], _keys[k]);
            }

            return columns;
        }

        /// <summary>Reads the items of one range into the columns, or notes where the range's first bad item is.</summary>
        public void ReadRange(int r)
        {
            var firstBad = _firstBad;
            var (start, end) = Work.Range(_items.Length, _ranges, r);
            var codes = new List<string>();
            var byRaw = new Dictionary<string, int>(StringComparer.Ordinal);
            string? lastRaw = null;
            var lastCode = -1;
            firstBad[r] = -1;
            var items = _items;
            var keys = _keys;
            var fields = _keyFields;
            var ordered = true;
            var previousId = long.MinValue;
            for (var batch = start; batch < end && firstBad[r] < 0; batch += ReadBatch)
            {
                var batchEnd = Math.Min(end, batch + ReadBatch);
                for (var i = batch; i < batchEnd; i++)
                {
                    var item = items[i];
                    if (item is null || item.Side != _side || !MoneyUnits.TryToUnits(item.Amount, out _units[i]))
                    {
                        firstBad[r] = i;
                        break;
                    }

                    ordered &= item.Id > previousId;
                    previousId = item.Id;
                    _days[i] = item.Date.DayNumber;
                    var raw = item.Currency;
                    // A null currency is never taken as "the same as the last one": lastRaw starts out null too.
                    if (raw is null || !ReferenceEquals(raw, lastRaw))
                    {
                        if (raw is null || !byRaw.TryGetValue(raw, out lastCode))
                        {
                            var code = MatchingKey.Normalize(raw);
                            if (code.Length == 0)
                            {
                                firstBad[r] = i;
                                break;
                            }

                            lastCode = codes.IndexOf(code);
                            if (lastCode < 0)
                            {
                                lastCode = codes.Count;
                                codes.Add(code);
                            }

                            byRaw[raw!] = lastCode;
                        }

                        lastRaw = raw;
                    }

                    _currency[i] = lastCode;
                }

                // The batch's items are in the cache now; their keys are hashed batch by batch for the same reason.
                if (firstBad[r] < 0)
                {
                    for (var k = 0; k < fields.Length; k++)
                    {
                        SideColumns.HashRange(fields[k], items, batch, batchEnd, keys[k]);
                    }
                }
            }

            _rangeCodes[r] = codes;
            _rangeOrdered[r] = ordered;
            _rangeFirstId[r] = start < end && items[start] is { } firstItem ? firstItem.Id : 0;
            _rangeLastId[r] = previousId;
        }

        public void ThrowIfAnyItemIsBad()
        {
            // Report the first bad item by position, whichever thread saw it, so the message is always the same.
            var bad = _firstBad.Where(i => i >= 0).DefaultIfEmpty(-1).Min();
            if (bad < 0)
            {
                return;
            }

            var item = _items[bad];
            if (item is null)
            {
                throw new ReconciliationInputException("matching.item.missing", $"Item {bad + 1} of {Describe(_side)} is missing.");
            }

            if (item.Side != _side)
            {
                throw new ReconciliationInputException("matching.item.side",
                    $"Item {item.Id} says it is on side {item.Side} but was given as {Describe(_side)}; put it on its own side.");
            }

            if (string.IsNullOrWhiteSpace(item.Currency) || MatchingKey.Normalize(item.Currency).Length == 0)
            {
                throw new ReconciliationInputException("matching.item.currency_missing",
                    $"Item {item.Id} of {Describe(_side)} has no currency; give its ISO 4217 code.");
            }

            throw new ReconciliationInputException("matching.item.amount_precision",
                $"Item {item.Id} of {Describe(_side)} has amount {item.Amount}, which has more than four decimal places or exceeds ±900,000,000,000; round it first.");
        }

        private void OrderById()
        {
            // Input read from storage usually comes in id order already: then nothing moves.
            var ordered = _rangeOrdered.All(o => o);
            for (var r = 1; r < _ranges && ordered; r++)
            {
                ordered = _rangeFirstId[r] > _rangeLastId[r - 1];
            }

            if (ordered)
            {
                return;
            }

            var ids = new long[_items.Length];
            for (var i = 0; i < ids.Length; i++)
            {
                ids[i] = _items[i].Id;
            }

            var permutation = new int[ids.Length];
            for (var i = 0; i < permutation.Length; i++)
            {
                permutation[i] = i;
            }

            Array.Sort(ids, permutation);
            for (var i = 1; i < ids.Length; i++)
            {
                if (ids[i] == ids[i - 1])
                {
                    throw new ReconciliationInputException("matching.item.id_duplicate",
                        $"Id {ids[i]} appears twice on {Describe(_side)}; each item needs its own id.");
                }
            }

            // Rare path (input not in id order): move every column into id order.
            _items = Permute(_items, permutation);
            _days = Permute(_days, permutation);
            _units = Permute(_units, permutation);
            _currency = Permute(_currency, permutation);
            _keys = _keys.Select(k => Permute(k, permutation)).ToArray();
        }

        private static T[] Permute<T>(T[] source, int[] permutation)
        {
            var target = new T[source.Length];
            for (var i = 0; i < target.Length; i++)
            {
                target[i] = source[permutation[i]];
            }

            return target;
        }
    }

    internal static string Describe(Side side) => side == Side.Ours ? "our side" : "their side";
}
