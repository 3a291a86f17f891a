namespace ReconGrpc.Adapters.FixtureGenerator;

/// <summary>One cell: a value (text, decimal amount or number) that may span rows and columns like a merged cell.</summary>
internal sealed record Cell(object? Value, int ColSpan = 1, int RowSpan = 1)
{
    public static implicit operator Cell(string? text) => new((object?)text);

    public static implicit operator Cell(decimal amount) => new((object)amount);
}

/// <summary>A table as an exporting program lays it out, before any file format is chosen.</summary>
internal sealed class Sheet(string name, int width)
{
    public string Name { get; } = name;

    public int Width { get; } = width;

    public List<Cell?[]> Rows { get; } = [];

    public Sheet Add(params Cell?[] cells)
    {
        Rows.Add(cells);
        return this;
    }

    /// <summary>
    /// The grid as a file without merged cells sees it: each spanned cell holds its value in its top-left corner and
    /// nothing in the rest, every row as wide as the sheet.
    /// </summary>
    public List<Cell?[]> Grid() => Layout().Grid;

    /// <summary>The merged regions: top-left row and column, and how many rows and columns each spans.</summary>
    public List<(int Row, int Column, int RowSpan, int ColSpan)> Merges() => Layout().Merges;

    private (List<Cell?[]> Grid, List<(int Row, int Column, int RowSpan, int ColSpan)> Merges) Layout()
    {
        var grid = new List<Cell?[]>();
        var merges = new List<(int Row, int Column, int RowSpan, int ColSpan)>();
        var covered = new HashSet<(int Row, int Column)>();
        for (var r = 0; r < Rows.Count; r++)
        {
            var line = new Cell?[Width];
            var column = 0;
            foreach (var cell in Rows[r])
            {
                while (covered.Contains((r, column)))
                {
                    column++;
                }

                if (column >= Width)
                {
                    break;
                }

                line[column] = cell;
                if (cell is not null && (cell.RowSpan > 1 || cell.ColSpan > 1))
                {
                    merges.Add((r, column, cell.RowSpan, cell.ColSpan));
                }

                if (cell is not null)
                {
                    for (var dr = 0; dr < cell.RowSpan; dr++)
                    {
                        for (var dc = 0; dc < cell.ColSpan; dc++)
                        {
                            if (dr > 0 || dc > 0)
                            {
                                covered.Add((r + dr, column + dc));
                            }
                        }
                    }
                }

                column += cell?.ColSpan ?? 1;
            }

            grid.Add(line);
        }

        return (grid, merges);
    }
}
