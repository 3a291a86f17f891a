using System.Globalization;
using System.Text;

namespace ReconGrpc.Domain;

/// <summary>
/// The one text policy for what callers send, and the one way a message quotes what they sent.
/// <list type="bullet">
/// <item>A name, code or other one-line value holds no control character (C0, DEL, C1: NUL, ESC and the like).</item>
/// <item>Free text (a reason, a memo, a description) may also hold tab, line feed and carriage return.</item>
/// <item>A message repeats at most <see cref="EchoLength"/> characters of a value, so an error about a huge value
/// stays small in the status and in the log.</item>
/// </list>
/// </summary>
public static class InputText
{
    /// <summary>How many characters of a value a message repeats before cutting it.</summary>
    public const int EchoLength = 64;

    /// <summary>The most UTF-8 bytes a status message carries; longer ones are cut (see <see cref="Bounded"/>).</summary>
    public const int MaxMessageBytes = 900;

    /// <summary>
    /// The value as a message may quote it: whole when short, else its first <see cref="EchoLength"/> characters
    /// followed by "…(N chars)". Control characters show as \uXXXX so a message cannot carry them to a terminal.
    /// </summary>
    public static string Echo(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var shown = value.Length > EchoLength ? value[..EchoLength] : value;
        if (char.IsHighSurrogate(shown[^1]))
        {
            shown = shown[..^1];
        }

        var text = new StringBuilder(shown.Length + 16);
        foreach (var c in shown)
        {
            if (char.IsControl(c))
            {
                text.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }
        }

        if (value.Length > shown.Length)
        {
            text.Append("…(").Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(" chars)");
        }

        return text.ToString();
    }

    /// <summary>True when <paramref name="value"/> holds a character the policy refuses.</summary>
    public static bool HasForbiddenCharacter(string value, bool freeText) =>
        value.Any(c => char.IsControl(c) && !(freeText && c is '\t' or '\n' or '\r'));

    /// <summary>Refuses a one-line value (name, code) holding a control character.</summary>
    public static string EnsureOneLine(string value, string rule, string what) =>
        HasForbiddenCharacter(value, freeText: false)
            ? throw RuleViolation.Invalid(rule, $"{what} cannot contain control characters.")
            : value;

    /// <summary>Refuses free text holding a control character other than tab and line breaks.</summary>
    public static string EnsureFreeText(string value, string rule, string what) =>
        HasForbiddenCharacter(value, freeText: true)
            ? throw RuleViolation.Invalid(rule, $"{what} cannot contain control characters other than tab and line breaks.")
            : value;

    /// <summary>
    /// A status message cut to at most <see cref="MaxMessageBytes"/> UTF-8 bytes: the last guard for a message that
    /// quoted something without <see cref="Echo"/>.
    /// </summary>
    public static string Bounded(string message)
    {
        if (Encoding.UTF8.GetByteCount(message) <= MaxMessageBytes)
        {
            return message;
        }

        const string Cut = "…(message cut)";
        var budget = MaxMessageBytes - Encoding.UTF8.GetByteCount(Cut);
        var length = 0;
        var bytes = 0;
        while (length < message.Length)
        {
            var step = char.IsHighSurrogate(message[length]) && length + 1 < message.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(message.AsSpan(length, step));
            if (bytes + size > budget)
            {
                break;
            }

            bytes += size;
            length += step;
        }

        return message[..length] + Cut;
    }
}
