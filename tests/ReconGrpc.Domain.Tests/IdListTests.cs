using ReconGrpc.Matching;
using ReconGrpc.Domain.Reconciliation;

namespace ReconGrpc.Domain.Tests;

public sealed class IdListTests
{
    [Theory]
    [InlineData(new long[] { 42 }, "42")]
    [InlineData(new long[] { 30, 7, 1_000_000_000_001 }, "7,30,1000000000001")]
    [InlineData(new long[] { }, "")]
    public void Ids_are_kept_sorted_and_comma_separated_and_read_back(long[] ids, string stored)
    {
        Assert.Equal(stored, IdList.Format(ids));
        Assert.Equal(ids.Order(), IdList.Parse(stored));
    }

    [Fact]
    public void A_match_from_the_engine_keeps_its_ids_ascending_whatever_order_they_come_in_and_leaves_the_caller_s_array_alone()
    {
        long[] ours = [9, 3, 5], theirs = [1, 2];
        var match = RunMatch.FromEngine(1, 0, "exact", MatchDecision.Accepted, ours, theirs, "CNY", 10m, 10m);

        Assert.Equal([3L, 5, 9], match.OurIdList);
        Assert.Equal("3,5,9", match.OurIds);
        Assert.Equal([1L, 2], match.TheirIdList);
        Assert.Equal([9L, 3, 5], ours);
    }
}
