using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Domain;

namespace ReconGrpc.Application.Queries;

/// <summary>Whole months from the first day of <see cref="Start"/>'s month to the last day of the last month.</summary>
public readonly record struct MonthWindow(DateOnly Start, int Months)
{
    public const int MaxMonths = 120;

    public DateOnly End => Start.AddMonths(Months).AddDays(-1);

    public int Days => End.DayNumber - Start.DayNumber + 1;

    public string FromMonth => Text(Start);

    public string ToMonth => Text(Start.AddMonths(Months - 1));

    public static string Text(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The months from <paramref name="from"/> to <paramref name="to"/> (YYYY-MM); INVALID_ARGUMENT otherwise.</summary>
    public static MonthWindow Parse(string? from, string? to)
    {
        var start = Month(from, "from_month");
        var last = Month(to, "to_month");
        var months = (last.Year - start.Year) * 12 + last.Month - start.Month + 1;
        if (months < 1 || months > MaxMonths)
        {
            throw RuleViolation.Invalid("behaviour.window", $"from_month {Text(start)} to to_month {Text(last)} must be 1 to {MaxMonths} months, the first not after the last.");
        }

        return new MonthWindow(start, months);
    }

    /// <summary>The <paramref name="months"/> whole months ending with the one before <paramref name="today"/>'s.</summary>
    public static MonthWindow Ending(DateOnly today, int months, string? toMonth)
    {
        if (months is < 1 or > MaxMonths)
        {
            throw RuleViolation.Invalid("behaviour.window", $"window_months is 1 to {MaxMonths}; {months} was given.");
        }

        var last = string.IsNullOrWhiteSpace(toMonth) ? new DateOnly(today.Year, today.Month, 1).AddMonths(-1) : Month(toMonth, "to_month");
        return new MonthWindow(last.AddMonths(1 - months), months);
    }

    private static DateOnly Month(string? text, string field) =>
        DateOnly.TryParseExact((text ?? "").Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw RuleViolation.Invalid("behaviour.month", $"{field} is a month as YYYY-MM, e.g. 2026-01; '{InputText.Echo(text ?? "")}' was given.");
}

/// <summary>What a payment-behaviour report is asked for.</summary>
public sealed record PaymentBehaviourRequest(MonthWindow Window, string? CustomerCode, string? CategoryCode, bool ByCategory, int CategoryLevel, string? Currency);

/// <summary>One month of a behaviour row: net sales and the balance at the month's end.</summary>
public sealed record MonthFigures(string Month, decimal Sales, decimal ClosingBalance);

/// <summary>A customer's or a category's payment behaviour over the window; figures without a base are null.</summary>
public sealed record BehaviourLine(
    string Code,
    string Name,
    int CustomerCount,
    decimal Sales,
    decimal AverageMonthlySales,
    decimal AverageReceivables,
    decimal? Dso,
    decimal SettledByReceipts,
    decimal? AverageDaysToPay,
    decimal? OnTimePercent,
    int MonthsActive,
    int MonthCount,
    decimal? SalesVariation,
    decimal Balance,
    decimal Overdue,
    IReadOnlyList<MonthFigures> Months);

/// <summary>A payment-behaviour report (数据分析).</summary>
public sealed record PaymentBehaviourReport(MonthWindow Window, string Currency, IReadOnlyList<BehaviourLine> Rows, BehaviourLine Total);

/// <summary>
/// Payment behaviour per customer and category: DSO, days to pay, the share paid on time, sales per month and how
/// regular they are. Sales per customer and month are summed in the database; the settlements come from one ordered
/// pass over the entries that holds one customer's open items at a time.
/// </summary>
public sealed class PaymentBehaviourQuery(IDbContextFactory<ReconDbContext> contexts)
{
    public async Task<PaymentBehaviourReport> GetAsync(PaymentBehaviourRequest request, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // The roll-up reads the category's level: an unknown one must be NOT_FOUND first, as the scope says it.
        if (request.ByCategory && !string.IsNullOrWhiteSpace(request.CategoryCode))
        {
            await AgingQuery.ScopeAsync(db, request.Window.End, null, request.CategoryCode, null, cancellationToken);
        }

        var prefixLength = await AgingQuery.RollUpLengthAsync(db, "behaviour", request.ByCategory, request.CategoryCode, request.CategoryLevel, cancellationToken);

        var (currency, customers) = await ReadAsync(db, request.Window, request.CustomerCode, request.CategoryCode, request.Currency, cancellationToken);
        List<BehaviourLine> rows;
        if (prefixLength is { } length)
        {
            var groups = customers.GroupBy(c => c.CategoryCode.Length > length ? c.CategoryCode[..length] : c.CategoryCode, StringComparer.Ordinal).ToList();
            var codes = groups.Select(g => g.Key).ToList();
            var names = await db.Categories.AsNoTracking().Where(c => codes.Contains(c.Code)).ToDictionaryAsync(c => c.Code, c => c.Name, StringComparer.Ordinal, cancellationToken);
            rows = groups.Select(g => BehaviourSums.Of(g.Key, names.GetValueOrDefault(g.Key, ""), g, request.Window.Months).Line(request.Window))
                .OrderBy(r => r.Code, StringComparer.Ordinal).ToList();
        }
        else
        {
            rows = customers.Select(c => c.Line(request.Window)).ToList();
        }

        var total = BehaviourSums.Of("", "Total", customers, request.Window.Months).Line(request.Window);
        return new PaymentBehaviourReport(request.Window, currency, rows, total);
    }

    /// <summary>
    /// Every customer in scope with something in the window (sales, a balance at a month's end, a payment), by code,
    /// in one currency: the one asked for, the only one there is, or CNY for none; FAILED_PRECONDITION for several.
    /// </summary>
    internal async Task<(string Currency, List<BehaviourSums> Customers)> ReadAsync(ReconDbContext db, MonthWindow window, string? customerCode, string? categoryCode,
        string? currency, CancellationToken cancellationToken)
    {
        var scope = await AgingQuery.ScopeAsync(db, window.End, customerCode, categoryCode, currency, cancellationToken);
        var sums = new Dictionary<(string Code, string Currency), BehaviourSums>();
        BehaviourSums For(string code, string cur)
        {
            if (!sums.TryGetValue((code, cur), out var s))
            {
                sums[(code, cur)] = s = new BehaviourSums(code, cur, window.Months);
            }

            return s;
        }

        await using (var snapshot = await ReadSnapshot.BeginAsync(db, cancellationToken))
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using (var command = OpenItemsSql.MonthlySales(db, window.Start, scope))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var ym = reader.GetInt32(2);
                    var month = (ym / 100 - window.Start.Year) * 12 + ym % 100 - window.Start.Month;
                    For(reader.GetString(0), reader.GetString(1)).Sales[month] = LedgerAmountUnits.ToMoney(reader.GetInt64(3));
                }
            }

            await using (var command = OpenItemsSql.EntriesInOrder(db, scope))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                // One customer's walks (one per currency) at a time: the entries come by customer.
                var walks = new Dictionary<string, PaymentWalk>(StringComparer.Ordinal);
                string? customer = null;
                while (await reader.ReadAsync(cancellationToken))
                {
                    var code = reader.GetString(0);
                    if (code != customer)
                    {
                        Finish(customer, walks);
                        customer = code;
                    }

                    var cur = reader.GetString(1);
                    if (!walks.TryGetValue(cur, out var walk))
                    {
                        walks[cur] = walk = new PaymentWalk(window);
                    }

                    var date = OpenItemsSql.ReadDate(reader, 2);
                    var due = reader.IsDBNull(5) ? date.AddDays(reader.GetInt32(6)) : OpenItemsSql.ReadDate(reader, 5);
                    walk.Add(date, reader.GetString(3), LedgerAmountUnits.ToMoney(reader.GetInt64(4)), due);
                }

                Finish(customer, walks);
            }

            // What is overdue at the window's end is aging's figure (credits pooled, settling the items due first), so
            // behaviour, aging, the statement and credit control agree on it; the walk above times the payments.
            foreach (var open in await AgingQuery.ReadAsync(db, scope, AgingBasis.DueDate, [0], cancellationToken))
            {
                if (sums.TryGetValue((open.Code, open.Currency), out var customerSums))
                {
                    customerSums.Overdue = open.Slots[2];
                }
            }
        }

        void Finish(string? code, Dictionary<string, PaymentWalk> walks)
        {
            foreach (var (cur, walk) in walks)
            {
                walk.Finish();
                if (walk.Touched || sums.ContainsKey((code!, cur)))
                {
                    walk.CopyTo(For(code!, cur));
                }
            }

            walks.Clear();
        }

        var currencies = sums.Keys.Select(k => k.Currency).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var chosen = scope.Currency ?? currencies.Count switch
        {
            0 => AgingQuery.DefaultCurrency,
            1 => currencies[0],
            _ => throw RuleViolation.FailedPrecondition("behaviour.currencies",
                $"The customers have entries in {string.Join(", ", currencies)}; payment behaviour adds amounts of one currency: ask for one of them."),
        };

        var codes = sums.Keys.Select(k => k.Code).ToHashSet(StringComparer.Ordinal);
        var customers = await db.Customers.AsNoTracking().Where(c => codes.Contains(c.Code))
            .Select(c => new { c.Code, c.Name, c.CategoryCode }).ToDictionaryAsync(c => c.Code, StringComparer.Ordinal, cancellationToken);
        var result = sums.Values.OrderBy(s => s.Code, StringComparer.Ordinal).ToList();
        foreach (var s in result)
        {
            s.Name = customers[s.Code].Name;
            s.CategoryCode = customers[s.Code].CategoryCode;
        }

        return (chosen, result);
    }
}

