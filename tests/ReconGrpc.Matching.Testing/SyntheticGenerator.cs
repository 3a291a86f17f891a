using System.Globalization;

namespace ReconGrpc.Matching.Testing;

/// <summary>
/// Generates a seeded, realistic pair of sides with a known answer: customers' statements (their payable ledgers),
/// bank lines and platform bills against our receivable ledger, in the proportions of a <see cref="SyntheticMix"/>.
/// Used by the benchmark and by the tests that measure precision and recall.
/// </summary>
public sealed class SyntheticGenerator
{
    private const string Base = "CNY";
    private const string Foreign = "USD";
    private const string Platform = "PLATFORM-TMALL";

    private readonly SyntheticOptions _options;
    private readonly Random _random;
    private readonly string[] _customers;
    private readonly List<ReconItem> _ours;
    private readonly List<ReconItem> _theirs;
    private readonly SyntheticTruth _truth;
    private readonly int[] _cumulative;
    private long _nextOurs = 1;
    private long _nextTheirs;
    private long _documentSequence;
    private long _serial = 100_000_000_000;
    private long _batch;

    private SyntheticGenerator(SyntheticOptions options)
    {
        if (options.Size < 1 || options.PeriodDays < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Size and PeriodDays must be positive.");
        }

        _options = options;
        _random = new Random(options.Seed);
        _customers = Enumerable.Range(1, Math.Max(10, options.Size / 25))
            .Select(i => "C" + i.ToString("D6", CultureInfo.InvariantCulture))
            .ToArray();
        _ours = new List<ReconItem>(options.Size + 16);
        _theirs = new List<ReconItem>(options.Size + 16);
        _truth = new SyntheticTruth(options.TheirIdBase);
        _nextTheirs = options.TheirIdBase + 1;
        var weights = options.Mix.Weights();
        _cumulative = new int[weights.Length];
        var total = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            total += Math.Max(0, weights[i]);
            _cumulative[i] = total;
        }

