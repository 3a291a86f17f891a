using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace ReconGrpc.Data;

/// <summary>
/// PostgreSQL's bulk path for <see cref="BulkInserter{T}"/>: rows go over the wire with binary <c>COPY</c> instead of
/// multi-row INSERTs (one statement per few hundred rows, each parsed and planned with thousands of parameters).
/// Rows that must skip stored keys are copied into a temporary stage table first and moved with one
/// <c>INSERT … SELECT … ON CONFLICT</c> per chunk, since <c>COPY</c> itself cannot skip a conflicting row.
/// </summary>
internal sealed partial class PostgresRowCopier
{
    private readonly NpgsqlConnection _connection;
    private readonly string _table;
    private readonly string _columnList;
    private readonly string[] _dataTypes;
    private readonly string _stage;
    private bool _stageCreated;

    /// <param name="connection">The context's connection, open, in the transaction the rows belong to.</param>
    /// <param name="table">The table, quoted.</param>
    /// <param name="columns">The columns written, in the order of each row's values.</param>
    /// <param name="quote">Quotes an identifier as the provider does.</param>
    public PostgresRowCopier(NpgsqlConnection connection, string table, IReadOnlyList<IProperty> columns, Func<string, string> quote)
    {
        _connection = connection;
        _table = table;
        _columnList = string.Join(", ", columns.Select(c => quote(c.GetColumnName())));
        _dataTypes = [.. columns.Select(c => DataTypeName(c.GetColumnType()))];
        _stage = quote("recon_stage_" + table.Trim('"'));
    }

    /// <summary>Copies the rows straight into the table; returns how many went in.</summary>
    public Task<ulong> CopyIntoTableAsync(IReadOnlyList<object?[]> rows, CancellationToken cancellationToken) =>
        CopyAsync(_table, rows, cancellationToken);

    /// <summary>
    /// Copies the rows into the stage and moves them with <c>INSERT INTO table SELECT … FROM stage</c> and
    /// <paramref name="onConflict"/> appended, emptying the stage in the same round trip. Rows the statement returns
    /// (its RETURNING clause) are handed to <paramref name="readReturned"/>; the result is how many rows it wrote.
    /// </summary>
    public async Task<long> MoveFromStageAsync(IReadOnlyList<object?[]> rows, string onConflict, Action<DbDataReader>? readReturned,
        CancellationToken cancellationToken)
    {
        await EnsureStageAsync(cancellationToken);
        await CopyAsync(_stage, rows, cancellationToken);
        var insert = new NpgsqlBatchCommand($"INSERT INTO {_table} ({_columnList}) SELECT {_columnList} FROM {_stage}{onConflict}");
        // TRUNCATE rather than DELETE: deleted rows of a temporary table stay until the transaction ends, and every
        // later move would scan them again.
        await using var move = new NpgsqlBatch(_connection) { BatchCommands = { insert, new NpgsqlBatchCommand($"TRUNCATE {_stage}") } };
        await using (var reader = await move.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                readReturned?.Invoke(reader);
            }
        }

        return (long)insert.Rows;
    }

    private async Task EnsureStageAsync(CancellationToken cancellationToken)
    {
        if (_stageCreated)
        {
            return;
        }

        // Dropped with the transaction, committed or rolled back: nothing is left on a pooled connection.
        await using var create = new NpgsqlCommand(
            $"CREATE TEMPORARY TABLE IF NOT EXISTS {_stage} ON COMMIT DROP AS SELECT {_columnList} FROM {_table} WITH NO DATA", _connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
        _stageCreated = true;
    }

    private async Task<ulong> CopyAsync(string table, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        await using var writer = await _connection.BeginBinaryImportAsync($"COPY {table} ({_columnList}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(cancellationToken);
            for (var c = 0; c < row.Length; c++)
            {
                if (row[c] is { } value)
                {
                    await writer.WriteAsync(value, _dataTypes[c], cancellationToken);
                }
                else
                {
                    await writer.WriteNullAsync(cancellationToken);
                }
            }
        }

        return await writer.CompleteAsync(cancellationToken);
    }

    // Binary COPY names each value's type as the column has it, without facets: "numeric(19,4)" is sent as "numeric".
    private static string DataTypeName(string columnType) => Facets().Replace(columnType, "").Trim();

    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex Facets();
}