/// <summary>The additive figures of a customer or a group of them, from which every ratio is worked out.</summary>
internal sealed class BehaviourSums(string code, string currency, int months)
{
    public string Code { get; } = code;
    public string Currency { get; } = currency;
    public string Name { get; set; } = "";
    public string CategoryCode { get; set; } = "";
    public int CustomerCount { get; private set; } = 1;
    public decimal[] Sales { get; } = new decimal[months];
    public decimal[] Closing { get; } = new decimal[months];
    public decimal Settled { get; set; }
    public decimal SettledDays { get; set; }
    public decimal OnTime { get; set; }
    public decimal Overdue { get; set; }

    public static BehaviourSums Of(string code, string name, IEnumerable<BehaviourSums> parts, int months)
    {
        var sum = new BehaviourSums(code, "", months) { Name = name, CustomerCount = 0 };
        foreach (var p in parts)
        {
            for (var m = 0; m < months; m++)
            {
                sum.Sales[m] += p.Sales[m];
                sum.Closing[m] += p.Closing[m];
            }

            sum.Settled += p.Settled;
            sum.SettledDays += p.SettledDays;
            sum.OnTime += p.OnTime;
            sum.Overdue += p.Overdue;
            sum.CustomerCount += p.CustomerCount;
        }

        return sum;
    }

