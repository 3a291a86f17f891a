using System.Reflection;
using ReconGrpc.Application.Imports;
using ReconGrpc.Domain.Customers;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Server.Tests;

/// <summary>The import's mapping from SDK records to domain input leaves no field behind.</summary>
public sealed class ImportRecordMappingTests
{
    [Fact]
    public void A_customer_record_with_every_field_filled_gives_a_profile_with_every_field_filled()
    {
        var row = new CustomerRecord("C1", "上海贸易有限公司");
        // Every optional field through its init accessor, so that a field added to the SDK later is filled here too.
        foreach (var property in typeof(CustomerRecord).GetProperties().Where(p => p.SetMethod is not null && p.Name != nameof(ImportRecord.SourceId)))
        {
            property.SetValue(row, SampleOf(property.PropertyType));
        }

        var profile = row.ToProfile();

        var empty = typeof(CustomerProfile).GetProperties()
            .Where(p => p.Name != "EqualityContract" && p.Name != nameof(CustomerProfile.Status))
            .Where(p => p.GetValue(profile) is null or "" or 0)
            .Select(p => p.Name);
        Assert.Empty(empty);
    }

    private static object SampleOf(Type type) =>
        (Nullable.GetUnderlyingType(type) ?? type) switch
        {
            var t when t == typeof(string) => "x",
            var t when t == typeof(decimal) => 0.13m,
            var t when t == typeof(int) => 30,
            var t => throw new InvalidOperationException($"No sample for {t}; add one."),
        };
}
