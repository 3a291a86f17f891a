using static ReconGrpc.Matching.Tests.Item;
using static ReconGrpc.Matching.Tests.Recon;

namespace ReconGrpc.Matching.Tests;

/// <summary>
/// What a rule's amount condition and date window allow is defined by the rule, and the engine's integer checks
/// decide exactly what that definition says.
/// </summary>
public sealed class RuleDefinitionTests
{
    [Theory]
    // Exact allows nothing, whatever the total.
    [InlineData(AmountConditionKind.Exact, 0, 1_000_000.00, 0)]
    // Absolute allows the amount itself, for any total of either sign, zero included.
    [InlineData(AmountConditionKind.Absolute, 1.00, 0.01, 1.00)]
    [InlineData(AmountConditionKind.Absolute, 1.00, -250_000.00, 1.00)]
    [InlineData(AmountConditionKind.Absolute, 0.01, 0, 0.01)]
    [InlineData(AmountConditionKind.Absolute, 0.0001, 99.99, 0.0001)]
    // Percentage is of our total's size, to four decimals, rounded down.
    [InlineData(AmountConditionKind.Percentage, 1, 1234.56, 12.3456)]
    [InlineData(AmountConditionKind.Percentage, 1, -1234.56, 12.3456)]
    [InlineData(AmountConditionKind.Percentage, 1, 0.99, 0.0099)]
    [InlineData(AmountConditionKind.Percentage, 1, 1.00, 0.01)]
    [InlineData(AmountConditionKind.Percentage, 0.5, 0.03, 0.0001)]
    [InlineData(AmountConditionKind.Percentage, 0.5, 0.01, 0)]
    [InlineData(AmountConditionKind.Percentage, 99.9999, 900_000_000_000, 899_999_100_000)]
    [InlineData(AmountConditionKind.Percentage, 1, 0, 0)]
    public void A_rule_allows_a_fixed_difference_for_absolute_and_a_share_of_our_total_rounded_down_for_percentage(
        AmountConditionKind kind, double tolerance, double ours, double allowed)
    {
        var condition = new AmountCondition(kind, (decimal)tolerance);

        Assert.Equal((decimal)allowed, condition.AllowedDifference((decimal)ours));
    }

    [Theory]
    // Within 0.01: a cent either way passes, two cents do not, on invoices and receipts alike.
    [InlineData(AmountConditionKind.Absolute, 0.01, 100.00, 100.01, true)]
    [InlineData(AmountConditionKind.Absolute, 0.01, 100.00, 99.99, true)]
    [InlineData(AmountConditionKind.Absolute, 0.01, 100.00, 100.02, false)]
    [InlineData(AmountConditionKind.Absolute, 0.01, -100.00, -100.01, true)]
    [InlineData(AmountConditionKind.Absolute, 0.01, -100.00, -99.98, false)]
    // A cent is 1 % of our 1.00 but more than 1 % of our 0.99, whichever way theirs lies.
    [InlineData(AmountConditionKind.Percentage, 1, 1.00, 1.01, true)]
    [InlineData(AmountConditionKind.Percentage, 1, 1.00, 0.99, true)]
    [InlineData(AmountConditionKind.Percentage, 1, 0.99, 1.00, false)]
    [InlineData(AmountConditionKind.Percentage, 1, 0.99, 0.98, false)]
    [InlineData(AmountConditionKind.Percentage, 1, -1.00, -1.01, true)]
    [InlineData(AmountConditionKind.Percentage, 1, -0.99, -1.00, false)]
    // A tolerance never reaches across zero, even when the gap is within it.
    [InlineData(AmountConditionKind.Absolute, 0.05, 0.01, -0.01, false)]
    [InlineData(AmountConditionKind.Percentage, 50, 0.02, 0, false)]
    // Equal totals agree under every condition.
    [InlineData(AmountConditionKind.Exact, 0, -0.01, -0.01, true)]
    [InlineData(AmountConditionKind.Exact, 0, 0.01, 0.02, false)]
    public void A_difference_passes_exactly_at_the_allowed_cent_and_not_a_cent_beyond(
        AmountConditionKind kind, double tolerance, double ours, double theirs, bool allowed)
    {
        var condition = new AmountCondition(kind, (decimal)tolerance);

        Assert.Equal(allowed, condition.Allows((decimal)ours, (decimal)theirs));
    }

