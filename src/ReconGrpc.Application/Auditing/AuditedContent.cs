using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Domain.Ledger;

namespace ReconGrpc.Application.Auditing;

/// <summary>
/// Which business fields the audit log vouches for, and how they are compared. An entity's state is what its newest
/// audit entry's <c>after_json</c> says; the verifier compares these fields of every stored row with it. Imported
/// ledger entries are not logged one by one (an import may hold a million): their batch's <c>import.commit</c> entry
/// carries a digest of them instead.
/// </summary>
public static class AuditedContent
{
    public const string Category = "category";
    public const string Customer = "customer";
    public const string LedgerEntry = "ledger_entry";

    /// <summary>The property of an <c>import.commit</c> entry's after_json that holds its ledger digest.</summary>
    public const string LedgerDigestProperty = "ledgerDigest";

    private static readonly Dictionary<string, string[]> Fields = new()
    {
        [Category] = ["code", "name", "parentCode", "level"],
        // Credit code and bank account are left out: they are sealed at rest and masked in the log (AuditSnapshot), so
        // the log holds no text of them that a stored row could be compared with.
        [Customer] = ["code", "name", "shortName", "mnemonic", "categoryCode", "taxNumber", "bankName", "address", "phone", "contact",
            "region", "industry", "creditLimit", "paymentTermsDays", "defaultTaxRate", "settlementMethod", "shipToAddress", "status"],
        [LedgerEntry] = ["id", "customerCode", "date", "documentType", "documentNumber", "voucherNumber", "amount", "currency",
            "dueDate", "reference", "memo", "importBatchId"],
    };

    public static bool IsChecked(string entityType) => Fields.ContainsKey(entityType);

    /// <summary>
    /// A digest of the vouched-for fields of a snapshot (an audit entry's after_json, or a stored row serialised the
    /// same way). Numbers compare by value, so 100.00 in the log equals 100.0000 read back from a decimal(19,4).
    /// </summary>
    public static string Digest(string entityType, JsonElement snapshot)
    {
        var text = new StringBuilder();
        foreach (var field in Fields[entityType])
        {
            var value = Value(snapshot, field);
            text.Append(field).Append('=').Append(value is null ? "-" : $"{value.Length}:{value}").Append(';');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The names of the vouched-for fields whose values differ between two snapshots.</summary>
    public static IEnumerable<string> DifferingFields(string entityType, JsonElement logged, JsonElement stored) =>
        Fields[entityType].Where(f => Value(logged, f) != Value(stored, f));

    private static string? Value(JsonElement snapshot, string field)
    {
        if (snapshot.ValueKind != JsonValueKind.Object || !snapshot.TryGetProperty(field, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.TryGetDecimal(out var number) ? number.ToString("G29", CultureInfo.InvariantCulture) : value.GetRawText(),
            _ => value.GetRawText(),
        };
    }

    /// <summary>
    /// SHA-256 over the business fields of a batch's ledger entries in id order, as stored. Taken when the import
    /// commits, in its transaction, and again by the verifier: any edit, insert or delete among them changes it.
    /// </summary>
    /// <param name="idsAfter">An id below every entry of the batch (the largest before it began): the read is a range of
    /// the primary key, as long as the batch, however large the ledger.</param>
    public static async Task<string> LedgerBatchDigestAsync(ReconDbContext db, long batchId, long idsAfter, CancellationToken cancellationToken)
    {
        using var digest = new LedgerBatchDigest();
        // The digested columns only, never whole entities: an import of a million rows reads them all back once.
        await foreach (var e in db.LedgerEntries.AsNoTracking().Where(e => e.Id > idsAfter && e.ImportBatchId == batchId).OrderBy(e => e.Id)
                           .Select(e => new { e.Id, e.CustomerCode, e.Date, e.DocumentType, e.DocumentNumber, e.VoucherNumber, e.Amount, e.Currency, e.DueDate, e.Reference, e.Memo, e.SourceLine })
                           .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            digest.Add(e.Id, e.CustomerCode, e.Date, e.DocumentType, e.DocumentNumber, e.VoucherNumber, e.Amount, e.Currency, e.DueDate, e.Reference, e.Memo, e.SourceLine);
        }

        return digest.Finish();
    }
}

/// <summary>The running digest of one import batch's ledger entries; see <see cref="AuditedContent.LedgerBatchDigestAsync"/>.</summary>
public sealed class LedgerBatchDigest : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] _text = new byte[256];

    /// <summary>Adds the next entry (in id order).</summary>
    public void Add(LedgerEntry entry) =>
        Add(entry.Id, entry.CustomerCode, entry.Date, entry.DocumentType, entry.DocumentNumber, entry.VoucherNumber, entry.Amount, entry.Currency,
            entry.DueDate, entry.Reference, entry.Memo, entry.SourceLine);

    /// <summary>Adds the next entry (in id order) from its digested fields.</summary>
    public void Add(long id, string customerCode, DateOnly date, DocumentType documentType, string? documentNumber, string? voucherNumber,
        decimal amount, string? currency, DateOnly? dueDate, string? reference, string? memo, int? sourceLine)
    {
        Number(id);
        Text(customerCode);
        Number(date.DayNumber);
        Number((long)documentType);
        Text(documentNumber);
        Text(voucherNumber);
        Amount(amount);
        Text(currency);
        Number(dueDate?.DayNumber ?? -1);
        Text(reference);
        Text(memo);
        Number(sourceLine ?? -1);
    }

    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public void Dispose() => _hash.Dispose();

    private void Text(string? text)
    {
        if (text is null)
        {
            Number(-1);
            return;
        }

        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (length > _text.Length)
        {
            _text = new byte[length];
        }

        var written = Encoding.UTF8.GetBytes(text, _text);
        Number(written);
        _hash.AppendData(_text, 0, written);
    }

    /// <summary>The amount's value and scale, as a decimal holds them (1234.50 and 1234.5 differ, as stored text does).</summary>
    private void Amount(decimal amount)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(amount, bits);
        foreach (var part in bits)
        {
            Number(part);
        }
    }

    private void Number(long value)
    {
        Span<byte> buffer = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(buffer, value);
        _hash.AppendData(buffer);
    }
}
