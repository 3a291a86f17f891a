using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace ReconGrpc.Data;

/// <summary>
/// Inserts many rows of one entity type in the current transaction, through multi-row prepared INSERTs built from
/// the EF model (table, columns, value converters, identifier quoting), so the same code serves all three providers
/// without change tracking. Ids are left to the database and not read back. Given the columns of a unique index,
/// it skips rows that would break it (ON CONFLICT DO NOTHING, where the provider has it) and counts them, so the
/// index does the duplicate check the insert pays for anyway.
/// </summary>
public sealed class BulkInserter<T> : IAsyncDisposable
    where T : class
{
    private readonly ReconDbContext _db;
    private readonly StoredColumns<T> _stored;
    private readonly int _rowsPerCommand;
    private readonly List<object?[]> _pending = [];
    private readonly string _onConflict = "";
    private DbCommand? _full;
    private SqliteRowInserter? _sqlite;

    /// <param name="db">The context whose connection and current transaction the rows go through.</param>
    /// <param name="skipConflictsOn">Properties of a unique index: a row that would duplicate a key is skipped,
    /// not an error. Ignored where the provider cannot skip (see <see cref="SkipsConflicts"/>).</param>
    public BulkInserter(ReconDbContext db, IReadOnlyList<string>? skipConflictsOn = null)
    {
        _db = db;
        _stored = new StoredColumns<T>(db.Model);
        var entity = _stored.Entity;
        Table = entity.GetTableName()!;
        // SQLite looks each named parameter up by a linear search, so wide multi-row statements cost n² there; one
        // prepared row per statement is its fastest path. Server databases gain from fewer round trips (SQL Server
        // allows 2,100 parameters per command; stay under it).
        _rowsPerCommand = db.Database.IsSqlite() ? 1 : Math.Max(1, Math.Min(200, 2000 / _stored.Columns.Count));
        // SQLite and PostgreSQL share the upsert syntax; SQL Server has none, and callers check keys themselves there.
        UsesSqliteStatements = db.Database.GetDbConnection() is Microsoft.Data.Sqlite.SqliteConnection
            && SqliteRowInserter.CanWrite(_stored.ProviderTypes);
        SkipsConflicts = skipConflictsOn is { Count: > 0 } && (db.Database.IsSqlite() || db.Database.IsNpgsql());
        if (SkipsConflicts)
        {
            var sql = db.GetService<ISqlGenerationHelper>();
            var keys = skipConflictsOn!.Select(name => sql.DelimitIdentifier(
                (entity.FindProperty(name) ?? throw new ArgumentException($"{typeof(T).Name} has no property {name}.", nameof(skipConflictsOn))).GetColumnName()));
            _onConflict = $" ON CONFLICT ({string.Join(", ", keys)}) DO NOTHING";
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
            var inserted = _sqlite.Insert(values);
            Inserted += inserted;
            Skipped += 1 - inserted;
            return;
        }

        _pending.Add(values);
        if (_pending.Count == _rowsPerCommand)
        {
            _full ??= CreateCommand(_rowsPerCommand);
            await ExecuteAsync(_full, _pending, cancellationToken);
            _pending.Clear();
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        await using var partial = CreateCommand(_pending.Count);
        await ExecuteAsync(partial, _pending, cancellationToken);
        _pending.Clear();
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
        var index = 0;
        foreach (var values in rows)
        {
            foreach (var value in values)
            {
                command.Parameters[index++].Value = value ?? DBNull.Value;
            }
        }

        var inserted = await command.ExecuteNonQueryAsync(cancellationToken);
        Inserted += inserted;
        Skipped += rows.Count - inserted;
    }

    public async ValueTask DisposeAsync()
    {
        _sqlite?.Dispose();
        if (_full is not null)
        {
            await _full.DisposeAsync();
        }
    }
}
