using System.Buffers;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ReconGrpc.Matching;

/// <summary>
/// A rule's conditions on single items (text, partners, horizon, an amount read from text, a rate to convert with),
/// compiled once per run. What changes an item's amount as the rule compares it (an amount from text, a conversion)
/// is read once per free item before the join, since the amount can be part of the block key; an item without one
/// is not offered. The other conditions are checked once per item too, but only for the items of blocks that hold
/// items of both sides, just before the block's worker sees them (<see cref="Wrap"/>): most items of a rule share
/// their block with nothing, and their strings are never read. Either way the join and the workers' loops are those
/// of a rule without conditions.
/// </summary>
internal sealed class ItemConditions
{
    private readonly SideConditions _ours;
    private readonly SideConditions _theirs;

    private ItemConditions(SideConditions ours, SideConditions theirs)
    {
        _ours = ours;
        _theirs = theirs;
    }

    /// <summary>Compiles a rule's conditions for a run, or returns null when the rule has none.</summary>
    public static ItemConditions? Create(MatchRule rule, Pool pool, ReconcileOptions options, ref int? referenceDay)
    {
        if (!rule.HasItemConditions)
        {
            return null;
        }

        var cutoff = int.MinValue;
        if (rule.HorizonMonths is { } months)
        {
            referenceDay ??= options.PeriodEnd?.DayNumber ?? LatestDay(pool);
            cutoff = DateOnly.FromDayNumber(referenceDay.Value).AddMonths(-months).DayNumber;
        }

        RateTable? rates = null;
        if (rule.Currency?.Mode == CurrencyMode.Across)
        {
            rates = new RateTable(pool.Currencies, options.BaseCurrency!, options.ExchangeRates ?? []);
        }

        return new ItemConditions(
            new SideConditions(Side.Ours, rule, cutoff, rates),
            new SideConditions(Side.Theirs, rule, cutoff, rates));
    }

    /// <summary>Whether a side's amounts are read differently under the rule (an amount from text, or a conversion).</summary>
    public bool ChangesUnits(Side side) => (side == Side.Ours ? _ours : _theirs).ChangesUnits;

    /// <summary>Whether the rule has conditions checked in the blocks (text, partners, horizon).</summary>
    public bool HasPredicates => _ours.HasPredicates || _theirs.HasPredicates;

    /// <summary>
    /// Wraps the rule's worker so each block's entries are first narrowed to the items that satisfy the conditions.
    /// </summary>
    /// <param name="inner">The rule's worker.</param>
    /// <param name="ours">Our side.</param>
    /// <param name="theirs">Their side.</param>
    /// <param name="ourCustomers">Our customer key hashes (from <see cref="CustomerKeys"/>).</param>
    /// <param name="theirCustomers">Their customer key hashes.</param>
    public BlockWorker Wrap(BlockWorker inner, SideColumns ours, SideColumns theirs, ulong[]? ourCustomers, ulong[]? theirCustomers) =>
        new ConditionWorker(inner, this, ours, theirs, ourCustomers, theirCustomers);

    /// <summary>The side's customer key hashes when a partner condition reads them (the key columns keep them anyway), else null.</summary>
    public ulong[]? CustomerKeys(SideColumns side, int parallelism, CancellationToken cancellationToken) =>
        (side.Side == Side.Ours ? _ours : _theirs).ReadsCustomers
            ? side.EnsureKey(KeyField.Customer, includeMatched: false, parallelism, cancellationToken)
            : null;

