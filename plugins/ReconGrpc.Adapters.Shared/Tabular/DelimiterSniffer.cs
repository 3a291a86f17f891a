namespace ReconGrpc.Adapters.Shared.Tabular;

/// <summary>
/// Picks the field delimiter from the first lines. Exports put title and filter rows above the header, so a
/// single-line guess (what CSV libraries do from the header) would see no delimiter at all.
/// </summary>
internal static class DelimiterSniffer
{
    private static readonly char[] Candidates = [',', '\t', ';', '|'];

    public static char Detect(string headText, string? fileName)
    {
        var preferTab = fileName is not null &&
                        (fileName.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".txt", StringComparison.OrdinalIgnoreCase));
        var best = preferTab ? '\t' : ',';
        var bestLines = -1;
        var bestCount = -1;
        foreach (var candidate in Candidates)
        {
            var (lines, count) = Score(headText, candidate);
            if (lines > bestLines || (lines == bestLines && count > bestCount))
            {
                (best, bestLines, bestCount) = (candidate, lines, count);
            }
        }

        return bestLines <= 0 ? (preferTab ? '\t' : ',') : best;
    }

    /// <summary>In how many of the first 40 lines the candidate separates fields, and how often overall (quotes respected).</summary>
    private static (int Lines, int Count) Score(string text, char candidate)
    {
        int lines = 0, total = 0, inLine = 0, seen = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == candidate)
            {
                inLine++;
            }
            else if (!quoted && c == '\n')
            {
                if (inLine > 0)
                {
                    lines++;
                    total += inLine;
                }

                inLine = 0;
                if (++seen == 40)
                {
                    break;
                }
            }
        }

        if (inLine > 0)
        {
            lines++;
            total += inLine;
        }

        return (lines, total);
    }
}
