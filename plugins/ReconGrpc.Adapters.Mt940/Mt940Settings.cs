using System.Text;
using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Mt940;

/// <summary>The options of one import, read and checked.</summary>
internal sealed record Mt940Settings
{
    public Encoding? Encoding { get; init; }

    /// <summary>Only statements of this account are read, when given.</summary>
    public string? Account { get; init; }

    /// <summary>Date lines by their value date instead of their entry (booking) date.</summary>
    public bool UseValueDate { get; init; }

    public static Mt940Settings From(ImportContext context)
    {
        var encoding = context.EncodingHint;
        if (context.GetOption("encoding") is { } name && !name.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            encoding = TextEncodings.FromName(name)
                       ?? throw new ImportException($"Option 'encoding' names '{name}', which is not a known encoding; use auto, utf-8, windows-1252, iso-8859-1 or gbk.");
        }

        var date = context.GetOption("date") ?? "entry";
        if (!date.Equals("entry", StringComparison.OrdinalIgnoreCase) && !date.Equals("value", StringComparison.OrdinalIgnoreCase))
        {
            throw new ImportException($"Option 'date' must be entry or value; '{date}' is not.");
        }

        TextEncodings.EnsureRegistered();
        return new Mt940Settings
        {
            Encoding = encoding,
            Account = context.GetOption("account"),
            UseValueDate = date.Equals("value", StringComparison.OrdinalIgnoreCase),
        };
    }

    /// <summary>Whether two account texts name the same account, ignoring blanks, case and a currency suffix.</summary>
    public static bool SameAccount(string wanted, string? account)
    {
        if (account is null)
        {
            return false;
        }

        return Normal(wanted) == Normal(account);

        static string Normal(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
    }
}
