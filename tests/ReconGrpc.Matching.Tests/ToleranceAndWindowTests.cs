using static ReconGrpc.Matching.Tests.Item;
using static ReconGrpc.Matching.Tests.Recon;

namespace ReconGrpc.Matching.Tests;

/// <summary>Amount tolerances and date windows exactly at their bound pass; one minor unit or one day beyond does not.</summary>
public sealed class ToleranceAndWindowTests
{
    [Theory]
    [InlineData(AmountConditionKind.Exact, 0, 1234.56, 0)]
    [InlineData(AmountConditionKind.Absolute, 1.00, -1234.56, 1.00)]
    [InlineData(AmountConditionKind.Percentage, 1, -2000.00, 20.00)]
    [InlineData(AmountConditionKind.Percentage, 0.5, 100.01, 0.5000)]
    public void The_allowed_difference_is_what_the_engine_allows_for_our_total(AmountConditionKind kind, double tolerance, double ours, double allowed)
    {
        var condition = new AmountCondition(kind, (decimal)tolerance);
        var o = (decimal)ours;

        var difference = condition.AllowedDifference(o);

        Assert.Equal((decimal)allowed, difference);
        // The bound passes and one ten-thousandth beyond does not, as the engine decides a pair.
        var beyond = difference + 0.0001m;
        Assert.True(condition.Allows(o, o + Math.Sign(o) * difference));
        Assert.False(condition.Allows(o, o + Math.Sign(o) * beyond));
    }

    [Theory]
    [InlineData(100.00, 101.00, true)]
    [InlineData(100.00, 99.00, true)]
    [InlineData(100.00, 101.01, false)]
    [InlineData(100.00, 98.99, false)]
    [InlineData(-100.00, -101.00, true)]
    [InlineData(-100.00, -101.01, false)]
    [InlineData(100.00, 101.0001, false)]
    public void Absolute_tolerance_passes_exactly_at_the_bound_and_not_a_minor_unit_beyond(double ours, double theirs, bool matched)
    {
        var (o, t) = ((decimal)ours, (decimal)theirs);
        var result = Run(Rule(keys: [Document], amount: AmountCondition.Within(1.00m)),
            [Ours(1, o, doc: "INV-1")], [Theirs(11, t, doc: "INV-1")]);

        Assert.Equal(matched, AmountCondition.Within(1.00m).Allows(o, t));
        if (matched)
        {
            var match = Assert.Single(result.Matches);
            Assert.Equal(t - o, match.Difference);
        }
        else
        {
            Assert.Empty(result.Matches);
            var e = ExceptionOf(result, Side.Ours, 1);
            Assert.Equal(ExceptionReason.AmountDiffers, e.Reason);
            Assert.Equal(11, e.Counterpart!.Id);
            Assert.Equal(t - o, e.Difference);
        }
    }

    [Theory]
    // 1 % of our 250.00 is 2.50.
    [InlineData(250.00, 252.50, true)]
    [InlineData(250.00, 247.50, true)]
    [InlineData(250.00, 252.51, false)]
    [InlineData(250.00, 247.49, false)]
    [InlineData(-250.00, -252.50, true)]
    [InlineData(-250.00, -252.51, false)]
    // The percentage is of our total, not theirs: 2.50 is 1 % of their 250.00 but more than 1 % of our 247.50.
    [InlineData(247.50, 250.00, false)]
    public void Percentage_tolerance_is_of_our_total_and_passes_exactly_at_the_bound(double ours, double theirs, bool matched)
    {
        var (o, t) = ((decimal)ours, (decimal)theirs);
        var result = Run(Rule(keys: [Document], amount: AmountCondition.WithinPercent(1m)),
            [Ours(1, o, doc: "INV-1")], [Theirs(11, t, doc: "INV-1")]);

        Assert.Equal(matched, AmountCondition.WithinPercent(1m).Allows(o, t));
        Assert.Equal(matched ? 1 : 0, result.Matches.Count);
        if (!matched)
        {
            Assert.Equal(ExceptionReason.AmountDiffers, ExceptionOf(result, Side.Theirs, 11).Reason);
        }
    }

