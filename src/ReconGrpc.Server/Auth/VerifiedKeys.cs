using System.Collections.Concurrent;
using ReconGrpc.Domain.Access;

namespace ReconGrpc.Server.Auth;

/// <summary>
/// Active API keys this server verified against the database in the last <see cref="AuthOptions.KeyCacheSeconds"/>,
/// by the hash of their secret, so that a client making many calls costs one key lookup in that time rather than one a
/// call. Only keys found active are kept (an unknown secret is looked up every time), so the cache holds at most the
/// keys there are. A key revoked through this server, or a database restored into it, is forgotten at once; a key
/// revoked through another instance stops working here when its entry expires.
/// </summary>
public sealed class VerifiedKeys(AuthOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeSpan _lifetime = TimeSpan.FromSeconds(options.KeyCacheSeconds);
    private long _generation;

    private sealed record Entry(ApiKey Key, long Expires);

    public bool Enabled => _lifetime > TimeSpan.Zero;

    /// <summary>Changes whenever keys are forgotten; a lookup started before a change is not remembered after it.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>The active key whose secret has this hash, when it was verified recently enough.</summary>
    public ApiKey? Find(string secretHash)
    {
        if (!Enabled || !_entries.TryGetValue(secretHash, out var entry))
        {
            return null;
        }

        if (time.GetTimestamp() < entry.Expires)
        {
            return entry.Key;
        }

        _entries.TryRemove(new KeyValuePair<string, Entry>(secretHash, entry));
        return null;
    }

    /// <summary>
    /// Keeps a key just found active in the database, unless keys were forgotten since the lookup began
    /// (<paramref name="generation"/>): that lookup may have read the key before its revocation.
    /// </summary>
    public void Remember(string secretHash, ApiKey key, long generation)
    {
        if (!Enabled || !key.IsActive)
        {
            return;
        }

        _entries[secretHash] = new Entry(key, time.GetTimestamp() + (long)(_lifetime.TotalSeconds * time.TimestampFrequency));
        if (Generation != generation)
        {
            _entries.TryRemove(secretHash, out _);
        }
    }

    /// <summary>Forgets a key (it was revoked here): its next call is looked up again.</summary>
    public void Forget(string keyId)
    {
        Interlocked.Increment(ref _generation);
        foreach (var (hash, entry) in _entries)
        {
            if (entry.Key.Id == keyId)
            {
                _entries.TryRemove(hash, out _);
            }
        }
    }

    /// <summary>Forgets every key (the database was replaced).</summary>
    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }
}
