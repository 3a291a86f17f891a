namespace ReconGrpc.Plugins.Abstractions;

/// <summary>How an adapter describes itself to the host and to users.</summary>
public sealed record AdapterDescriptor
{
    /// <summary>Creates a descriptor.</summary>
    /// <param name="id">
    /// A stable identifier users pass to choose the adapter: lower-case letters and digits, in parts joined by
    /// dots or hyphens (<c>yonyou-t3</c>, <c>acme.bank-csv</c>). Prefix a partner's adapters with the partner's name.
    /// </param>
    /// <param name="name">A name for people (<c>用友T3 导出</c>).</param>
    /// <param name="version">The adapter's own version (not the SDK's).</param>
    /// <param name="produces">The kinds of record the adapter can produce; at least one.</param>
    /// <exception cref="ArgumentException">The id is not of the required form, the name is blank or nothing is produced.</exception>
    public AdapterDescriptor(string id, string name, Version version, RecordKind produces)
    {
        Id = Guard.Required(id, nameof(id));
        if (!IsValidId(Id))
        {
            throw new ArgumentException($"Adapter id '{Id}' must be lower-case letters and digits in parts joined by '.' or '-'.", nameof(id));
        }

        Name = Guard.Required(name, nameof(name));
        Version = version ?? throw new ArgumentNullException(nameof(version));
        const RecordKind all = RecordKind.Categories | RecordKind.Customers | RecordKind.LedgerEntries | RecordKind.StatementLines | RecordKind.Orders;
        if (produces == RecordKind.None || (produces & ~all) != 0)
        {
            throw new ArgumentException("An adapter must produce at least one defined record kind.", nameof(produces));
        }

        Produces = produces;
    }

    /// <summary>The adapter's stable identifier.</summary>
    public string Id { get; }

    /// <summary>A name for people.</summary>
    public string Name { get; }

    /// <summary>The adapter's own version.</summary>
    public Version Version { get; }

    /// <summary>The kinds of record the adapter can produce.</summary>
    public RecordKind Produces { get; }

    /// <summary>What the adapter reads, in a sentence or two.</summary>
    public string? Description { get; init => field = Guard.Optional(value); }

    /// <summary>File name extensions the adapter usually reads, lower case with the dot (<c>.csv</c>); a hint, not a limit.</summary>
    public IReadOnlyList<string> FileExtensions { get; init; } = [];

    /// <summary>The options the adapter accepts. Options not listed here are refused by <see cref="ValidateOptions"/>.</summary>
    public IReadOnlyList<AdapterOption> Options { get; init; } = [];

    /// <summary>
    /// Checks options a user gave against <see cref="Options"/>: unknown names, values of the wrong type, missing
    /// required options. Hosts call it before an import so that a mistake is reported before any row is read.
    /// </summary>
    /// <param name="options">The options given, by name (compared without regard to case).</param>
    /// <returns>One sentence per problem; empty when the options are acceptable.</returns>
    public IReadOnlyList<string> ValidateOptions(IReadOnlyDictionary<string, string> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        foreach (var (key, value) in options)
        {
            var option = Options.FirstOrDefault(o => string.Equals(o.Name, key, StringComparison.OrdinalIgnoreCase));
            if (option is null)
            {
                var known = Options.Count == 0 ? "it takes no options" : "it takes " + string.Join(", ", Options.Select(o => o.Name));
                problems.Add($"Adapter '{Id}' has no option '{key}'; {known}.");
            }
            else if (option.Validate(value ?? string.Empty) is { } problem)
            {
                problems.Add(problem);
            }
        }

        foreach (var required in Options.Where(o => o.Required))
        {
            if (!options.Keys.Any(k => string.Equals(k, required.Name, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"Adapter '{Id}' needs option '{required.Name}': {required.Description}");
            }
        }

        return problems;
    }

    private static bool IsValidId(string id)
    {
        var previousWasSeparator = true;
        foreach (var c in id)
        {
            var separator = c is '.' or '-';
            if (separator ? previousWasSeparator : !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)))
            {
                return false;
            }

            previousWasSeparator = separator;
        }

        return !previousWasSeparator;
    }
}
