using System.Reflection;
using ReconGrpc.Domain.Auditing;

namespace ReconGrpc.Domain.Tests;

public sealed class AuditChainTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private static readonly AuditKey Key = AuditKey.FromText("test-audit-key-0123456789-abcdefghijklmnop");

    /// <summary>A chain of <paramref name="length"/> entries; the first <paramref name="unkeyed"/> sealed as before the key.</summary>
    private static List<AuditEntry> Chain(int length, int unkeyed = 0, AuditKey? key = null)
    {
        var entries = new List<AuditEntry>();
        for (var i = 0; i < length; i++)
        {
            var previous = entries.LastOrDefault();
            entries.Add(AuditEntry.Append(previous?.Sequence ?? 0, previous?.Hash ?? "",
                new AuditRecord("k_1", "category.create", "category", $"0{i}", null, $"{{\"code\":\"0{i}\"}}"), Now.AddSeconds(i),
                i < unkeyed ? null : key ?? Key));
        }

        return entries;
    }

    private static AuditHead HeadAt(AuditEntry entry)
    {
        var head = new AuditHead();
        head.Advance(entry);
        return head;
    }

    [Fact]
    public void An_untouched_chain_is_intact()
    {
        var chain = Chain(5);

        var verdict = AuditChain.Verify(chain, Key, HeadAt(chain[^1]));

        Assert.True(verdict.IsIntact);
        Assert.Equal(5, verdict.EntriesChecked);
    }

    [Fact]
    public void An_edited_field_breaks_that_entry()
    {
        var chain = Chain(5);
        typeof(AuditEntry).GetProperty(nameof(AuditEntry.AfterJson))!.SetValue(chain[2], "{\"code\":\"99\"}");

        var verdict = AuditChain.Verify(chain, Key, HeadAt(chain[^1]));

        Assert.False(verdict.IsIntact);
        Assert.Equal(3, verdict.FirstBrokenSequence);
    }

    [Fact]
    public void A_removed_entry_is_reported_missing()
    {
        var chain = Chain(5);
        chain.RemoveAt(1);

        var verdict = AuditChain.Verify(chain, Key, HeadAt(chain[^1]));

        Assert.Equal(2, verdict.FirstBrokenSequence);
        Assert.Contains("missing", verdict.Problem);
    }

    [Fact]
    public void Entries_cut_off_the_end_are_caught_by_the_head()
    {
        var chain = Chain(5);
        var head = HeadAt(chain[^1]);
        chain.RemoveAt(4);

        var verdict = AuditChain.Verify(chain, Key, head);

        Assert.False(verdict.IsIntact);
        Assert.Equal(5, verdict.FirstBrokenSequence);
    }

    [Fact]
    public void Moving_text_between_fields_changes_the_hash()
    {
        var a = AuditEntry.Append(0, "", new AuditRecord("k_1", "ab", "c", "d", null, null), Now, Key);
        var b = AuditEntry.Append(0, "", new AuditRecord("k_1", "a", "bc", "d", null, null), Now, Key);

        Assert.NotEqual(a.Hash, b.Hash);
    }

    [Fact]
    public void A_chain_begun_before_the_key_verifies_with_its_unkeyed_entries()
    {
        var chain = Chain(5, unkeyed: 3);

        var verdict = AuditChain.Verify(chain, Key, HeadAt(chain[^1]));

        Assert.True(verdict.IsIntact, verdict.Problem);
        Assert.Null(chain[2].KeyId);
        Assert.Equal(Key.Id, chain[3].KeyId);
    }

    [Fact]
    public void An_entry_sealed_with_the_public_algorithm_after_keyed_ones_is_caught()
    {
        // What rewriting the chain with plain SHA-256 from entry 3 on looks like: every link and hash holds.
        var keyed = Chain(2);
        var rewritten = Chain(5, unkeyed: 5).Skip(2).ToList();
        var relinked = new List<AuditEntry>(keyed);
        foreach (var entry in rewritten)
        {
            var previous = relinked[^1];
            relinked.Add(AuditEntry.Append(previous.Sequence, previous.Hash,
                new AuditRecord(entry.Actor, entry.Action, entry.EntityType, entry.EntityId, null, entry.AfterJson), entry.Time, key: null));
        }

        var verdict = AuditChain.Verify(relinked, Key, HeadAt(relinked[^1]));

        Assert.False(verdict.IsIntact);
        Assert.Equal(3, verdict.FirstBrokenSequence);
        Assert.Contains("plain SHA-256", verdict.Problem);
    }

    [Fact]
    public void A_chain_sealed_with_another_key_is_reported_as_such()
    {
        var chain = Chain(3, key: AuditKey.FromText("another-audit-key-0123456789-abcdefghijk"));

        var verdict = AuditChain.Verify(chain, Key, HeadAt(chain[^1]));

        Assert.Equal(1, verdict.FirstBrokenSequence);
        Assert.Contains("audit key", verdict.Problem);
    }

    [Fact]
    public void An_entry_beyond_the_head_is_caught()
    {
        var chain = Chain(4);

        var verdict = AuditChain.Verify(chain, Key, HeadAt(chain[2]));

        Assert.Equal(4, verdict.FirstBrokenSequence);
        Assert.Contains("beyond the log head", verdict.Problem);
    }

    [Fact]
    public void A_missing_head_is_reported()
    {
        var verdict = AuditChain.Verify(Chain(3), Key, head: null);

        Assert.False(verdict.IsIntact);
        Assert.Contains("head row is missing", verdict.Problem);
    }

    [Fact]
    public void Checkpoints_catch_the_head_moved_back_and_a_replaced_entry()
    {
        var chain = Chain(5);
        var checkpoints = chain.Select(e => AuditCheckpoint.Of(e.Sequence, e.Hash)).ToList();
        var cut = chain.Take(4).ToList();
        var replaced = Chain(4);
        replaced.Add(AuditEntry.Append(4, replaced[^1].Hash, new AuditRecord("k_2", "category.create", "category", "99", null, null), Now, Key));

        var cutVerdict = AuditChain.Verify(cut, Key, HeadAt(cut[^1]), checkpoints);
        var replacedVerdict = AuditChain.Verify(replaced, Key, HeadAt(replaced[^1]), checkpoints);

        Assert.Equal(5, cutVerdict.FirstBrokenSequence);
        Assert.Contains("checkpoint file records entry 5", cutVerdict.Problem);
        Assert.Equal(5, replacedVerdict.FirstBrokenSequence);
        Assert.Contains("checkpoint", replacedVerdict.Problem);
    }

    [Fact]
    public void A_short_key_is_refused()
    {
        Assert.Throws<ArgumentException>(() => AuditKey.FromText("short"));
    }
}
