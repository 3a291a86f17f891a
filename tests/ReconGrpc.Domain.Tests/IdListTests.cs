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
}
