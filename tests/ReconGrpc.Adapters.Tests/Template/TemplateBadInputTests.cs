using System.IO.Compression;
using ReconGrpc.Adapters.Template;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Template;

/// <summary>Bad rows are reported with their lines; files that cannot be read are refused with a reason.</summary>
public sealed class TemplateBadInputTests
{
    private readonly TemplateAdapter _adapter = new();

    [Fact]
    public async Task Each_bad_row_is_an_error_with_its_line_and_column_and_the_good_rows_are_read()
    {
        var rows = await Fixture.ReadAsync(_adapter, "template-ledger-bad-rows.csv");

        Assert.Equal(
            [
                (3L, "金额", "'一万二' in 金额 is not an amount"),
                (4L, "日期", "'2024-04-31' in 日期 is not a date"),
                (5L, "客户编码", "names no customer"),
                (6L, "单据类型", "'赠品' is not a document type"),
                (9L, "日期", "The row ends before the 日期 column"),
            ],
            rows.Errors().Select(e => (e.Line, e.Field!, Fragment(e.Reason))).ToList());
        Assert.Equal([2L, 8L], rows.OfType<RecordRow>().Select(r => r.Line).ToList());

        string Fragment(string reason) =>
            new[] { "'一万二' in 金额 is not an amount", "'2024-04-31' in 日期 is not a date", "names no customer", "'赠品' is not a document type", "The row ends before the 日期 column" }
                .Single(reason.Contains);
    }

    [Fact]
    public async Task A_row_after_a_blank_line_keeps_its_physical_line_number()
    {
        var receipt = (await Fixture.ReadAsync(_adapter, "template-ledger-bad-rows.csv")).OfType<RecordRow>().Last();

        Assert.Equal(8, receipt.Line);
        Assert.Equal(-3_000.00m, ((LedgerEntryRecord)receipt.Record).Amount);
    }

    [Fact]
    public async Task A_quoted_field_running_to_the_end_of_the_file_is_refused_as_truncated()
    {
        var problem = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(_adapter, "template-ledger-unterminated-quote.csv"));

        Assert.Equal(3, problem.Line);
        Assert.Contains("never closed", problem.Message);
    }

    [Fact]
    public async Task A_file_cut_inside_a_utf8_character_is_refused()
    {
        var bytes = Fixture.Bytes("template-customers-utf8.csv");
        var cut = bytes.Length - 1;
        while ((bytes[cut] & 0xC0) == 0x80 || bytes[cut] < 0x80)
        {
            cut--;
        }

        // Ends one byte into a three-byte character.
        var problem = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadBytesAsync(_adapter, bytes[..(cut + 1)], "customers.csv"));

        Assert.Contains("not valid UTF-8", problem.Message);
    }

    [Fact]
    public async Task A_truncated_workbook_is_refused_as_incomplete()
    {
        var bytes = Fixture.Bytes("template-ledger.xlsx");

        var problem = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadBytesAsync(_adapter, bytes[..(bytes.Length - 200)], "ledger.xlsx"));

        Assert.Contains("not a complete XLSX workbook", problem.Message);
    }

    [Fact]
    public async Task A_workbook_that_would_expand_enormously_is_refused_as_a_zip_bomb()
    {
        var bomb = new MemoryStream();
        using (var zip = new ZipArchive(bomb, ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry("[Content_Types].xml").Open().Dispose();
            await using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            var blank = new byte[1024 * 1024];
            Array.Fill(blank, (byte)' ');
            for (var i = 0; i < 64; i++)
            {
                await sheet.WriteAsync(blank);
            }
        }

        var problem = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadBytesAsync(_adapter, bomb.ToArray(), "bomb.xlsx"));

        Assert.Contains("zip bomb", problem.Message);
    }

    [Fact]
    public async Task An_empty_file_is_refused()
    {
        var problem = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadBytesAsync(_adapter, [], "empty.csv"));

        Assert.Contains("empty", problem.Message);
    }

    [Fact]
    public async Task A_file_without_a_recognisable_header_is_refused_with_advice()
    {
        var bytes = "a,b,c\r\n1,2,3\r\n"u8.ToArray();

        var problem = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadBytesAsync(_adapter, bytes, "x.csv"));

        Assert.Contains("No header row", problem.Message);
        Assert.Contains("columns option", problem.Message);
    }

    [Theory]
    [InlineData("kind", "invoices", "kind option 'invoices'")]
    [InlineData("delimiter", "colon", "delimiter option 'colon'")]
    [InlineData("encoding", "latin-9", "encoding option 'latin-9'")]
    [InlineData("header-row", "first", "header-row option")]
    [InlineData("currency", "元元", "currency option")]
    public async Task An_invalid_option_is_refused_naming_it(string option, string value, string expected)
    {
        var problem = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(_adapter, "template-categories.csv", (option, value)));

        Assert.Contains(expected, problem.Message);
    }

    [Fact]
    public async Task A_negative_credit_limit_is_a_row_error_not_a_crash()
    {
        var bytes = "客户编码,客户名称,信用额度\r\n0101001,上海华联超市有限公司,-5000\r\n"u8.ToArray();

        var error = Assert.Single((await Fixture.ReadBytesAsync(_adapter, bytes, "c.csv")).Errors());

        Assert.Equal((2L, "信用额度"), (error.Line, error.Field));
    }

    [Theory]
    [InlineData("ledger")]
    [InlineData("statement")]
    public async Task A_row_with_both_debit_and_credit_is_a_row_error_not_their_difference(string kind)
    {
        var bytes = "客户编码,日期,单据类型,单据号,借方,贷方\r\nC001,2024-05-08,销售发票,FP0508,500.00,500.00\r\nC001,2024-05-09,销售发票,FP0509,800.00,\r\n"u8.ToArray();

        var rows = await Fixture.ReadBytesAsync(_adapter, bytes, "both.csv", ("kind", kind));

        var error = Assert.Single(rows.Errors());
        Assert.Equal((2L, "借方"), (error.Line, error.Field));
        Assert.Contains("both 借方 (500.00) and 贷方 (500.00)", error.Reason);
        Assert.Equal([3L], rows.OfType<RecordRow>().Select(r => r.Line).ToList());
    }
}