        if (total == 0)
        {
            throw new ArgumentException("The mix needs at least one positive weight.", nameof(options));
        }
    }

    /// <summary>Generates data for <paramref name="options"/>; the same options give the same data.</summary>
    public static SyntheticData Generate(SyntheticOptions options)
    {
        var generator = new SyntheticGenerator(options);
        return generator.Run();
    }

    private SyntheticData Run()
    {
        while (_ours.Count < _options.Size)
        {
            var pick = _random.Next(_cumulative[^1]);
            var scenario = Array.FindIndex(_cumulative, c => pick < c);
            switch (scenario)
            {
                case 0: DocumentExact(); break;
                case 1: DocumentInReference(); break;
                case 2: DocumentInText(); break;
                case 3: ReferenceOnly(); break;
                case 4: CustomerOnly(); break;
                case 5: AmountOnly(); break;
                case 6: SmallDifferenceWithDocument(); break;
                case 7: SmallDifferenceWithCustomer(); break;
                case 8: LargeDifference(); break;
                case 9: DateOutsideWindow(); break;
                case 10: MissingOnTheirSide(); break;
                case 11: MissingOnOurSide(); break;
                case 12: Duplicate(); break;
                case 13: CurrencyMismatch(); break;
                case 14: SplitManyToOne(); break;
                case 15: SplitOneToMany(); break;
                case 16: Settlement(); break;
                case 17: FeeInMemo(); break;
                case 18: PartnerCommission(); break;
                default: OldestFirstSplit(); break;
            }
        }

        return new SyntheticData(_ours, _theirs, _truth, ClosingBalances());
    }

    private List<ClosingBalance> ClosingBalances()
    {
        var balances = new List<ClosingBalance>();
        foreach (var currency in new[] { Base, Foreign })
        {
            var ours = _options.OpeningBalance + _ours.Where(i => i.Currency == currency).Sum(i => i.Amount);
            var theirs = _options.OpeningBalance + _theirs.Where(i => i.Currency == currency).Sum(i => i.Amount);
            balances.Add(new ClosingBalance(currency, ours, theirs));
        }

        return balances;
    }

    private void DocumentExact()
    {
        var (doc, amount, date, customer) = OurDocument();
        var group = _truth.NewGroup(1, 1);
        Ours(group, null, date, amount, customer, doc);
        Theirs(group, null, Shift(date, 0, 5), amount, customer, Reformat(doc), convention: SignConvention.CounterpartyLedger);
    }

    private void DocumentInReference()
    {
        var (doc, amount, date, customer) = OurDocument();
        var group = _truth.NewGroup(1, 1);
        Ours(group, null, date, amount, customer, doc);
        Theirs(group, null, Shift(date, 0, 5), amount, customer, Serial(), reference: Reformat(doc));
    }

    private void DocumentInText()
    {
        var (doc, amount, date, customer) = OurDocument();
        var group = _truth.NewGroup(1, 1);
        Ours(group, null, date, amount, customer, doc);
        var text = amount > 0 ? $"发票 {doc} 货款" : $"收到货款 {doc},谢谢";
        Theirs(group, null, Shift(date, 0, 5), amount, customer, Serial(), text: text);
    }

    private void ReferenceOnly()
    {
        var (doc, amount, date, customer) = OurDocument();
        var reference = "PAY" + Next(ref _serial).ToString(CultureInfo.InvariantCulture);
        var group = _truth.NewGroup(1, 1);
        Ours(group, null, date, amount, customer, doc, reference: reference);
        Theirs(group, null, Shift(date, 0, 3), amount, customer, Serial(), reference: reference);
    }

    private void CustomerOnly()
    {
        var (doc, amount, date, customer) = OurDocument();
        var group = _truth.NewGroup(1, 1);
        Ours(group, null, date, amount, customer, doc);
        Theirs(group, null, Shift(date, 0, 2), amount, customer, document: null, text: "转账");
    }

    private void AmountOnly()
    {
        var (doc, amount, date, customer) = OurDocument();
        var group = _truth.NewGroup(1, 1);
        Ours(group, null, date, amount, customer, doc);
        Theirs(group, null, Shift(date, 0, 2), amount, customer: null, document: null, text: "网银转账");
    }

    private void SmallDifferenceWithDocument()
    {
        var (doc, amount, date, customer) = OurDocument();
        var limit = Math.Max(1, (long)(Math.Abs(amount) * 0.9m));   // in cents: 0.9 % of the amount
        var charge = Math.Min(5_000, 1 + _random.NextInt64(limit)) / 100m;
        var group = _truth.NewGroup(1, 1);
        Ours(group, null, date, amount, customer, doc);
        Theirs(group, null, Shift(date, 0, 3), amount - Math.Sign(amount) * charge, customer, Reformat(doc));
    }

    private void SmallDifferenceWithCustomer()
    {
        var (doc, amount, date, customer) = OurDocument();
        var difference = (1 + _random.Next(100)) / 100m;
        var group = _truth.NewGroup(1, 1);
        Ours(group, null, date, amount, customer, doc);
        Theirs(group, null, Shift(date, 0, 2), amount - Math.Sign(amount) * difference, customer, document: null);
    }

    private void LargeDifference()
    {
        var (doc, amount, date, customer) = OurDocument();
        var factor = 1m + (5 + _random.Next(46)) / 100m * (_random.Next(2) == 0 ? 1 : -1);
        Ours(0, ExceptionReason.AmountDiffers, date, amount, customer, doc);
        Theirs(0, ExceptionReason.AmountDiffers, Shift(date, 0, 5), decimal.Round(amount * factor, 2), customer, Reformat(doc));
    }

    private void DateOutsideWindow()
    {
        var (doc, amount, date, customer) = OurDocument();
        Ours(0, ExceptionReason.DateOutsideWindow, date, amount, customer, doc);
        Theirs(0, ExceptionReason.DateOutsideWindow, date.AddDays(45 + _random.Next(76)), amount, customer, Reformat(doc));
    }

    private void MissingOnTheirSide()
    {
        var (doc, amount, date, customer) = OurDocument();
        Ours(0, ExceptionReason.MissingOnTheirSide, date, amount, customer, doc);
    }

    private void MissingOnOurSide()
    {
        var (_, amount, date, customer) = OurDocument();
        Theirs(0, ExceptionReason.MissingOnOurSide, date, amount, customer, "ADJ-" + Next(ref _documentSequence).ToString("D8", CultureInfo.InvariantCulture));
    }

    private void Duplicate()
    {
        var (doc, amount, date, customer) = OurDocument();
        var group = _truth.NewGroup(1, 1);
        Ours(group, null, date, amount, customer, doc);
        var theirDate = Shift(date, 0, 5);
        var theirDoc = Reformat(doc);
        Theirs(group, null, theirDate, amount, customer, theirDoc);
        Theirs(0, ExceptionReason.Duplicate, theirDate, amount, customer, theirDoc);
    }

    private void CurrencyMismatch()
    {
        var (doc, amount, date, customer) = OurDocument();
        Ours(0, ExceptionReason.CurrencyMismatch, date, amount, customer, doc);
        Theirs(0, ExceptionReason.CurrencyMismatch, Shift(date, 0, 3), decimal.Round(amount / 7.1m, 2), customer, doc, currency: Foreign);
    }

    private void SplitManyToOne()
    {
        var parts = 2 + _random.Next(3);
        var customer = Customer();
        var date = Date();
        var group = _truth.NewGroup(parts, 1);
        var total = 0m;
        var last = date;
        for (var p = 0; p < parts; p++)
        {
            var amount = -Amount();
            var day = Shift(date, 0, 2);
            last = day > last ? day : last;
            total += amount;
            Ours(group, null, day, amount, customer, Receipt());
        }

        Theirs(group, null, Shift(last, 0, 1), total, customer, Serial(), text: "货款", convention: SignConvention.CashFlow);
    }

    private void SplitOneToMany()
    {
        var parts = 2 + _random.Next(3);
        var customer = Customer();
        var date = Date();
        var group = _truth.NewGroup(1, parts);
        var amounts = new decimal[parts];
        for (var p = 0; p < parts; p++)
        {
            amounts[p] = -Amount();
        }

        Ours(group, null, date, amounts.Sum(), customer, Receipt());
        foreach (var amount in amounts)
        {
            Theirs(group, null, Shift(date, 0, 3), amount, customer, Serial(), text: "分期付款", convention: SignConvention.CashFlow);
        }
    }

    private void Settlement()
    {
        var batch = "STL" + Next(ref _batch).ToString("D9", CultureInfo.InvariantCulture);
        var orders = 2 + _random.Next(5);
        var refunds = _random.Next(2);
        var lines = new List<decimal>();
        for (var o = 0; o < orders; o++)
        {
            lines.Add(Amount(20m, 5_000m));
        }

        for (var r = 0; r < refunds; r++)
        {
            lines.Add(-decimal.Round(lines[r] * 0.5m, 2));
        }

        var fee = -decimal.Round(lines.Where(l => l > 0).Sum() * 0.006m, 2);
        if (fee != 0m)
        {
            lines.Add(fee);
        }

        var date = Date();
        var net = lines.Sum();
        var detailOnOurSide = _random.Next(2) == 0;
        var group = detailOnOurSide ? _truth.NewGroup(lines.Count, 1) : _truth.NewGroup(1, lines.Count);
        if (detailOnOurSide)
        {
            foreach (var line in lines)
            {
                Ours(group, null, Shift(date, 0, 3), line, Platform, Order(), reference: batch);
            }

            Theirs(group, null, date.AddDays(4 + _random.Next(3)), net, Platform, document: null, reference: batch, text: "结算");
        }
        else
        {
            Ours(group, null, date.AddDays(4 + _random.Next(3)), net, Platform, Receipt(), reference: batch);
            foreach (var line in lines)
            {
                Theirs(group, null, Shift(date, 0, 3), line, Platform, Order(), reference: batch);
            }
        }
    }

    private void FeeInMemo()
    {
        var customer = Customer();
        var amount = -Amount(200m);
        var fee = (200 + _random.Next(4_800)) / 100m;
        var date = Date();
        var group = _truth.NewGroup(1, 1);
        Ours(group, null, date, amount, customer, Receipt());
        var text = _random.Next(2) == 0 ? $"货款 手续费{fee.ToString("0.00", CultureInfo.InvariantCulture)}" : $"汇款 手续费 {fee.ToString("N2", CultureInfo.InvariantCulture)}元";
        Theirs(group, null, Shift(date, 0, 3), amount + fee, customer, document: null, text: text);
    }

    private void PartnerCommission()
    {
        var customer = "M" + _random.Next(1, 1 + Math.Max(5, _customers.Length / 50)).ToString("D5", CultureInfo.InvariantCulture);
        var amount = Amount(100m, 200_000m);
        var commission = decimal.Round(amount * (120 + _random.Next(71)) / 10_000m, 2);
        var date = Date();
        var group = _truth.NewGroup(1, 1);
        Ours(group, null, date, amount, customer, Invoice(), category: SyntheticRules.MarketplaceCategory + "01");
        Theirs(group, null, Shift(date, 0, 3), amount - commission, customer, document: null, text: "平台结算", category: SyntheticRules.MarketplaceCategory + "01");
    }

    private void OldestFirstSplit()
    {
        var customer = Customer();
        var date = Date();
        var (a, b) = (-Amount(), -Amount());
        var group = _truth.NewGroup(2, 1);
        Ours(group, null, date, a, customer, Receipt());
        Ours(group, null, date.AddDays(1), b, customer, Receipt());
        // Nearer the payment, the same amount as the oldest: nearest-first would take it instead.
        Ours(0, ExceptionReason.MissingOnTheirSide, date.AddDays(4), a, customer, Receipt());
        Theirs(group, null, date.AddDays(5), a + b, customer, Serial(), text: "货款 按账龄核销");
    }

    private (string Document, decimal Amount, DateOnly Date, string Customer) OurDocument()
    {
        var invoice = _random.Next(10) < 6;
        return (invoice ? Invoice() : Receipt(), invoice ? Amount() : -Amount(), Date(), Customer());
    }

    private void Ours(int group, ExceptionReason? reason, DateOnly date, decimal amount, string? customer, string? document,
        string? reference = null, string? text = null, string? category = null)
    {
        _ours.Add(new ReconItem
        {
            Id = _nextOurs++,
            Side = Side.Ours,
            Date = date,
            Amount = amount,
            Currency = Base,
            CustomerKey = customer,
            DocumentNumber = document,
            Reference = reference,
            Text = text,
            CustomerCategory = category,
        });
        _truth.AddOurs(group, reason);
    }

    private void Theirs(int group, ExceptionReason? reason, DateOnly date, decimal amount, string? customer, string? document,
        string? reference = null, string? text = null, string currency = Base, SignConvention convention = SignConvention.CashFlow,
        string? category = null)
    {
        _theirs.Add(new ReconItem
        {
            Id = _nextTheirs++,
            Side = Side.Theirs,
            Date = date,
            Amount = amount,
            Currency = currency,
            SourceConvention = convention,
            CustomerKey = customer,
            DocumentNumber = document,
            Reference = reference,
            Text = text,
            CustomerCategory = category,
        });
        _truth.AddTheirs(group, reason);
    }

    private string Invoice() => "INV-2024-" + Next(ref _documentSequence).ToString("D8", CultureInfo.InvariantCulture);

    private string Receipt() => "RC-2024-" + Next(ref _documentSequence).ToString("D8", CultureInfo.InvariantCulture);

    private string Order() => "ORD" + Next(ref _documentSequence).ToString("D10", CultureInfo.InvariantCulture);

    private string Serial() => "SN" + Next(ref _serial).ToString(CultureInfo.InvariantCulture);

    /// <summary>How the other side writes our number: mostly as we do, sometimes lower case without dashes, sometimes full-width.</summary>
    private string Reformat(string document)
    {
        var roll = _random.Next(100);
        if (roll < 75)
        {
            return new string(document.AsSpan());
        }

        if (roll < 95)
        {
            return document.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
        }

        return string.Create(document.Length, document, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[i] is >= '!' and <= '~' ? (char)(source[i] + 0xFEE0) : source[i];
            }
        });
    }

    private string Customer() => _customers[_random.Next(_customers.Length)];

    private DateOnly Date() => _options.PeriodStart.AddDays(_random.Next(_options.PeriodDays));

    private DateOnly Shift(DateOnly date, int min, int max) => date.AddDays(_random.Next(min, max + 1));

    /// <summary>Log-uniform between the bounds, in cents: many small amounts, some large, rarely two alike.</summary>
    private decimal Amount(decimal min = 50m, decimal max = 500_000m)
    {
        var value = Math.Exp(Math.Log((double)min) + _random.NextDouble() * (Math.Log((double)max) - Math.Log((double)min)));
        return decimal.Round((decimal)value, 2);
    }

    private static long Next(ref long counter) => ++counter;
}
