namespace ReconGrpc.Matching.Testing;

/// <summary>How a run's matches compare with the truth.</summary>
/// <param name="PredictedPairs">(ours, theirs) pairs in the run's matches.</param>
/// <param name="CorrectPairs">Of which in the same true group.</param>
/// <param name="TruePairs">Pairs in the true groups.</param>
/// <param name="Exceptions">Unmatched items the run explained.</param>
/// <param name="ExceptionsWithExpectedReason">Of which with the reason the truth gives.</param>
public sealed record MatchQuality(long PredictedPairs, long CorrectPairs, long TruePairs, int Exceptions, int ExceptionsWithExpectedReason)
{
    /// <summary>Correct pairs over predicted pairs (1 when nothing was predicted).</summary>
    public double Precision => PredictedPairs == 0 ? 1 : (double)CorrectPairs / PredictedPairs;

    /// <summary>Correct pairs over true pairs (1 when there is nothing to find).</summary>
    public double Recall => TruePairs == 0 ? 1 : (double)CorrectPairs / TruePairs;

    /// <summary>Exceptions given the expected reason, over all exceptions.</summary>
    public double ReasonAccuracy => Exceptions == 0 ? 1 : (double)ExceptionsWithExpectedReason / Exceptions;

    /// <summary>Measures <paramref name="result"/> against <paramref name="truth"/>, pair by pair.</summary>
    public static MatchQuality Measure(ReconciliationResult result, SyntheticTruth truth)
    {
        long predicted = 0, correct = 0;
        foreach (var match in result.Matches)
        {
            foreach (var o in match.Ours)
            {
                var group = truth.GroupOf(Side.Ours, o.Id);
                foreach (var t in match.Theirs)
                {
                    predicted++;
                    if (group != 0 && truth.GroupOf(Side.Theirs, t.Id) == group)
                    {
                        correct++;
                    }
                }
            }
        }

        var expected = 0;
        foreach (var e in result.Exceptions)
        {
            if (truth.ExpectedReason(e.Side, e.Item.Id) == e.Reason)
            {
                expected++;
            }
        }

        return new MatchQuality(predicted, correct, truth.PairCount, result.Exceptions.Count, expected);
    }
}