    [Fact]
    public void Two_totals_of_one_sign_agree_exactly_when_their_difference_is_within_the_allowed_difference()
    {
        var conditions = new[]
        {
            AmountCondition.Exact, AmountCondition.Within(0.01m), AmountCondition.Within(1.00m), AmountCondition.WithinPercent(1m),
            AmountCondition.WithinPercent(0.5m), AmountCondition.WithinPercent(0.0125m),
        };
        var totals = new[] { 0.01m, 0.99m, 1.00m, 1.01m, 99.50m, 100.00m, 100.01m, 250.00m, 1_000_000.00m };
        var differences = new[] { 0m, 0.0001m, 0.0099m, 0.01m, 0.0101m, 0.5m, 0.5001m, 1.00m, 1.0001m, 2.50m, 125.00m, 125.0001m };

        foreach (var condition in conditions)
        {
            foreach (var ours in totals.Concat(totals.Select(t => -t)))
            {
                var allowed = condition.AllowedDifference(ours);
                foreach (var difference in differences.Concat(differences.Select(d => -d)))
                {
                    var theirs = ours + difference;
                    if (theirs != 0 && Math.Sign(theirs) == Math.Sign(ours))
                    {
                        Assert.True(condition.Allows(ours, theirs) == (Math.Abs(difference) <= allowed), $"{condition}: {ours} against {theirs}");
                    }
                }
            }
        }
    }

    [Theory]
    // Across February's end in a leap year and in a common year: the gap counts calendar days.
    [InlineData("2024-02-27", "2024-03-01", 3, true)]
    [InlineData("2024-02-27", "2024-03-02", 3, false)]
    [InlineData("2023-02-27", "2023-03-02", 3, true)]
    [InlineData("2023-02-27", "2023-03-03", 3, false)]
    [InlineData("2024-03-01", "2024-02-27", 3, true)]
    [InlineData("2024-03-01", "2024-02-26", 3, false)]
    // Across a 30-day and a 31-day month's end, and across the year's end.
    [InlineData("2024-04-30", "2024-05-03", 3, true)]
    [InlineData("2024-03-31", "2024-04-04", 3, false)]
    [InlineData("2024-12-31", "2025-01-03", 3, true)]
    [InlineData("2025-01-03", "2024-12-30", 3, false)]
    public void A_window_of_days_counts_calendar_days_across_month_and_year_ends(string ours, string theirs, int days, bool allowed)
    {
        Assert.Equal(allowed, DateWindow.Within(days).Allows(DateOnly.Parse(ours), DateOnly.Parse(theirs)));
    }

    [Theory]
    // Their date may be up to one day before ours and up to five after; the window is written from our side.
    [InlineData("2024-03-01", "2024-02-29", true)]
    [InlineData("2024-03-01", "2024-02-28", false)]
    [InlineData("2024-12-28", "2025-01-02", true)]
    [InlineData("2024-12-28", "2025-01-03", false)]
    public void An_uneven_window_is_written_from_our_date_across_month_ends(string ours, string theirs, bool allowed)
    {
        Assert.Equal(allowed, DateWindow.Between(daysBefore: 1, daysAfter: 5).Allows(DateOnly.Parse(ours), DateOnly.Parse(theirs)));
    }

    [Theory]
    [InlineData("2024-01-01", "2024-01-31", true)]
    [InlineData("2024-02-29", "2024-02-01", true)]
    [InlineData("2024-01-31", "2024-02-01", false)]
    [InlineData("2024-02-29", "2024-03-01", false)]
    [InlineData("2024-12-31", "2025-01-01", false)]
    // The same month of another year is another accounting period.
    [InlineData("2024-03-15", "2025-03-15", false)]
    public void A_same_month_window_is_the_calendar_month_of_the_year(string ours, string theirs, bool allowed)
    {
        Assert.Equal(allowed, DateWindow.SameMonth.Allows(DateOnly.Parse(ours), DateOnly.Parse(theirs)));
    }