    [Fact]
    public void A_fractional_percentage_is_applied_to_four_decimals()
    {
        // 0.0125 % of 1,000,000.00 is 125.00.
        var rule = Rule(keys: [Document], amount: AmountCondition.WithinPercent(0.0125m));

        Assert.Single(Run(rule, [Ours(1, 1_000_000m, doc: "A")], [Theirs(11, 1_000_125m, doc: "A")]).Matches);
        Assert.Empty(Run(rule, [Ours(1, 1_000_000m, doc: "A")], [Theirs(11, 1_000_125.01m, doc: "A")]).Matches);
    }

    [Theory]
    [InlineData(0.40, -0.40)]
    [InlineData(-0.30, 0.30)]
    [InlineData(0.50, 0)]
    public void Tolerance_never_bridges_a_change_of_sign(double ours, double theirs)
    {
        var (o, t) = ((decimal)ours, (decimal)theirs);
        var result = Run(Rule(keys: [Document], amount: AmountCondition.Within(1m)),
            [Ours(1, o, doc: "A")], [Theirs(11, t, doc: "A")]);

        Assert.False(AmountCondition.Within(1m).Allows(o, t));
        Assert.Empty(result.Matches);
        Assert.Equal(ExceptionReason.AmountDiffers, ExceptionOf(result, Side.Ours, 1).Reason);
    }

    [Theory]
    [InlineData(AmountConditionKind.Absolute)]
    [InlineData(AmountConditionKind.Percentage)]
    public void Equal_totals_agree_under_a_tolerance_zero_against_zero_included(AmountConditionKind kind)
    {
        var amount = new AmountCondition(kind, 1m);
        var rule = Rule(keys: [Document], amount: amount);

        Assert.True(amount.Allows(0m, 0m));
        Assert.True(amount.Allows(-5m, -5m));
        Assert.Single(Run(rule, [Ours(1, 0m, doc: "A")], [Theirs(11, 0m, doc: "A")]).Matches);
        // A zero-sum group (a charge and its reversal) against a zero line.
        Assert.Single(Run(Rule(keys: [Document], amount: amount, cardinality: Cardinality.ManyToOne),
            [Ours(1, 30m, doc: "A"), Ours(2, -30m, doc: "A")], [Theirs(11, 0m, doc: "A")]).Matches);
    }

    [Fact]
    public void Tolerance_never_bridges_a_change_of_sign_in_a_group_either()
    {
        // Their two lines net to +0.40 against our -0.40: within 1.00 in size, but the wrong way round.
        var result = Run(Rule(keys: [Customer], amount: AmountCondition.Within(1m), cardinality: Cardinality.OneToMany),
            [Ours(1, -0.40m, customer: "C")], [Theirs(11, 0.10m, customer: "C"), Theirs(12, 0.30m, customer: "C")]);

        Assert.Empty(result.Matches);
    }

    [Theory]
    [InlineData(3, true)]
    [InlineData(-3, true)]
    [InlineData(4, false)]
    [InlineData(-4, false)]
    public void A_date_window_passes_exactly_at_the_bound_and_not_a_day_beyond(int theirDay, bool matched)
    {
        var result = Run(Rule(keys: [Document], window: DateWindow.Within(3)),
            [Ours(1, 100m, day: 0, doc: "A")], [Theirs(11, 100m, day: theirDay, doc: "A")]);

        Assert.Equal(matched ? 1 : 0, result.Matches.Count);
        if (!matched)
        {
            var e = ExceptionOf(result, Side.Ours, 1);
            Assert.Equal(ExceptionReason.DateOutsideWindow, e.Reason);
            Assert.Equal(theirDay, e.DayGap);
            Assert.Equal(0m, e.Difference);
        }
    }

