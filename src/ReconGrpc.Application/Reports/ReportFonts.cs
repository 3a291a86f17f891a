using System.Buffers.Binary;
using System.Collections.Concurrent;
using PdfSharp.Fonts;
using ReconGrpc.Domain;

namespace ReconGrpc.Application.Reports;

/// <summary>
/// The CJK font PDFs are written with: <c>Reports:FontPath</c> when configured, else the first of the Debian fonts
/// found (<see cref="Candidates"/>). PDFsharp needs TrueType outlines (a font with CFF outlines, like Noto Sans CJK,
/// is embedded whole, some 13 MB a file, and mislabelled) and a single face (a .ttc collection's first face is
/// taken out of it here).
/// </summary>
public sealed class ReportFonts(string? configuredPath)
{
    /// <summary>Where Debian's CJK fonts with TrueType outlines are installed, best first, and their packages.</summary>
    public static readonly IReadOnlyList<(string Path, string Package)> Candidates =
    [
        ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "fonts-wqy-microhei"),
        ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "fonts-wqy-zenhei"),
        ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", "fonts-droid-fallback"),
    ];

    private const string Advice = "Install the Debian package fonts-wqy-microhei (apt-get install fonts-wqy-microhei), or set Reports:FontPath " +
        "to a TrueType font (.ttf, or a .ttc collection) with Chinese characters.";

    /// <summary>The family name to ask PDFsharp for; FAILED_PRECONDITION when there is no usable CJK font.</summary>
    public string RequireFamily()
    {
        if (!string.IsNullOrWhiteSpace(configuredPath))
        {
            var path = Path.GetFullPath(configuredPath.Trim());
            if (!File.Exists(path))
            {
                throw RuleViolation.FailedPrecondition("reports.font_missing", $"Reports:FontPath names '{path}', which does not exist. {Advice}");
            }

            return FontRegistry.Register(path);
        }

        foreach (var (path, _) in Candidates)
        {
            if (File.Exists(path))
            {
                return FontRegistry.Register(path);
            }
        }

        throw RuleViolation.FailedPrecondition("reports.font_missing",
            $"No font with Chinese characters was found for the PDF (looked for {string.Join(", ", Candidates.Select(c => c.Path))}). {Advice}");
    }
}

/// <summary>
/// PDFsharp's font resolver is one for the whole process: every font path any server asks for is registered here
/// under a family name of its own and read once.
/// </summary>
internal static class FontRegistry
{
    private const string Prefix = "recon-font-";

    private static readonly ConcurrentDictionary<string, string> FamilyByPath = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Lazy<byte[]>> FontByFamily = new(StringComparer.Ordinal);
    private static readonly Lock InstallLock = new();
    private static bool _installed;

    public static string Register(string path)
    {
        Install();
        var family = FamilyByPath.GetOrAdd(path, p => Prefix + FamilyByPath.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var font = FontByFamily.GetOrAdd(family, _ => new Lazy<byte[]>(() => Load(path)));
        try
        {
            // Read now, so an unusable font is refused before anything is written.
            _ = font.Value;
        }
        catch (RuleViolation)
        {
            FontByFamily.TryRemove(family, out _);
            throw;
        }

        return family;
    }

    private static void Install()
    {
        lock (InstallLock)
        {
            if (!_installed)
            {
                GlobalFontSettings.FontResolver = new Resolver();
                _installed = true;
            }
        }
    }

    private static byte[] Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        byte[]? face;
        bool outlines;
        try
        {
            face = TrueTypeFace.FirstFace(bytes);
            outlines = face is not null && TrueTypeFace.HasTable(face, "glyf");
        }
        catch (Exception ex) when (ex is ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            face = null;
            outlines = false;
        }

        if (face is null)
        {
            throw RuleViolation.FailedPrecondition("reports.font_unusable", $"'{path}' is not a TrueType or OpenType font (nor a collection of them).");
        }

        if (!outlines)
        {
            throw RuleViolation.FailedPrecondition("reports.font_unusable",
                $"'{path}' has PostScript (CFF) outlines, which the PDF writer cannot subset (Noto Sans CJK is such a font). " +
                "Install fonts-wqy-microhei, or set Reports:FontPath to a font with TrueType outlines.");
        }

        return face;
    }

    /// <summary>Regular and bold from the same face: bold is simulated, as most CJK fonts have no bold face.</summary>
    private sealed class Resolver : IFontResolver
    {
        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
            FontByFamily.ContainsKey(familyName) ? new FontResolverInfo(familyName, bold, italic) : null;

        public byte[]? GetFont(string faceName) => FontByFamily.TryGetValue(faceName, out var font) ? font.Value : null;
    }
}

/// <summary>Just enough of the TrueType file format to take one face out of a collection (.ttc) and to look for a table.</summary>
internal static class TrueTypeFace
{
    private const uint CollectionTag = 0x74746366; // 'ttcf'

    /// <summary>The font itself, or a collection's first face as a font of its own; null when it is neither.</summary>
    public static byte[]? FirstFace(byte[] file)
    {
        if (file.Length < 12)
        {
            return null;
        }

        var tag = BinaryPrimitives.ReadUInt32BigEndian(file);
        if (tag is 0x00010000 or 0x4F54544F or 0x74727565) // TrueType, 'OTTO', 'true'
        {
            return file;
        }

        if (tag != CollectionTag)
        {
            return null;
        }

        // The face's table directory, then its tables copied after it with their offsets rewritten (each 4-byte aligned).
        var offset = checked((int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(12)));
        var tables = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(offset + 4));
        var directory = 12 + (16 * tables);
        var length = directory;
        for (var i = 0; i < tables; i++)
        {
            length += Padded(BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(offset + 12 + (16 * i) + 12)));
        }

        var face = new byte[length];
        file.AsSpan(offset, directory).CopyTo(face);
        var at = directory;
        for (var i = 0; i < tables; i++)
        {
            var record = offset + 12 + (16 * i);
            var tableOffset = checked((int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(record + 8)));
            var tableLength = checked((int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(record + 12)));
            file.AsSpan(tableOffset, tableLength).CopyTo(face.AsSpan(at));
            BinaryPrimitives.WriteUInt32BigEndian(face.AsSpan(12 + (16 * i) + 8), (uint)at);
            at += Padded((uint)tableLength);
        }

        return face;
    }

    public static bool HasTable(byte[] font, string name)
    {
        var tag = BinaryPrimitives.ReadUInt32BigEndian(System.Text.Encoding.ASCII.GetBytes(name));
        var tables = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(4));
        for (var i = 0; i < tables; i++)
        {
            if (BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(12 + (16 * i))) == tag)
            {
                return true;
            }
        }

        return false;
    }

    private static int Padded(uint length) => checked((int)((length + 3) & ~3u));
}
