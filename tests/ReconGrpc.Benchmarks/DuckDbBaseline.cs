using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using ReconGrpc.Matching;
using ReconGrpc.Matching.Testing;

namespace ReconGrpc.Benchmarks;

/// <summary>
/// The baseline for the exact-key stage: both sides loaded into an in-memory DuckDB through its appender (not
/// timed), then the FULL OUTER JOIN on the document key with the amount comparison, materialised (timed). DuckDB
/// gets the keys already normalised, which favours it: the engine's time includes normalising them.
/// </summary>
internal static class DuckDbBaseline
{
    private const string Join = """
        CREATE OR REPLACE TEMP TABLE joined AS
        SELECT o.id AS our_id, t.id AS their_id, o.amount = t.amount AS amount_equal
        FROM ours o FULL OUTER JOIN theirs t ON o.doc_key = t.doc_key
        """;

    public static double Run(SyntheticData data, int runs, TextWriter output)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        Execute(connection, "CREATE TABLE ours (id BIGINT, doc_key VARCHAR, amount DECIMAL(18,4), currency VARCHAR)");
        Execute(connection, "CREATE TABLE theirs (id BIGINT, doc_key VARCHAR, amount DECIMAL(18,4), currency VARCHAR)");
        var load = Stopwatch.StartNew();
        Load(connection, "ours", data.Ours);
        Load(connection, "theirs", data.Theirs);
        load.Stop();

        // One untimed run first, as the engine had its warm-up.
        Execute(connection, Join);
        var times = new List<double>();
        for (var r = 0; r < runs; r++)
        {
            var watch = Stopwatch.StartNew();
            Execute(connection, Join);
            watch.Stop();
            times.Add(watch.Elapsed.TotalSeconds);
        }

        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*), count(*) FILTER (WHERE amount_equal) FROM joined";
        using var reader = count.ExecuteReader();
        reader.Read();
        output.WriteLine($"DuckDB {connection.ServerVersion}: loaded in {load.Elapsed.TotalSeconds:F2} s; join rows {reader.GetInt64(0):N0}, with equal amounts {reader.GetInt64(1):N0}; runs {string.Join(", ", times.Select(t => (t * 1000).ToString("N0", CultureInfo.InvariantCulture) + " ms"))}");
        var sorted = times.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static void Load(DuckDBConnection connection, string table, IReadOnlyList<ReconItem> items)
    {
        using var appender = connection.CreateAppender(table);
        foreach (var item in items)
        {
            var key = MatchingKey.Normalize(item.DocumentNumber);
            var row = appender.CreateRow().AppendValue(item.Id);
            row = key.Length == 0 ? row.AppendNullValue() : row.AppendValue(key);
            row.AppendValue(item.Amount).AppendValue(item.Currency).EndRow();
        }
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