    /// <summary>
    /// The ratios: DSO = average of the month-end balances / net sales × days in the window; days to pay and the
    /// on-time share weighted by the amount receipts settled; the variation is the population standard deviation of
    /// the monthly sales over their mean.
    /// </summary>
    public BehaviourLine Line(MonthWindow window)
    {
        var months = Sales.Length;
        var sales = Sales.Sum();
        var mean = sales / months;
        var averageReceivables = Closing.Sum() / months;
        decimal? variation = null;
        if (mean > 0m)
        {
            // Each month relative to the mean, in decimal: a dimensionless ratio, so squaring it cannot overflow the
            // way squared amounts would; only the final square root is taken in double.
            var relativeVariance = Sales.Sum(s => (s / mean - 1m) * (s / mean - 1m)) / months;
            variation = Math.Round((decimal)Math.Sqrt((double)relativeVariance), 4, MidpointRounding.AwayFromZero);
        }

        return new BehaviourLine(Code, Name, CustomerCount, sales, Round(mean), Round(averageReceivables),
            sales > 0m ? Round(averageReceivables / sales * window.Days) : null,
            Settled,
            Settled > 0m ? Round(SettledDays / Settled) : null,
            Settled > 0m ? Round(OnTime / Settled * 100m) : null,
            Sales.Count(s => s > 0m), months, variation, Closing[^1], Overdue,
            Sales.Select((s, i) => new MonthFigures(MonthWindow.Text(window.Start.AddMonths(i)), s, Closing[i])).ToList());
    }