    /// <summary>
    /// Writes the positions of <paramref name="side"/>'s free items whose amount the rule can read (an amount in
    /// their text, a rate for their currency and date) into <paramref name="output"/>, in ascending order, and each
    /// one's amount as the rule compares it into <paramref name="units"/>. Returns how many.
    /// </summary>
    public int Filter(SideColumns side, int[] output, long[] units, int parallelism, CancellationToken cancellationToken)
    {
        var conditions = side.Side == Side.Ours ? _ours : _theirs;
        var free = side.FreeArray;
        var count = side.FreeCount;
        var keep = ArrayPool<bool>.Shared.Rent(Math.Max(1, count));
        try
        {
            Work.ForItems(count, parallelism, cancellationToken, (start, end) =>
            {
                var touched = 0;
                for (var batch = start; batch < end; batch += TouchBatch)
                {
                    var batchEnd = Math.Min(end, batch + TouchBatch);
                    // Items and their strings lie scattered over the heap: touch a batch first (loads the processor
                    // overlaps), then read it from the cache — as the intake hashes keys.
                    for (var k = batch; k < batchEnd; k++)
                    {
                        touched += conditions.TouchAmountField(side.Items[free[k]]);
                    }

                    for (var k = batch; k < batchEnd; k++)
                    {
                        keep[k] = conditions.TryUnits(side, free[k], units);
                    }
                }

                Volatile.Write(ref s_touched, touched);
            });

            var n = 0;
            for (var k = 0; k < count; k++)
            {
                if (keep[k])
                {
                    output[n++] = free[k];
                }
            }

            return n;
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(keep);
        }
    }

    /// <summary>Keeps, in order, the entries whose items satisfy the side's conditions; returns how many.</summary>
    public int Narrow(SideColumns side, Span<Entry> entries, ulong[]? customers, ref Dictionary<ulong, bool>? categories)
    {
        var conditions = side.Side == Side.Ours ? _ours : _theirs;
        if (!conditions.HasPredicates)
        {
            return entries.Length;
        }

        if (conditions.ReadsCategories)
        {
            categories ??= [];
        }

        var n = 0;
        for (var k = 0; k < entries.Length; k++)
        {
            if (conditions.Holds(side, entries[k].Index, customers, categories))
            {
                entries[n++] = entries[k];
            }
        }

        return n;
    }

    private const int TouchBatch = 64;

    // Where the touched characters go, so the loads that fetch them are not optimised away.
    private static int s_touched;

    private static int LatestDay(Pool pool)
    {
        var latest = int.MinValue;
        foreach (var days in (int[][])[pool.Ours.Days, pool.Theirs.Days])
        {
            foreach (var d in days)
            {
                latest = Math.Max(latest, d);
            }
        }

        return latest == int.MinValue ? DateOnly.MaxValue.DayNumber : latest;
    }

