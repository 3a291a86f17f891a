using System.Collections.ObjectModel;
using System.Text;

namespace ReconGrpc.Plugins.Abstractions;

/// <summary>What the host tells an adapter about one import besides the bytes: options, encoding, name, target and its statement kind.</summary>
public sealed class ImportContext
{
    private static readonly IReadOnlyDictionary<string, string> NoOptions =
        new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));

    /// <summary>Creates a context.</summary>
    /// <param name="options">The options the user gave, by name (compared without regard to case).</param>
    public ImportContext(IReadOnlyDictionary<string, string>? options = null)
    {
        Options = options is null || options.Count == 0
            ? NoOptions
            : new ReadOnlyDictionary<string, string>(options.ToDictionary(o => o.Key, o => o.Value, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>A context with no options and no hints.</summary>
    public static ImportContext Empty { get; } = new();

    /// <summary>The options the user gave, by name, compared without regard to case; see <see cref="AdapterDescriptor.Options"/>.</summary>
    public IReadOnlyDictionary<string, string> Options { get; }

    /// <summary>The text encoding the user named for the file, or <see langword="null"/> to let the adapter detect it.</summary>
    public Encoding? EncodingHint { get; init; }

    /// <summary>The file's name as the user gave it, if known; adapters may use its extension.</summary>
    public string? FileName { get; init; }

    /// <summary>
    /// The kind of records the host is importing into (ledger entries for our ledger, statement lines for a named
    /// statement, orders for a shop's orders statement), or <see cref="RecordKind.None"/> when the adapter should decide from the file. An adapter that
    /// reads several kinds uses it to choose; one that cannot give that kind throws <see cref="ImportException"/>.
    /// </summary>
    public RecordKind ExpectedKind { get; init; }

    /// <summary>
    /// What the statement the rows go into is (a customer's statement, a bank statement, a platform bill, shop
    /// orders), or <see langword="null"/> when the import has no statement target (our ledger, the archive).
    /// For a statement that already exists it is that statement's kind; for a new one, the kind the user gave, or
    /// <see cref="Abstractions.StatementKind.CustomerStatement"/> when the user gave none
    /// (<see cref="Abstractions.StatementKind.ShopOrders"/> for an adapter that produces orders and no statement lines).
    /// An adapter whose files do
    /// not say whose sign convention their amounts follow chooses its default <see cref="AmountConvention"/> from it
    /// (a bank statement's money in is our receipt); an option the user gave still wins.
    /// </summary>
    /// <remarks>Added in SDK 1.1.</remarks>
    public StatementKind? StatementKind { get; init; }

    /// <summary>Gets an option's value, trimmed; <see langword="null"/> when it was not given or is blank.</summary>
    /// <param name="name">The option's name.</param>
    /// <returns>The trimmed value, or <see langword="null"/>.</returns>
    public string? GetOption(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Options.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
    }
}