    private static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}

/// <summary>
/// One customer's entries in one currency walked in date order, timing each payment: a credit settles the oldest open
/// debits at the time it arrives; what is left of it waits, and later debits use it up first (settled on their own
/// date, 0 days). An opening balance restates everything and becomes the one item. Holds only what is open. What is
/// overdue at the end is not taken from here but from aging, which pools the credits.
/// </summary>
internal sealed class PaymentWalk(MonthWindow window)
{
    private readonly LinkedList<(DateOnly Date, DateOnly Due, decimal Left, bool Counts)> _debits = [];
    private readonly LinkedList<(decimal Left, bool Receipt)> _credits = [];
    private readonly decimal[] _closing = new decimal[window.Months];
    private int _month;
    private decimal _balance;
    private decimal _settled;
    private decimal _settledDays;
    private decimal _onTime;

    /// <summary>Whether the window saw anything of it: a balance at a month's end or a payment.</summary>
    public bool Touched => _settled > 0m || _closing.Any(c => c != 0m);

    public void Add(DateOnly date, string type, decimal amount, DateOnly due)
    {
        CloseMonthsBefore(date);
        var opening = type == "OpeningBalance";
        if (opening)
        {
            _debits.Clear();
            _credits.Clear();
            _balance = amount;
        }
        else
        {
            _balance += amount;
        }

        if (amount > 0m)
        {
            var left = amount;
            while (left > 0m && _credits.First is { } waiting)
            {
                var applied = Math.Min(left, waiting.Value.Left);
                Settle(date, due, !opening && waiting.Value.Receipt, date, applied);
                left -= applied;
                waiting.Value = waiting.Value with { Left = waiting.Value.Left - applied };
                if (waiting.Value.Left == 0m)
                {
                    _credits.RemoveFirst();
                }
            }

            if (left > 0m)
            {
                _debits.AddLast((date, due, left, !opening));
            }
        }
        else if (amount < 0m)
        {
            var left = -amount;
            var receipt = type == "Receipt";
            while (left > 0m && _debits.First is { } oldest)
            {
                var applied = Math.Min(left, oldest.Value.Left);
                Settle(oldest.Value.Date, oldest.Value.Due, oldest.Value.Counts && receipt, date, applied);
                left -= applied;
                oldest.Value = oldest.Value with { Left = oldest.Value.Left - applied };
                if (oldest.Value.Left == 0m)
                {
                    _debits.RemoveFirst();
                }
            }

            if (left > 0m)
            {
                _credits.AddLast((left, receipt));
            }
        }
    }

    /// <summary>Only what a receipt paid of an item with a document date (not an opening balance), on a day in the window.</summary>
    private void Settle(DateOnly invoiceDate, DateOnly due, bool counts, DateOnly on, decimal amount)
    {
        if (!counts || on < window.Start || on > window.End)
        {
            return;
        }

        _settled += amount;
        _settledDays += amount * (on.DayNumber - invoiceDate.DayNumber);
        if (on <= due)
        {
            _onTime += amount;
        }
    }

    private void CloseMonthsBefore(DateOnly date)
    {
        while (_month < _closing.Length && date > window.Start.AddMonths(_month + 1).AddDays(-1))
        {
            _closing[_month++] = _balance;
        }
    }

    public void Finish() => CloseMonthsBefore(DateOnly.MaxValue);

    public void CopyTo(BehaviourSums sums)
    {
        Array.Copy(_closing, sums.Closing, _closing.Length);
        sums.Settled = _settled;
        sums.SettledDays = _settledDays;
        sums.OnTime = _onTime;
    }
}
