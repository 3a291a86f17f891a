using System.Reflection;
using ReconGrpc.Domain.Auditing;

namespace ReconGrpc.Domain.Tests;

public sealed class AuditChainTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private static List<AuditEntry> Chain(int length)
    {
        var entries = new List<AuditEntry>();
        for (var i = 0; i < length; i++)
        {
            var previous = entries.LastOrDefault();
            entries.Add(AuditEntry.Append(previous?.Sequence ?? 0, previous?.Hash ?? "",
                new AuditRecord("k_1", "category.create", "category", $"0{i}", null, $"{{\"code\":\"0{i}\"}}"), Now.AddSeconds(i)));
        }

        return entries;
    }

    [Fact]
    public void An_untouched_chain_is_intact()
    {
        var chain = Chain(5);

        var verdict = AuditChain.Verify(chain, 5, chain[^1].Hash);

        Assert.True(verdict.IsIntact);
        Assert.Equal(5, verdict.EntriesChecked);
    }

    [Fact]
    public void An_edited_field_breaks_that_entry()
    {
        var chain = Chain(5);
        typeof(AuditEntry).GetProperty(nameof(AuditEntry.AfterJson))!.SetValue(chain[2], "{\"code\":\"99\"}");

        var verdict = AuditChain.Verify(chain, 5, chain[^1].Hash);

        Assert.False(verdict.IsIntact);
        Assert.Equal(3, verdict.FirstBrokenSequence);
    }

    [Fact]
    public void A_removed_entry_is_reported_missing()
    {
        var chain = Chain(5);
        chain.RemoveAt(1);

        var verdict = AuditChain.Verify(chain, 5, chain[^1].Hash);

        Assert.Equal(2, verdict.FirstBrokenSequence);
        Assert.Contains("missing", verdict.Problem);
    }

    [Fact]
    public void Entries_cut_off_the_end_are_caught_by_the_head()
    {
        var chain = Chain(5);
        var head = chain[^1].Hash;
        chain.RemoveAt(4);

        var verdict = AuditChain.Verify(chain, 5, head);

        Assert.False(verdict.IsIntact);
        Assert.Equal(5, verdict.FirstBrokenSequence);
    }

    [Fact]
    public void Moving_text_between_fields_changes_the_hash()
    {
        var a = AuditEntry.Append(0, "", new AuditRecord("k_1", "ab", "c", "d", null, null), Now);
        var b = AuditEntry.Append(0, "", new AuditRecord("k_1", "a", "bc", "d", null, null), Now);

        Assert.NotEqual(a.Hash, b.Hash);
    }
}