    [Fact]
    public void Any_window_allows_dates_years_apart()
    {
        Assert.True(DateWindow.Any.Allows(new DateOnly(2001, 1, 1), new DateOnly(2030, 12, 31)));
    }

    [Theory]
    // 0.5 % of our 100.01 is 0.500050, so 0.5000 to four decimals: theirs 0.50 away passes, 0.5001 away does not.
    // Ours on 29 February, theirs on 3 March: three days apart across the month's end, at the window's bound.
    [InlineData(100.01, 100.51, -1, 2, true)]
    [InlineData(100.01, 100.5101, -1, 2, false)]
    [InlineData(-100.01, -99.51, -1, 2, true)]
    [InlineData(-100.01, -99.5099, -1, 2, false)]
    // 4 March is one day beyond.
    [InlineData(100.01, 100.51, -1, 3, false)]
    public void The_engine_matches_a_pair_exactly_when_the_rule_allows_its_amounts_and_dates(double ours, double theirs, int ourDay, int theirDay,
        bool allowed)
    {
        var rule = Rule(keys: [Document], amount: AmountCondition.WithinPercent(0.5m), window: DateWindow.Within(3));
        var (o, t) = ((decimal)ours, (decimal)theirs);

        var result = Run(rule, [Ours(1, o, day: ourDay, doc: "INV-1")], [Theirs(11, t, day: theirDay, doc: "INV-1")]);

        var ruleAllows = rule.Amount.Allows(o, t) && rule.Window.Allows(Day0.AddDays(ourDay), Day0.AddDays(theirDay));
        Assert.Equal(allowed, ruleAllows);
        Assert.Equal(allowed, result.Matches.Count == 1);
    }

    [Fact]
    public void The_engines_checks_decide_as_the_rule_does_for_every_window_and_at_the_tolerance_bound()
    {
        var windows = new[] { DateWindow.Within(3), DateWindow.Between(1, 5), DateWindow.Between(0, 0), DateWindow.SameMonth, DateWindow.Any };
        var days = Enumerable.Range(-40, 81).Select(d => Day0.AddDays(d)).ToArray();
        foreach (var window in windows)
        {
            var context = new RuleContext(Rule(window: window, amount: AmountCondition.WithinPercent(1m)), 0);
            foreach (var ours in days)
            {
                foreach (var theirs in days)
                {
                    Assert.True(window.Allows(ours, theirs) == context.WindowAllows(ours.DayNumber, theirs.DayNumber), $"{window}: {ours} against {theirs}");
                }

                // Every allowed day of theirs lies in the range the engine searches.
                var (from, to) = context.WindowRange(ours.DayNumber, anchorIsOurs: true);
                Assert.All(days.Where(theirs => window.Allows(ours, theirs)), theirs => Assert.InRange(theirs.DayNumber, from, to));
            }

            // 1 % of our 1.00 is one cent, in ten-thousandths 100.
            Assert.True(context.AmountAllows(10_000, 10_100));
            Assert.False(context.AmountAllows(9_900, 10_000));
            Assert.Equal(AmountCondition.WithinPercent(1m).Allows(0.99m, 1.00m), context.AmountAllows(9_900, 10_000));
        }
    }

    [Fact]
    public void A_group_fits_the_window_exactly_when_every_pair_of_its_items_does()
    {
        var windows = new[] { DateWindow.Within(3), DateWindow.Between(1, 5), DateWindow.SameMonth, DateWindow.Any };
        var random = new Random(20240229);
        foreach (var window in windows)
        {
            var context = new RuleContext(Rule(window: window), 0);
            for (var trial = 0; trial < 2_000; trial++)
            {
                var ours = Enumerable.Range(0, random.Next(1, 4)).Select(_ => Day0.AddDays(random.Next(-35, 35))).ToArray();
                var theirs = Enumerable.Range(0, random.Next(1, 4)).Select(_ => Day0.AddDays(random.Next(-35, 35))).ToArray();

                var everyPair = ours.All(o => theirs.All(t => window.Allows(o, t)));

                Assert.Equal(everyPair, context.GroupWindowAllows(ours.Min().DayNumber, ours.Max().DayNumber, theirs.Min().DayNumber, theirs.Max().DayNumber));
            }
        }
    }
}
