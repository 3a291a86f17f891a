using System.Text;
using ReconGrpc.Adapters.Shared.Text;

namespace ReconGrpc.Adapters.Alipay;

/// <summary>
/// Chinese that a wrong encoding turned into other characters: UTF-8 bytes read as GBK ("鏀粯瀹" for 支付宝), or GBK
/// bytes read as Latin-1 ("Ö§¸¶±¦"). Undoing the wrong decoding recovers the text, which tells a garbled bill from
/// another file.
/// </summary>
internal static class Mojibake
{
    private static readonly string[] Markers = ["支付宝", "交易", "账务", "业务", "明细", "金额", "导出", "账号"];

    /// <summary>The text as it was before the wrong decoding, when undoing it yields an Alipay bill's words; else null.</summary>
    public static string? Recover(string text)
    {
        TextEncodings.EnsureRegistered();
        if (Try(text, TextEncodings.Gb18030Strict, TextEncodings.Utf8Strict) is { } fromGbk)
        {
            return fromGbk;
        }

        return text.All(c => c <= '\u00FF') ? Try(text, Encoding.Latin1, TextEncodings.Gb18030Strict) : null;
    }

    private static string? Try(string text, Encoding wronglyReadAs, Encoding actual)
    {
        try
        {
            var recovered = actual.GetString(wronglyReadAs.GetBytes(text));
            return recovered != text && Markers.Any(m => recovered.Contains(m, StringComparison.Ordinal)) ? recovered : null;
        }
        catch (Exception e) when (e is DecoderFallbackException or EncoderFallbackException)
        {
            return null;
        }
    }
}
