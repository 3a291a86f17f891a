using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ReconGrpc.Domain.Auditing;

/// <summary>The hash chain over audit entries, and its verification.</summary>
public static class AuditChain
{
    /// <summary>
    /// The seal over the previous hash and every field of the entry: HMAC-SHA256 under <paramref name="key"/> for a
    /// keyed entry, plain SHA-256 for one from before the chain was keyed (no <see cref="AuditEntry.KeyId"/>). Each
    /// field is length-prefixed so that moving characters from one field to the next changes the hash. Time is
    /// hashed as UTC ticks. The person comes after the trace id and only when present: an entry without one hashes
    /// as entries did before the field existed. A keyed entry also seals its key id.
    /// </summary>
    public static string ComputeHash(AuditEntry entry, AuditKey? key)
    {
        if (entry.KeyId is not null && (key is null || key.Id != entry.KeyId))
        {
            throw new ArgumentException($"Entry {entry.Sequence} was sealed with audit key {entry.KeyId}, not with the key given.", nameof(key));
        }

        using var hash = entry.KeyId is null ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : key!.CreateHash();
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

        if (entry.KeyId is not null)
        {
            AppendText(hash, entry.KeyId);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Checks a whole chain held in memory; see <see cref="AuditChainVerifier"/> for the streaming form.</summary>
    public static ChainVerdict Verify(IEnumerable<AuditEntry> entriesInOrder, AuditKey key, AuditHead? head, IReadOnlyList<AuditCheckpoint>? checkpoints = null)
    {
        var verifier = new AuditChainVerifier(key, head, checkpoints ?? []);
        foreach (var entry in entriesInOrder)
        {
            if (!verifier.Accept(entry))
            {
                break;
            }
        }

        return verifier.Finish();
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
/// The chain's newest link as it stood at some moment, kept outside the database (see the checkpoint file in
/// docs/operations.md). Only the first 64 bits of the hash are kept: enough to tell a rewritten entry, in 16 bytes a
/// checkpoint, so that a log of millions of writes is checked in little memory.
/// </summary>
public readonly record struct AuditCheckpoint(long Sequence, ulong HashPrefix)
{
    public static AuditCheckpoint Of(long sequence, string hash) => new(sequence, Prefix(hash));

    public bool Matches(string hash) => hash.Length >= 16 && Prefix(hash) == HashPrefix;

    private static ulong Prefix(string hash) =>
        ulong.TryParse(hash.AsSpan(0, Math.Min(16, hash.Length)), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value) && hash.Length >= 16
            ? value
            : throw new FormatException("An audit hash is 64 hex digits.");
}

/// <summary>
/// Walks entries in sequence order, one at a time so a long log needs no memory, and stops at the first
/// break: a gap in the sequence (a removed entry), an entry beyond the head (one added outside the server), a link
/// that does not point at the previous hash, an entry sealed without the key after keyed ones, with another key, or
/// whose hash does not match its fields (an edit), or one that differs from a checkpoint taken when it was written
/// (a rewrite). <see cref="Finish"/> also compares the end with the log head and the newest checkpoint, which
/// catches entries cut off the end.
/// </summary>
public sealed class AuditChainVerifier
{
    private readonly AuditKey _key;
    private readonly AuditHead? _head;
    private readonly AuditCheckpoint[] _checkpoints;
    private int _nextCheckpoint;
    private long _expectedSequence = 1;
    private string _previousHash = "";
    private bool _keyedSeen;
    private long _checked;
    private ChainVerdict? _broken;

    /// <param name="head">The log head row; null when it is missing from the database.</param>
    /// <param name="checkpoints">Checkpoints taken outside the database, in any order.</param>
    public AuditChainVerifier(AuditKey key, AuditHead? head, IEnumerable<AuditCheckpoint> checkpoints)
    {
        _key = key;
        _head = head;
        _checkpoints = [.. checkpoints.OrderBy(c => c.Sequence)];
    }

    /// <summary>Checks the next entry; false once the chain is broken (later entries are not looked at).</summary>
    public bool Accept(AuditEntry entry)
    {
        if (_broken is not null)
        {
            return false;
        }

        _checked++;
        _broken = FindBreak(entry);
        if (_broken is null)
        {
            _previousHash = entry.Hash;
            _keyedSeen |= entry.KeyId is not null;
            _expectedSequence++;
        }

        return _broken is null;
    }

    private ChainVerdict? FindBreak(AuditEntry entry)
    {
        var sequence = entry.Sequence;
        if (sequence != _expectedSequence)
        {
            return Broken(_expectedSequence, $"entry {_expectedSequence} is missing (the next entry present is {sequence})");
        }

        if (_head is not null && sequence > _head.LastSequence)
        {
            return Broken(sequence,
                $"entry {sequence} lies beyond the log head, which records entry {_head.LastSequence} as the newest: it was added outside the server");
        }

        if (entry.PreviousHash != _previousHash)
        {
            return Broken(sequence, $"entry {sequence} does not link to the hash of entry {sequence - 1}");
        }

        if (entry.KeyId is null && _keyedSeen)
        {
            return Broken(sequence,
                $"entry {sequence} is sealed with plain SHA-256 after entries sealed with the audit key: it was written or rewritten outside the server");
        }

        if (entry.KeyId is not null && entry.KeyId != _key.Id)
        {
            return Broken(sequence,
                $"entry {sequence} was sealed with audit key {entry.KeyId}, but this server's key is {_key.Id}: the key was changed or lost (Audit:Key), or the entry was written outside the server");
        }

        if (AuditChain.ComputeHash(entry, _key) != entry.Hash)
        {
            return Broken(sequence, $"entry {sequence} was changed after it was written (its hash no longer matches its fields)");
        }

        for (; _nextCheckpoint < _checkpoints.Length && _checkpoints[_nextCheckpoint].Sequence <= sequence; _nextCheckpoint++)
        {
            if (_checkpoints[_nextCheckpoint].Sequence == sequence && !_checkpoints[_nextCheckpoint].Matches(entry.Hash))
            {
                return Broken(sequence,
                    $"entry {sequence} is not the entry the checkpoint file recorded when it was written: the chain was rewritten at or before entry {sequence}");
            }
        }

        return null;
    }

    private ChainVerdict Broken(long sequence, string problem) => ChainVerdict.Broken(_checked, sequence, problem);

    /// <summary>The verdict once every entry was offered (or the chain broke).</summary>
    public ChainVerdict Finish()
    {
        if (_broken is not null)
        {
            return _broken;
        }

        var last = _expectedSequence - 1;
        if (_head is null)
        {
            return Broken(last + 1,
                $"the log head row is missing from the database (deleted outside the server); the chain holds entries 1 to {last}");
        }

        if (_checkpoints.Length > 0 && _checkpoints[^1].Sequence > last)
        {
            return Broken(last + 1,
                $"the checkpoint file records entry {_checkpoints[^1].Sequence}, but the chain ends at entry {last}: entries were removed from the end and the head moved back");
        }

        if (last != _head.LastSequence || _previousHash != _head.LastHash)
        {
            return Broken(last + 1,
                $"the chain ends at entry {last} but the log head records entry {_head.LastSequence}: entries were removed from the end");
        }

        return ChainVerdict.Intact(_checked);
    }
}
