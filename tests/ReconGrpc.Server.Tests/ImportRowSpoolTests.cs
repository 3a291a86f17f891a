using System.Reflection;
using ReconGrpc.Application.Imports;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Server.Tests;

/// <summary>
/// The spool an import reads its rows into must give back every field of every SDK record: a property added to a
/// record and not to the spool would silently be lost between reading and storing.
/// </summary>
public sealed class ImportRowSpoolTests
{
    [Fact]
    public async Task Every_settable_field_of_every_record_and_every_row_error_comes_back_as_it_went_in()
    {
        var rows = new ImportRow[]
        {
            new RecordRow(2, Filled(new CategoryRecord("01", "华东"))),
            new RecordRow(3, Filled(new CustomerRecord("C001", "上海甲公司"))),
            new RecordRow(4, Filled(new LedgerEntryRecord("C001", "上海甲公司", "91310000MA1K000000", new DateOnly(2024, 4, 1), DocumentType.SalesInvoice, 1234.5600m))),
            new RecordRow(5, Filled(new StatementLineRecord(new DateOnly(2024, 4, 2), -99.01m, AmountConvention.CashFlow))),
            new RecordRow(6, Filled(new OrderRecord("O-1", new DateOnly(2024, 4, 3), 0.01m))),
            new RecordRow(8, Filled(new StatementBalanceRecord(AmountConvention.CashFlow))),
            new RecordRow(9, new StatementBalanceRecord(AmountConvention.OurLedger)),
            new RowError(7, "金额", "not a number: 'abc'"),
            new RowError(7, null, "a second error on the same line"),
            new RecordRow(long.MaxValue, new LedgerEntryRecord(null, "只有名称", new DateOnly(1, 1, 1), DocumentType.Adjustment, decimal.MinValue)),
        };

        await using var spool = new ImportRowSpool(Path.Combine(Path.GetTempPath(), "recon-spool-test"));
        foreach (var row in rows)
        {
            spool.Add(row);
        }

        var replayed = spool.Replay().ToList();

        Assert.Equal(rows.Length, spool.Count);
        Assert.Equal(rows, replayed);
        // Scale is part of a decimal's value as stored: 1234.5600 must not come back as 1234.56.
        Assert.Equal("1234.5600", ((LedgerEntryRecord)((RecordRow)replayed[2]).Record).Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void The_test_fills_every_record_type_the_sdk_has()
    {
        var recordTypes = typeof(ImportRecord).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(ImportRecord)) && !t.IsAbstract).Select(t => t.Name).Order();

        Assert.Equal(["CategoryRecord", "CustomerRecord", "LedgerEntryRecord", "OrderRecord", "StatementBalanceRecord", "StatementLineRecord"], recordTypes);
    }

    /// <summary>The record with every init property set to a value of its own (distinct per property, never the default).</summary>
    private static T Filled<T>(T record)
        where T : ImportRecord
    {
        var copy = (T)typeof(T).GetMethod("<Clone>$")!.Invoke(record, null)!;
        var index = 0;
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is not null))
        {
            index++;
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            object value = type switch
            {
                _ when type == typeof(string) && property.Name.Contains("Currency", StringComparison.Ordinal) => "USD",
                _ when type == typeof(string) => $"{property.Name} 值{index}",
                _ when type == typeof(decimal) && property.Name == "DefaultTaxRate" => 0.13m,
                _ when type == typeof(decimal) => 1000.0001m * index,
                _ when type == typeof(int) => index,
                _ when type == typeof(DateOnly) => new DateOnly(2024, 5, index),
                _ when type == typeof(DocumentType) => DocumentType.CreditNote,
                _ when type == typeof(LinePurpose) => LinePurpose.Payout,
                _ => throw new InvalidOperationException($"The test does not know how to fill {typeof(T).Name}.{property.Name} ({type.Name}): teach it, and the spool."),
            };
            property.SetValue(copy, value);
        }

        return copy;
    }
}
