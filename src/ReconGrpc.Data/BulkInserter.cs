using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace ReconGrpc.Data;

/// <summary>
/// Inserts many rows of one entity type in the current transaction without change tracking, with the columns, value
/// converters and identifier quoting of the EF model: on SQLite one prepared statement per row through SQLite's own
/// API, on PostgreSQL binary COPY (see <see cref="PostgresRowCopier"/>), elsewhere multi-row INSERTs. Ids are left to
/// the database and not read back. An inserter belongs to the transaction current when it is made. Given the columns of a unique index,
/// it skips rows that would break it (ON CONFLICT DO NOTHING, where the provider has it) and counts them, so the
/// index does the duplicate check the insert pays for anyway. Given also the column naming the batch rows belong
/// to, it tells a row whose key an earlier row of the same batch holds (a row repeated within one file) from one
/// stored before, and hands those back (see <see cref="TakeRepeats"/>).
/// </summary>
public sealed class BulkInserter<T> : IAsyncDisposable
    where T : class
{
    private readonly ReconDbContext _db;
    private readonly StoredColumns<T> _stored;
    private readonly int _rowsPerCommand;
    private readonly List<object?[]> _pending = [];
    private readonly List<object?[]> _repeats = [];
    private readonly string _onConflict = "";
    private readonly int[] _keyColumns = [];
    private readonly bool _tellsRepeats;
    private DbCommand? _full;
    private SqliteRowInserter? _sqlite;
    private readonly PostgresRowCopier? _copier;

    /// <summary>Rows copied to PostgreSQL at a time: enough to make a round trip and a statement cheap per row.</summary>
    private const int RowsPerCopy = 4096;

    /// <param name="db">The context whose connection and current transaction the rows go through.</param>
    /// <param name="skipConflictsOn">Properties of a unique index: a row that would duplicate a key is skipped,
    /// not an error. Ignored where the provider cannot skip (see <see cref="SkipsConflicts"/>).</param>
    /// <param name="batchProperty">With <paramref name="skipConflictsOn"/>: the property naming the batch a row belongs
    /// to. A row whose key a row of its own batch holds is then a repeat (<see cref="TakeRepeats"/>), not a skip.</param>
    public BulkInserter(ReconDbContext db, IReadOnlyList<string>? skipConflictsOn = null, string? batchProperty = null)
    {
        _db = db;
        _stored = new StoredColumns<T>(db.Model);
        var entity = _stored.Entity;
        Table = entity.GetTableName()!;
        // SQLite looks each named parameter up by a linear search, so wide multi-row statements cost n² there; one
        // prepared row per statement is its fastest path. Server databases gain from fewer round trips (SQL Server
        // allows 2,100 parameters per command; stay under it).
        _rowsPerCommand = db.Database.IsSqlite() ? 1 : db.Database.IsNpgsql() ? RowsPerCopy : Math.Max(1, Math.Min(200, 2000 / _stored.Columns.Count));
        if (db.Database.GetDbConnection() is Npgsql.NpgsqlConnection postgres)
        {
            // The stage table lives as long as the transaction: without one it would be gone before the first COPY.
            if (skipConflictsOn is { Count: > 0 } && db.Database.CurrentTransaction is null)
            {
                throw new InvalidOperationException($"Skipping stored {typeof(T).Name} keys on PostgreSQL takes a transaction; begin one first.");
            }

            var quote = db.GetService<ISqlGenerationHelper>();
            _copier = new PostgresRowCopier(postgres, quote.DelimitIdentifier(Table), _stored.Columns, quote.DelimitIdentifier);
        }

        // SQLite and PostgreSQL share the upsert syntax; SQL Server has none, and callers check keys themselves there.
        UsesSqliteStatements = db.Database.GetDbConnection() is Microsoft.Data.Sqlite.SqliteConnection
            && SqliteRowInserter.CanWrite(_stored.ProviderTypes);
        SkipsConflicts = skipConflictsOn is { Count: > 0 } && (db.Database.IsSqlite() || db.Database.IsNpgsql());
        if (SkipsConflicts)
        {
            var sql = db.GetService<ISqlGenerationHelper>();
            var keyProperties = skipConflictsOn!.Select(name =>
                entity.FindProperty(name) ?? throw new ArgumentException($"{typeof(T).Name} has no property {name}.", nameof(skipConflictsOn))).ToList();
            var keys = string.Join(", ", keyProperties.Select(k => sql.DelimitIdentifier(k.GetColumnName())));
            _keyColumns = [.. keyProperties.Select(k => _stored.Columns.ToList().IndexOf(k))];
            if (batchProperty is null)
            {
                _onConflict = $" ON CONFLICT ({keys}) DO NOTHING";
            }
            else
            {
                // A conflict with a row of the same batch "updates" the batch column to the value it has: no change to
                // the data, but it tells that case apart (an update, not a skip); a row stored before is skipped.
                var batch = sql.DelimitIdentifier((entity.FindProperty(batchProperty)
                    ?? throw new ArgumentException($"{typeof(T).Name} has no property {batchProperty}.", nameof(batchProperty))).GetColumnName());
                _onConflict = $" ON CONFLICT ({keys}) DO UPDATE SET {batch} = excluded.{batch} WHERE {sql.DelimitIdentifier(Table)}.{batch} = excluded.{batch}";
                if (!UsesSqliteStatements)
                {
                    if (_copier is null)
                    {
                        throw new InvalidOperationException($"Telling repeated {typeof(T).Name} rows apart takes SQLite's own statement API or PostgreSQL.");
                    }

                    // PostgreSQL says which returned rows it inserted (xmax 0) and which it updated.
                    _onConflict += $" RETURNING (xmax = 0), {keys}";
                }

                _tellsRepeats = true;
            }
        }
    }

    /// <summary>Whether rows go through SQLite's own statement API rather than ADO.NET commands.</summary>
    public bool UsesSqliteStatements { get; }

    /// <summary>Whether rows duplicating the unique key are skipped (and counted in <see cref="Skipped"/>) rather than refused.</summary>
    public bool SkipsConflicts { get; }

    public string Table { get; }

    public long Inserted { get; private set; }

    /// <summary>Rows skipped because their key was already stored.</summary>
    public long Skipped { get; private set; }

    /// <summary>Rows not stored because a row of the same batch holds their key (counted in neither of the above).</summary>
    public long Repeated { get; private set; }

    /// <summary>The rows found repeated since the last call, as their values; on PostgreSQL known once their command ran.</summary>
    public IReadOnlyList<object?[]> TakeRepeats()
    {
        if (_repeats.Count == 0)
        {
            return [];
        }

        var taken = _repeats.ToArray();
        _repeats.Clear();
        return taken;
    }

    /// <summary>The position of a property's value in the values of a row.</summary>
    public int ValueIndexOf(string property) => _stored.Columns.ToList().FindIndex(c => c.Name == property);

    /// <summary>The row's values as <see cref="AddAsync(object?[], CancellationToken)"/> takes them; safe to call on any thread.</summary>
    public object?[] ValuesOf(T row) => _stored.ValuesOf(row);

    public Task AddAsync(T row, CancellationToken cancellationToken) => AddAsync(ValuesOf(row), cancellationToken);

    /// <summary>Adds a row given as <see cref="ValuesOf"/> returned it.</summary>
    public async Task AddAsync(object?[] values, CancellationToken cancellationToken)
    {
        if (UsesSqliteStatements)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _sqlite ??= SqliteRowInserter.Prepare((Microsoft.Data.Sqlite.SqliteConnection)_db.Database.GetDbConnection(), InsertSql(1));
            Count(values, _sqlite.Insert(values));
            return;
        }

        _pending.Add(values);
        if (_pending.Count == _rowsPerCommand)
        {
            await ExecutePendingAsync(cancellationToken);
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count > 0)
        {
            await ExecutePendingAsync(cancellationToken);
        }
    }

    private async Task ExecutePendingAsync(CancellationToken cancellationToken)
    {
        if (_tellsRepeats)
        {
            await ExecuteTellingRepeatsAsync(_pending, cancellationToken);
        }
        else if (_copier is not null)
        {
            await CopyAsync(_copier, _pending, cancellationToken);
        }
        else if (_pending.Count == _rowsPerCommand)
        {
            _full ??= CreateCommand(_rowsPerCommand);
            await ExecuteAsync(_full, _pending, cancellationToken);
        }
        else
        {
            await using var partial = CreateCommand(_pending.Count);
            await ExecuteAsync(partial, _pending, cancellationToken);
        }

        _pending.Clear();
    }

    private async Task CopyAsync(PostgresRowCopier copier, List<object?[]> rows, CancellationToken cancellationToken)
    {
        if (!SkipsConflicts)
        {
            Inserted += (long)await copier.CopyIntoTableAsync(rows, cancellationToken);
            return;
        }

        var inserted = await copier.MoveFromStageAsync(rows, _onConflict, null, cancellationToken);
        Inserted += inserted;
        Skipped += rows.Count - inserted;
    }

    private DbCommand CreateCommand(int rows)
    {
        var command = _db.Database.GetDbConnection().CreateCommand();
        command.CommandText = InsertSql(rows);
        command.Transaction = _db.Database.CurrentTransaction?.GetDbTransaction();
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < _stored.Columns.Count; c++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = $"@p{r}_{c}";
                command.Parameters.Add(parameter);
            }
        }

        return command;
    }

    private string InsertSql(int rows)
    {
        var sql = _db.GetService<ISqlGenerationHelper>();
        var columns = string.Join(", ", _stored.Columns.Select(c => sql.DelimitIdentifier(c.GetColumnName())));
        var values = string.Join(", ", Enumerable.Range(0, rows).Select(r =>
            "(" + string.Join(", ", _stored.Columns.Select((_, c) => $"@p{r}_{c}")) + ")"));
        return $"INSERT INTO {sql.DelimitIdentifier(Table)} ({columns}) VALUES {values}{_onConflict}";
    }

    private async Task ExecuteAsync(DbCommand command, List<object?[]> rows, CancellationToken cancellationToken)
    {
        Bind(command, rows);
        var inserted = await command.ExecuteNonQueryAsync(cancellationToken);
        Inserted += inserted;
        Skipped += rows.Count - inserted;
    }

    private static void Bind(DbCommand command, List<object?[]> rows)
    {
        var index = 0;
        foreach (var values in rows)
        {
            foreach (var value in values)
            {
                command.Parameters[index++].Value = value ?? DBNull.Value;
            }
        }
    }

    /// <summary>
    /// PostgreSQL: one statement may not upsert the same key twice, so a second copy within the chunk waits and shares
    /// the fate of the first (inserted: it repeats it; repeating or skipped: likewise). The returned keys say which
    /// rows were inserted and which updated (repeats); rows not returned were skipped.
    /// </summary>
    private async Task ExecuteTellingRepeatsAsync(List<object?[]> rows, CancellationToken cancellationToken)
    {
        var firsts = new Dictionary<string, int>(StringComparer.Ordinal);
        var unique = new List<object?[]>(rows.Count);
        var copies = new List<(object?[] Row, string Key)>();
        foreach (var row in rows)
        {
            var key = KeyText(row);
            if (firsts.TryAdd(key, unique.Count))
            {
                unique.Add(row);
            }
            else
            {
                copies.Add((row, key));
            }
        }

        var outcomes = new Dictionary<string, InsertOutcome>(StringComparer.Ordinal);
        await _copier!.MoveFromStageAsync(unique, _onConflict, reader =>
        {
            var key = string.Join('\u001f', _keyColumns.Select((_, k) => KeyPart(reader.GetValue(k + 1))));
            outcomes[key] = reader.GetBoolean(0) ? InsertOutcome.Inserted : InsertOutcome.Updated;
        }, cancellationToken);

        foreach (var row in unique)
        {
            Count(row, outcomes.GetValueOrDefault(KeyText(row), InsertOutcome.Skipped));
        }

        foreach (var (row, key) in copies)
        {
            Count(row, outcomes.GetValueOrDefault(key, InsertOutcome.Skipped) == InsertOutcome.Skipped ? InsertOutcome.Skipped : InsertOutcome.Updated);
        }
    }

    private void Count(object?[] row, InsertOutcome outcome)
    {
        switch (outcome)
        {
            case InsertOutcome.Inserted:
                Inserted++;
                break;
            case InsertOutcome.Skipped:
                Skipped++;
                break;
            default:
                Repeated++;
                _repeats.Add(row);
                break;
        }
    }

    private string KeyText(object?[] row) => string.Join('\u001f', _keyColumns.Select(c => KeyPart(row[c])));

    // Key values as the row holds them and as the database returns them (a date may come back as a DateTime).
    private static string KeyPart(object? value) => value switch
    {
        null or DBNull => "",
        DateOnly date => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        DateTime time => DateOnly.FromDateTime(time).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public async ValueTask DisposeAsync()
    {
        _sqlite?.Dispose();
        if (_full is not null)
        {
            await _full.DisposeAsync();
        }
    }
}
