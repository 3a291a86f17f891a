using System.IO.Compression;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Shared.Tabular;

/// <summary>Bounds on what an .xlsx (a zip) may expand to before any part of it is decompressed.</summary>
/// <param name="MaxTotalBytes">The most all parts together may expand to.</param>
/// <param name="MaxRatio">The most a large part may expand relative to its compressed size.</param>
/// <param name="RatioCheckedAbove">Parts smaller than this are not held to the ratio (small XML compresses very well).</param>
/// <param name="MaxSharedStringsBytes">ExcelDataReader holds the shared-strings part in memory, so it has its own bound.</param>
internal sealed record ZipLimits(long MaxTotalBytes, double MaxRatio, long RatioCheckedAbove, long MaxSharedStringsBytes)
{
    public static ZipLimits Default { get; } = new(2L * 1024 * 1024 * 1024, 250, 16L * 1024 * 1024, 256L * 1024 * 1024);
}

/// <summary>
/// Refuses zip bombs and truncated archives by reading the zip directory only: the declared sizes of every part,
/// before the workbook reader decompresses anything.
/// </summary>
internal static class ZipGuard
{
    public static void Check(Stream seekable, ZipLimits limits)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(seekable, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new ImportException(
                "The file is not a complete XLSX workbook: its zip directory is missing or damaged, so it was probably cut off "
                + "during download or upload. Export or send it again.", null, e);
        }

        using (archive)
        {
            long total = 0;
            foreach (var entry in archive.Entries)
            {
                total += entry.Length;
                if (entry.Length > limits.RatioCheckedAbove && entry.Length > entry.CompressedLength * limits.MaxRatio)
                {
                    throw new ImportException(
                        $"The workbook part '{entry.FullName}' would expand from {entry.CompressedLength:N0} to {entry.Length:N0} bytes "
                        + $"({entry.Length / Math.Max(entry.CompressedLength, 1):N0} times); it was refused as a possible zip bomb.");
                }

                if (entry.FullName.Equals("xl/sharedStrings.xml", StringComparison.OrdinalIgnoreCase) && entry.Length > limits.MaxSharedStringsBytes)
                {
                    throw new ImportException(
                        $"The workbook's shared strings would take {entry.Length:N0} bytes, more than the {limits.MaxSharedStringsBytes:N0} allowed; "
                        + "save the sheet as CSV and import that instead.");
                }
            }

            if (total > limits.MaxTotalBytes)
            {
                throw new ImportException(
                    $"The workbook would expand to {total:N0} bytes, more than the {limits.MaxTotalBytes:N0} allowed; "
                    + "it was refused as a possible zip bomb. Save the sheet as CSV and import that instead.");
            }
        }
    }
}
