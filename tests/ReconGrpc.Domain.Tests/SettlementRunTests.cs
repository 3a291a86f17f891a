using ReconGrpc.Domain;
using ReconGrpc.Domain.Platforms;

namespace ReconGrpc.Domain.Tests;

/// <summary>A three-way run's rules of its own: its period and statements, and that it ends once.</summary>
public sealed class SettlementRunTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 2, 9, 0, 0, TimeSpan.Zero);

    private static SettlementRun Start() => SettlementRun.Start(1, 2, 3, new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), "ALIPAY", null, "key", Now);

    [Fact]
    public void A_completed_run_stays_completed_when_its_caller_goes_away_afterwards()
    {
        var run = Start();
        run.Complete(12, 4, Now);

        run.End(cancelled: true, null, Now.AddSeconds(1));

        Assert.Equal((SettlementRunStatus.Completed, 12, 4, (string?)null), (run.Status, run.ItemCount, run.ExceptionCount, run.Failure));
    }

    [Fact]
    public void A_running_run_ends_cancelled_or_failed_with_its_reason()
    {
        var (cancelled, failed) = (Start(), Start());

        cancelled.End(cancelled: true, null, Now);
        failed.End(cancelled: false, new string('x', SettlementRun.MaxFailureLength + 10), Now);

        Assert.Equal(SettlementRunStatus.Cancelled, cancelled.Status);
        Assert.Equal((SettlementRunStatus.Failed, SettlementRun.MaxFailureLength), (failed.Status, failed.Failure!.Length));
    }

    [Theory]
    [InlineData(1, 1, 3, 1, 31, null, "settlement_run.statements")]
    [InlineData(1, 2, 2, 1, 31, null, "settlement_run.statements")]
    [InlineData(1, 2, 3, 31, 1, null, "settlement_run.period")]
    [InlineData(1, 2, 3, 1, 31, 32, "settlement_run.payout_days")]
    public void A_run_refuses_statements_that_are_not_three_a_period_backwards_and_payout_days_past_a_month(long orders, long bill, long bank, int startDay,
        int endDay, int? payoutDays, string rule)
    {
        var error = Assert.Throws<RuleViolation>(() => SettlementRun.Start(orders, bill, bank, new DateOnly(2026, 3, startDay), new DateOnly(2026, 3, endDay),
            null, payoutDays, "key", Now));

        Assert.Equal(rule, error.Rule);
    }
}
