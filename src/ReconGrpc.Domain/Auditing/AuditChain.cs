using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ReconGrpc.Domain.Auditing;

/// <summary>The hash chain over audit entries, and its verification.</summary>
public static class AuditChain
{
    /// <summary>
    /// SHA-256 over the previous hash and every field of the entry. Each field is length-prefixed so that
    /// moving characters from one field to the next changes the hash. Time is hashed as UTC ticks. The person
    /// comes last and only when present: an entry without one hashes as entries did before the field existed.
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
        if (entry.Person is not null)
        {
            AppendText(hash, entry.Person);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Checks a whole chain held in memory; see <see cref="AuditChainVerifier"/> for the streaming form.</summary>
    public static ChainVerdict Verify(IEnumerable<AuditEntry> entriesInOrder, long expectedLastSequence, string expectedLastHash)
    {
        var verifier = new AuditChainVerifier();
        foreach (var entry in entriesInOrder)
        {
            if (!verifier.Accept(entry))
            {
                break;
            }
        }

        return verifier.Finish(expectedLastSequence, expectedLastHash);
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


/// <summary>
/// Walks entries in sequence order, one at a time so a long log needs no memory, and stops at the first
/// break: a gap in the sequence (a removed entry), a link that does not point at the previous hash, or a hash
/// that does not match its fields (an edit). <see cref="Finish"/> also compares the end with the log head,
/// which catches entries cut off the end.
/// </summary>
public sealed class AuditChainVerifier
{
    private long _expectedSequence = 1;
    private string _previousHash = "";
    private long _checked;
    private ChainVerdict? _broken;

    /// <summary>Checks the next entry; false once the chain is broken (later entries are not looked at).</summary>
    public bool Accept(AuditEntry entry)
    {
        if (_broken is not null)
        {
            return false;
        }

        _checked++;
        if (entry.Sequence != _expectedSequence)
        {
            _broken = ChainVerdict.Broken(_checked, _expectedSequence,
                $"entry {_expectedSequence} is missing (the next entry present is {entry.Sequence})");
        }
        else if (entry.PreviousHash != _previousHash)
        {
            _broken = ChainVerdict.Broken(_checked, entry.Sequence,
                $"entry {entry.Sequence} does not link to the hash of entry {entry.Sequence - 1}");
        }
        else if (AuditChain.ComputeHash(entry) != entry.Hash)
        {
            _broken = ChainVerdict.Broken(_checked, entry.Sequence,
                $"entry {entry.Sequence} was changed after it was written (its hash no longer matches its fields)");
        }
        else
        {
            _previousHash = entry.Hash;
            _expectedSequence++;
        }

        return _broken is null;
    }

    /// <summary>The verdict, given the sequence and hash the log head records as the newest entry.</summary>
    public ChainVerdict Finish(long headSequence, string headHash)
    {
        if (_broken is not null)
        {
            return _broken;
        }

        var last = _expectedSequence - 1;
        if (last != headSequence || _previousHash != headHash)
        {
            return ChainVerdict.Broken(_checked, last + 1,
                $"the chain ends at entry {last} but the log head records entry {headSequence}: entries were removed from the end");
        }

        return ChainVerdict.Intact(_checked);
    }
}
