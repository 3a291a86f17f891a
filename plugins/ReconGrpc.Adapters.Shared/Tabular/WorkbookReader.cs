using System.Globalization;
using ExcelDataReader;
using ExcelDataReader.Exceptions;
using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Shared.Tabular;

/// <summary>
/// .xls (BIFF8) and .xlsx through ExcelDataReader. Both need random access, so a non-seekable upload is first
/// spooled to a temporary file that is deleted when the reader closes: memory stays bounded.
/// </summary>
internal sealed class WorkbookReader : TabularReader
{
    private readonly IExcelDataReader _excel;
    private readonly Stream? _ownedStream;
    private long _line;

    private WorkbookReader(IExcelDataReader excel, Stream? ownedStream, string description)
    {
        _excel = excel;
        _ownedStream = ownedStream;
        Description = description;
    }

    public override string Description { get; }

    public override long Line => _line;

    public override int FieldCount => _excel.FieldCount;

    public override object? this[int index] => index < _excel.FieldCount ? _excel.GetValue(index) : null;

    public static async Task<TabularReader> OpenAsync(ReadOnlyMemory<byte> head, Stream rest, TabularOptions options, CancellationToken cancellationToken)
    {
        TextEncodings.EnsureRegistered();
        var isZip = FormatSniffer.IsZip(head.Span);
        var kind = isZip ? "XLSX" : "XLS";
        Stream stream;
        Stream? owned = null;
        if (rest.CanSeek)
        {
            rest.Seek(-head.Length, SeekOrigin.Current);
            stream = rest;
        }
        else
        {
            var path = Path.Combine(Path.GetTempPath(), $"recon-import-{Guid.NewGuid():N}.tmp");
            owned = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            await owned.WriteAsync(head, cancellationToken).ConfigureAwait(false);
            await rest.CopyToAsync(owned, cancellationToken).ConfigureAwait(false);
            owned.Position = 0;
            stream = owned;
        }

        var start = stream.Position;
        try
        {
            if (isZip)
            {
                ZipGuard.Check(stream, options.ZipLimits);
                stream.Position = start;
            }

            var excel = ExcelReaderFactory.CreateReader(stream, new ExcelReaderConfiguration
            {
                // Workbooks from before Unicode (BIFF5) carry no code page of their own; Chinese ones are GBK.
                FallbackEncoding = TextEncodings.Gb18030Strict,
                LeaveOpen = true,
            });
            SelectSheet(excel, options.Sheet);
            return new WorkbookReader(excel, owned, $"{kind} workbook, sheet '{excel.Name}'");
        }
        catch (ImportException)
        {
            owned?.Dispose();
            throw;
        }
        catch (Exception e) when (e is ExcelReaderException or InvalidDataException or EndOfStreamException or NotSupportedException or ArgumentOutOfRangeException or IndexOutOfRangeException or FormatException)
        {
            owned?.Dispose();
            throw new ImportException(
                $"The file is not a readable {kind} workbook ({e.Message}); it may be truncated or damaged. Export or send it again, or save it as CSV.", null, e);
        }
    }

    public override ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            if (!_excel.Read())
            {
                return ValueTask.FromResult(false);
            }
        }
        catch (Exception e) when (e is ExcelReaderException or InvalidDataException or EndOfStreamException or IndexOutOfRangeException or ArgumentOutOfRangeException or FormatException)
        {
            throw new ImportException($"Row {_line + 1} of the workbook cannot be read ({e.Message}); the file may be truncated or damaged.", _line + 1, e);
        }

        _line++;
        return ValueTask.FromResult(true);
    }

    public override ValueTask DisposeAsync()
    {
        _excel.Dispose();
        _ownedStream?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static void SelectSheet(IExcelDataReader excel, string? sheet)
    {
        if (string.IsNullOrWhiteSpace(sheet))
        {
            return;
        }

        var wanted = sheet.Trim();
        var byNumber = int.TryParse(wanted, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : (int?)null;
        var names = new List<string>();
        var index = 1;
        do
        {
            if (byNumber == index || string.Equals(excel.Name?.Trim(), wanted, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            names.Add(excel.Name ?? index.ToString(CultureInfo.InvariantCulture));
            index++;
        }
        while (excel.NextResult());

        throw new ImportException($"The workbook has no sheet '{wanted}'; its sheets are {string.Join(", ", names)}.");
    }
}
