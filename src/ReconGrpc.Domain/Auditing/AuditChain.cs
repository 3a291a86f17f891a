using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ReconGrpc.Domain.Auditing;

/// <summary>The hash chain over audit entries, and its verification.</summary>
public static class AuditChain
{
    /// <summary>
    /// SHA-256 over the previous hash and every field of the entry. Each field is length-prefixed so that
    /// moving characters from one field to the next changes the hash. Time is hashed as UTC ticks.
    /// </summary>
    public static string ComputeHash(AuditEntry entry)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendText(hash, entry.PreviousHash);
        AppendNumber(hash, entry.Sequence);
        AppendNumber(hash, entry.Time.UtcTicks);
        AppendText(hash, entry.Actor);
        AppendText(hash, entry.Action);
        AppendText(hash, entry.EntityType);
        AppendText(hash, entry.EntityId);
        AppendText(hash, entry.BeforeJson);
        AppendText(hash, entry.AfterJson);
        AppendText(hash, entry.Reason);
        AppendText(hash, entry.TraceId);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// Walks entries in sequence order and returns the first break: a gap in the sequence (a removed entry),
    /// a link that does not point at the previous hash, or a hash that does not match its fields (an edit).
    /// </summary>
    public static ChainVerdict Verify(IEnumerable<AuditEntry> entriesInOrder, long expectedLastSequence, string expectedLastHash)
    {
        long expectedSequence = 1;
        var previousHash = "";
        long checkedCount = 0;
        foreach (var entry in entriesInOrder)
        {
            checkedCount++;
            if (entry.Sequence != expectedSequence)
            {
                return ChainVerdict.Broken(checkedCount, expectedSequence,
                    $"entry {expectedSequence} is missing (the next entry present is {entry.Sequence})");
            }

            if (entry.PreviousHash != previousHash)
            {
                return ChainVerdict.Broken(checkedCount, entry.Sequence,
                    $"entry {entry.Sequence} does not link to the hash of entry {entry.Sequence - 1}");
            }

            if (ComputeHash(entry) != entry.Hash)
            {
                return ChainVerdict.Broken(checkedCount, entry.Sequence,
                    $"entry {entry.Sequence} was changed after it was written (its hash no longer matches its fields)");
            }

            previousHash = entry.Hash;
            expectedSequence++;
        }

        var last = expectedSequence - 1;
        if (last != expectedLastSequence || previousHash != expectedLastHash)
        {
            return ChainVerdict.Broken(checkedCount, last + 1,
                $"the chain ends at entry {last} but the log head records entry {expectedLastSequence}: entries were removed from the end");
        }

        return ChainVerdict.Intact(checkedCount);
    }

    private static void AppendText(IncrementalHash hash, string? text)
    {
        if (text is null)
        {
            AppendNumber(hash, -1);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        AppendNumber(hash, bytes.Length);
        hash.AppendData(bytes);
    }

    private static void AppendNumber(IncrementalHash hash, long value)
    {
        Span<byte> buffer = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(buffer, value);
        hash.AppendData(buffer);
    }
}

/// <summary>The outcome of <see cref="AuditChain.Verify"/>.</summary>
public sealed record ChainVerdict(bool IsIntact, long EntriesChecked, long FirstBrokenSequence, string Problem)
{
    public static ChainVerdict Intact(long count) => new(true, count, 0, "");

    public static ChainVerdict Broken(long count, long sequence, string problem) => new(false, count, sequence, problem);
}

