using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ReconGrpc.Data;

/// <summary>
/// The columns an insert of <typeparamref name="T"/> writes (all but a database-generated key or computed column), read from the EF
/// model with their value converters, and a row's values in the forms the provider stores. Holds no connection, so
/// rows can be converted on one thread and inserted by <see cref="BulkInserter{T}"/> on another.
/// </summary>
public sealed class StoredColumns<T>
    where T : class
{
    private readonly IClrPropertyGetter[] _getters;
    private readonly ValueConverter?[] _converters;
    private readonly StoredDecimals.Bounds?[] _decimals;

    public StoredColumns(IModel model)
    {
        Entity = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        Columns = [.. Entity.GetProperties().Where(p => p.GetComputedColumnSql() is null && (p.ValueGenerated == ValueGenerated.Never || !p.IsPrimaryKey()))];
        _getters = [.. Columns.Select(c => c.GetGetter())];
        _converters = [.. Columns.Select(c => c.GetTypeMapping().Converter)];
        _decimals = [.. Columns.Select(StoredDecimals.Of)];
    }

    public IEntityType Entity { get; }

    public IReadOnlyList<IProperty> Columns { get; }

    /// <summary>The CLR type of each column's stored value.</summary>
    public IEnumerable<Type> ProviderTypes => Columns.Select((c, i) => _converters[i]?.ProviderClrType ?? c.ClrType);

    /// <summary>
    /// The row's values, one per column, as the provider stores them; a decimal its column cannot hold is refused
    /// (<see cref="StoredDecimals"/>). Safe to call on any thread.
    /// </summary>
    public object?[] ValuesOf(T row)
    {
        var values = new object?[_getters.Length];
        for (var c = 0; c < values.Length; c++)
        {
            var value = _getters[c].GetClrValue(row);
            if (value is decimal amount)
            {
                // Rows inserted in bulk pass no SaveChanges: their decimals meet the same guard here.
                _decimals[c]?.Check(amount);
            }

            var converter = _converters[c];
            values[c] = converter is null || value is null ? value : converter.ConvertToProvider(value);
        }

        return values;
    }
}