    /// <summary>Folds full-width ASCII forms (and the ideographic space) to ASCII, as keys are folded.</summary>
    internal static string FoldWidth(string text)
    {
        var i = 0;
        while (i < text.Length && !IsFullWidth(text[i]))
        {
            i++;
        }

        if (i == text.Length)
        {
            return text;
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var k = 0; k < source.Length; k++)
            {
                var c = source[k];
                span[k] = c == '\u3000' ? ' ' : IsFullWidth(c) ? (char)(c - 0xFEE0) : c;
            }
        });
    }

    private static bool IsFullWidth(char c) => c is >= '\uFF01' and <= '\uFF5E' or '\u3000';

    /// <summary>
    /// Reads the amount a <see cref="TextAmount"/> pattern captures: thousands separators and spaces dropped, full-width
    /// digits folded, a sign ignored; at most four decimals. False when the text holds none.
    /// </summary>
    internal static bool TryReadAmount(Regex regex, int group, string? text, out long units)
    {
        units = 0;
        Match match;
        try
        {
            match = regex.Match(text ?? "");
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }

        if (!match.Success || !match.Groups[group].Success)
        {
            return false;
        }

        var captured = FoldWidth(match.Groups[group].Value.Replace('\uFF0C', ',').Replace('\u3002', '.'));
        Span<char> buffer = stackalloc char[Math.Min(64, captured.Length)];
        var n = 0;
        foreach (var c in captured)
        {
            if (c is ',' or ' ' or '_' or '\'' or '+' or '-')
            {
                continue;
            }

            if (n == buffer.Length)
            {
                return false;
            }

            buffer[n++] = c;
        }

        return n > 0
            && decimal.TryParse(buffer[..n], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            && MoneyUnits.TryToUnits(amount, out units);
    }

    private sealed class SideConditions
    {
        private readonly (TextField Field, TextOperator Operator, string Folded, StringComparison Comparison, Regex? Regex)[] _text;
        private readonly Regex? _amount;
        private readonly int _amountGroup;
        private readonly TextField _amountField;
        private readonly HashSet<ulong>? _customers;
        private readonly string[]? _categories;
        private readonly bool _customerOptional;
        private readonly int _cutoff;
        private readonly RateTable? _rates;

        public SideConditions(Side side, MatchRule rule, int cutoff, RateTable? rates)
        {
            _text = (rule.Conditions ?? []).Where(c => c.Side == side)
                .Select(c => (c.Field, c.Operator, FoldWidth(c.Pattern), Comparison(FoldWidth(c.Pattern)),
                    c.Operator == TextOperator.Regex ? RuleSet.CompileRegex(c.Pattern, "matching.rule.condition", rule.Name, compiled: true) : null))
                .ToArray();
            if (rule.AmountFromText is { } fromText && fromText.Side == side)
            {
                _amount = RuleSet.CompileRegex(fromText.Pattern, "matching.rule.amount_from_text", rule.Name, compiled: true);
                var named = _amount.GroupNumberFromName("amount");
                _amountGroup = named >= 0 ? named : 1;
                _amountField = fromText.Field;
            }

            if (rule.Partners is { } partners)
            {
                _customers = (partners.Customers ?? []).Select(c => MatchingKey.Hash(c)).ToHashSet();
                _categories = (partners.Categories ?? []).Select(c => c.Trim()).ToArray();
                // Their lines without a customer (an unresolved payer) are decided by our items of the match.
                _customerOptional = side == Side.Theirs;
            }

            _cutoff = cutoff;
            _rates = rates;
        }

        public bool ChangesUnits => _amount is not null || _rates is not null;

        public bool ReadsCustomers => _customers is not null;

        public bool ReadsCategories => _categories is { Length: > 0 };

        public bool HasPredicates => _cutoff != int.MinValue || _customers is not null || _text.Length > 0;

        public int TouchAmountField(ReconItem item) => _amount is not null && FieldOf(item, _amountField) is { Length: > 0 } t ? t[0] : 0;

        /// <summary>The horizon, partner and text conditions.</summary>
        public bool Holds(SideColumns side, int i, ulong[]? customers, Dictionary<ulong, bool>? categories)
        {
            if (side.Days[i] < _cutoff)
            {
                return false;
            }

            if (_customers is not null && !PartnerHolds(side, i, customers![i], categories))
            {
                return false;
            }

            if (_text.Length > 0)
            {
                var item = side.Items[i];
                foreach (var (field, op, folded, comparison, regex) in _text)
                {
                    if (!TextHolds(FieldOf(item, field), op, folded, comparison, regex))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        /// <summary>The amount as the rule compares it: with the amount from text added back, converted; false when it cannot be read.</summary>
        public bool TryUnits(SideColumns side, int i, long[] units)
        {
            var amount = side.Units[i];
            if (_amount is not null)
            {
                var item = side.Items[i];
                if (!TryReadAmount(_amount, _amountGroup, FieldOf(item, _amountField), out var added))
                {
                    return false;
                }

                // As if it had not been deducted: the magnitude plus what was taken off, the sign kept.
                amount = amount < 0 ? amount - added : amount + added;
            }

            if (_rates is not null && !_rates.TryConvert(side.Currency[i], side.Days[i], amount, out amount))
            {
                return false;
            }

            units[i] = amount;
            return true;
        }

        private bool PartnerHolds(SideColumns side, int i, ulong customer, Dictionary<ulong, bool>? categories)
        {
            if (customer == 0)
            {
                return _customerOptional;
            }

            if (_customers!.Contains(customer))
            {
                return true;
            }

            if (categories is null)
            {
                return false;
            }

            // The category is the customer's (the application fills it from the archive): read once per customer
            // in a range, not per item.
            if (!categories.TryGetValue(customer, out var within))
            {
                within = CategoryHolds(side.Items[i].CustomerCategory);
                categories[customer] = within;
            }

            return within;
        }

        private bool CategoryHolds(string? code)
        {
            var category = code?.Trim();
            if (string.IsNullOrEmpty(category))
            {
                return false;
            }

            foreach (var listed in _categories!)
            {
                if (category.StartsWith(listed, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        // A pattern without cased letters (手续费, 冲销) is found the same way ignoring case or not: the ordinal search is
        // the faster one.
        private static StringComparison Comparison(string pattern) =>
            pattern.All(c => char.ToUpperInvariant(c) == c && char.ToLowerInvariant(c) == c) ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

        private static bool TextHolds(string? value, TextOperator op, string folded, StringComparison comparison, Regex? regex)
        {
            switch (op)
            {
                case TextOperator.Contains:
                    return !string.IsNullOrEmpty(value) && FoldWidth(value).Contains(folded, comparison);
                case TextOperator.NotContains:
                    return string.IsNullOrEmpty(value) || !FoldWidth(value).Contains(folded, comparison);
                default:
                    try
                    {
                        return regex!.IsMatch(value ?? "");
                    }
                    catch (RegexMatchTimeoutException)
                    {
                        return false;
                    }
            }
        }

        private static string? FieldOf(ReconItem item, TextField field) => field switch
        {
            TextField.Text => item.Text,
            TextField.Reference => item.Reference,
            TextField.CounterpartyName => item.CounterpartyName,
            _ => item.DocumentNumber,
        };
    }
}

/// <summary>
/// A rule's worker behind its item conditions: each block's entries are narrowed, in place and in order, to the items
/// that satisfy them before the worker sees the block. An item is in one block, so it is checked once.
/// </summary>
internal sealed class ConditionWorker(BlockWorker inner, ItemConditions conditions, SideColumns ours, SideColumns theirs,
    ulong[]? ourCustomers, ulong[]? theirCustomers) : BlockWorker, IMatchProducer
{
    // The category of a customer, read once per worker (the category is the customer's, not the line's).
    private Dictionary<ulong, bool>? _ourCategories;
    private Dictionary<ulong, bool>? _theirCategories;

    public MatchSink Sink => ((IMatchProducer)inner).Sink;

    public override void Process(Span<Entry> ourEntries, Span<Entry> theirEntries)
    {
        var no = conditions.Narrow(ours, ourEntries, ourCustomers, ref _ourCategories);
        if (no == 0)
        {
            return;
        }

        var nt = conditions.Narrow(theirs, theirEntries, theirCustomers, ref _theirCategories);
        if (nt > 0)
        {
            inner.Process(ourEntries[..no], theirEntries[..nt]);
        }
    }
}

/// <summary>
/// Exchange rates into the base currency per currency of the run, each currency's rates in date order: an amount
/// is converted at the latest rate on or before its day.
/// </summary>
internal sealed class RateTable
{
    private readonly (int[] Days, decimal[] Rates)?[] _byCurrency;
    private readonly int _base;

    public RateTable(string[] currencies, string baseCurrency, IReadOnlyList<ExchangeRate> rates)
    {
        var code = MatchingKey.Normalize(baseCurrency);
        _base = Array.IndexOf(currencies, code);
        _byCurrency = new (int[], decimal[])?[currencies.Length];
        foreach (var group in rates.GroupBy(r => MatchingKey.Normalize(r.Currency)))
        {
            var c = Array.IndexOf(currencies, group.Key);
            if (c < 0)
            {
                continue;
            }

            // One rate a day: of two for the same day, the later in the list wins (a correction).
            var byDay = new SortedDictionary<int, decimal>();
            foreach (var rate in group)
            {
                byDay[rate.Date.DayNumber] = rate.Rate;
            }

            _byCurrency[c] = (byDay.Keys.ToArray(), byDay.Values.ToArray());
        }
    }

    /// <summary>Converts <paramref name="units"/> of currency <paramref name="currency"/> on <paramref name="day"/> into base units, rounded half away from zero.</summary>
    public bool TryConvert(int currency, int day, long units, out long converted)
    {
        converted = units;
        if (currency == _base)
        {
            return true;
        }

        if (_byCurrency[currency] is not { } table)
        {
            return false;
        }

        var at = Array.BinarySearch(table.Days, day);
        if (at < 0)
        {
            at = ~at - 1;
        }

        if (at < 0)
        {
            return false;
        }

        var value = decimal.Round(units * table.Rates[at], 0, MidpointRounding.AwayFromZero);
        if (Math.Abs(value) > (decimal)ReconItem.MaxAbsAmount * MoneyUnits.PerUnit)
        {
            return false;
        }

        converted = (long)value;
        return true;
    }
}