    [Theory]
    [InlineData(-2, true)]
    [InlineData(-3, false)]
    [InlineData(5, true)]
    [InlineData(6, false)]
    public void An_uneven_window_counts_days_before_and_after_our_date_separately(int theirDay, bool matched)
    {
        var window = DateWindow.Between(daysBefore: 2, daysAfter: 5);
        var result = Run(Rule(keys: [Document], window: window),
            [Ours(1, 100m, day: 0, doc: "A")], [Theirs(11, 100m, day: theirDay, doc: "A")]);

        Assert.Equal(matched, window.Allows(Day0, Day0.AddDays(theirDay)));
        Assert.Equal(matched ? 1 : 0, result.Matches.Count);
    }

    [Fact]
    public void A_same_month_window_follows_the_calendar_month()
    {
        var rule = Rule(keys: [Document], window: DateWindow.SameMonth);
        var march31 = new DateOnly(2024, 3, 31);

        var sameMonth = Run(rule, [Ours(1, 100m, day: 30, doc: "A")], [Theirs(11, 100m, day: 0, doc: "A")]);
        var nextMonth = Run(rule, [Ours(1, 100m, day: 30, doc: "A")], [Theirs(11, 100m, day: 31, doc: "A")]);

        Assert.Equal(march31, Day0.AddDays(30));
        Assert.Single(sameMonth.Matches);
        Assert.Empty(nextMonth.Matches);
        Assert.Equal(ExceptionReason.DateOutsideWindow, ExceptionOf(nextMonth, Side.Ours, 1).Reason);
    }

    [Fact]
    public void A_group_must_fit_the_window_for_every_pair_of_its_items()
    {
        var rule = Rule(keys: [Customer], window: DateWindow.Within(3), cardinality: Cardinality.ManyToMany);
        // Ours on days 0 and 3, theirs on day 3: every pair at most 3 apart.
        var inside = Run(rule, [Ours(1, 60m, day: 0, customer: "C"), Ours(2, 40m, day: 3, customer: "C")],
            [Theirs(11, 30m, day: 3, customer: "C"), Theirs(12, 70m, day: 3, customer: "C")]);
        // Ours on day 0 and theirs on day 4: one pair 4 apart.
        var outside = Run(rule, [Ours(1, 60m, day: 0, customer: "C"), Ours(2, 40m, day: 3, customer: "C")],
            [Theirs(11, 30m, day: 3, customer: "C"), Theirs(12, 70m, day: 4, customer: "C")]);

        Assert.Single(inside.Matches);
        Assert.Equal(3, inside.Matches[0].MaxDayGap);
        Assert.Empty(outside.Matches);
    }

    [Fact]
    public void A_grouped_tolerance_passes_exactly_at_the_bound()
    {
        var rule = Rule(keys: [Customer], amount: AmountCondition.Within(1m), cardinality: Cardinality.OneToMany);

        var atBound = Run(rule, [Ours(1, -1000m, customer: "C")], [Theirs(11, -400m, customer: "C"), Theirs(12, -599m, customer: "C")]);
        var beyond = Run(rule, [Ours(1, -1000m, customer: "C")], [Theirs(11, -400m, customer: "C"), Theirs(12, -598.99m, customer: "C")]);

        Assert.Equal(1m, Assert.Single(atBound.Matches).Difference);
        Assert.Empty(beyond.Matches);
    }

    [Fact]
    public void In_a_many_to_one_group_the_percentage_is_of_our_total_of_the_group()
    {
        var rule = Rule(keys: [Customer], amount: AmountCondition.WithinPercent(1m), cardinality: Cardinality.ManyToOne);

        // 1 % of our -990.10 is 9.901: their -1000 is 9.90 away.
        var inside = Run(rule, [Ours(1, -500m, customer: "C"), Ours(2, -490.10m, customer: "C")], [Theirs(11, -1000m, customer: "C")]);
        // 1 % of our -990.00 is 9.90: their -1000 is 10.00 away (though 10.00 is 1 % of theirs).
        var outside = Run(rule, [Ours(1, -500m, customer: "C"), Ours(2, -490m, customer: "C")], [Theirs(11, -1000m, customer: "C")]);

        Assert.Equal(-9.9m, Assert.Single(inside.Matches).Difference);
        Assert.Empty(outside.Matches);
    }
}
